using MicroWasm.Runtime;

namespace MicroWasm.Tests.Interpreter;

/// <summary>Numeric instructions (spec 4.3.2-4.3.3 and 4.4.1), each on operands passed as parameters (Wat/numeric.wat).</summary>
public class NumericTests
{
    private static readonly ModuleInstance Instance = TestModuleLoader.Instantiate(WatModules.Numeric);

    private static Value Call(string name, params Value[] args) => Instance.Call(name, args)[0];

    [Theory]
    [InlineData("i32.add", 0x7fffffff, 1, unchecked((int)0x80000000))]
    [InlineData("i32.sub", int.MinValue, 1, int.MaxValue)]
    [InlineData("i32.mul", 0x10000, 0x10000, 0)]
    [InlineData("i32.div_s", -7, 2, -3)]
    [InlineData("i32.div_u", -7, 2, 0x7ffffffc)]
    [InlineData("i32.rem_s", -7, 2, -1)]
    [InlineData("i32.rem_s", int.MinValue, -1, 0)]
    [InlineData("i32.rem_u", -7, 2, 1)]
    [InlineData("i32.and", 0b1100, 0b1010, 0b1000)]
    [InlineData("i32.or", 0b1100, 0b1010, 0b1110)]
    [InlineData("i32.xor", 0b1100, 0b1010, 0b0110)]
    [InlineData("i32.shl", 1, 33, 2)]
    [InlineData("i32.shr_s", int.MinValue, 31, -1)]
    [InlineData("i32.shr_u", int.MinValue, 63, 1)]
    [InlineData("i32.rotl", unchecked((int)0x80000001), 1, 3)]
    [InlineData("i32.rotr", 3, 1, unchecked((int)0x80000001))]
    [InlineData("i32.rotl", 0x12345678, 36, 0x23456781)]
    [InlineData("i32.lt_s", -1, 0, 1)]
    [InlineData("i32.lt_u", -1, 0, 0)]
    [InlineData("i32.ge_u", -1, 0, 1)]
    [InlineData("i32.le_s", 5, 5, 1)]
    [InlineData("i32.gt_u", 5, 5, 0)]
    [InlineData("i32.ne", 5, 6, 1)]
    public void I32_binary(string op, int a, int b, int expected) =>
        Assert.Equal(expected, Call(op, Value.I32(a), Value.I32(b)).AsI32());

    [Theory]
    [InlineData("i64.add", long.MaxValue, 1, long.MinValue)]
    [InlineData("i64.mul", 0x100000000, 0x100000000, 0)]
    [InlineData("i64.div_s", -7, 2, -3)]
    [InlineData("i64.div_u", -1, 2, long.MaxValue)]
    [InlineData("i64.rem_s", long.MinValue, -1, 0)]
    [InlineData("i64.rem_u", -7, 2, 1)]
    [InlineData("i64.shl", 1, 65, 2)]
    [InlineData("i64.shr_s", long.MinValue, 63, -1)]
    [InlineData("i64.shr_u", long.MinValue, 127, 1)]
    [InlineData("i64.rotl", unchecked((long)0x8000000000000001), 1, 3)]
    [InlineData("i64.rotr", 3, 1, unchecked((long)0x8000000000000001))]
    [InlineData("i64.lt_u", -1, 0, 0)]
    [InlineData("i64.lt_s", -1, 0, 1)]
    public void I64_binary(string op, long a, long b, long expected)
    {
        var r = Call(op, Value.I64(a), Value.I64(b));
        Assert.Equal(expected, r.Type == ValueType.I32 ? r.AsI32() : r.AsI64());
    }

    [Theory]
    [InlineData("i32.div_s", 1, 0, TrapKind.IntegerDivideByZero)]
    [InlineData("i32.div_u", 1, 0, TrapKind.IntegerDivideByZero)]
    [InlineData("i32.rem_s", 1, 0, TrapKind.IntegerDivideByZero)]
    [InlineData("i32.rem_u", 1, 0, TrapKind.IntegerDivideByZero)]
    [InlineData("i32.div_s", int.MinValue, -1, TrapKind.IntegerOverflow)]
    public void I32_division_traps(string op, int a, int b, TrapKind kind) =>
        Assert.Equal(kind, Assert.Throws<TrapException>(() => Call(op, Value.I32(a), Value.I32(b))).Kind);

    [Theory]
    [InlineData("i64.div_s", 1, 0, TrapKind.IntegerDivideByZero)]
    [InlineData("i64.div_u", 1, 0, TrapKind.IntegerDivideByZero)]
    [InlineData("i64.rem_s", 1, 0, TrapKind.IntegerDivideByZero)]
    [InlineData("i64.rem_u", 1, 0, TrapKind.IntegerDivideByZero)]
    [InlineData("i64.div_s", long.MinValue, -1, TrapKind.IntegerOverflow)]
    public void I64_division_traps(string op, long a, long b, TrapKind kind)
    {
        var e = Assert.Throws<TrapException>(() => Call(op, Value.I64(a), Value.I64(b)));
        Assert.Equal(kind, e.Kind);
        Assert.Equal(kind.Message(), e.Message);
    }

    [Theory]
    [InlineData("i32.clz", 0, 32)]
    [InlineData("i32.clz", 1, 31)]
    [InlineData("i32.ctz", 0, 32)]
    [InlineData("i32.ctz", unchecked((int)0x80000000), 31)]
    [InlineData("i32.popcnt", -1, 32)]
    [InlineData("i32.eqz", 0, 1)]
    [InlineData("i32.eqz", 5, 0)]
    [InlineData("i32.extend8_s", 0x80, -128)]
    [InlineData("i32.extend8_s", 0x17f, 127)]
    [InlineData("i32.extend16_s", 0x8000, -32768)]
    public void I32_unary(string op, int a, int expected) => Assert.Equal(expected, Call(op, Value.I32(a)).AsI32());

    [Theory]
    [InlineData("i64.clz", 0, 64)]
    [InlineData("i64.ctz", 0, 64)]
    [InlineData("i64.popcnt", -1, 64)]
    [InlineData("i64.extend8_s", 0x80, -128)]
    [InlineData("i64.extend16_s", 0x8000, -32768)]
    [InlineData("i64.extend32_s", 0x80000000, -2147483648)]
    [InlineData("i64.extend32_s", 0x17fffffff, 0x7fffffff)]
    public void I64_unary(string op, long a, long expected) => Assert.Equal(expected, Call(op, Value.I64(a)).AsI64());

    [Theory]
    [InlineData(0x1_0000_0005L, 5)]
    [InlineData(-1L, -1)]
    public void I32_wrap_keeps_the_low_bits(long a, int expected) => Assert.Equal(expected, Call("i32.wrap_i64", Value.I64(a)).AsI32());

    [Fact]
    public void I64_extend_i32_signed_and_unsigned()
    {
        Assert.Equal(-1L, Call("i64.extend_i32_s", Value.I32(-1)).AsI64());
        Assert.Equal(0xffffffffL, Call("i64.extend_i32_u", Value.I32(-1)).AsI64());
    }

    // ---- Floating point: bits in, bits out, so NaN payloads and signed zeros are compared exactly ----

    public const uint F32NegZero = 0x8000_0000, F32One = 0x3f80_0000, F32NaN = 0x7fc0_0000, F32Inf = 0x7f80_0000;
    public const ulong F64NegZero = 0x8000_0000_0000_0000, F64NaN = 0x7ff8_0000_0000_0000;

    [Theory]
    [InlineData("f32.min", 0u, F32NegZero, F32NegZero)]
    [InlineData("f32.min", F32NegZero, 0u, F32NegZero)]
    [InlineData("f32.max", F32NegZero, 0u, 0u)]
    [InlineData("f32.max", 0u, F32NegZero, 0u)]
    [InlineData("f32.copysign", F32One, F32NegZero, 0xbf80_0000u)]
    [InlineData("f32.copysign", 0xffc0_0001u, 0u, 0x7fc0_0001u)]
    [InlineData("f32.add", F32One, F32One, 0x4000_0000u)]
    [InlineData("f32.div", F32One, 0u, F32Inf)]
    public void F32_binary(string op, uint a, uint b, uint expected) =>
        Assert.Equal(expected, (uint)Call(op, Value.F32FromBits(a), Value.F32FromBits(b)).Bits);

    [Theory]
    [InlineData("f32.min")]
    [InlineData("f32.max")]
    [InlineData("f32.add")]
    [InlineData("f32.mul")]
    public void F32_operators_give_an_arithmetic_nan_for_a_nan_operand(string op)
    {
        foreach (uint nan in new uint[] { F32NaN, 0x7fa0_0000 /* signalling */, 0xffc0_1234 })
        {
            uint r = (uint)Call(op, Value.F32FromBits(nan), Value.F32FromBits(F32One)).Bits;
            Assert.True(float.IsNaN(BitConverter.UInt32BitsToSingle(r)));
            Assert.True((r & 0x0040_0000) != 0, $"{op}: 0x{r:x8} is not an arithmetic NaN"); // quiet bit set
            r = (uint)Call(op, Value.F32FromBits(F32One), Value.F32FromBits(nan)).Bits;
            Assert.True((r & 0x7fc0_0000) == 0x7fc0_0000, $"{op}: 0x{r:x8} is not an arithmetic NaN");
        }
    }

    [Theory]
    [InlineData("f64.min", 0ul, F64NegZero, F64NegZero)]
    [InlineData("f64.max", F64NegZero, 0ul, 0ul)]
    [InlineData("f64.copysign", 0x3ff0_0000_0000_0000ul, F64NegZero, 0xbff0_0000_0000_0000ul)]
    [InlineData("f64.sub", 0x3ff0_0000_0000_0000ul, 0x3ff0_0000_0000_0000ul, 0ul)]
    public void F64_binary(string op, ulong a, ulong b, ulong expected) =>
        Assert.Equal(expected, Call(op, Value.F64FromBits(a), Value.F64FromBits(b)).Bits);

    [Fact]
    public void F64_min_and_max_propagate_nan()
    {
        Assert.True(double.IsNaN(Call("f64.min", Value.F64(double.NaN), Value.F64(1)).AsF64()));
        Assert.True(double.IsNaN(Call("f64.max", Value.F64(1), Value.F64(double.NaN)).AsF64()));
        Assert.True(double.IsNaN(Call("f64.min", Value.F64(double.NegativeInfinity), Value.F64(double.NaN)).AsF64()));
    }

    [Theory]
    [InlineData("f32.eq", float.NaN, float.NaN, 0)]
    [InlineData("f32.ne", float.NaN, float.NaN, 1)]
    [InlineData("f32.lt", float.NaN, 1f, 0)]
    [InlineData("f32.ge", 1f, float.NaN, 0)]
    [InlineData("f32.eq", 0f, -0f, 1)]
    [InlineData("f32.le", -1f, -0f, 1)]
    [InlineData("f32.gt", 2f, 1f, 1)]
    public void F32_comparisons(string op, float a, float b, int expected) =>
        Assert.Equal(expected, Call(op, Value.F32(a), Value.F32(b)).AsI32());

    [Theory]
    [InlineData("f64.eq", double.NaN, double.NaN, 0)]
    [InlineData("f64.ne", double.NaN, 1.0, 1)]
    [InlineData("f64.lt", -0.0, 0.0, 0)]
    [InlineData("f64.ge", 2.0, 2.0, 1)]
    public void F64_comparisons(string op, double a, double b, int expected) =>
        Assert.Equal(expected, Call(op, Value.F64(a), Value.F64(b)).AsI32());

    [Theory]
    [InlineData("f32.nearest", 2.5f, 2f)]
    [InlineData("f32.nearest", 3.5f, 4f)]
    [InlineData("f32.nearest", -0.5f, -0f)]
    [InlineData("f32.nearest", 8388609f, 8388609f)]
    [InlineData("f32.ceil", -0.5f, -0f)]
    [InlineData("f32.floor", -0.5f, -1f)]
    [InlineData("f32.trunc", -1.5f, -1f)]
    [InlineData("f32.sqrt", 4f, 2f)]
    [InlineData("f32.abs", -0f, 0f)]
    [InlineData("f32.neg", 0f, -0f)]
    [InlineData("f32.convert_i32_s", -1, -1f)]
    public void F32_unary(string op, object a, float expected)
    {
        var arg = a is float f ? Value.F32(f) : Value.I32((int)a);
        Assert.Equal(BitConverter.SingleToUInt32Bits(expected), (uint)Call(op, arg).Bits);
    }

    [Theory]
    [InlineData("f64.nearest", 2.5, 2.0)]
    [InlineData("f64.nearest", -2.5, -2.0)]
    [InlineData("f64.nearest", 4503599627370497.0, 4503599627370497.0)]
    [InlineData("f64.ceil", -0.75, -0.0)]
    [InlineData("f64.floor", 1.5, 1.0)]
    [InlineData("f64.trunc", -0.5, -0.0)]
    [InlineData("f64.sqrt", -0.0, -0.0)]
    public void F64_unary(string op, double a, double expected) =>
        Assert.Equal(BitConverter.DoubleToUInt64Bits(expected), Call(op, Value.F64(a)).Bits);

    [Fact]
    public void F32_abs_neg_and_sqrt_of_nan()
    {
        Assert.Equal(0x7fc0_0001u, (uint)Call("f32.abs", Value.F32FromBits(0xffc0_0001)).Bits);
        Assert.Equal(0xffa0_0000u, (uint)Call("f32.neg", Value.F32FromBits(0x7fa0_0000)).Bits); // neg keeps a signalling payload
        Assert.True(float.IsNaN(Call("f32.sqrt", Value.F32(-1)).AsF32()));
        Assert.True(float.IsNaN(Call("f32.nearest", Value.F32FromBits(0x7fa0_0000)).AsF32()));
    }

    // ---- Conversions ----

    [Theory]
    [InlineData("i32.trunc_f32_s", -2147483648f, int.MinValue)]
    [InlineData("i32.trunc_f32_s", -1.9f, -1)]
    [InlineData("i32.trunc_f32_u", -0.9f, 0)]
    [InlineData("i32.trunc_f32_u", 4294967040f, -256)]
    public void I32_trunc_from_f32(string op, float a, int expected) => Assert.Equal(expected, Call(op, Value.F32(a)).AsI32());

    [Theory]
    [InlineData("i32.trunc_f64_s", -2147483648.9, int.MinValue)]
    [InlineData("i32.trunc_f64_s", 2147483647.9, int.MaxValue)]
    [InlineData("i32.trunc_f64_u", 4294967295.9, -1)]
    [InlineData("i32.trunc_f64_u", -0.99, 0)]
    public void I32_trunc_from_f64(string op, double a, int expected) => Assert.Equal(expected, Call(op, Value.F64(a)).AsI32());

    [Theory]
    [InlineData("i64.trunc_f64_s", -9223372036854775808.0, long.MinValue)]
    [InlineData("i64.trunc_f64_u", 18446744073709549568.0, -2048L)]
    [InlineData("i64.trunc_f64_u", 9223372036854775808.0, long.MinValue)]
    [InlineData("i64.trunc_f64_s", -1.5, -1L)]
    public void I64_trunc_from_f64(string op, double a, long expected) => Assert.Equal(expected, Call(op, Value.F64(a)).AsI64());

    [Theory]
    [InlineData("i32.trunc_f32_s", float.NaN, TrapKind.InvalidConversionToInteger)]
    [InlineData("i32.trunc_f32_s", 2147483648f, TrapKind.IntegerOverflow)]
    [InlineData("i32.trunc_f32_s", -2147483904f, TrapKind.IntegerOverflow)]
    [InlineData("i32.trunc_f32_u", -1f, TrapKind.IntegerOverflow)]
    [InlineData("i32.trunc_f32_u", 4294967296f, TrapKind.IntegerOverflow)]
    [InlineData("i64.trunc_f32_s", 9223372036854775808f, TrapKind.IntegerOverflow)]
    [InlineData("i64.trunc_f32_u", float.PositiveInfinity, TrapKind.IntegerOverflow)]
    [InlineData("i64.trunc_f32_u", float.NaN, TrapKind.InvalidConversionToInteger)]
    public void Trunc_from_f32_traps(string op, float a, TrapKind kind)
    {
        var e = Assert.Throws<TrapException>(() => Call(op, Value.F32(a)));
        Assert.Equal(kind, e.Kind);
        Assert.Equal(kind.Message(), e.Message);
    }

    [Theory]
    [InlineData("i32.trunc_f64_s", 2147483648.0, TrapKind.IntegerOverflow)]
    [InlineData("i32.trunc_f64_s", -2147483649.0, TrapKind.IntegerOverflow)]
    [InlineData("i32.trunc_f64_u", 4294967296.0, TrapKind.IntegerOverflow)]
    [InlineData("i32.trunc_f64_u", -1.0, TrapKind.IntegerOverflow)]
    [InlineData("i64.trunc_f64_s", 9223372036854775808.0, TrapKind.IntegerOverflow)]
    [InlineData("i64.trunc_f64_u", 18446744073709551616.0, TrapKind.IntegerOverflow)]
    [InlineData("i64.trunc_f64_s", double.NaN, TrapKind.InvalidConversionToInteger)]
    public void Trunc_from_f64_traps(string op, double a, TrapKind kind) =>
        Assert.Equal(kind, Assert.Throws<TrapException>(() => Call(op, Value.F64(a))).Kind);

    [Theory]
    [InlineData("i32.trunc_sat_f32_s", float.NaN, 0L)]
    [InlineData("i32.trunc_sat_f32_s", 3e9f, int.MaxValue)]
    [InlineData("i32.trunc_sat_f32_s", -3e9f, int.MinValue)]
    [InlineData("i32.trunc_sat_f32_u", -1f, 0L)]
    [InlineData("i32.trunc_sat_f32_u", 5e9f, -1L)]
    [InlineData("i64.trunc_sat_f32_s", float.PositiveInfinity, long.MaxValue)]
    [InlineData("i64.trunc_sat_f32_s", float.NegativeInfinity, long.MinValue)]
    [InlineData("i64.trunc_sat_f32_u", 1e20f, -1L)]
    [InlineData("i64.trunc_sat_f32_u", -5f, 0L)]
    [InlineData("i64.trunc_sat_f32_s", -1.5f, -1L)]
    public void Saturating_trunc_from_f32(string op, float a, long expected)
    {
        var r = Call(op, Value.F32(a));
        Assert.Equal(expected, r.Type == ValueType.I32 ? r.AsI32() : r.AsI64());
    }

    [Theory]
    [InlineData("i32.trunc_sat_f64_s", double.NaN, 0L)]
    [InlineData("i32.trunc_sat_f64_s", 2147483647.5, int.MaxValue)]
    [InlineData("i32.trunc_sat_f64_u", 4294967296.0, -1L)]
    [InlineData("i64.trunc_sat_f64_s", 9.3e18, long.MaxValue)]
    [InlineData("i64.trunc_sat_f64_u", 1.8446744073709552e19, -1L)]
    [InlineData("i64.trunc_sat_f64_u", 9223372036854775808.0, long.MinValue)]
    [InlineData("i64.trunc_sat_f64_u", double.NaN, 0L)]
    public void Saturating_trunc_from_f64(string op, double a, long expected)
    {
        var r = Call(op, Value.F64(a));
        Assert.Equal(expected, r.Type == ValueType.I32 ? r.AsI32() : r.AsI64());
    }

    [Theory]
    // Each needs a single correct rounding (spec test conversions.wast).
    [InlineData("f32.convert_i64_s", 9007199791611905L, 9007200328482816f)]
    [InlineData("f32.convert_i64_s", -9007199791611905L, -9007200328482816f)]
    [InlineData("f32.convert_i64_u", -1L, 18446744073709551616f)]
    [InlineData("f32.convert_i64_u", unchecked((long)0x8000_0080_0000_0001UL), 9223373136366403584f)]
    [InlineData("f32.convert_i64_u", 0x0020_0000_2000_0001L, 9007200328482816f)]
    public void F32_convert_from_i64_rounds_once(string op, long a, float expected) =>
        Assert.Equal(expected, Call(op, Value.I64(a)).AsF32());

    [Theory]
    [InlineData("f64.convert_i64_u", -1L, 18446744073709551616.0)]
    [InlineData("f64.convert_i64_u", unchecked((long)0x8000_0000_0000_0401UL), 9223372036854777856.0)]
    [InlineData("f64.convert_i64_s", long.MinValue, -9223372036854775808.0)]
    [InlineData("f64.convert_i64_s", 9007199254740993L, 9007199254740992.0)]
    public void F64_convert_from_i64(string op, long a, double expected) =>
        Assert.Equal(expected, Call(op, Value.I64(a)).AsF64());

    [Fact]
    public void Other_conversions()
    {
        Assert.Equal(4294967295f, Call("f32.convert_i32_u", Value.I32(-1)).AsF32());
        Assert.Equal(16777216f, Call("f32.convert_i32_s", Value.I32(16777217)).AsF32());
        Assert.Equal(4294967295.0, Call("f64.convert_i32_u", Value.I32(-1)).AsF64());
        Assert.Equal(-1.0, Call("f64.convert_i32_s", Value.I32(-1)).AsF64());
        Assert.Equal(float.PositiveInfinity, Call("f32.demote_f64", Value.F64(1e300)).AsF32());
        Assert.Equal(1.5, Call("f64.promote_f32", Value.F32(1.5f)).AsF64());
        Assert.True(float.IsNaN(Call("f32.demote_f64", Value.F64(double.NaN)).AsF32()));
    }

    [Fact]
    public void Reinterpretations_keep_the_bits()
    {
        Assert.Equal(unchecked((int)0xffc0_0001), Call("i32.reinterpret_f32", Value.F32FromBits(0xffc0_0001)).AsI32());
        Assert.Equal(0x7fa0_0000u, (uint)Call("f32.reinterpret_i32", Value.I32(0x7fa0_0000)).Bits);
        Assert.Equal(unchecked((long)0xfff0_0000_0000_0001), Call("i64.reinterpret_f64", Value.F64FromBits(0xfff0_0000_0000_0001)).AsI64());
        Assert.Equal(0x7ff0_0000_0000_0001ul, Call("f64.reinterpret_i64", Value.I64(0x7ff0_0000_0000_0001)).Bits);
    }

    // ---- Immediate forms: "op/immC" (constant right operand) and "op/Cimm" (constant left) agree with "op" ----

    private static readonly string[] ImmediateConstants = ["7", "-3", "0x7fffffff", "-0x80000000"];
    private static readonly long[] Samples = [0, 1, -1, 2, 7, -3, 100, int.MaxValue, int.MinValue, 0x1_0000_0000, long.MinValue, long.MaxValue, -0x8000_0001];

    public static IEnumerable<object[]> ImmediateCases()
    {
        string[] ops = ["add", "sub", "mul", "and", "or", "xor", "shl", "shr_s", "shr_u", "rotl", "rotr", "eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"];
        foreach (var t in new[] { "i32", "i64" })
            foreach (var op in ops)
                yield return [t, op];
    }

    [Theory]
    [MemberData(nameof(ImmediateCases))]
    public void Operators_with_a_constant_operand_agree_with_the_general_form(string type, string op)
    {
        bool comparison = op is "eq" or "ne" || op.Contains('_') && !op.StartsWith("sh");
        foreach (var c in ImmediateConstants)
        {
            long k = c.StartsWith("-0x") ? -Convert.ToInt64(c[3..], 16) : c.StartsWith("0x") ? Convert.ToInt64(c[2..], 16) : long.Parse(c);
            foreach (var x in Samples)
            {
                Value V(long v) => type == "i32" ? Value.I32((int)v) : Value.I64(v);
                var expected = Call($"{type}.{op}", V(x), V(k));
                Assert.Equal(expected, Call($"{type}.{op}/imm{c}", V(x)));
                if (comparison)
                    Assert.Equal(Call($"{type}.{op}", V(k), V(x)), Call($"{type}.{op}/{c}imm", V(x)));
            }
        }
    }
}
