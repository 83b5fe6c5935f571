using System.Runtime.CompilerServices;

namespace MicroWasm.Interpreter;

/// <summary>
/// Numeric operators whose WebAssembly semantics (spec 4.3.2-4.3.3) differ from what C# gives directly.
/// Integer-producing truncations return false when they must trap; the caller picks the trap kind.
/// </summary>
internal static class NumericOps
{
    // fmin/fmax (spec 4.3.3): a NaN operand gives a NaN (a + b propagates it quietened, as hardware does),
    // and -0 is below +0. Math.Min would return a signalling NaN unchanged, which is not an arithmetic NaN.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Min(float a, float b)
    {
        if (float.IsNaN(a) || float.IsNaN(b)) return a + b;
        if (a == b) return BitConverter.UInt32BitsToSingle(BitConverter.SingleToUInt32Bits(a) | BitConverter.SingleToUInt32Bits(b));
        return a < b ? a : b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Max(float a, float b)
    {
        if (float.IsNaN(a) || float.IsNaN(b)) return a + b;
        if (a == b) return BitConverter.UInt32BitsToSingle(BitConverter.SingleToUInt32Bits(a) & BitConverter.SingleToUInt32Bits(b));
        return a > b ? a : b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Min(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b)) return a + b;
        if (a == b) return BitConverter.UInt64BitsToDouble(BitConverter.DoubleToUInt64Bits(a) | BitConverter.DoubleToUInt64Bits(b));
        return a < b ? a : b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Max(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b)) return a + b;
        if (a == b) return BitConverter.UInt64BitsToDouble(BitConverter.DoubleToUInt64Bits(a) & BitConverter.DoubleToUInt64Bits(b));
        return a > b ? a : b;
    }

    // fnearest (spec 4.3.3): round half to even, keeping the sign of zero; a NaN is quietened.
    public static float Nearest(float a) => float.IsNaN(a) ? a + a : MathF.Round(a, MidpointRounding.ToEven);

    public static double Nearest(double a) => double.IsNaN(a) ? a + a : Math.Round(a, MidpointRounding.ToEven);

    public static float Ceil(float a) => float.IsNaN(a) ? a + a : MathF.Ceiling(a);
    public static float Floor(float a) => float.IsNaN(a) ? a + a : MathF.Floor(a);
    public static float Trunc(float a) => float.IsNaN(a) ? a + a : MathF.Truncate(a);
    public static double Ceil(double a) => double.IsNaN(a) ? a + a : Math.Ceiling(a);
    public static double Floor(double a) => double.IsNaN(a) ? a + a : Math.Floor(a);
    public static double Trunc(double a) => double.IsNaN(a) ? a + a : Math.Truncate(a);

    // trunc_s/trunc_u (spec 4.3.3): defined when the truncated value fits; the bounds are exclusive
    // and exact in double, which holds every f32 too.
    public static bool TryTruncI32(double x, out int result)
    {
        if (x > -2147483649.0 && x < 2147483648.0) { result = (int)x; return true; }
        result = 0;
        return false;
    }

    public static bool TryTruncU32(double x, out uint result)
    {
        if (x > -1.0 && x < 4294967296.0) { result = (uint)x; return true; }
        result = 0;
        return false;
    }

    public static bool TryTruncI64(double x, out long result)
    {
        if (x >= -9223372036854775808.0 && x < 9223372036854775808.0) { result = (long)x; return true; }
        result = 0;
        return false;
    }

    public static bool TryTruncU64(double x, out ulong result)
    {
        if (x > -1.0 && x < 18446744073709551616.0)
        {
            // Above 2^63 the conversion goes through a value that fits a long.
            result = x < 9223372036854775808.0 ? (ulong)(long)x : (ulong)(long)(x - 9223372036854775808.0) + 0x8000_0000_0000_0000UL;
            return true;
        }
        result = 0;
        return false;
    }

    // trunc_sat (spec 4.3.3): NaN is 0, out of range clamps.
    public static int TruncSatI32(double x) =>
        double.IsNaN(x) ? 0 : x <= -2147483648.0 ? int.MinValue : x >= 2147483647.0 ? int.MaxValue : (int)x;

    public static uint TruncSatU32(double x) =>
        double.IsNaN(x) || x <= 0 ? 0 : x >= 4294967295.0 ? uint.MaxValue : (uint)x;

    public static long TruncSatI64(double x) =>
        double.IsNaN(x) ? 0 : x <= -9223372036854775808.0 ? long.MinValue : x >= 9223372036854775808.0 ? long.MaxValue : (long)x;

    public static ulong TruncSatU64(double x)
    {
        if (double.IsNaN(x) || x <= 0) return 0;
        if (x >= 18446744073709551616.0) return ulong.MaxValue;
        TryTruncU64(x, out ulong r);
        return r;
    }

    // convert_u from i64 (spec 4.3.3): one rounding. Values at or above 2^63 are halved first, keeping
    // the lost bit as a sticky bit so the single conversion still rounds to nearest even correctly.
    public static float ConvertU64ToF32(ulong x) =>
        (long)x >= 0 ? (float)(long)x : (float)(long)((x >> 1) | (x & 1)) * 2f;

    public static double ConvertU64ToF64(ulong x) =>
        (long)x >= 0 ? (double)(long)x : (double)(long)((x >> 1) | (x & 1)) * 2.0;

    // i64 -> f32 signed must round once, straight from the integer: (float)long does (cvtsi2ss).
    public static float ConvertI64ToF32(long x) => (float)x;
}
