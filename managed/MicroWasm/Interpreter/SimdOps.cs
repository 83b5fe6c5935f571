using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MicroWasm.Interpreter;

/// <summary>
/// SIMD lane operators whose spec semantics need more than one portable <see cref="Vector128"/> operation
/// (spec 4.3.2-4.3.4 applied lane-wise). Everything here is built from portable operations whose results are
/// defined exactly, so x64, ARM64 and the software fallback agree bit for bit; the hardware-specific
/// minimum/maximum instructions are avoided because their NaN and signed-zero rules differ from the spec's.
/// The one exception is a NaN result's bits where the spec leaves them open (spec 4.3.3): the hardware's
/// arithmetic makes them, and SSE and AdvSimd differ there (ports/linux-arm64/README.md, "Floating point").
/// </summary>
internal static class SimdOps
{
    public enum RoundingKind : byte { Ceil, Floor, Trunc, Nearest }

    /// <summary>iabs: the most negative value stays itself (wrap-around), so it is a select of the negation, never Math.Abs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Abs<T>(Vector128<T> x) where T : unmanaged =>
        Vector128.ConditionalSelect(Vector128.LessThan(x, Vector128<T>.Zero), Vector128<T>.Zero - x, x);

    /// <summary>all_true: 1 when no lane is zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int AllTrue<T>(Vector128<T> x) where T : unmanaged => Vector128.EqualsAny(x, Vector128<T>.Zero) ? 0 : 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> AddSat<T>(Vector128<T> a, Vector128<T> b) where T : unmanaged => Vector128.AddSaturate(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> SubSat<T>(Vector128<T> a, Vector128<T> b) where T : unmanaged => Vector128.SubtractSaturate(a, b);

    /// <summary>avgr_u: (a + b + 1) / 2 without the carry out of the lane: (a | b) - ((a ^ b) >> 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> AvgrU(Vector128<byte> a, Vector128<byte> b) => (a | b) - Vector128.ShiftRightLogical(a ^ b, 1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ushort> AvgrU(Vector128<ushort> a, Vector128<ushort> b) => (a | b) - Vector128.ShiftRightLogical(a ^ b, 1);

    /// <summary>
    /// i8x16.shuffle: lane i is a's lane s[i], or b's lane s[i] - 16 (validation keeps s[i] below 32). A single-source
    /// shuffle gives 0 for an index out of range, so each source contributes only its own lanes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Shuffle(Vector128<byte> a, Vector128<byte> b, Vector128<byte> lanes) =>
        Vector128.Shuffle(a, lanes) | Vector128.Shuffle(b, lanes - Vector128.Create((byte)16));

    /// <summary>popcnt per byte: two lookups of a nibble's bit count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Popcnt(Vector128<byte> x)
    {
        var counts = Vector128.Create((byte)0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
        var low = x & Vector128.Create((byte)0x0F);
        var high = Vector128.ShiftRightLogical(x, 4);
        return Vector128.Shuffle(counts, low) + Vector128.Shuffle(counts, high);
    }

    /// <summary>i8x16.narrow_i16x8_s: signed saturation of a's lanes, then b's.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<sbyte> NarrowS(Vector128<short> a, Vector128<short> b) => Vector128.NarrowWithSaturation(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<short> NarrowS(Vector128<int> a, Vector128<int> b) => Vector128.NarrowWithSaturation(a, b);

    /// <summary>i8x16.narrow_i16x8_u: the signed input saturates to [0, 255].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> NarrowU(Vector128<short> a, Vector128<short> b)
    {
        var zero = Vector128<short>.Zero;
        var max = Vector128.Create((short)255);
        return Vector128.Narrow(Vector128.Min(Vector128.Max(a, zero), max).AsUInt16(), Vector128.Min(Vector128.Max(b, zero), max).AsUInt16());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ushort> NarrowU(Vector128<int> a, Vector128<int> b)
    {
        var zero = Vector128<int>.Zero;
        var max = Vector128.Create(65535);
        return Vector128.Narrow(Vector128.Min(Vector128.Max(a, zero), max).AsUInt32(), Vector128.Min(Vector128.Max(b, zero), max).AsUInt32());
    }

    /// <summary>
    /// extadd_pairwise_s, on the input seen as lanes twice as wide: the low half of each wide lane sign-extended
    /// (shift up, then arithmetically down) plus the high half (arithmetic shift).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<short> ExtaddPairwiseS(Vector128<short> x) =>
        Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(x, 8), 8) + Vector128.ShiftRightArithmetic(x, 8);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> ExtaddPairwiseS(Vector128<int> x) =>
        Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(x, 16), 16) + Vector128.ShiftRightArithmetic(x, 16);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ushort> ExtaddPairwiseU(Vector128<ushort> x) =>
        (x & Vector128.Create((ushort)0xFF)) + Vector128.ShiftRightLogical(x, 8);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> ExtaddPairwiseU(Vector128<uint> x) =>
        (x & Vector128.Create(0xFFFFu)) + Vector128.ShiftRightLogical(x, 16);

    /// <summary>
    /// i32x4.dot_i16x8_s, with both inputs seen as i32 lanes: even i16 lanes times even plus odd times odd;
    /// the one overflowing sum (all four lanes -32768) wraps, as the spec's iadd does.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> Dot(Vector128<int> a, Vector128<int> b)
    {
        var evenA = Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(a, 16), 16);
        var evenB = Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(b, 16), 16);
        return evenA * evenB + Vector128.ShiftRightArithmetic(a, 16) * Vector128.ShiftRightArithmetic(b, 16);
    }

    /// <summary>i16x8.q15mulr_sat_s: (a * b + 2^14) >> 15, saturated; only -32768 * -32768 saturates.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<short> Q15MulrSat(Vector128<short> a, Vector128<short> b)
    {
        var round = Vector128.Create(0x4000);
        var low = Vector128.ShiftRightArithmetic(Vector128.WidenLower(a) * Vector128.WidenLower(b) + round, 15);
        var high = Vector128.ShiftRightArithmetic(Vector128.WidenUpper(a) * Vector128.WidenUpper(b) + round, 15);
        return Vector128.NarrowWithSaturation(low, high);
    }

    // ---- fmin, fmax (spec 4.3.3): NaN if either operand is NaN, and -0 below +0 ----

    /// <summary>
    /// The smaller lane; of equal lanes (only ±0 differ in bits) the OR of both, which is -0 if either is;
    /// a NaN lane gives a + b, which is NaN and keeps the payload rules of arithmetic (an arithmetic NaN,
    /// canonical when the NaN operands are).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Min<T>(Vector128<T> a, Vector128<T> b) where T : unmanaged
    {
        var r = Vector128.ConditionalSelect(Vector128.LessThan(a, b), a, Vector128.ConditionalSelect(Vector128.LessThan(b, a), b, a | b));
        var unordered = ~(Vector128.Equals(a, a) & Vector128.Equals(b, b));
        return Vector128.ConditionalSelect(unordered, a + b, r);
    }

    /// <summary>As <see cref="Min{T}"/>, with the AND of equal lanes, which is +0 if either is.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Max<T>(Vector128<T> a, Vector128<T> b) where T : unmanaged
    {
        var r = Vector128.ConditionalSelect(Vector128.LessThan(b, a), a, Vector128.ConditionalSelect(Vector128.LessThan(a, b), b, a & b));
        var unordered = ~(Vector128.Equals(a, a) & Vector128.Equals(b, b));
        return Vector128.ConditionalSelect(unordered, a + b, r);
    }

    /// <summary>pmin (spec 4.3.3 fpmin): b &lt; a ? b : a, exactly; a NaN compares false, so a is kept.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Pmin<T>(Vector128<T> a, Vector128<T> b) where T : unmanaged =>
        Vector128.ConditionalSelect(Vector128.LessThan(b, a), b, a);

    /// <summary>pmax (spec 4.3.3 fpmax): a &lt; b ? b : a.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Pmax<T>(Vector128<T> a, Vector128<T> b) where T : unmanaged =>
        Vector128.ConditionalSelect(Vector128.LessThan(a, b), b, a);

    // ---- Rounding (spec 4.3.3 fceil, ffloor, ftrunc, fnearest): lane by lane with the scalar operators ----

    public static Vector128<float> Round(Vector128<float> x, RoundingKind kind)
    {
        return Vector128.Create(One(x[0]), One(x[1]), One(x[2]), One(x[3]));

        float One(float v) => kind switch
        {
            RoundingKind.Ceil => NumericOps.Ceil(v),
            RoundingKind.Floor => NumericOps.Floor(v),
            RoundingKind.Trunc => NumericOps.Trunc(v),
            _ => NumericOps.Nearest(v),
        };
    }

    public static Vector128<double> Round(Vector128<double> x, RoundingKind kind)
    {
        return Vector128.Create(One(x[0]), One(x[1]));

        double One(double v) => kind switch
        {
            RoundingKind.Ceil => NumericOps.Ceil(v),
            RoundingKind.Floor => NumericOps.Floor(v),
            RoundingKind.Trunc => NumericOps.Trunc(v),
            _ => NumericOps.Nearest(v),
        };
    }

    // ---- Conversions (spec 4.3.4): saturating truncation (NaN to 0), and exact or nearest-rounded conversions ----

    public static Vector128<int> TruncSatS(Vector128<float> x) => Vector128.Create(
        NumericOps.TruncSatI32(x[0]), NumericOps.TruncSatI32(x[1]), NumericOps.TruncSatI32(x[2]), NumericOps.TruncSatI32(x[3]));

    public static Vector128<uint> TruncSatU(Vector128<float> x) => Vector128.Create(
        NumericOps.TruncSatU32(x[0]), NumericOps.TruncSatU32(x[1]), NumericOps.TruncSatU32(x[2]), NumericOps.TruncSatU32(x[3]));

    public static Vector128<int> TruncSatSZero(Vector128<double> x) =>
        Vector128.Create(NumericOps.TruncSatI32(x[0]), NumericOps.TruncSatI32(x[1]), 0, 0);

    public static Vector128<uint> TruncSatUZero(Vector128<double> x) =>
        Vector128.Create(NumericOps.TruncSatU32(x[0]), NumericOps.TruncSatU32(x[1]), 0u, 0u);

    /// <summary>f32x4.convert_i32x4_u, lane by lane: a u32 becomes a float rounded to nearest, ties to even.</summary>
    public static Vector128<float> ConvertU(Vector128<uint> x) => Vector128.Create((float)x[0], (float)x[1], (float)x[2], (float)x[3]);

    public static Vector128<double> ConvertLowS(Vector128<int> x) => Vector128.Create((double)x[0], (double)x[1]);

    public static Vector128<double> ConvertLowU(Vector128<uint> x) => Vector128.Create((double)x[0], (double)x[1]);

    /// <summary>f32x4.demote_f64x2_zero: each double rounded to nearest float, the upper lanes zero.</summary>
    public static Vector128<float> DemoteZero(Vector128<double> x) => Vector128.Create((float)x[0], (float)x[1], 0f, 0f);

    public static Vector128<double> PromoteLow(Vector128<float> x) => Vector128.Create((double)x[0], (double)x[1]);
}
