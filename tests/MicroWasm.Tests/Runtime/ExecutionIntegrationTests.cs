using MicroWasm.Runtime;
using static MicroWasm.Tests.Runtime.TestModules;

namespace MicroWasm.Tests.Runtime;

/// <summary>The runtime and the interpreter together: module functions called through the embedding API.</summary>
public class ExecutionIntegrationTests
{
    private static readonly FuncType I32I32ToI32 = new([ValueType.I32, ValueType.I32], [ValueType.I32]);
    private static readonly FuncType I32ToI32 = new([ValueType.I32], [ValueType.I32]);
    private static readonly FuncType ToI32 = new([], [ValueType.I32]);

    private static FunctionBody Body(params byte[] code) => new([], code, 0);

    [Fact]
    public void An_exported_function_is_invoked_with_arguments_and_returns_results()
    {
        using var store = new Store();
        var instance = store.Instantiate(Compile(new Module
        {
            Types = [I32I32ToI32],
            FunctionTypeIndices = [0],
            Codes = [Body(0x20, 0x00, 0x20, 0x01, 0x6A, 0x0B)], // local.get 0, local.get 1, i32.add
            Exports = [new Export("add", ExternalKind.Function, 0)],
        }));
        Assert.Equal([Value.I32(5)], instance.GetFunction("add").Invoke(Value.I32(2), Value.I32(3)));
    }

    [Fact]
    public void A_module_function_calls_an_imported_host_function()
    {
        using var store = new Store();
        var instance = store.Instantiate(Compile(new Module
        {
            Types = [I32ToI32],
            Imports = [FunctionImport("env", "double", 0)],
            FunctionTypeIndices = [0],
            Codes = [Body(0x20, 0x00, 0x10, 0x00, 0x0B)], // local.get 0, call 0
            Exports = [new Export("run", ExternalKind.Function, 1)],
        }), new Imports().DefineFunction("env", "double", (int x) => 2 * x));
        Assert.Equal(42, instance.GetFunction("run").Invoke(Value.I32(21))[0].AsI32());
    }

    [Fact]
    public void A_start_function_in_the_module_runs_during_instantiation()
    {
        using var store = new Store();
        var instance = store.Instantiate(Compile(new Module
        {
            Types = [FuncType.Empty],
            FunctionTypeIndices = [0],
            Codes = [Body(0x41, 0x2A, 0x24, 0x00, 0x0B)], // i32.const 42, global.set 0
            Globals = [new GlobalDefinition(new GlobalType(ValueType.I32, true), I32(0))],
            StartFunctionIndex = 0,
            Exports = [new Export("g", ExternalKind.Global, 0)],
        }));
        Assert.Equal(42, instance.GetGlobal("g").Value.AsI32());
    }

    [Fact]
    public void A_trap_in_a_module_function_surfaces_with_its_kind()
    {
        using var store = new Store();
        var instance = store.Instantiate(Compile(new Module
        {
            Types = [FuncType.Empty],
            FunctionTypeIndices = [0],
            Codes = [Body(0x00, 0x0B)], // unreachable
            Exports = [new Export("boom", ExternalKind.Function, 0)],
        }));
        Assert.Equal(TrapKind.Unreachable, Assert.Throws<TrapException>(() => instance.GetFunction("boom").Invoke()).Kind);
    }

    [Fact]
    public void Memory_grow_from_the_module_keeps_the_base_address()
    {
        using var store = new Store();
        var instance = store.Instantiate(Compile(new Module
        {
            Types = [ToI32],
            FunctionTypeIndices = [0],
            Codes = [Body(0x41, 0x01, 0x40, 0x00, 0x0B)], // i32.const 1, memory.grow 0
            Memories = [Memory(1, 3)],
            Exports = [new Export("grow", ExternalKind.Function, 0), new Export("m", ExternalKind.Memory, 0)],
        }));
        var memory = instance.GetMemory("m");
        nint baseAddress = memory.BaseAddress;
        var grow = instance.GetFunction("grow");

        Assert.Equal([1, 2, -1], new[] { grow.Invoke()[0].AsI32(), grow.Invoke()[0].AsI32(), grow.Invoke()[0].AsI32() });
        Assert.Equal(3UL, memory.PageCount);
        Assert.Equal(baseAddress, memory.BaseAddress);
    }

    [Fact]
    public void A_function_placed_in_an_imported_table_by_a_failed_instantiation_stays_callable()
    {
        // As in the spec's linking.wast: the element segment's effect outlives the trap of a later segment.
        using var store = new Store();
        var table = store.CreateTable(FuncTable(1));
        var module = Compile(new Module
        {
            Types = [ToI32],
            Imports = [TableImport("env", "t", FuncTable(1))],
            FunctionTypeIndices = [0],
            Codes = [Body(0x41, 0x00, 0x28, 0x02, 0x00, 0x0B)], // i32.const 0, i32.load: reads the failed instance's memory
            Memories = [Memory(1)],
            Elements = [ActiveElements(0, 0, 0)],
            Data = [ActiveData(0, 7), ActiveData(MemoryType.PageSize, 1)],
        });

        Assert.Throws<TrapException>(() => store.Instantiate(module, new Imports().Define("env", "t", table)));

        var survivor = Assert.IsAssignableFrom<FunctionInstance>(table.GetValue(0).Reference);
        Assert.Equal(7, survivor.Invoke()[0].AsI32());
    }
}
