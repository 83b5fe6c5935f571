using MicroWasm.Runtime;

namespace MicroWasm.Tests.Runtime;

/// <summary>The runtime with the text parser, validator and interpreter: modules in WAT driven through the embedding API.</summary>
public class ExecutionIntegrationTests
{
    private static ModuleInstance Instantiate(Store store, string wat, Imports? imports = null) =>
        store.Instantiate(CompiledModule.FromText(wat), imports);

    [Fact]
    public void An_exported_function_is_invoked_with_arguments_and_returns_results()
    {
        using var store = new Store();
        var instance = Instantiate(store, """
            (module (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))
            """);
        Assert.Equal([Value.I32(5)], instance.GetFunction("add").Invoke(Value.I32(2), Value.I32(3)));
    }

    [Fact]
    public void A_module_function_calls_an_imported_host_function()
    {
        using var store = new Store();
        var instance = Instantiate(store, """
            (module
              (import "env" "double" (func $double (param i32) (result i32)))
              (func (export "run") (param i32) (result i32) (call $double (local.get 0))))
            """, new Imports().DefineFunction("env", "double", (int x) => 2 * x));
        Assert.Equal(42, instance.GetFunction("run").Invoke(Value.I32(21))[0].AsI32());
    }

    [Fact]
    public void A_host_function_sees_the_memory_of_its_caller()
    {
        using var store = new Store();
        ModuleInstance? instance = null;
        string? logged = null;
        var imports = new Imports().DefineFunction("env", "log", (int pointer, int length) =>
        {
            logged = instance!.GetMemory("memory").ReadUtf8((uint)pointer, length);
        });
        instance = Instantiate(store, """
            (module
              (import "env" "log" (func $log (param i32 i32)))
              (memory (export "memory") 1)
              (data (i32.const 16) "hello, host")
              (func (export "main") (call $log (i32.const 16) (i32.const 11))))
            """, imports);

        instance.GetFunction("main").Invoke();

        Assert.Equal("hello, host", logged);
    }

    [Fact]
    public void A_start_function_in_the_module_runs_during_instantiation()
    {
        using var store = new Store();
        var instance = Instantiate(store, """
            (module
              (global (export "g") (mut i32) (i32.const 0))
              (func $init (global.set 0 (i32.const 42)))
              (start $init))
            """);
        Assert.Equal(42, instance.GetGlobal("g").Value.AsI32());
    }

    [Fact]
    public void A_trap_in_a_module_function_surfaces_with_its_kind()
    {
        using var store = new Store();
        var instance = Instantiate(store, """(module (func (export "boom") unreachable))""");
        Assert.Equal(TrapKind.Unreachable, Assert.Throws<TrapException>(() => instance.GetFunction("boom").Invoke()).Kind);
    }

    [Fact]
    public void Memory_grow_from_the_module_keeps_the_base_address()
    {
        using var store = new Store();
        var instance = Instantiate(store, """
            (module
              (memory (export "m") 1 3)
              (func (export "grow") (result i32) (memory.grow (i32.const 1))))
            """);
        var memory = instance.GetMemory("m");
        nint baseAddress = memory.BaseAddress;
        var grow = instance.GetFunction("grow");

        Assert.Equal([1, 2, -1], new[] { grow.Invoke()[0].AsI32(), grow.Invoke()[0].AsI32(), grow.Invoke()[0].AsI32() });
        Assert.Equal(3UL, memory.PageCount);
        Assert.Equal(baseAddress, memory.BaseAddress);
    }

    [Fact]
    public void Memory_grow_from_the_module_is_capped_by_the_store_options()
    {
        using var store = new Store(new RuntimeOptions { MaxMemoryPages = 2 });
        var instance = Instantiate(store, """
            (module (memory 1) (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
            """);
        var grow = instance.GetFunction("grow");
        Assert.Equal(-1, grow.Invoke(Value.I32(2))[0].AsI32());
        Assert.Equal(1, grow.Invoke(Value.I32(1))[0].AsI32());
    }

    [Fact]
    public void A_function_placed_in_an_imported_table_by_a_failed_instantiation_stays_callable()
    {
        // As in the spec's linking.wast: the element segment's effect outlives the trap of a later segment.
        using var store = new Store();
        var table = store.CreateTable(new TableType(ValueType.FuncRef, new Limits(1, null)));
        var module = CompiledModule.FromText("""
            (module
              (import "env" "t" (table 1 funcref))
              (memory 1)
              (func $read (result i32) (i32.load (i32.const 0)))
              (elem (i32.const 0) $read)
              (data (i32.const 0) "\07")
              (data (i32.const 65536) "\01"))
            """);

        Assert.Throws<TrapException>(() => store.Instantiate(module, new Imports().Define("env", "t", table)));

        var survivor = Assert.IsAssignableFrom<FunctionInstance>(table.GetValue(0).Reference);
        Assert.Equal(7, survivor.Invoke()[0].AsI32());
    }

    [Fact]
    public void Exports_of_a_registered_instance_link_into_the_next_module()
    {
        using var store = new Store();
        var lib = Instantiate(store, """
            (module
              (global (export "base") i32 (i32.const 100))
              (func (export "inc") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1))))
            """);
        var app = Instantiate(store, """
            (module
              (import "lib" "base" (global $base i32))
              (import "lib" "inc" (func $inc (param i32) (result i32)))
              (func (export "run") (result i32) (call $inc (global.get $base))))
            """, new Imports().DefineInstance("lib", lib));
        Assert.Equal(101, app.GetFunction("run").Invoke()[0].AsI32());
    }
}
