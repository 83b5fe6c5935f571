using MicroWasm.Compiler;
using MicroWasm.Runtime;
using MicroWasm.Text;

namespace MicroWasm.Tests.Runtime;

/// <summary>
/// 64-bit memories and tables (WebAssembly 3.0 memory64 and table64) through the managed API: i64 addresses and u64
/// offsets checked without overflow, growth past 4 GiB up to this runtime's limit, bulk operations with i64 operands,
/// table64 indices, and the refusal of the 2.0 feature set. Every test runs interpreted here and as AOT code in
/// <see cref="Memory64AotTests"/>.
/// </summary>
public class Memory64Tests
{
    /// <summary>Whether the modules run as AOT code (compiled by microwasm compile) instead of interpreted.</summary>
    protected virtual bool Aot => false;

    private CompiledModule Load(string wat) =>
        Aot ? Tests.Aot.AotTestModules.Load(wat) : CompiledModule.FromBytes(WatParser.ParseModule(wat));

    private const string Module = """
        (module
          (memory (export "mem") i64 1)
          (memory $small (export "small") 1)
          (data (i64.const 16) "memory64")
          (data $passive "PASSIVE")
          (func (export "load") (param i64) (result i64) (i64.load (local.get 0)))
          (func (export "load_far") (param i64) (result i32) (i32.load8_u offset=0x1_0000_0000 (local.get 0)))
          (func (export "store") (param i64 i64) (i64.store (local.get 0) (local.get 1)))
          (func (export "store_byte") (param i64 i32) (i32.store8 (local.get 0) (local.get 1)))
          (func (export "load_byte") (param i64) (result i32) (i32.load8_u (local.get 0)))
          (func (export "size") (result i64) (memory.size))
          (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0)))
          (func (export "fill") (param i64 i32 i64) (memory.fill (local.get 0) (local.get 1) (local.get 2)))
          (func (export "init") (param i64) (memory.init $passive (local.get 0) (i32.const 0) (i32.const 7)))
          (func (export "copy_to_small") (param i32 i64 i32) (memory.copy $small 0 (local.get 0) (local.get 1) (local.get 2)))
          (func (export "load_small") (param i32) (result i32) (i32.load8_u $small (local.get 0))))
        """;

    private readonly Store _store = new();
    private readonly ModuleInstance _instance;

    public Memory64Tests()
    {
        _instance = _store.Instantiate(Load(Module));
        Assert.Equal(Aot, _instance.AotInstance is not null);
    }

    private Value[] Call(string name, params Value[] args) => _instance.GetFunction(name).Invoke(args);

    private TrapKind TrapOf(string name, params Value[] args) => Assert.Throws<TrapException>(() => Call(name, args)).Kind;

    [Fact]
    public void Data_segments_take_an_i64_offset_and_accesses_an_i64_address()
    {
        Assert.Equal("memory64", _instance.GetMemory("mem").ReadUtf8(16, 8));
        Call("store", Value.I64(65528), Value.I64(0x0102030405060708));
        Assert.Equal(0x0102030405060708, Call("load", Value.I64(65528))[0].AsI64());
        Assert.Equal(0x0102030405060708, _instance.GetMemory("mem").Read<long>(65528));
    }

    [Theory]
    [InlineData(65529L)] // the last 8 bytes would pass the end by one
    [InlineData(0x1_0000_0000L)] // 4 GiB: its low 32 bits are 0, which must not alias address 0
    [InlineData(0x1_0000_0010L)]
    [InlineData(-8L)] // 2^64 - 8
    [InlineData(long.MinValue)]
    public void An_address_past_the_end_traps_even_when_its_low_32_bits_are_in_bounds(long address)
    {
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, TrapOf("load", Value.I64(address)));
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, TrapOf("store", Value.I64(address), Value.I64(1)));
    }

    [Fact]
    public void An_offset_of_4_GiB_is_added_in_64_bits_and_an_overflowing_sum_traps()
    {
        // 16 + 2^32 is past the one page; 2^64 - 2^32 + 16 wraps to 16, which must trap rather than read "m".
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, TrapOf("load_far", Value.I64(16)));
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, TrapOf("load_far", Value.I64(unchecked((long)0xFFFF_FFFF_0000_0010))));
    }

    [Fact]
    public void Memory_grows_past_4_GiB_and_addresses_above_it_reach_their_own_bytes()
    {
        Assert.Equal(1L, Call("size")[0].AsI64());
        Assert.Equal(1L, Call("grow", Value.I64(65536))[0].AsI64());
        Assert.Equal(65537L, Call("size")[0].AsI64());
        Assert.Equal(65537UL * 65536, _instance.GetMemory("mem").SizeInBytes);

        Call("store_byte", Value.I64(0x1_0000_0010), Value.I32(0x5A));
        Assert.Equal(0x5A, Call("load_byte", Value.I64(0x1_0000_0010))[0].AsI32());
        Assert.Equal(0x5A, Call("load_far", Value.I64(0x10))[0].AsI32()); // the offset reaches it too
        Assert.Equal((int)'m', Call("load_byte", Value.I64(16))[0].AsI32()); // address 16 is unchanged
        // An access across the 4 GiB boundary, and one at the last byte.
        Call("store", Value.I64(0xFFFF_FFFC), Value.I64(0x1122334455667788));
        Assert.Equal(0x1122334455667788, Call("load", Value.I64(0xFFFF_FFFC))[0].AsI64());
        Assert.Equal(0x11223344, _instance.GetMemory("mem").Read<int>(0x1_0000_0000));
        Call("store_byte", Value.I64(65537L * 65536 - 1), Value.I32(7));
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, TrapOf("load", Value.I64(65537L * 65536 - 4)));
    }

    [Fact]
    public void Growth_past_the_runtime_limit_returns_minus_1_and_leaves_the_memory_unchanged()
    {
        Assert.Equal(-1L, Call("grow", Value.I64((long)MemoryInstance.MaxPages64Runtime))[0].AsI64());
        Assert.Equal(-1L, Call("grow", Value.I64(-1))[0].AsI64()); // 2^64 - 1 pages
        Assert.Equal(1L, Call("size")[0].AsI64());
    }

    [Fact]
    public void A_host_page_cap_limits_a_64_bit_memory_too()
    {
        using var store = new Store(new RuntimeOptions { MaxMemoryPages = 4 });
        var instance = store.Instantiate(Load(Module));
        Assert.Equal(1L, instance.GetFunction("grow").Invoke(Value.I64(3))[0].AsI64());
        Assert.Equal(-1L, instance.GetFunction("grow").Invoke(Value.I64(1))[0].AsI64());
    }

    [Fact]
    public void A_64_bit_memory_whose_minimum_passes_the_runtime_limit_is_refused_clearly()
    {
        var bytes = WatParser.ParseModule("(module (memory i64 0x1_0000_0000))");
        var e = Assert.Throws<ResourceExhaustedException>(() => _store.Instantiate(CompiledModule.FromBytes(bytes)));
        Assert.Contains("exceeds the limit", e.Message);
    }

    [Fact]
    public void Bulk_operations_take_i64_addresses_and_lengths_and_check_them_without_overflow()
    {
        Call("fill", Value.I64(100), Value.I32(0x7A), Value.I64(4));
        Assert.Equal(0x7A7A7A7A, _instance.GetMemory("mem").Read<int>(100));
        Call("init", Value.I64(200));
        Assert.Equal("PASSIVE", _instance.GetMemory("mem").ReadUtf8(200, 7));
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, TrapOf("fill", Value.I64(1), Value.I32(0), Value.I64(-1)));
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, TrapOf("fill", Value.I64(0x1_0000_0000), Value.I32(0), Value.I64(0)));
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, TrapOf("init", Value.I64(0x1_0000_0000)));
        // A destination near 2^64: destination + length wraps to a small number, which must not pass the check.
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, TrapOf("init", Value.I64(-1)));
        Assert.Equal(0, _instance.GetMemory("mem").Read<byte>(104));
    }

    [Fact]
    public void Memory_copy_from_a_64_bit_memory_to_a_32_bit_one_takes_an_i64_source_and_i32_length()
    {
        Call("copy_to_small", Value.I32(8), Value.I64(16), Value.I32(8));
        Assert.Equal("memory64", _instance.GetMemory("small").ReadUtf8(8, 8));
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, TrapOf("copy_to_small", Value.I32(0), Value.I64(0x1_0000_0000), Value.I32(1)));
    }

    [Fact]
    public void Table64_indices_are_i64_and_an_index_past_2_to_the_32_is_out_of_bounds()
    {
        var instance = _store.Instantiate(Load("""
            (module
              (type $r (func (result i32)))
              (table $t i64 2 funcref)
              (elem (table $t) (i64.const 1) func $seven)
              (func $seven (result i32) (i32.const 7))
              (func (export "call") (param i64) (result i32) (call_indirect $t (type $r) (local.get 0)))
              (func (export "size") (result i64) (table.size $t))
              (func (export "grow") (param i64) (result i64) (table.grow $t (ref.null func) (local.get 0))))
            """));
        Value[] Invoke(string name, long argument) => instance.GetFunction(name).Invoke(Value.I64(argument));
        Assert.Equal(7, Invoke("call", 1)[0].AsI32());
        Assert.Equal(TrapKind.UninitializedElement, Assert.Throws<TrapException>(() => Invoke("call", 0)).Kind);
        Assert.Equal(TrapKind.UndefinedElement, Assert.Throws<TrapException>(() => Invoke("call", 0x1_0000_0001)).Kind);
        Assert.Equal(2L, instance.GetFunction("size").Invoke()[0].AsI64());
        Assert.Equal(2L, Invoke("grow", 3)[0].AsI64());
        Assert.Equal(-1L, Invoke("grow", 0x1_0000_0000)[0].AsI64());
        Assert.Equal(5L, instance.GetFunction("size").Invoke()[0].AsI64());
    }

    [Fact]
    public void Atomic_accesses_take_an_i64_address_and_keep_their_alignment_check()
    {
        const string atomics = """
            (module
              (memory (export "shared") i64 1 1 shared)
              (func (export "add") (param i64 i32) (result i32) (i32.atomic.rmw.add offset=4 (local.get 0) (local.get 1))))
            """;
        if (Aot)
        {
            // AOT code's atomics rely on memory 0's guard region, which 64-bit memories lack: refused, by name.
            var e = Assert.Throws<UnsupportedFeatureException>(() => AotCompiler.Compile(WatParser.ParseModule(atomics), new AotCompileOptions()));
            Assert.Contains("atomics on a 64-bit memory (memory64 with threads)", e.Message);
            return;
        }
        var instance = _store.Instantiate(Load(atomics));
        Value[] Add(long address, int value) => instance.GetFunction("add").Invoke(Value.I64(address), Value.I32(value));
        Assert.Equal(0, Add(4, 5)[0].AsI32());
        Assert.Equal(5, Add(4, 2)[0].AsI32());
        Assert.Equal(7, instance.GetMemory("shared").Read<int>(8));
        Assert.Equal(TrapKind.UnalignedAtomic, Assert.Throws<TrapException>(() => Add(2, 1)).Kind);
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Assert.Throws<TrapException>(() => Add(0x1_0000_0000, 1)).Kind);
    }

    [Fact]
    public void The_2_0_feature_set_refuses_64_bit_memories_in_text_and_binary()
    {
        Assert.Throws<MalformedModuleException>(() => WatParser.ParseModule("(module (memory i64 1))", WasmFeatures.Wasm20));
        var offset = Assert.Throws<MalformedModuleException>(() => WatParser.ParseModule(
            "(module (memory 1) (func (drop (i32.load offset=4294967296 (i32.const 0)))))", WasmFeatures.Wasm20));
        Assert.Contains("i32 constant out of range", offset.Message);
        var bytes = WatParser.ParseModule("(module (memory i64 1))");
        Assert.Throws<MalformedModuleException>(() => CompiledModule.FromBytes(bytes, WasmFeatures.Wasm20));
        Assert.Throws<MalformedModuleException>(() => CompiledModule.FromBytes(bytes, WasmFeatures.All with { Memory64 = false }));
    }

    [Fact]
    public void A_32_bit_memory_refuses_an_offset_past_4_GiB_as_invalid()
    {
        var bytes = WatParser.ParseModule("(module (memory 1) (func (drop (i32.load offset=4294967296 (i32.const 0)))))");
        Assert.Contains("offset out of range", Assert.Throws<InvalidModuleException>(() => CompiledModule.FromBytes(bytes)).Message);
    }

    [Fact]
    public void Imports_match_only_the_same_address_type()
    {
        var memory = _store.CreateMemory(new MemoryType(new Limits(1, null)));
        var bytes = WatParser.ParseModule("(module (import \"env\" \"m\" (memory i64 1)))");
        Assert.Throws<LinkException>(() => _store.Instantiate(CompiledModule.FromBytes(bytes), new Imports().Define("env", "m", memory)));
        var memory64 = _store.CreateMemory(new MemoryType(new Limits(1, null), AddressType: ValueType.I64));
        _store.Instantiate(CompiledModule.FromBytes(bytes), new Imports().Define("env", "m", memory64));
    }
}

/// <summary>The same tests with every module compiled to AOT code: 64-bit memories are checked at each access, without overflow.</summary>
public class Memory64AotTests : Memory64Tests
{
    protected override bool Aot => true;
}
