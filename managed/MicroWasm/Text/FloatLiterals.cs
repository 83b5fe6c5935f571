using System.Globalization;
using System.Numerics;

namespace MicroWasm.Text;

/// <summary>
/// Floating-point literals (spec 6.3.3), converted to IEEE 754 bit patterns with round-to-nearest,
/// ties-to-even (spec 6.3.3: "the value ... is rounded"). A finite literal that rounds to infinity
/// is out of range. Bits are returned raw so NaN payloads survive.
/// </summary>
internal static class FloatLiterals
{
    private readonly record struct Format(int MantissaBits, int ExponentBits)
    {
        /// <summary>Significand precision including the implicit bit.</summary>
        public int Precision => MantissaBits + 1;
        public int Bias => (1 << (ExponentBits - 1)) - 1;
        public int MinExponent => 1 - Bias;
        public int MaxExponent => Bias;
        public ulong ExponentMask => ((1UL << ExponentBits) - 1) << MantissaBits;
        public ulong SignBit => 1UL << (MantissaBits + ExponentBits);
    }

    private static readonly Format Single = new(23, 8);
    private static readonly Format Double = new(52, 11);

    public static NumberStatus ParseF32(string text, out uint bits)
    {
        var status = Parse(text, Single, out ulong b);
        bits = (uint)b;
        return status;
    }

    public static NumberStatus ParseF64(string text, out ulong bits) => Parse(text, Double, out bits);

    private static NumberStatus Parse(string text, Format format, out ulong bits)
    {
        bits = 0;
        ReadOnlySpan<char> s = text;
        bool negative = false;
        if (s.Length > 0 && (s[0] == '+' || s[0] == '-'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        ulong sign = negative ? format.SignBit : 0;
        if (s.SequenceEqual("inf"))
        {
            bits = sign | format.ExponentMask;
            return NumberStatus.Ok;
        }
        if (s.SequenceEqual("nan"))
        {
            // The canonical NaN (spec 4.3.2): only the most significant payload bit set.
            bits = sign | format.ExponentMask | (1UL << (format.MantissaBits - 1));
            return NumberStatus.Ok;
        }
        if (s.StartsWith("nan:0x"))
        {
            if (!NumberLiterals.TryParseDigits(s[6..], hex: true, out var payload)) return NumberStatus.Malformed;
            if (payload.IsZero || payload >= BigInteger.One << format.MantissaBits) return NumberStatus.OutOfRange;
            bits = sign | format.ExponentMask | (ulong)payload;
            return NumberStatus.Ok;
        }
        NumberStatus status;
        ulong magnitude;
        if (s.StartsWith("0x")) status = ParseHex(s[2..], format, out magnitude);
        else status = ParseDecimal(s, format, out magnitude);
        bits = sign | magnitude;
        return status;
    }

    /// <summary>Splits <c>digits[.digits][e[+-]digits]</c> (exponent marker p/P for hex), checking the digit syntax.</summary>
    private static bool Split(ReadOnlySpan<char> s, bool hex, out string integer, out string fraction, out BigInteger exponent)
    {
        integer = fraction = "";
        exponent = BigInteger.Zero;
        int expAt = hex ? s.IndexOfAny('p', 'P') : s.IndexOfAny('e', 'E');
        ReadOnlySpan<char> mantissa = expAt >= 0 ? s[..expAt] : s;
        if (expAt >= 0)
        {
            var e = s[(expAt + 1)..];
            int expSign = 1;
            if (e.Length > 0 && (e[0] == '+' || e[0] == '-'))
            {
                expSign = e[0] == '-' ? -1 : 1;
                e = e[1..];
            }
            // The exponent is always decimal, even in hexadecimal floats.
            if (!NumberLiterals.TryParseDigits(e, hex: false, out exponent)) return false;
            exponent *= expSign;
        }
        int dot = mantissa.IndexOf('.');
        var intPart = dot >= 0 ? mantissa[..dot] : mantissa;
        var fracPart = dot >= 0 ? mantissa[(dot + 1)..] : ReadOnlySpan<char>.Empty;
        if (!NumberLiterals.TryParseDigits(intPart, hex, out _)) return false;
        if (fracPart.Length > 0 && !NumberLiterals.TryParseDigits(fracPart, hex, out _)) return false;
        integer = intPart.ToString().Replace("_", "");
        fraction = fracPart.ToString().Replace("_", "");
        return true;
    }

    private static NumberStatus ParseDecimal(ReadOnlySpan<char> s, Format format, out ulong bits)
    {
        bits = 0;
        if (!Split(s, hex: false, out var integer, out var fraction, out var exponent)) return NumberStatus.Malformed;
        // .NET's parser is correctly rounded for any number of digits (IEEE 754-2008 since .NET Core 3.0);
        // clamp absurd exponents, which cannot change the result, so they stay within its range.
        var clamped = BigInteger.Clamp(exponent, -100_000_000, 100_000_000);
        string normalized = fraction.Length > 0 ? $"{integer}.{fraction}e{clamped}" : $"{integer}e{clamped}";
        if (format.ExponentBits == 8)
        {
            float value = float.Parse(normalized, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (float.IsInfinity(value)) return NumberStatus.OutOfRange;
            bits = BitConverter.SingleToUInt32Bits(value);
        }
        else
        {
            double value = double.Parse(normalized, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (double.IsInfinity(value)) return NumberStatus.OutOfRange;
            bits = BitConverter.DoubleToUInt64Bits(value);
        }
        return NumberStatus.Ok;
    }

    /// <summary>
    /// A hexadecimal float: the exact value is significand × 2^exponent, rounded here directly to the
    /// target format (rounding through double first would round twice and be wrong for f32).
    /// </summary>
    private static NumberStatus ParseHex(ReadOnlySpan<char> s, Format format, out ulong bits)
    {
        bits = 0;
        if (!Split(s, hex: true, out var integer, out var fraction, out var exponent)) return NumberStatus.Malformed;
        NumberLiterals.TryParseDigits(integer + fraction, hex: true, out var significand);
        if (significand.IsZero) return NumberStatus.Ok;
        // value = significand × 2^binaryExponent
        var binaryExponent = exponent - 4 * fraction.Length;
        long length = (long)significand.GetBitLength();
        // The value lies in [2^top, 2^(top+1)).
        var top = binaryExponent + length - 1;
        if (top > format.MaxExponent + 1) return NumberStatus.OutOfRange;
        if (top < format.MinExponent - format.Precision - 1) return NumberStatus.Ok; // below half the least subnormal: zero
        long e = (long)binaryExponent;
        // Exponent of the unit in the last place: fixed for subnormals, otherwise precision-1 below the top bit.
        long quantum = Math.Max((long)top, format.MinExponent) - (format.Precision - 1);
        long shift = quantum - e;
        BigInteger mantissa;
        if (shift <= 0) mantissa = significand << (int)-shift;
        else
        {
            mantissa = significand >> (int)shift;
            var remainder = significand - (mantissa << (int)shift);
            var half = BigInteger.One << (int)(shift - 1);
            int cmp = remainder.CompareTo(half);
            if (cmp > 0 || (cmp == 0 && !mantissa.IsEven)) mantissa += 1;
        }
        if (mantissa >= BigInteger.One << format.Precision)
        {
            mantissa >>= 1;
            quantum++;
        }
        ulong m = (ulong)mantissa;
        if (m >= 1UL << format.MantissaBits)
        {
            long unbiased = quantum + format.Precision - 1;
            if (unbiased > format.MaxExponent) return NumberStatus.OutOfRange;
            bits = ((ulong)(unbiased + format.Bias) << format.MantissaBits) | (m & ((1UL << format.MantissaBits) - 1));
        }
        else bits = m; // subnormal, or zero after rounding
        return NumberStatus.Ok;
    }
}
