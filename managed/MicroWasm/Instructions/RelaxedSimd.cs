namespace MicroWasm.Instructions;

/// <summary>
/// The results this engine gives for the relaxed SIMD instructions (WebAssembly 3.0, prefix 0xFD, sub-opcodes
/// 0x100-0x113). The spec lets each return any value of a small set (its numerics chapter, "relaxed" operators); we choose one
/// member of each set, and the same one in the interpreter and in AOT code on every target, so that SIMD results stay
/// bit-exact across tiers and platforms. Fourteen of them then behave exactly as a 2.0 instruction and are executed as
/// that instruction (<see cref="DeterministicEquivalent"/>); the other six have their own implementation in both tiers:
/// <list type="bullet">
/// <item>relaxed_madd and relaxed_nmadd: unfused, <c>a * b + c</c> and <c>c - a * b</c> with two roundings (the fused
///   form needs FMA hardware, which x86-64-v2 lacks);</item>
/// <item>i16x8.relaxed_dot_i8x16_i7x16_s: both operands' bytes signed, adjacent products added with signed saturation;</item>
/// <item>i32x4.relaxed_dot_i8x16_i7x16_add_s: that i16x8 dot product, its adjacent lanes added as i32, plus the accumulator.</item>
/// </list>
/// </summary>
public static class RelaxedSimd
{
    /// <summary>Whether <paramref name="opcode"/> is one of the 20 relaxed SIMD instructions.</summary>
    public static bool IsRelaxed(Opcode opcode) =>
        (uint)(opcode - Opcode.I8x16RelaxedSwizzle) <= Opcode.I32x4RelaxedDotI8x16I7x16AddS - Opcode.I8x16RelaxedSwizzle;

    /// <summary>
    /// The 2.0 instruction whose result this engine gives for a relaxed one, or <paramref name="opcode"/> itself when
    /// it has none (madd, nmadd and the dot products) or is not relaxed.
    /// </summary>
    public static Opcode DeterministicEquivalent(Opcode opcode) => opcode switch
    {
        // Out-of-range indices select 0, as i8x16.swizzle (the set also allows the index modulo 16 below 128).
        Opcode.I8x16RelaxedSwizzle => Opcode.I8x16Swizzle,
        // Saturating, NaN to 0, as trunc_sat (the set also allows INT32_MAX / UINT32_MAX for NaN and out-of-range lanes).
        Opcode.I32x4RelaxedTruncF32x4S => Opcode.I32x4TruncSatF32x4S,
        Opcode.I32x4RelaxedTruncF32x4U => Opcode.I32x4TruncSatF32x4U,
        Opcode.I32x4RelaxedTruncF64x2SZero => Opcode.I32x4TruncSatF64x2SZero,
        Opcode.I32x4RelaxedTruncF64x2UZero => Opcode.I32x4TruncSatF64x2UZero,
        // Bit by bit, as v128.bitselect (the set also allows selecting by each lane's top bit when a mask lane is mixed).
        Opcode.I8x16RelaxedLaneselect or Opcode.I16x8RelaxedLaneselect
            or Opcode.I32x4RelaxedLaneselect or Opcode.I64x2RelaxedLaneselect => Opcode.V128Bitselect,
        // NaN if either lane is NaN and -0 below +0, as min/max (the set also allows either operand in those cases).
        Opcode.F32x4RelaxedMin => Opcode.F32x4Min,
        Opcode.F32x4RelaxedMax => Opcode.F32x4Max,
        Opcode.F64x2RelaxedMin => Opcode.F64x2Min,
        Opcode.F64x2RelaxedMax => Opcode.F64x2Max,
        // -32768 * -32768 saturates to 32767, as q15mulr_sat_s (the set also allows -32768).
        Opcode.I16x8RelaxedQ15mulrS => Opcode.I16x8Q15mulrSatS,
        _ => opcode,
    };
}
