using MicroWasm.Runtime;

namespace MicroWasm.Tests.Interpreter;

/// <summary>Memory instructions (spec 4.4.7), on Wat/memory.wat: one page, at most four, data "\01..\08\f0\ff" at 16.</summary>
public class MemoryTests
{
    private readonly ModuleInstance _instance = TestModuleLoader.Instantiate(WatModules.Memory);

    private Value Call(string name, params Value[] args) => _instance.Call(name, args) is { Length: > 0 } r ? r[0] : default;

    private void AssertTrap(TrapKind kind, string name, params Value[] args)
    {
        var e = Assert.Throws<TrapException>(() => _instance.Call(name, args));
        Assert.Equal(kind, e.Kind);
        Assert.Equal(kind.Message(), e.Message);
    }

    [Theory]
    [InlineData("i32.load", 16, 0x04030201L)]
    [InlineData("i32.load/off", 12, 0x04030201L)]
    [InlineData("i64.load", 16, 0x0807060504030201L)]
    [InlineData("i32.load8_s", 24, -16L)]
    [InlineData("i32.load8_u", 24, 0xf0L)]
    [InlineData("i32.load16_s", 24, unchecked((short)0xfff0))]
    [InlineData("i32.load16_u", 24, 0xfff0L)]
    [InlineData("i64.load8_s", 25, -1L)]
    [InlineData("i64.load8_u", 25, 0xffL)]
    [InlineData("i64.load16_s", 24, -16L)]
    [InlineData("i64.load16_u", 24, 0xfff0L)]
    [InlineData("i64.load32_s", 22, unchecked((int)0xfff00807))]
    [InlineData("i64.load32_u", 22, 0xfff00807L)]
    [InlineData("i32.load", 17, 0x05040302L)]
    public void Loads_read_little_endian_and_extend(string op, int address, long expected)
    {
        var r = Call(op, Value.I32(address));
        Assert.Equal(expected, r.Type == ValueType.I32 ? r.AsI32() : r.AsI64());
    }

    [Fact]
    public void Stores_write_the_low_bytes()
    {
        Call("i64.store", Value.I32(100), Value.I64(-1));
        Call("i32.store8", Value.I32(100), Value.I32(0x1234));
        Call("i32.store16", Value.I32(102), Value.I32(0x5678));
        Assert.Equal(unchecked((long)0xffff_ffff_5678_ff34), Call("i64.load", Value.I32(100)).AsI64());
        Call("i64.store32", Value.I32(104), Value.I64(0x1_2345_6789));
        Call("i64.store16", Value.I32(100), Value.I64(0xabcd));
        Call("i64.store8", Value.I32(102), Value.I64(0x11));
        Assert.Equal(0x2345_6789_5611_abcdL, Call("i64.load", Value.I32(100)).AsI64());
        Call("i32.store", Value.I32(200), Value.I32(-2));
        Assert.Equal(-2, Call("i32.load", Value.I32(200)).AsI32());
        Call("f32.store", Value.I32(204), Value.F32FromBits(0x7fa0_0001));
        Assert.Equal(0x7fa0_0001u, (uint)Call("f32.load", Value.I32(204)).Bits); // no NaN canonicalisation
        Call("f64.store", Value.I32(208), Value.F64FromBits(0xfff4_0000_0000_0001));
        Assert.Equal(0xfff4_0000_0000_0001ul, Call("f64.load", Value.I32(208)).Bits);
    }

    [Theory]
    [InlineData("i32.load", 65533)]
    [InlineData("i32.load", -1)]
    [InlineData("i64.load", 65529)]
    [InlineData("i32.load8_u", 65536)]
    [InlineData("i32.load/off", 65530)]
    [InlineData("i32.load/maxoff", 0)]
    [InlineData("i32.load/maxoff", -1)]
    [InlineData("i64.load32_u", 65533)]
    public void Loads_past_the_end_trap(string op, int address) => AssertTrap(TrapKind.OutOfBoundsMemoryAccess, op, Value.I32(address));

    [Fact]
    public void Loads_and_stores_at_the_last_bytes_succeed()
    {
        Call("i32.store", Value.I32(65532), Value.I32(7));
        Assert.Equal(7, Call("i32.load", Value.I32(65532)).AsI32());
        Assert.Equal(0, Call("i32.load8_u", Value.I32(65535)).AsI32());
        AssertTrap(TrapKind.OutOfBoundsMemoryAccess, "i32.store", Value.I32(65533), Value.I32(1));
        AssertTrap(TrapKind.OutOfBoundsMemoryAccess, "i64.store", Value.I32(-8), Value.I64(1));
    }

    [Fact]
    public void An_added_constant_wraps_at_32_bits_but_an_offset_does_not()
    {
        Assert.Equal(0x04030201, Call("load-add-wraps", Value.I32(-4)).AsI32()); // (-4 + 20) mod 2^32 = 16
        Assert.Equal(0x04030201, Call("load-add-offset", Value.I32(16)).AsI32());
        // (4 - 8) wraps to 0xfffffffc, and the offset 4 takes the access past 4 GiB: out of bounds.
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Assert.Throws<TrapException>(() => Call("load-add-offset", Value.I32(0))).Kind);
        Call("store-add", Value.I32(4), Value.I32(77)); // stores at 4 - 4 + 8
        Assert.Equal(77, Call("i32.load", Value.I32(8)).AsI32());
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Assert.Throws<TrapException>(() => Call("store-add", Value.I32(0), Value.I32(1))).Kind);
    }

    [Fact]
    public void A_product_of_two_loads_reads_both_operands()
    {
        Call("f32.store", Value.I32(500), Value.F32(1.5f));
        Call("f32.store", Value.I32(504), Value.F32(-4f));
        Assert.Equal(-6f, Call("mul-loads-f32", Value.I32(500), Value.I32(504)).AsF32());
        Call("f64.store", Value.I32(520), Value.F64(0.25));
        Call("f64.store", Value.I32(536), Value.F64(8));
        Assert.Equal(2.0, Call("mul-loads-f64", Value.I32(512), Value.I32(528)).AsF64());
    }

    [Theory]
    [InlineData("mul-loads-f32", 65533, 0)]
    [InlineData("mul-loads-f32", 0, 65533)]
    [InlineData("mul-loads-f64", 65528, 0)]
    [InlineData("mul-loads-f64", 0, 65528)]
    public void A_product_of_two_loads_traps_when_either_is_out_of_bounds(string name, int a, int b) =>
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Assert.Throws<TrapException>(() => Call(name, Value.I32(a), Value.I32(b))).Kind);

    // acc, a, b bits: rounding where a fused multiply-add would differ, NaNs (quiet, signalling, both
    // operands, made by inf * 0), signed zeros, overflow of the product.
    [Theory]
    [InlineData(0xBF800002u, 0x3F800001u, 0x3F800001u)] // -(1+2^-22) + (1+2^-23)^2: 0 with two roundings, 2^-46 fused
    [InlineData(0x3F800000u, 0x33800000u, 0x33800000u)] // 1 + 2^-48: the product vanishes in the sum
    [InlineData(0x7FC00001u, 0x7FC00002u, 0x3F800000u)] // both NaN: the addition's operand order picks the payload
    [InlineData(0x7FC00001u, 0x7F800001u, 0x3F800000u)] // signalling NaN in memory
    [InlineData(0x3F800000u, 0x7F800000u, 0x00000000u)] // inf * 0 = NaN
    [InlineData(0x7FC00003u, 0x7F800000u, 0x00000000u)] // NaN + (inf * 0)
    [InlineData(0x80000000u, 0x80000000u, 0x3F800000u)] // -0 + -0 = -0
    [InlineData(0x00000000u, 0x80000000u, 0x3F800000u)] // +0 + -0 = +0
    [InlineData(0xFF800000u, 0x7F000000u, 0x7F000000u)] // -inf + overflow to inf = NaN
    [InlineData(0xFF7FFFFFu, 0x5F800000u, 0x5F800000u)] // -max + 2^128 (inf in f32; finite if fused)
    public void A_multiply_add_of_two_loads_rounds_the_product_then_the_sum_f32(uint acc, uint a, uint b)
    {
        Call("i32.store", Value.I32(700), Value.I32((int)a));
        Call("i32.store", Value.I32(704), Value.I32((int)b));
        var args = new[] { Value.F32FromBits(acc), Value.I32(700), Value.I32(704) };
        Assert.Equal(Call("mla-f32-ref", args).Bits, Call("mla-f32", args).Bits);
        Assert.Equal(Call("mla-f32-r-ref", args).Bits, Call("mla-f32-r", args).Bits);
        float product = BitConverter.UInt32BitsToSingle(a) * BitConverter.UInt32BitsToSingle(b);
        float expected = BitConverter.UInt32BitsToSingle(acc) + product;
        if (!float.IsNaN(expected))
        {
            Assert.Equal(BitConverter.SingleToUInt32Bits(expected), (uint)Call("mla-f32", args).Bits);
            Assert.Equal(BitConverter.SingleToUInt32Bits(product + BitConverter.UInt32BitsToSingle(acc)), (uint)Call("mla-f32-r", args).Bits);
        }
        else
        {
            Assert.True(float.IsNaN(Call("mla-f32", args).AsF32()));
        }
    }

    [Theory]
    [InlineData(0xBFF0000000000002ul, 0x3FF0000000000001ul, 0x3FF0000000000001ul)] // 0 with two roundings, 2^-104 fused
    [InlineData(0x7FF8000000000001ul, 0x7FF8000000000002ul, 0x3FF0000000000000ul)] // both NaN
    [InlineData(0x7FF8000000000001ul, 0x7FF0000000000001ul, 0x3FF0000000000000ul)] // signalling NaN in memory
    [InlineData(0x3FF0000000000000ul, 0x7FF0000000000000ul, 0x0000000000000000ul)] // inf * 0
    [InlineData(0x8000000000000000ul, 0x8000000000000000ul, 0x3FF0000000000000ul)] // -0 + -0
    [InlineData(0xFFEFFFFFFFFFFFFFul, 0x5FF0000000000000ul, 0x5FF0000000000000ul)] // -max + 2^1024 (inf; finite if fused)
    public void A_multiply_add_of_two_loads_rounds_the_product_then_the_sum_f64(ulong acc, ulong a, ulong b)
    {
        Call("i64.store", Value.I32(720), Value.I64((long)a));
        Call("i64.store", Value.I32(736), Value.I64((long)b)); // read at 728 + offset 8
        var args = new[] { Value.F64FromBits(acc), Value.I32(720), Value.I32(728) };
        Assert.Equal(Call("mla-f64-ref", args).Bits, Call("mla-f64", args).Bits);
        Assert.Equal(Call("mla-f64-r-ref", args).Bits, Call("mla-f64-r", args).Bits);
        double expected = BitConverter.UInt64BitsToDouble(acc) + BitConverter.UInt64BitsToDouble(a) * BitConverter.UInt64BitsToDouble(b);
        if (!double.IsNaN(expected)) Assert.Equal(BitConverter.DoubleToUInt64Bits(expected), Call("mla-f64", args).Bits);
        else Assert.True(double.IsNaN(Call("mla-f64", args).AsF64()));
    }

    [Fact]
    public void Additions_of_products_of_loads_are_fused()
    {
        var compiled = _instance.Compiled;
        string code = string.Join("\n", Enumerable.Range(0, compiled.Module.Codes.Length).Select(i =>
            MicroWasm.Interpreter.Disassembler.Disassemble(new MicroWasm.Interpreter.Translator(compiled.Module).Translate(i))));
        Assert.Contains("F32MulLoadsAdd ", code);
        Assert.Contains("F32MulLoadsAddR", code);
        Assert.Contains("F64MulLoadsAdd ", code);
        Assert.Contains("F64MulLoadsAddR", code);
    }

    [Fact]
    public void A_dot_product_accumulates_with_two_roundings_a_step()
    {
        var rng = new Random(7);
        float expected = 0;
        for (int i = 0; i < 50; i++)
        {
            float x = (float)(rng.NextDouble() * 200 - 100), y = (float)(rng.NextDouble() * 1e-3);
            Call("f32.store", Value.I32(1000 + 4 * i), Value.F32(x));
            Call("f32.store", Value.I32(2000 + 4 * i), Value.F32(y));
            float p = x * y;
            expected = expected + p;
        }
        Assert.Equal(BitConverter.SingleToUInt32Bits(expected), (uint)Call("dot-f32", Value.I32(1000), Value.I32(2000), Value.I32(50)).Bits);
    }

    [Theory]
    [InlineData("mla-f32", 65533, 0)]
    [InlineData("mla-f32", 0, 65533)]
    [InlineData("mla-f32-r", 65533, 0)]
    [InlineData("mla-f32-r", 0, 65533)]
    [InlineData("mla-f64", 65529, 0)]
    [InlineData("mla-f64", 0, 65521)]
    [InlineData("mla-f64-r", 65529, 0)]
    [InlineData("mla-f64-r", 0, 65521)]
    [InlineData("mla-f64", 0, -8)] // the offset carries the address past 4 GiB
    public void A_multiply_add_of_two_loads_traps_when_either_is_out_of_bounds(string name, int a, int b)
    {
        var acc = name.StartsWith("mla-f32") ? Value.F32(1) : Value.F64(1);
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Assert.Throws<TrapException>(() => Call(name, acc, Value.I32(a), Value.I32(b))).Kind);
    }

    [Fact]
    public void Stores_of_constants_write_the_constant_bytes()
    {
        Call("store-consts", Value.I32(600));
        Assert.Equal(0x34, Call("i32.load8_u", Value.I32(600)).AsI32());
        Assert.Equal(0xfffe, Call("i32.load16_u", Value.I32(601)).AsI32());
        Assert.Equal(0x8000_0000u, (uint)Call("f32.load", Value.I32(603)).Bits);
        Assert.Equal(-3L, Call("i64.load", Value.I32(607)).AsI64());
        Assert.Equal(1.5, Call("f64.load", Value.I32(615)).AsF64());
        Assert.Equal(7L, Call("i64.load32_u", Value.I32(623)).AsI64());
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Assert.Throws<TrapException>(() => Call("store-consts", Value.I32(65530))).Kind);
        Assert.Equal(0x34, Call("i32.load8_u", Value.I32(65530)).AsI32()); // the first store was in bounds and stays done
    }

    [Fact]
    public void Memory_grow_returns_the_old_size_or_minus_one()
    {
        Assert.Equal(1, Call("size").AsI32());
        Assert.Equal(1, Call("grow", Value.I32(2)).AsI32());
        Assert.Equal(3, Call("size").AsI32());
        Assert.Equal(-1, Call("grow", Value.I32(2)).AsI32());
        Assert.Equal(3, Call("grow", Value.I32(0)).AsI32());
        Assert.Equal(-1, Call("grow", Value.I32(-1)).AsI32());
        // The new pages are zero and accessible.
        Assert.Equal(0L, Call("i64.load", Value.I32(3 * 65536 - 8)).AsI64());
    }

    [Fact]
    public void Accesses_after_grow_in_the_same_function_see_the_new_size() =>
        Assert.Equal(42, Call("grow-then-store", Value.I32(65536 + 100)).AsI32());

    [Fact]
    public void Memory_fill_and_copy()
    {
        Call("fill", Value.I32(300), Value.I32(0x1AB), Value.I32(4));
        Assert.Equal(unchecked((int)0xabababab), Call("i32.load", Value.I32(300)).AsI32());
        Call("copy", Value.I32(301), Value.I32(16), Value.I32(4)); // forward
        Assert.Equal(0x030201ab, Call("i32.load", Value.I32(300)).AsI32());
        Call("copy", Value.I32(17), Value.I32(16), Value.I32(8)); // overlapping, destination above source
        Assert.Equal(0x0302_0101L, Call("i32.load", Value.I32(16)).AsI32());
        Call("copy", Value.I32(16), Value.I32(17), Value.I32(8)); // overlapping, destination below source
        Assert.Equal(0x0807_0605_0403_0201L, Call("i64.load", Value.I32(16)).AsI64());
    }

    [Theory]
    [InlineData("fill", 65530, 0, 7)]
    [InlineData("fill", 65537, 0, 0)]
    [InlineData("copy", 65530, 0, 7)]
    [InlineData("copy", 0, 65530, 7)]
    [InlineData("copy", 0, 65537, 0)]
    [InlineData("init", 65534, 0, 3)]
    [InlineData("init", 0, 2, 4)]
    [InlineData("init", 0, 6, 0)]
    public void Bulk_memory_out_of_bounds_traps_and_writes_nothing(string op, int d, int s, int n)
    {
        AssertTrap(TrapKind.OutOfBoundsMemoryAccess, op, Value.I32(d), Value.I32(s), Value.I32(n));
        Assert.Equal(0, Call("i32.load8_u", Value.I32(65535)).AsI32());
        Assert.Equal(0, Call("i32.load", Value.I32(0)).AsI32());
    }

    [Fact]
    public void Zero_length_bulk_operations_at_the_end_succeed()
    {
        Call("fill", Value.I32(65536), Value.I32(1), Value.I32(0));
        Call("copy", Value.I32(65536), Value.I32(65536), Value.I32(0));
        Call("init", Value.I32(65536), Value.I32(5), Value.I32(0));
    }

    [Fact]
    public void Memory_init_copies_from_a_passive_segment_until_it_is_dropped()
    {
        Call("init", Value.I32(400), Value.I32(1), Value.I32(3));
        Assert.Equal(0x006c6c65, Call("i32.load", Value.I32(400)).AsI32()); // "ell"
        Call("drop");
        AssertTrap(TrapKind.OutOfBoundsMemoryAccess, "init", Value.I32(400), Value.I32(0), Value.I32(1));
        Call("init", Value.I32(400), Value.I32(0), Value.I32(0)); // a dropped segment has length zero
        Call("drop"); // dropping twice is allowed
    }

    [Theory]
    [InlineData(10, 4)]
    [InlineData(100, 25)]
    [InlineData(10000, 1229)]
    public void Sieve_counts_primes(int n, int expected) => Assert.Equal(expected, Call("sieve", Value.I32(n)).AsI32());
}
