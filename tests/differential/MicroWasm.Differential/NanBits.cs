namespace MicroWasm.Differential;

/// <summary>Bit patterns of NaNs, for comparisons in which any NaN matches any NaN (spec 4.3.3).</summary>
internal static class NanBits
{
    public static bool IsF32(uint bits) => (bits & 0x7F80_0000u) == 0x7F80_0000u && (bits & 0x007F_FFFFu) != 0;

    public static bool IsF64(ulong bits) =>
        (bits & 0x7FF0_0000_0000_0000ul) == 0x7FF0_0000_0000_0000ul && (bits & 0x000F_FFFF_FFFF_FFFFul) != 0;

    /// <summary>Two 64-bit halves of vectors agree: equal, both an f64 NaN, or each 32-bit lane equal or both f32 NaNs.</summary>
    public static bool LaneMatch(ulong a, ulong b)
    {
        if (a == b || (IsF64(a) && IsF64(b))) return true;
        return Lane32Match((uint)a, (uint)b) && Lane32Match((uint)(a >> 32), (uint)(b >> 32));
    }

    private static bool Lane32Match(uint a, uint b) => a == b || (IsF32(a) && IsF32(b));

    /// <summary>
    /// Two memories agree: the same bytes, except where both hold a NaN (an f32 at any 4 bytes, an f64 at any 8
    /// bytes, aligned or not, each side's bits a NaN) that covers the differing byte.
    /// </summary>
    public static bool MemoryMatch(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, out long firstDifference)
    {
        firstDifference = -1;
        if (a.Length != b.Length) { firstDifference = Math.Min(a.Length, b.Length); return false; }
        int start = 0;
        while (true)
        {
            int offset = a[start..].CommonPrefixLength(b[start..]);
            int at = start + offset;
            if (at >= a.Length) return true;
            if (!CoveredByNans(a, b, at)) { firstDifference = at; return false; }
            start = at + 1;
        }
    }

    private static bool CoveredByNans(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int at)
    {
        for (int width = 4; width <= 8; width += 4)
        {
            for (int s = Math.Max(0, at - width + 1); s <= at && s + width <= a.Length; s++)
            {
                bool nans = width == 4
                    ? IsF32(BitConverter.ToUInt32(a.Slice(s, 4))) && IsF32(BitConverter.ToUInt32(b.Slice(s, 4)))
                    : IsF64(BitConverter.ToUInt64(a.Slice(s, 8))) && IsF64(BitConverter.ToUInt64(b.Slice(s, 8)));
                if (nans) return true;
            }
        }
        return false;
    }
}
