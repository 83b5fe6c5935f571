using System.Numerics;

namespace MicroWasm.Text;

/// <summary>What reading a number token gave: a value, a token that is not a number of that form, or a number out of range.</summary>
internal enum NumberStatus : byte
{
    Ok,
    /// <summary>Not a number of the expected syntax (the spec's reserved token: "unknown operator").</summary>
    Malformed,
    /// <summary>Syntactically a number but not representable ("constant out of range").</summary>
    OutOfRange,
    /// <summary>A well-formed number of another form, e.g. a signed integer where a natural number is expected.</summary>
    WrongForm,
}

/// <summary>
/// Integer literals (spec 6.3.3): decimal or <c>0x</c> hexadecimal digits with single <c>_</c> separators
/// between digits, optionally signed. Natural numbers have no sign.
/// </summary>
internal static class NumberLiterals
{
    /// <summary>Digits with optional single underscores between them; no sign, no prefix.</summary>
    public static bool TryParseDigits(ReadOnlySpan<char> s, bool hex, out BigInteger value)
    {
        value = BigInteger.Zero;
        if (s.Length == 0) return false;
        bool lastWasDigit = false;
        int radix = hex ? 16 : 10;
        foreach (char c in s)
        {
            if (c == '_')
            {
                if (!lastWasDigit) return false;
                lastWasDigit = false;
                continue;
            }
            int d = hex ? (Lexer.IsHexDigit(c) ? Lexer.HexValue(c) : -1) : (c is >= '0' and <= '9' ? c - '0' : -1);
            if (d < 0) return false;
            value = value * radix + d;
            lastWasDigit = true;
        }
        return lastWasDigit;
    }

    /// <summary>A hexadecimal natural written without the <c>0x</c> prefix (as in <c>\u{...}</c>).</summary>
    public static bool TryParseNat(string digits, bool hex, out ulong value)
    {
        value = 0;
        if (!TryParseDigits(digits, hex, out var big) || big > ulong.MaxValue) return false;
        value = (ulong)big;
        return true;
    }

    /// <summary>Splits an optional sign and a <c>0x</c> prefix, and reads the digits.</summary>
    private static bool TryParseUnsignedPart(string text, out int sign, out BigInteger magnitude)
    {
        sign = 0;
        ReadOnlySpan<char> s = text;
        if (s.Length > 0 && (s[0] == '+' || s[0] == '-'))
        {
            sign = s[0] == '-' ? -1 : 1;
            s = s[1..];
        }
        bool hex = s.StartsWith("0x");
        if (hex) s = s[2..];
        return TryParseDigits(s, hex, out magnitude);
    }

    /// <summary>A natural number <c>uN</c> (spec 6.3.3): no sign allowed.</summary>
    public static NumberStatus ParseNat(string text, int bits, out ulong value)
    {
        value = 0;
        if (!TryParseUnsignedPart(text, out int sign, out var magnitude))
            return IsFloat(text) ? NumberStatus.WrongForm : NumberStatus.Malformed;
        if (sign != 0) return NumberStatus.WrongForm;
        if (magnitude >= BigInteger.One << bits) return NumberStatus.OutOfRange;
        value = (ulong)magnitude;
        return NumberStatus.Ok;
    }

    /// <summary>
    /// An integer <c>iN</c> (spec 6.3.3): an unsigned literal below 2^N, or a signed one in
    /// [-2^(N-1), 2^(N-1)-1], returned as its N-bit two's complement pattern.
    /// </summary>
    public static NumberStatus ParseInt(string text, int bits, out ulong value)
    {
        value = 0;
        if (!TryParseUnsignedPart(text, out int sign, out var magnitude))
            return IsFloat(text) ? NumberStatus.WrongForm : NumberStatus.Malformed;
        var half = BigInteger.One << (bits - 1);
        if (sign == 0 ? magnitude >= half << 1 : sign > 0 ? magnitude >= half : magnitude > half)
            return NumberStatus.OutOfRange;
        var mask = (BigInteger.One << bits) - 1;
        value = (ulong)((sign < 0 ? -magnitude : magnitude) & mask);
        return NumberStatus.Ok;
    }

    private static bool IsFloat(string text) =>
        FloatLiterals.ParseF64(text, out _) != NumberStatus.Malformed;
}
