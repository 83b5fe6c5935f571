using MicroWasm.Runtime;

namespace MicroWasm.Tests.Aot;

/// <summary>
/// AOT code checks no ordinary memory access: it relies on the guard region past the memory, and the fault handler turns
/// a fault there into the spec's trap (AotFaultHandler). Every other fault still reaches the .NET runtime.
/// </summary>
public class AotGuardRegionTests
{
    private const string Accesses = """
        (module $accesses
          (import "env" "memory" (memory 1 3))
          (func $load (export "load") (param i32) (result i32) (i32.load (local.get 0)))
          (func (export "load_far") (param i32) (result i32) (i32.load offset=0xC0000000 (local.get 0)))
          (func (export "load_dropped") (param i32) (drop (i64.load (local.get 0))))
          (func (export "load_zeroed") (param i32) (result i32) (i32.mul (i32.load (local.get 0)) (i32.const 0)))
          (func (export "store64") (param i32 i64) (i64.store (local.get 0) (local.get 1)))
          (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
          (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
          (func $nested (export "nested") (param i32) (result i32) (i32.add (call $load (local.get 0)) (i32.const 1)))
          (func (export "count") (param $n i32) (result i32) (local $i i32)
            (loop $l
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
            (local.get $i))
        )
        """;

    private static (ModuleInstance Instance, MemoryInstance Memory) Instantiate(Store store, MemoryInstance? memory = null)
    {
        memory ??= store.CreateMemory(new MemoryType(new Limits(1, 3)));
        var instance = store.Instantiate(AotTestModules.Load(Accesses), new Imports().Define("env", "memory", memory));
        return (instance, memory);
    }

    private static TrapException Traps(ModuleInstance instance, string name, params Value[] args) =>
        Assert.Throws<TrapException>(() => instance.GetFunction(name).Invoke(args));

    [Theory]
    [InlineData("load", 65533)]
    [InlineData("load", -1)]
    [InlineData("load_far", 0)]
    [InlineData("load_dropped", 65529)]
    [InlineData("load_zeroed", 65536)]
    [InlineData("load8", 65536)]
    public void Every_load_past_the_end_traps_even_when_its_value_is_unused(string function, int address)
    {
        using var store = new Store();
        var (instance, _) = Instantiate(store);
        var trap = Traps(instance, function, Value.I32(address));
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, trap.Kind);
        Assert.Equal("out of bounds memory access", trap.Message);
    }

    [Fact]
    public void A_store_straddling_the_end_traps_and_writes_nothing()
    {
        using var store = new Store();
        var (instance, memory) = Instantiate(store);
        Traps(instance, "store64", Value.I32(65532), Value.I64(-1));
        Assert.Equal(0, memory.Read<int>(65532));
    }

    [Fact]
    public void A_fault_trap_names_the_function_and_its_callers()
    {
        using var store = new Store();
        var (instance, _) = Instantiate(store);
        var trap = Traps(instance, "nested", Value.I32(70000));
        // $load has a frame of its own unless the C compiler inlined it into $nested.
        Assert.Contains(string.Join(" ", trap.WasmStackTrace), new[] { "accesses!load accesses!nested", "accesses!nested" });
        // The instance stays usable after the fault.
        Assert.Equal(1, instance.GetFunction("nested").Invoke(Value.I32(0))[0].AsI32());
    }

    [Fact]
    public void Pages_added_by_growth_are_accessible_and_the_new_end_traps()
    {
        using var store = new Store();
        var (instance, memory) = Instantiate(store);
        Assert.Equal(1, instance.GetFunction("grow").Invoke(Value.I32(1))[0].AsI32());
        memory.Write(2 * 65536 - 4, 1234);
        Assert.Equal(1234, instance.GetFunction("load").Invoke(Value.I32(2 * 65536 - 4))[0].AsI32());
        Traps(instance, "load", Value.I32(2 * 65536 - 3));
        memory.Grow(1);
        Assert.Equal(1234 >> 8, instance.GetFunction("load").Invoke(Value.I32(2 * 65536 - 3))[0].AsI32());
    }

    [Fact]
    public void A_store_without_reservation_still_gives_AOT_code_a_guarded_memory()
    {
        using var store = new Store(new RuntimeOptions { ReserveMemory = false });
        var instance = store.Instantiate(AotTestModules.Load("""
            (module (memory 1) (func (export "load") (param i32) (result i32) (i32.load (local.get 0))))
            """));
        Assert.Equal(0, instance.GetFunction("load").Invoke(Value.I32(65532))[0].AsI32());
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Traps(instance, "load", Value.I32(65533)).Kind);
    }

    [Fact]
    public void A_memory_without_a_guard_region_is_refused_with_a_clear_error()
    {
        using var store = new Store(new RuntimeOptions { ReserveMemory = false });
        var unguarded = store.CreateMemory(new MemoryType(new Limits(1, 3)));
        var e = Assert.Throws<ResourceExhaustedException>(() => Instantiate(store, unguarded));
        Assert.Contains("guard region", e.Message);
    }

    [Fact]
    public void The_memory_of_an_interpreted_instance_has_no_guard_region_and_is_refused_by_AOT_code()
    {
        using var store = new Store();
        var interpreted = store.Instantiate(CompiledModule.FromText("(module (memory (export \"memory\") 1 3))"));
        var e = Assert.Throws<ResourceExhaustedException>(() => Instantiate(store, interpreted.GetMemory("memory")));
        Assert.Contains("guard region", e.Message);
    }

    [Fact]
    public void Code_still_running_on_a_disposed_memory_traps()
    {
        using var store = new Store();
        var memory = new MemoryInstance(new MemoryType(new Limits(1, 3)));
        var (instance, _) = Instantiate(store, memory);
        memory.Dispose();
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Traps(instance, "load", Value.I32(0)).Kind);
    }

    [Fact]
    public void Faults_outside_AOT_code_still_reach_the_dotnet_runtime()
    {
        using var store = new Store();
        var (instance, _) = Instantiate(store);
        Traps(instance, "load", Value.I32(65536)); // the handler is installed and has run
        // A null dereference in managed code is a hardware fault that the .NET runtime turns into an exception.
        Assert.Throws<NullReferenceException>(() => Dereference(null));
    }

    private static int Dereference(int[]? array) => array![0];

    [Fact]
    public void Another_stores_termination_request_does_not_stop_this_stores_loops()
    {
        using var stopped = new Store();
        using var running = new Store();
        var (instance, _) = Instantiate(running);
        stopped.Terminate();
        try
        {
            Assert.Equal(100_000, instance.GetFunction("count").Invoke(Value.I32(100_000))[0].AsI32());
        }
        finally
        {
            stopped.ClearTermination();
        }
    }
}
