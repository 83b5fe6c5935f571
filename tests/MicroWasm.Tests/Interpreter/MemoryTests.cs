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
