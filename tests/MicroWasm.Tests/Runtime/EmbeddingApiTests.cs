using MicroWasm.Runtime;
using static MicroWasm.Tests.Runtime.TestModules;

namespace MicroWasm.Tests.Runtime;

/// <summary>The managed embedding API: host functions, invocation, exports and module type information.</summary>
public class EmbeddingApiTests
{
    [Fact]
    public void A_host_function_is_called_with_its_arguments_and_returns_its_results()
    {
        var add = new HostFunction(new FuncType([ValueType.I32, ValueType.I64], [ValueType.I64, ValueType.I32]), (args, results) =>
        {
            results[0] = Value.I64(args[0].AsI32() + args[1].AsI64());
            results[1] = Value.I32(-1);
        });
        Assert.Equal([Value.I64(5), Value.I32(-1)], add.Invoke(Value.I32(2), Value.I64(3)));
    }

    public static TheoryData<Value[]> WrongArguments => new()
    {
        { [] },
        { [Value.I32(1)] },
        { [Value.I32(1), Value.I32(2), Value.I32(3)] },
        { [Value.I64(1), Value.I32(2)] },
        { [Value.I32(1), Value.F32(2)] },
    };

    [Theory]
    [MemberData(nameof(WrongArguments))]
    public void Invoke_rejects_arguments_that_do_not_match_the_parameters(Value[] arguments)
    {
        bool called = false;
        var function = HostFunction.Wrap((int a, int b) => { called = true; return a + b; });
        Assert.Throws<ArgumentException>(() => function.Invoke(arguments));
        Assert.False(called);
    }

    [Fact]
    public void Typed_lambdas_map_clr_types_to_value_types()
    {
        var f = HostFunction.Wrap((int a, long b, float c, double d) => a + b + c + d);
        Assert.Equal(new FuncType([ValueType.I32, ValueType.I64, ValueType.F32, ValueType.F64], [ValueType.F64]), f.Type);
        Assert.Equal(10.0, f.Invoke(Value.I32(1), Value.I64(2), Value.F32(3), Value.F64(4))[0].AsF64());

        var unsigned = HostFunction.Wrap((uint a, ulong b) => (uint)(a + b));
        Assert.Equal(new FuncType([ValueType.I32, ValueType.I64], [ValueType.I32]), unsigned.Type);
        Assert.Equal(-1, unsigned.Invoke(Value.I32(-2), Value.I64(1))[0].AsI32());

        var identity = HostFunction.Wrap((FunctionInstance? fn) => fn);
        Assert.Equal(new FuncType([ValueType.FuncRef], [ValueType.FuncRef]), identity.Type);
        Assert.Same(f, identity.Invoke(Value.FuncRef(f))[0].Reference);

        var box = HostFunction.Wrap((object? o) => o);
        Assert.Equal(new FuncType([ValueType.ExternRef], [ValueType.ExternRef]), box.Type);
        Assert.Equal("x", box.Invoke(Value.ExternRef("x"))[0].Reference);

        Assert.Throws<NotSupportedException>(() => HostFunction.Wrap((string s) => { }));
    }

    [Fact]
    public void An_exception_in_a_host_function_becomes_a_host_error_trap()
    {
        var failing = HostFunction.Wrap(() => throw new InvalidOperationException("disk on fire"), "env.fail");
        var trap = Assert.Throws<TrapException>(() => failing.Invoke());
        Assert.Equal(TrapKind.HostError, trap.Kind);
        Assert.Contains("disk on fire", trap.Message);
        Assert.IsType<InvalidOperationException>(trap.InnerException);
    }

    [Fact]
    public void A_trap_thrown_by_a_host_function_passes_through_unchanged()
    {
        var trapping = HostFunction.Wrap(() => throw new TrapException(TrapKind.IntegerDivideByZero));
        Assert.Equal(TrapKind.IntegerDivideByZero, Assert.Throws<TrapException>(() => trapping.Invoke()).Kind);
    }

    [Fact]
    public void A_host_function_that_returns_a_wrong_type_traps()
    {
        var liar = new HostFunction(new FuncType([], [ValueType.I32]), (_, results) => results[0] = Value.F32(1));
        Assert.Equal(TrapKind.HostError, Assert.Throws<TrapException>(() => liar.Invoke()).Kind);
    }

    [Fact]
    public void Results_start_as_default_values()
    {
        var silent = new HostFunction(new FuncType([], [ValueType.I64, ValueType.FuncRef]), (_, _) => { });
        Assert.Equal([Value.I64(0), Value.FuncRef(null)], silent.Invoke());
    }

    [Fact]
    public void Exports_are_found_by_name_and_kind_and_listed_in_order()
    {
        using var store = new Store();
        var log = HostFunction.Wrap((int _) => { });
        var instance = store.Instantiate(Compile(new Module
        {
            Types = [new FuncType([ValueType.I32], [])],
            Imports = [FunctionImport("env", "log", 0)],
            Tables = [FuncTable(1)],
            Memories = [Memory(1)],
            Globals = [new GlobalDefinition(new GlobalType(ValueType.I32, true), I32(3))],
            Exports =
            [
                new Export("log", ExternalKind.Function, 0), new Export("table", ExternalKind.Table, 0),
                new Export("memory", ExternalKind.Memory, 0), new Export("counter", ExternalKind.Global, 0),
            ],
        }), new Imports().Define("env", "log", log));

        Assert.Same(log, instance.GetFunction("log"));
        Assert.Equal(1, instance.GetTable("table").Size);
        Assert.Equal(1UL, instance.GetMemory("memory").PageCount);
        Assert.Equal(3, instance.GetGlobal("counter").Value.AsI32());
        Assert.Equal(["log", "table", "memory", "counter"], instance.Exports.Select(e => e.Key));
        Assert.True(instance.TryGetExport("memory", out var memory));
        Assert.Equal(ExternalKind.Memory, memory.Kind);
        Assert.False(instance.TryGetExport("missing", out _));
        Assert.Throws<KeyNotFoundException>(() => instance.GetFunction("memory"));
        Assert.Throws<KeyNotFoundException>(() => instance.GetMemory("missing"));
    }

    [Fact]
    public void A_compiled_module_describes_its_imports_and_exports()
    {
        var module = Compile(new Module
        {
            Types = [new FuncType([ValueType.I32], [ValueType.I64])],
            Imports =
            [
                FunctionImport("env", "f", 0), MemoryImport("env", "m", Memory(1, 2)),
                GlobalImport("env", "g", new GlobalType(ValueType.F32, true)),
            ],
            FunctionTypeIndices = [0],
            Codes = EmptyBodies(1),
            Tables = [FuncTable(3)],
            Globals = [new GlobalDefinition(new GlobalType(ValueType.I64, false), Expr(I64Const(1)))],
            Exports =
            [
                new Export("own", ExternalKind.Function, 1), new Export("t", ExternalKind.Table, 0),
                new Export("mem", ExternalKind.Memory, 0), new Export("g1", ExternalKind.Global, 1),
            ],
        });

        Assert.Equal(
            ["\"env\" \"f\": func [i32] -> [i64]", "\"env\" \"m\": memory 1 2", "\"env\" \"g\": global (mut f32)"],
            module.Imports.Select(i => i.ToString()));
        Assert.Equal(
            ["\"own\": func [i32] -> [i64]", "\"t\": table 3 funcref", "\"mem\": memory 1 2", "\"g1\": global i64"],
            module.Exports.Select(e => e.ToString()));
    }

    [Fact]
    public void Functions_of_a_module_are_exported_as_wasm_functions_of_their_instance()
    {
        using var store = new Store();
        var instance = store.Instantiate(Compile(new Module
        {
            Types = [FuncType.Empty, new FuncType([ValueType.I32], [])],
            Imports = [FunctionImport("env", "imported", 0)],
            FunctionTypeIndices = [1],
            Codes = EmptyBodies(1),
            Exports = [new Export("run", ExternalKind.Function, 1)],
        }), new Imports().DefineFunction("env", "imported", () => { }));

        var run = Assert.IsType<WasmFunction>(instance.GetFunction("run"));
        Assert.Same(instance, run.Instance);
        Assert.Equal(1, run.FunctionIndex);
        Assert.Equal(0, run.DefinedIndex);
        Assert.Same(store, run.Owner);
        Assert.Throws<ArgumentException>(() => run.Invoke());
    }

    [Fact]
    public void A_function_of_one_store_cannot_be_put_into_another_stores_table_or_global()
    {
        using var store = new Store();
        using var other = new Store();
        var instance = other.Instantiate(Compile(new Module
        {
            Types = [FuncType.Empty],
            FunctionTypeIndices = [0],
            Codes = EmptyBodies(1),
            Exports = [new Export("f", ExternalKind.Function, 0)],
        }));
        var foreign = Value.FuncRef(instance.GetFunction("f"));

        Assert.Throws<ArgumentException>(() => store.CreateTable(FuncTable(1)).SetValue(0, foreign));
        Assert.Throws<ArgumentException>(() => store.CreateGlobal(new GlobalType(ValueType.FuncRef, false), foreign));
        other.CreateTable(FuncTable(1)).SetValue(0, foreign);
        store.CreateTable(FuncTable(1)).SetValue(0, Value.FuncRef(HostFunction.Wrap(() => { })));
    }
}
