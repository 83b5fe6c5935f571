using MicroWasm.Instructions;

namespace MicroWasm.Validation;

/// <summary>
/// The fixed type of an operator whose typing depends on nothing but its opcode (spec 3.3.1-3.3.3:
/// numeric and vector instructions without immediates): up to three operands and at most one result.
/// </summary>
public readonly record struct OperatorSignature(byte ParameterCount, ValueType P0, ValueType P1, ValueType P2, ValueType Result)
{
    public bool IsDefined => Result != 0 || ParameterCount != 0;

    public ValueType Parameter(int i) => i switch { 0 => P0, 1 => P1, _ => P2 };
}

/// <summary>
/// The signatures of all numeric and plain vector operators, in a dense table indexed by opcode:
/// one-byte opcodes first, then the 0xFC and 0xFD sub-opcodes. Operators with immediates that
/// matter for typing (memory, lanes, constants, control, variables, references) are not here; the
/// validator handles them one by one.
/// </summary>
public static class OperatorSignatures
{
    private const int FcBase = 256;
    private const int FdBase = FcBase + 32;
    private const int FdCount = 0x114; // up to relaxed SIMD's last sub-opcode
    private static readonly OperatorSignature[] Table = Build();

    /// <summary>The signature of <paramref name="opcode"/>, or false if it needs special treatment.</summary>
    public static bool TryGet(Opcode opcode, out OperatorSignature signature)
    {
        int i = DenseIndex(opcode);
        signature = i >= 0 ? Table[i] : default;
        return signature.IsDefined;
    }

    private static int DenseIndex(Opcode opcode)
    {
        int op = (int)opcode;
        if (op < 0x100) return op;
        int sub = op & 0xFFFF;
        return (op >> 16) switch
        {
            0xFC when sub < 32 => FcBase + sub,
            0xFD when sub < FdCount => FdBase + sub,
            _ => -1,
        };
    }

    private static OperatorSignature[] Build()
    {
        var t = new OperatorSignature[FdBase + FdCount];
        const ValueType i32 = ValueType.I32, i64 = ValueType.I64, f32 = ValueType.F32, f64 = ValueType.F64, v128 = ValueType.V128;

        void Unary(int from, int to, ValueType p, ValueType r) { for (int o = from; o <= to; o++) t[o] = new(1, p, 0, 0, r); }
        void Binary(int from, int to, ValueType p, ValueType r) { for (int o = from; o <= to; o++) t[o] = new(2, p, p, 0, r); }
        void Convert(Opcode op, ValueType p, ValueType r) => t[DenseIndex(op)] = new(1, p, 0, 0, r);

        // Spec 3.3.1: numeric instructions (tests, comparisons, unary and binary operators).
        Unary(0x45, 0x45, i32, i32); Binary(0x46, 0x4F, i32, i32);
        Unary(0x50, 0x50, i64, i32); Binary(0x51, 0x5A, i64, i32);
        Binary(0x5B, 0x60, f32, i32); Binary(0x61, 0x66, f64, i32);
        Unary(0x67, 0x69, i32, i32); Binary(0x6A, 0x78, i32, i32);
        Unary(0x79, 0x7B, i64, i64); Binary(0x7C, 0x8A, i64, i64);
        Unary(0x8B, 0x91, f32, f32); Binary(0x92, 0x98, f32, f32);
        Unary(0x99, 0x9F, f64, f64); Binary(0xA0, 0xA6, f64, f64);
        Unary(0xC0, 0xC1, i32, i32); Unary(0xC2, 0xC4, i64, i64);

        // Conversions, named t2.op_t1: from t1 to t2.
        Convert(Opcode.I32WrapI64, i64, i32);
        Convert(Opcode.I32TruncF32S, f32, i32); Convert(Opcode.I32TruncF32U, f32, i32);
        Convert(Opcode.I32TruncF64S, f64, i32); Convert(Opcode.I32TruncF64U, f64, i32);
        Convert(Opcode.I64ExtendI32S, i32, i64); Convert(Opcode.I64ExtendI32U, i32, i64);
        Convert(Opcode.I64TruncF32S, f32, i64); Convert(Opcode.I64TruncF32U, f32, i64);
        Convert(Opcode.I64TruncF64S, f64, i64); Convert(Opcode.I64TruncF64U, f64, i64);
        Convert(Opcode.F32ConvertI32S, i32, f32); Convert(Opcode.F32ConvertI32U, i32, f32);
        Convert(Opcode.F32ConvertI64S, i64, f32); Convert(Opcode.F32ConvertI64U, i64, f32);
        Convert(Opcode.F32DemoteF64, f64, f32);
        Convert(Opcode.F64ConvertI32S, i32, f64); Convert(Opcode.F64ConvertI32U, i32, f64);
        Convert(Opcode.F64ConvertI64S, i64, f64); Convert(Opcode.F64ConvertI64U, i64, f64);
        Convert(Opcode.F64PromoteF32, f32, f64);
        Convert(Opcode.I32ReinterpretF32, f32, i32); Convert(Opcode.I64ReinterpretF64, f64, i64);
        Convert(Opcode.F32ReinterpretI32, i32, f32); Convert(Opcode.F64ReinterpretI64, i64, f64);
        Convert(Opcode.I32TruncSatF32S, f32, i32); Convert(Opcode.I32TruncSatF32U, f32, i32);
        Convert(Opcode.I32TruncSatF64S, f64, i32); Convert(Opcode.I32TruncSatF64U, f64, i32);
        Convert(Opcode.I64TruncSatF32S, f32, i64); Convert(Opcode.I64TruncSatF32U, f32, i64);
        Convert(Opcode.I64TruncSatF64S, f64, i64); Convert(Opcode.I64TruncSatF64U, f64, i64);

        // Spec 3.3.2: vector instructions without immediates, by sub-opcode (spec 5.4.8).
        void VUnary(int from, int to) => Unary(FdBase + from, FdBase + to, v128, v128);
        void VBinary(int from, int to) => Binary(FdBase + from, FdBase + to, v128, v128);
        void VTest(int from, int to) => Unary(FdBase + from, FdBase + to, v128, i32);
        void VShift(int from, int to) { for (int o = from; o <= to; o++) t[FdBase + o] = new(2, v128, i32, 0, v128); }
        void Splat(Opcode op, ValueType p) => t[DenseIndex(op)] = new(1, p, 0, 0, v128);

        VBinary(0x0E, 0x0E); // i8x16.swizzle
        Splat(Opcode.I8x16Splat, i32); Splat(Opcode.I16x8Splat, i32); Splat(Opcode.I32x4Splat, i32);
        Splat(Opcode.I64x2Splat, i64); Splat(Opcode.F32x4Splat, f32); Splat(Opcode.F64x2Splat, f64);
        VBinary(0x23, 0x4C); // comparisons
        VUnary(0x4D, 0x4D); VBinary(0x4E, 0x51); // v128.not, and, andnot, or, xor
        t[FdBase + 0x52] = new(3, v128, v128, v128, v128); // v128.bitselect
        VTest(0x53, 0x53); // v128.any_true
        VUnary(0x5E, 0x5F); // f32x4.demote_f64x2_zero, f64x2.promote_low_f32x4
        // i8x16
        VUnary(0x60, 0x62); VTest(0x63, 0x64); VBinary(0x65, 0x66); VUnary(0x67, 0x6A);
        VShift(0x6B, 0x6D); VBinary(0x6E, 0x73); VUnary(0x74, 0x75); VBinary(0x76, 0x79);
        VUnary(0x7A, 0x7A); VBinary(0x7B, 0x7B); VUnary(0x7C, 0x7F);
        // i16x8
        VUnary(0x80, 0x81); VBinary(0x82, 0x82); VTest(0x83, 0x84); VBinary(0x85, 0x86);
        VUnary(0x87, 0x8A); VShift(0x8B, 0x8D); VBinary(0x8E, 0x93); VUnary(0x94, 0x94);
        VBinary(0x95, 0x99); VBinary(0x9B, 0x9F);
        // i32x4
        VUnary(0xA0, 0xA1); VTest(0xA3, 0xA4); VUnary(0xA7, 0xAA); VShift(0xAB, 0xAD);
        VBinary(0xAE, 0xAE); VBinary(0xB1, 0xB1); VBinary(0xB5, 0xBA); VBinary(0xBC, 0xBF);
        // i64x2
        VUnary(0xC0, 0xC1); VTest(0xC3, 0xC4); VUnary(0xC7, 0xCA); VShift(0xCB, 0xCD);
        VBinary(0xCE, 0xCE); VBinary(0xD1, 0xD1); VBinary(0xD5, 0xDF);
        // f32x4, f64x2 and conversions
        VUnary(0xE0, 0xE1); VUnary(0xE3, 0xE3); VBinary(0xE4, 0xEB);
        VUnary(0xEC, 0xED); VUnary(0xEF, 0xEF); VBinary(0xF0, 0xF7);
        VUnary(0xF8, 0xFF);
        // Relaxed SIMD (WebAssembly 3.0): swizzle, the four truncations, madd/nmadd and laneselect (three operands),
        // min/max, q15mulr, the dot product, and the dot product with an accumulator (three operands).
        void VTernary(int from, int to) { for (int o = from; o <= to; o++) t[FdBase + o] = new(3, v128, v128, v128, v128); }
        VBinary(0x100, 0x100); VUnary(0x101, 0x104); VTernary(0x105, 0x10C); VBinary(0x10D, 0x112); VTernary(0x113, 0x113);
        return t;
    }
}
