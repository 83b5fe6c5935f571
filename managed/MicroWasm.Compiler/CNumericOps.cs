using MicroWasm.Instructions;
using static MicroWasm.ValueType;

namespace MicroWasm.Compiler;

/// <summary>
/// The numeric instructions (spec 4.3) as C expressions over their operands: <c>$a</c> and <c>$b</c> stand for the
/// operands, <c>$fn</c> for the function index that traps report. Integers are unsigned C types, so signed views cast.
/// </summary>
internal static class CNumericOps
{
    public readonly record struct NumericOp(ValueType[] Operands, ValueType Result, string Template);

    public static bool TryGet(Opcode opcode, out NumericOp op) => Table.TryGetValue(opcode, out op);

    private static NumericOp U(ValueType t, ValueType r, string template) => new([t], r, template);
    private static NumericOp B(ValueType t, ValueType r, string template) => new([t, t], r, template);

    private static readonly Dictionary<Opcode, NumericOp> Table = new()
    {
        [Opcode.I32Eqz] = U(I32, I32, "(u32)($a == 0)"),
        [Opcode.I32Eq] = B(I32, I32, "(u32)($a == $b)"),
        [Opcode.I32Ne] = B(I32, I32, "(u32)($a != $b)"),
        [Opcode.I32LtS] = B(I32, I32, "(u32)((s32)$a < (s32)$b)"),
        [Opcode.I32LtU] = B(I32, I32, "(u32)($a < $b)"),
        [Opcode.I32GtS] = B(I32, I32, "(u32)((s32)$a > (s32)$b)"),
        [Opcode.I32GtU] = B(I32, I32, "(u32)($a > $b)"),
        [Opcode.I32LeS] = B(I32, I32, "(u32)((s32)$a <= (s32)$b)"),
        [Opcode.I32LeU] = B(I32, I32, "(u32)($a <= $b)"),
        [Opcode.I32GeS] = B(I32, I32, "(u32)((s32)$a >= (s32)$b)"),
        [Opcode.I32GeU] = B(I32, I32, "(u32)($a >= $b)"),
        [Opcode.I64Eqz] = U(I64, I32, "(u32)($a == 0)"),
        [Opcode.I64Eq] = B(I64, I32, "(u32)($a == $b)"),
        [Opcode.I64Ne] = B(I64, I32, "(u32)($a != $b)"),
        [Opcode.I64LtS] = B(I64, I32, "(u32)((s64)$a < (s64)$b)"),
        [Opcode.I64LtU] = B(I64, I32, "(u32)($a < $b)"),
        [Opcode.I64GtS] = B(I64, I32, "(u32)((s64)$a > (s64)$b)"),
        [Opcode.I64GtU] = B(I64, I32, "(u32)($a > $b)"),
        [Opcode.I64LeS] = B(I64, I32, "(u32)((s64)$a <= (s64)$b)"),
        [Opcode.I64LeU] = B(I64, I32, "(u32)($a <= $b)"),
        [Opcode.I64GeS] = B(I64, I32, "(u32)((s64)$a >= (s64)$b)"),
        [Opcode.I64GeU] = B(I64, I32, "(u32)($a >= $b)"),
        [Opcode.F32Eq] = B(F32, I32, "(u32)($a == $b)"),
        [Opcode.F32Ne] = B(F32, I32, "(u32)($a != $b)"),
        [Opcode.F32Lt] = B(F32, I32, "(u32)($a < $b)"),
        [Opcode.F32Gt] = B(F32, I32, "(u32)($a > $b)"),
        [Opcode.F32Le] = B(F32, I32, "(u32)($a <= $b)"),
        [Opcode.F32Ge] = B(F32, I32, "(u32)($a >= $b)"),
        [Opcode.F64Eq] = B(F64, I32, "(u32)($a == $b)"),
        [Opcode.F64Ne] = B(F64, I32, "(u32)($a != $b)"),
        [Opcode.F64Lt] = B(F64, I32, "(u32)($a < $b)"),
        [Opcode.F64Gt] = B(F64, I32, "(u32)($a > $b)"),
        [Opcode.F64Le] = B(F64, I32, "(u32)($a <= $b)"),
        [Opcode.F64Ge] = B(F64, I32, "(u32)($a >= $b)"),

        [Opcode.I32Clz] = U(I32, I32, "mw_clz32($a)"),
        [Opcode.I32Ctz] = U(I32, I32, "mw_ctz32($a)"),
        [Opcode.I32Popcnt] = U(I32, I32, "(u32)__builtin_popcount($a)"),
        [Opcode.I32Add] = B(I32, I32, "$a + $b"),
        [Opcode.I32Sub] = B(I32, I32, "$a - $b"),
        [Opcode.I32Mul] = B(I32, I32, "$a * $b"),
        [Opcode.I32DivS] = B(I32, I32, "mw_i32_div_s(ctx, $fn, $a, $b)"),
        [Opcode.I32DivU] = B(I32, I32, "mw_i32_div_u(ctx, $fn, $a, $b)"),
        [Opcode.I32RemS] = B(I32, I32, "mw_i32_rem_s(ctx, $fn, $a, $b)"),
        [Opcode.I32RemU] = B(I32, I32, "mw_i32_rem_u(ctx, $fn, $a, $b)"),
        [Opcode.I32And] = B(I32, I32, "$a & $b"),
        [Opcode.I32Or] = B(I32, I32, "$a | $b"),
        [Opcode.I32Xor] = B(I32, I32, "$a ^ $b"),
        [Opcode.I32Shl] = B(I32, I32, "$a << ($b & 31)"),
        [Opcode.I32ShrS] = B(I32, I32, "(u32)((s32)$a >> ($b & 31))"),
        [Opcode.I32ShrU] = B(I32, I32, "$a >> ($b & 31)"),
        [Opcode.I32Rotl] = B(I32, I32, "mw_rotl32($a, $b)"),
        [Opcode.I32Rotr] = B(I32, I32, "mw_rotr32($a, $b)"),
        [Opcode.I64Clz] = U(I64, I64, "mw_clz64($a)"),
        [Opcode.I64Ctz] = U(I64, I64, "mw_ctz64($a)"),
        [Opcode.I64Popcnt] = U(I64, I64, "(u64)__builtin_popcountll($a)"),
        [Opcode.I64Add] = B(I64, I64, "$a + $b"),
        [Opcode.I64Sub] = B(I64, I64, "$a - $b"),
        [Opcode.I64Mul] = B(I64, I64, "$a * $b"),
        [Opcode.I64DivS] = B(I64, I64, "mw_i64_div_s(ctx, $fn, $a, $b)"),
        [Opcode.I64DivU] = B(I64, I64, "mw_i64_div_u(ctx, $fn, $a, $b)"),
        [Opcode.I64RemS] = B(I64, I64, "mw_i64_rem_s(ctx, $fn, $a, $b)"),
        [Opcode.I64RemU] = B(I64, I64, "mw_i64_rem_u(ctx, $fn, $a, $b)"),
        [Opcode.I64And] = B(I64, I64, "$a & $b"),
        [Opcode.I64Or] = B(I64, I64, "$a | $b"),
        [Opcode.I64Xor] = B(I64, I64, "$a ^ $b"),
        [Opcode.I64Shl] = B(I64, I64, "$a << ($b & 63)"),
        [Opcode.I64ShrS] = B(I64, I64, "(u64)((s64)$a >> ($b & 63))"),
        [Opcode.I64ShrU] = B(I64, I64, "$a >> ($b & 63)"),
        [Opcode.I64Rotl] = B(I64, I64, "mw_rotl64($a, $b)"),
        [Opcode.I64Rotr] = B(I64, I64, "mw_rotr64($a, $b)"),

        [Opcode.F32Abs] = U(F32, F32, "__builtin_fabsf($a)"),
        [Opcode.F32Neg] = U(F32, F32, "mw_f32_from(mw_f32_bits($a) ^ 0x80000000u)"),
        [Opcode.F32Ceil] = U(F32, F32, "__builtin_ceilf($a)"),
        [Opcode.F32Floor] = U(F32, F32, "__builtin_floorf($a)"),
        [Opcode.F32Trunc] = U(F32, F32, "__builtin_truncf($a)"),
        [Opcode.F32Nearest] = U(F32, F32, "__builtin_nearbyintf($a)"),
        [Opcode.F32Sqrt] = U(F32, F32, "__builtin_sqrtf($a)"),
        [Opcode.F32Add] = B(F32, F32, "$a + $b"),
        [Opcode.F32Sub] = B(F32, F32, "$a - $b"),
        [Opcode.F32Mul] = B(F32, F32, "$a * $b"),
        [Opcode.F32Div] = B(F32, F32, "$a / $b"),
        [Opcode.F32Min] = B(F32, F32, "mw_f32_min($a, $b)"),
        [Opcode.F32Max] = B(F32, F32, "mw_f32_max($a, $b)"),
        [Opcode.F32Copysign] = B(F32, F32, "__builtin_copysignf($a, $b)"),
        [Opcode.F64Abs] = U(F64, F64, "__builtin_fabs($a)"),
        [Opcode.F64Neg] = U(F64, F64, "mw_f64_from(mw_f64_bits($a) ^ 0x8000000000000000ull)"),
        [Opcode.F64Ceil] = U(F64, F64, "__builtin_ceil($a)"),
        [Opcode.F64Floor] = U(F64, F64, "__builtin_floor($a)"),
        [Opcode.F64Trunc] = U(F64, F64, "__builtin_trunc($a)"),
        [Opcode.F64Nearest] = U(F64, F64, "__builtin_nearbyint($a)"),
        [Opcode.F64Sqrt] = U(F64, F64, "__builtin_sqrt($a)"),
        [Opcode.F64Add] = B(F64, F64, "$a + $b"),
        [Opcode.F64Sub] = B(F64, F64, "$a - $b"),
        [Opcode.F64Mul] = B(F64, F64, "$a * $b"),
        [Opcode.F64Div] = B(F64, F64, "$a / $b"),
        [Opcode.F64Min] = B(F64, F64, "mw_f64_min($a, $b)"),
        [Opcode.F64Max] = B(F64, F64, "mw_f64_max($a, $b)"),
        [Opcode.F64Copysign] = B(F64, F64, "__builtin_copysign($a, $b)"),

        [Opcode.I32WrapI64] = U(I64, I32, "(u32)$a"),
        [Opcode.I32TruncF32S] = U(F32, I32, "mw_i32_trunc_f32_s(ctx, $fn, $a)"),
        [Opcode.I32TruncF32U] = U(F32, I32, "mw_i32_trunc_f32_u(ctx, $fn, $a)"),
        [Opcode.I32TruncF64S] = U(F64, I32, "mw_i32_trunc_f64_s(ctx, $fn, $a)"),
        [Opcode.I32TruncF64U] = U(F64, I32, "mw_i32_trunc_f64_u(ctx, $fn, $a)"),
        [Opcode.I64ExtendI32S] = U(I32, I64, "(u64)(s64)(s32)$a"),
        [Opcode.I64ExtendI32U] = U(I32, I64, "(u64)$a"),
        [Opcode.I64TruncF32S] = U(F32, I64, "mw_i64_trunc_f32_s(ctx, $fn, $a)"),
        [Opcode.I64TruncF32U] = U(F32, I64, "mw_i64_trunc_f32_u(ctx, $fn, $a)"),
        [Opcode.I64TruncF64S] = U(F64, I64, "mw_i64_trunc_f64_s(ctx, $fn, $a)"),
        [Opcode.I64TruncF64U] = U(F64, I64, "mw_i64_trunc_f64_u(ctx, $fn, $a)"),
        [Opcode.F32ConvertI32S] = U(I32, F32, "(f32)(s32)$a"),
        [Opcode.F32ConvertI32U] = U(I32, F32, "(f32)$a"),
        [Opcode.F32ConvertI64S] = U(I64, F32, "(f32)(s64)$a"),
        [Opcode.F32ConvertI64U] = U(I64, F32, "(f32)$a"),
        [Opcode.F32DemoteF64] = U(F64, F32, "(f32)$a"),
        [Opcode.F64ConvertI32S] = U(I32, F64, "(f64)(s32)$a"),
        [Opcode.F64ConvertI32U] = U(I32, F64, "(f64)$a"),
        [Opcode.F64ConvertI64S] = U(I64, F64, "(f64)(s64)$a"),
        [Opcode.F64ConvertI64U] = U(I64, F64, "(f64)$a"),
        [Opcode.F64PromoteF32] = U(F32, F64, "mw_f64_promote($a)"),
        [Opcode.I32ReinterpretF32] = U(F32, I32, "mw_f32_bits($a)"),
        [Opcode.I64ReinterpretF64] = U(F64, I64, "mw_f64_bits($a)"),
        [Opcode.F32ReinterpretI32] = U(I32, F32, "mw_f32_from($a)"),
        [Opcode.F64ReinterpretI64] = U(I64, F64, "mw_f64_from($a)"),
        [Opcode.I32Extend8S] = U(I32, I32, "(u32)(s32)(s8)$a"),
        [Opcode.I32Extend16S] = U(I32, I32, "(u32)(s32)(s16)$a"),
        [Opcode.I64Extend8S] = U(I64, I64, "(u64)(s64)(s8)$a"),
        [Opcode.I64Extend16S] = U(I64, I64, "(u64)(s64)(s16)$a"),
        [Opcode.I64Extend32S] = U(I64, I64, "(u64)(s64)(s32)$a"),

        [Opcode.I32TruncSatF32S] = U(F32, I32, "mw_i32_trunc_sat_f32_s($a)"),
        [Opcode.I32TruncSatF32U] = U(F32, I32, "mw_i32_trunc_sat_f32_u($a)"),
        [Opcode.I32TruncSatF64S] = U(F64, I32, "mw_i32_trunc_sat_f64_s($a)"),
        [Opcode.I32TruncSatF64U] = U(F64, I32, "mw_i32_trunc_sat_f64_u($a)"),
        [Opcode.I64TruncSatF32S] = U(F32, I64, "mw_i64_trunc_sat_f32_s($a)"),
        [Opcode.I64TruncSatF32U] = U(F32, I64, "mw_i64_trunc_sat_f32_u($a)"),
        [Opcode.I64TruncSatF64S] = U(F64, I64, "mw_i64_trunc_sat_f64_s($a)"),
        [Opcode.I64TruncSatF64U] = U(F64, I64, "mw_i64_trunc_sat_f64_u($a)"),
    };

    /// <summary>Loads (spec 4.4.7.1): the access width in bytes, the result type, and how the bytes at <c>$p</c> become the value.</summary>
    public readonly record struct MemoryAccess(int Width, ValueType Type, string Template);

    public static bool TryGetLoad(Opcode opcode, out MemoryAccess access) => Loads.TryGetValue(opcode, out access);
    public static bool TryGetStore(Opcode opcode, out MemoryAccess access) => Stores.TryGetValue(opcode, out access);

    private static readonly Dictionary<Opcode, MemoryAccess> Loads = new()
    {
        [Opcode.I32Load] = new(4, I32, "*(const mw_u32u*)($p)"),
        [Opcode.I64Load] = new(8, I64, "*(const mw_u64u*)($p)"),
        [Opcode.F32Load] = new(4, F32, "*(const mw_f32u*)($p)"),
        [Opcode.F64Load] = new(8, F64, "*(const mw_f64u*)($p)"),
        [Opcode.I32Load8S] = new(1, I32, "(u32)(s32)*(const mw_s8u*)($p)"),
        [Opcode.I32Load8U] = new(1, I32, "(u32)*(const u8*)($p)"),
        [Opcode.I32Load16S] = new(2, I32, "(u32)(s32)*(const mw_s16u*)($p)"),
        [Opcode.I32Load16U] = new(2, I32, "(u32)*(const mw_u16u*)($p)"),
        [Opcode.I64Load8S] = new(1, I64, "(u64)(s64)*(const mw_s8u*)($p)"),
        [Opcode.I64Load8U] = new(1, I64, "(u64)*(const u8*)($p)"),
        [Opcode.I64Load16S] = new(2, I64, "(u64)(s64)*(const mw_s16u*)($p)"),
        [Opcode.I64Load16U] = new(2, I64, "(u64)*(const mw_u16u*)($p)"),
        [Opcode.I64Load32S] = new(4, I64, "(u64)(s64)*(const mw_s32u*)($p)"),
        [Opcode.I64Load32U] = new(4, I64, "(u64)*(const mw_u32u*)($p)"),
    };

    /// <summary>Stores (spec 4.4.7.2): the width, the value's type, and the assignment of <c>$v</c> at <c>$p</c>.</summary>
    private static readonly Dictionary<Opcode, MemoryAccess> Stores = new()
    {
        [Opcode.I32Store] = new(4, I32, "*(mw_u32u*)($p) = $v"),
        [Opcode.I64Store] = new(8, I64, "*(mw_u64u*)($p) = $v"),
        [Opcode.F32Store] = new(4, F32, "*(mw_f32u*)($p) = $v"),
        [Opcode.F64Store] = new(8, F64, "*(mw_f64u*)($p) = $v"),
        [Opcode.I32Store8] = new(1, I32, "*(u8*)($p) = (u8)$v"),
        [Opcode.I32Store16] = new(2, I32, "*(mw_u16u*)($p) = (u16)$v"),
        [Opcode.I64Store8] = new(1, I64, "*(u8*)($p) = (u8)$v"),
        [Opcode.I64Store16] = new(2, I64, "*(mw_u16u*)($p) = (u16)$v"),
        [Opcode.I64Store32] = new(4, I64, "*(mw_u32u*)($p) = (u32)$v"),
    };
}
