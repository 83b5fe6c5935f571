namespace MicroWasm.Binary;

/// <summary>
/// LEB128 integer decoding with the spec's limits (spec 5.2.2): at most ceil(N/7) bytes, and the
/// unused bits of the last byte must be zeros (unsigned) or copies of the sign bit (signed).
/// </summary>
public static class Leb128
{
    public static uint ReadU32(ReadOnlySpan<byte> data, ref int pos, int baseOffset = 0)
    {
        uint result = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = Next(data, ref pos, baseOffset);
            if (shift == 28 && (b & 0x70) != 0)
                throw Malformed(b, baseOffset + pos - 1);
            result |= (uint)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
        }
    }

    public static int ReadS32(ReadOnlySpan<byte> data, ref int pos, int baseOffset = 0)
    {
        int result = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = Next(data, ref pos, baseOffset);
            if (shift == 28)
            {
                // Bits 4-6 of the fifth byte must all equal the sign bit 3.
                int high = b & 0x70;
                bool negative = (b & 0x08) != 0;
                if ((b & 0x80) != 0 || high != (negative ? 0x70 : 0))
                    throw Malformed(b, baseOffset + pos - 1);
                return result | ((b & 0x7F) << shift);
            }
            result |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0)
                return shift + 7 < 32 && (b & 0x40) != 0 ? result | (-1 << (shift + 7)) : result;
        }
    }

    public static ulong ReadU64(ReadOnlySpan<byte> data, ref int pos, int baseOffset = 0)
    {
        ulong result = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = Next(data, ref pos, baseOffset);
            if (shift == 63 && (b & 0x7E) != 0)
                throw Malformed(b, baseOffset + pos - 1);
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
        }
    }

    public static long ReadS64(ReadOnlySpan<byte> data, ref int pos, int baseOffset = 0)
    {
        long result = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = Next(data, ref pos, baseOffset);
            if (shift == 63)
            {
                // The tenth byte holds only the sign bit; the rest must copy it.
                bool negative = (b & 0x01) != 0;
                if ((b & 0x80) != 0 || (b & 0x7E) != (negative ? 0x7E : 0))
                    throw Malformed(b, baseOffset + pos - 1);
                return result | ((long)(b & 0x7F) << shift);
            }
            result |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
                return (b & 0x40) != 0 ? result | (-1L << (shift + 7)) : result;
        }
    }

    /// <summary>A signed 33-bit integer, as block types use (spec 5.4.1).</summary>
    public static long ReadS33(ReadOnlySpan<byte> data, ref int pos, int baseOffset = 0)
    {
        long result = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = Next(data, ref pos, baseOffset);
            if (shift == 28)
            {
                // Fifth byte: bits 0-4 are value bits (bit 4 is the sign); bits 5-6 copy the sign.
                bool negative = (b & 0x10) != 0;
                if ((b & 0x80) != 0 || (b & 0x60) != (negative ? 0x60 : 0))
                    throw Malformed(b, baseOffset + pos - 1);
                result |= (long)(b & 0x1F) << shift;
                return negative ? result | (-1L << 33) : result;
            }
            result |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
                return (b & 0x40) != 0 ? result | (-1L << (shift + 7)) : result;
        }
    }

    private static byte Next(ReadOnlySpan<byte> data, ref int pos, int baseOffset)
    {
        if ((uint)pos >= (uint)data.Length)
            throw new MalformedModuleException("unexpected end", baseOffset + pos);
        return data[pos++];
    }

    private static MalformedModuleException Malformed(byte b, int offset) =>
        // The spec interpreter says "integer representation too long" when a continuation bit is
        // set past the limit, and "integer too large" when unused bits are not a sign extension.
        (b & 0x80) != 0
            ? new MalformedModuleException("integer representation too long", offset)
            : new MalformedModuleException("integer too large", offset);
}
