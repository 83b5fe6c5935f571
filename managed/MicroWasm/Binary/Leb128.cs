namespace MicroWasm.Binary;

/// <summary>
/// LEB128 integer decoding with the spec's limits (spec 5.2.2): at most ceil(N/7) bytes, and the
/// unused bits of the last byte must be zeros (unsigned) or copies of the sign bit (signed).
/// </summary>
/// <remarks>
/// The messages follow the reference interpreter, which checks the value bits of a byte before its
/// continuation bit: unused bits that are not a zero/sign extension give "integer too large"; a
/// continuation bit on the last allowed byte gives "integer representation too long".
/// </remarks>
public static class Leb128
{
    /// <summary>What the reference interpreter says when the input ends inside an item.</summary>
    public const string UnexpectedEnd = "unexpected end of section or function";

    public static uint ReadU32(ReadOnlySpan<byte> data, ref int pos, int baseOffset = 0)
    {
        // One-byte fast path: most indices and counts are below 128.
        if ((uint)pos < (uint)data.Length && data[pos] < 0x80)
            return data[pos++];

        uint result = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = Next(data, ref pos, baseOffset);
            if (shift == 28)
            {
                // Fifth byte: only 4 value bits are left.
                if ((b & 0x70) != 0) throw TooLarge(baseOffset + pos - 1);
                if ((b & 0x80) != 0) throw TooLong(baseOffset + pos);
                return result | ((uint)b << 28);
            }
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
                // Fifth byte: bits 3-6 must all equal the sign bit 3.
                int high = b & 0x78;
                if (high != 0 && high != 0x78) throw TooLarge(baseOffset + pos - 1);
                if ((b & 0x80) != 0) throw TooLong(baseOffset + pos);
                return result | (b << 28);
            }
            result |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0)
                return (b & 0x40) != 0 ? result | (-1 << (shift + 7)) : result;
        }
    }

    public static ulong ReadU64(ReadOnlySpan<byte> data, ref int pos, int baseOffset = 0)
    {
        ulong result = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = Next(data, ref pos, baseOffset);
            if (shift == 63)
            {
                // Tenth byte: one value bit.
                if ((b & 0x7E) != 0) throw TooLarge(baseOffset + pos - 1);
                if ((b & 0x80) != 0) throw TooLong(baseOffset + pos);
                return result | ((ulong)b << 63);
            }
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
                // Tenth byte: bits 0-6 all copy the sign bit.
                int bits = b & 0x7F;
                if (bits != 0 && bits != 0x7F) throw TooLarge(baseOffset + pos - 1);
                if ((b & 0x80) != 0) throw TooLong(baseOffset + pos);
                return result | ((long)b << 63);
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
                // Fifth byte: bits 0-4 are value bits (bit 4 is the sign); bits 4-6 must agree.
                int high = b & 0x70;
                if (high != 0 && high != 0x70) throw TooLarge(baseOffset + pos - 1);
                if ((b & 0x80) != 0) throw TooLong(baseOffset + pos);
                result |= (long)(b & 0x1F) << 28;
                return (b & 0x10) != 0 ? result | (-1L << 33) : result;
            }
            result |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
                return (b & 0x40) != 0 ? result | (-1L << (shift + 7)) : result;
        }
    }

    private static byte Next(ReadOnlySpan<byte> data, ref int pos, int baseOffset)
    {
        if ((uint)pos >= (uint)data.Length)
            throw new MalformedModuleException(UnexpectedEnd, baseOffset + pos);
        return data[pos++];
    }

    private static MalformedModuleException TooLarge(int offset) => new("integer too large", offset);

    private static MalformedModuleException TooLong(int offset) => new("integer representation too long", offset);
}
