namespace MicroWasm.Text;

/// <summary>
/// The immediates of <c>f32.const</c>, <c>f64.const</c> and <c>v128.const</c> (spec 6.5.9, 6.5.8),
/// shared by modules and script constants.
/// </summary>
internal static class ConstantParser
{
    public static uint ParseF32(TokenReader reader)
    {
        var token = ExpectFloatToken(reader);
        return Check(reader, token, FloatLiterals.ParseF32(token.Text, out uint bits), bits);
    }

    public static ulong ParseF64(TokenReader reader)
    {
        var token = ExpectFloatToken(reader);
        return Check(reader, token, FloatLiterals.ParseF64(token.Text, out ulong bits), bits);
    }

    /// <summary>A float literal is a number token, or one of the keywords <c>inf</c>, <c>nan</c>, <c>nan:0x...</c>.</summary>
    public static bool IsFloatToken(Token token) =>
        token.Kind == TokenKind.Number ||
        (token.Kind == TokenKind.Keyword && (token.Text is "inf" or "nan" || token.Text.StartsWith("nan:0x", StringComparison.Ordinal)));

    private static Token ExpectFloatToken(TokenReader reader)
    {
        var token = reader.Peek();
        if (!IsFloatToken(token)) throw reader.Unexpected(token);
        return reader.Next();
    }

    private static T Check<T>(TokenReader reader, Token token, NumberStatus status, T value) => status switch
    {
        NumberStatus.Ok => value,
        NumberStatus.OutOfRange => throw reader.Error(token, "constant out of range"),
        _ => throw reader.Error(token, $"unknown operator {token.Text}"),
    };

    public static ulong ParseInteger(TokenReader reader, int bits)
    {
        var token = reader.Peek();
        if (token.Kind != TokenKind.Number) throw reader.Unexpected(token);
        reader.Next();
        return NumberLiterals.ParseInt(token.Text, bits, out ulong value) switch
        {
            NumberStatus.Ok => value,
            NumberStatus.OutOfRange => throw reader.Error(token, "constant out of range"),
            _ => throw reader.Unexpected(token),
        };
    }

    /// <summary>The lane shape of a <c>v128.const</c> (spec 6.5.8), or null if the token is not one.</summary>
    public static LaneShape? ParseShape(Token token) => token.Kind != TokenKind.Keyword ? null : token.Text switch
    {
        "i8x16" => LaneShape.I8x16,
        "i16x8" => LaneShape.I16x8,
        "i32x4" => LaneShape.I32x4,
        "i64x2" => LaneShape.I64x2,
        "f32x4" => LaneShape.F32x4,
        "f64x2" => LaneShape.F64x2,
        _ => null,
    };

    /// <summary><c>shape lane*</c>: the 16 bytes of a vector constant, lanes little-endian in order.</summary>
    public static byte[] ParseV128(TokenReader reader)
    {
        var shapeToken = reader.Peek();
        var shape = ParseShape(shapeToken) ?? throw reader.Unexpected(shapeToken);
        reader.Next();
        var bytes = new byte[16];
        int lanes = shape.LaneCount();
        if (CountLaneTokens(reader) != lanes) throw reader.Error(reader.Peek(), "wrong number of lane literals");
        int width = 16 / lanes;
        for (int i = 0; i < lanes; i++)
        {
            ulong lane = ParseLane(reader, shape);
            for (int b = 0; b < width; b++) bytes[i * width + b] = (byte)(lane >> (8 * b));
        }
        return bytes;
    }

    /// <summary>
    /// How many tokens from here could be lane literals: numbers, reserved tokens, and the float
    /// keywords. The reference parser checks the count before reading any lane.
    /// </summary>
    public static int CountLaneTokens(TokenReader reader, bool allowNanPatterns = false)
    {
        int count = 0;
        while (true)
        {
            var token = reader.Peek(count);
            bool lane = token.Kind is TokenKind.Number or TokenKind.Reserved || IsFloatToken(token) ||
                (token.Kind == TokenKind.Keyword && (token.Text.StartsWith("nan:", StringComparison.Ordinal) || token.Text.StartsWith("inf", StringComparison.Ordinal))) ||
                (allowNanPatterns && token.Text is "nan:canonical" or "nan:arithmetic");
            if (!lane) return count;
            count++;
        }
    }

    public static ulong ParseLane(TokenReader reader, LaneShape shape) => shape switch
    {
        LaneShape.F32x4 => ParseF32(reader),
        LaneShape.F64x2 => ParseF64(reader),
        _ => ParseInteger(reader, shape.LaneBits()),
    };
}
