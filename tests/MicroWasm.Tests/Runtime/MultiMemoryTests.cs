using MicroWasm.Compiler;
using MicroWasm.Runtime;
using MicroWasm.Text;

namespace MicroWasm.Tests.Runtime;

/// <summary>
/// Multiple memories (WebAssembly 3.0) through the managed API: each memory has its own bytes, size and growth; loads,
/// stores, bulk operations and data segments name theirs; imported and exported memories mix freely. Every test runs
/// interpreted here and as AOT code in <see cref="MultiMemoryAotTests"/>.
/// </summary>
public class MultiMemoryTests
{
    /// <summary>Whether the modules run as AOT code (compiled by microwasm compile) instead of interpreted.</summary>
    protected virtual bool Aot => false;

    private CompiledModule Load(string wat) =>
        Aot ? Tests.Aot.AotTestModules.Load(wat) : CompiledModule.FromBytes(WatParser.ParseModule(wat));

    private const string Module = """
        (module
          (import "env" "shared" (memory $imported 1))
          (memory $small (export "small") 1 2)
          (memory $big (export "big") 2)
          (data (memory $small) (i32.const 8) "small")
          (data $passive "PASSIVE")
          (data (memory $big) (i32.const 65536) "big")
          (func (export "load_small") (param i32) (result i32) (i32.load8_u $small (local.get 0)))
          (func (export "load_big") (param i32) (result i32) (i32.load8_u $big (local.get 0)))
          (func (export "load_imported") (param i32) (result i64) (i64.load $imported offset=1 (local.get 0)))
          (func (export "store_all") (param i32 i32)
            (i32.store8 $imported (local.get 0) (local.get 1))
            (i32.store16 $small (local.get 0) (i32.add (local.get 1) (i32.const 1)))
            (i32.store 2 (local.get 0) (i32.add (local.get 1) (i32.const 2))))
          (func (export "sizes") (result i32 i32 i32) (memory.size $imported) (memory.size $small) (memory.size 2))
          (func (export "grow_small") (param i32) (result i32) (memory.grow $small (local.get 0)))
          (func (export "copy_big_to_small") (param i32 i32 i32) (memory.copy $small $big (local.get 0) (local.get 1) (local.get 2)))
          (func (export "fill_big") (param i32 i32 i32) (memory.fill $big (local.get 0) (local.get 1) (local.get 2)))
          (func (export "init_big") (param i32) (memory.init $big $passive (local.get 0) (i32.const 0) (i32.const 7))))
        """;

    private readonly Store _store = new();
    private readonly MemoryInstance _shared;
    private readonly ModuleInstance _instance;

    public MultiMemoryTests()
    {
        _shared = _store.CreateMemory(new MemoryType(new Limits(1, null)));
        _instance = _store.Instantiate(Load(Module), new Imports().Define("env", "shared", _shared));
        Assert.Equal(Aot, _instance.AotInstance is not null);
    }

    private Value[] Call(string name, params Value[] args) => _instance.GetFunction(name).Invoke(args);

    [Fact]
    public void Data_segments_initialise_the_memory_they_name()
    {
        Assert.Equal("small", _instance.GetMemory("small").ReadUtf8(8, 5));
        Assert.Equal("big", _instance.GetMemory("big").ReadUtf8(65536, 3));
        Assert.Equal((int)'s', Call("load_small", Value.I32(8))[0].AsI32());
        Assert.Equal((int)'b', Call("load_big", Value.I32(65536))[0].AsI32());
        Assert.Equal(0, _shared.Read<byte>(8));
    }

    [Fact]
    public void Stores_reach_only_their_memory()
    {
        Call("store_all", Value.I32(100), Value.I32(40));
        Assert.Equal(40, _shared.Read<byte>(100));
        Assert.Equal(41, _instance.GetMemory("small").Read<ushort>(100));
        Assert.Equal(42, _instance.GetMemory("big").Read<int>(100));
        _shared.Write<long>(1001, 0x0102030405060708);
        Assert.Equal(0x0102030405060708, Call("load_imported", Value.I32(1000))[0].AsI64());
    }

    [Fact]
    public void Each_memory_has_its_own_size_and_growth()
    {
        Assert.Equal([Value.I32(1), Value.I32(1), Value.I32(2)], Call("sizes"));
        Assert.Equal(1, Call("grow_small", Value.I32(1))[0].AsI32());
        Assert.Equal(-1, Call("grow_small", Value.I32(1))[0].AsI32()); // its maximum is 2 pages
        Assert.Equal([Value.I32(1), Value.I32(2), Value.I32(2)], Call("sizes"));
        Assert.Equal(1UL, _shared.PageCount);
    }

    [Fact]
    public void Bulk_operations_name_their_memories_and_check_each_range()
    {
        Call("fill_big", Value.I32(10), Value.I32(0x7A), Value.I32(4));
        Call("copy_big_to_small", Value.I32(20), Value.I32(9), Value.I32(6));
        Assert.Equal("\0zzzz\0", _instance.GetMemory("small").ReadUtf8(20, 6));
        Call("init_big", Value.I32(3));
        Assert.Equal("PASSIVE", _instance.GetMemory("big").ReadUtf8(3, 7));

        // The small memory has one page: a copy into its end traps and writes nothing, though the big one has room.
        var trap = Assert.Throws<TrapException>(() => Call("copy_big_to_small", Value.I32(65535), Value.I32(0), Value.I32(2)));
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, trap.Kind);
        Assert.Equal(0, _instance.GetMemory("small").Read<byte>(65535));
        Assert.Equal((int)'b', Call("load_big", Value.I32(65536))[0].AsI32());
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Assert.Throws<TrapException>(() => Call("load_small", Value.I32(65536))).Kind);
    }

    [Fact]
    public void Memory_0_is_the_default_memory_of_the_instance() =>
        Assert.Same(_shared, _instance.Memories[0]);

    [Fact]
    public void The_2_0_feature_set_refuses_several_memories_and_memory_indices()
    {
        var bytes = WatParser.ParseModule("(module (memory 1) (memory 1))");
        Assert.Contains("multiple memories", Assert.Throws<InvalidModuleException>(() => CompiledModule.FromBytes(bytes, WasmFeatures.Wasm20)).Message);
        var indexed = WatParser.ParseModule("(module (memory 1) (memory 1) (func (drop (i32.load 1 (i32.const 0)))))");
        Assert.Contains("malformed memop flags", Assert.Throws<MalformedModuleException>(() => CompiledModule.FromBytes(indexed, WasmFeatures.Wasm20)).Message);
    }

    private const string AtomicsOnMemory1 = """
        (module
          (memory (export "plain") 1)
          (memory $shared (export "shared") 1 1 shared)
          (func (export "add") (param i32 i32) (result i32) (i32.atomic.rmw.add $shared (local.get 0) (local.get 1)))
          (func (export "load") (param i32) (result i32) (i32.atomic.load $shared (local.get 0))))
        """;

    [Fact]
    public void Atomic_accesses_reach_the_memory_they_name()
    {
        if (Aot)
        {
            // wait and notify know memory 0 only in AOT code: atomics on another memory are refused, by name.
            var e = Assert.Throws<UnsupportedFeatureException>(() => AotCompiler.Compile(WatParser.ParseModule(AtomicsOnMemory1), new AotCompileOptions()));
            Assert.Contains("atomics on memory 1 (multi-memory with threads)", e.Message);
            return;
        }
        var instance = _store.Instantiate(Load(AtomicsOnMemory1));
        Assert.Equal(0, instance.GetFunction("add").Invoke(Value.I32(8), Value.I32(5))[0].AsI32());
        Assert.Equal(5, instance.GetFunction("add").Invoke(Value.I32(8), Value.I32(2))[0].AsI32());
        Assert.Equal(7, instance.GetFunction("load").Invoke(Value.I32(8))[0].AsI32());
        Assert.Equal(7, instance.GetMemory("shared").Read<int>(8));
        Assert.Equal(0, instance.GetMemory("plain").Read<int>(8));
    }

    [Fact]
    public void Memory_indices_round_trip_through_the_text_format()
    {
        // memory 1 as a number, and a lane access with and without a memory index.
        var instance = _store.Instantiate(Load("""
            (module
              (memory 1) (memory $m 1)
              (data (memory 1) (i32.const 0) "\01\02")
              (func (export "lane") (result i32)
                (i8x16.extract_lane_u 1 (v128.load8_lane $m 1 (i32.const 1) (v128.load8_lane 0 (i32.const 0) (v128.const i64x2 0 0))))))
            """));
        Assert.Equal(2, instance.GetFunction("lane").Invoke()[0].AsI32());
    }
}

/// <summary>The same tests with every module compiled to AOT code: memories past the first are checked at each access.</summary>
public class MultiMemoryAotTests : MultiMemoryTests
{
    protected override bool Aot => true;
}
