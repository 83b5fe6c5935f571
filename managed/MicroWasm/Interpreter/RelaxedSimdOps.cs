using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MicroWasm.Interpreter;

/// <summary>
/// The relaxed SIMD operators that have a result of their own (<see cref="Instructions.RelaxedSimd"/> says which and
/// why), from portable <see cref="Vector128"/> operations only, so that x64 and ARM64 agree with each other and with
/// AOT code (CSimdOps computes the same formulas).
/// </summary>
internal static class RelaxedSimdOps
{
    /// <summary>
    /// relaxed_madd, unfused: the product rounded, then the sum rounded. .NET never contracts a multiply and an add into
    /// a fused one by itself, and the C compiler of AOT code is told not to (-ffp-contract=off).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> MulAdd<T>(Vector128<T> a, Vector128<T> b, Vector128<T> c) where T : unmanaged => a * b + c;

    /// <summary>relaxed_nmadd, unfused: c - a * b, which is -(a * b) + c exactly (negation is exact).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> NegatedMulAdd<T>(Vector128<T> a, Vector128<T> b, Vector128<T> c) where T : unmanaged => c - a * b;

    /// <summary>
    /// i16x8.relaxed_dot_i8x16_i7x16_s, with both operands seen as i16 lanes of two bytes each: the even bytes
    /// sign-extended (shifted up, then arithmetically down) times each other plus the odd bytes (arithmetic shift) times
    /// each other, added with signed saturation. Each product fits an i16; only -128 * -128 twice (32768) saturates.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<short> DotI8x16(Vector128<short> a, Vector128<short> b)
    {
        var even = Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(a, 8), 8) * Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(b, 8), 8);
        var odd = Vector128.ShiftRightArithmetic(a, 8) * Vector128.ShiftRightArithmetic(b, 8);
        return Vector128.AddSaturate(even, odd);
    }

    /// <summary>i32x4.relaxed_dot_i8x16_i7x16_add_s: the i16x8 dot product's adjacent lanes added as i32, plus c (wrapping).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> DotI8x16Add(Vector128<short> a, Vector128<short> b, Vector128<int> c) =>
        SimdOps.ExtaddPairwiseS(DotI8x16(a, b).AsInt32()) + c;
}
