using MicroWasm.Interpreter;
using MicroWasm.Runtime;

namespace MicroWasm.Tests.Interpreter;

/// <summary>Calls between WebAssembly, the host and other instances (spec 4.4.10.1, 4.5.5), on Wat/host.wat.</summary>
public class HostCallTests
{
    private readonly Store _store = new();
    private readonly ModuleInstance _instance;
    private readonly GlobalInstance _counter;
    private ModuleInstance? _self;

    public HostCallTests()
    {
        var other = TestModuleLoader.Instantiate(WatModules.Control, _store);
        _counter = new GlobalInstance(_store, new GlobalType(ValueType.I32, true), Value.I32(10));
        var imports = new Dictionary<(string, string), object>
        {
            [("host", "add")] = new HostFunction(
                new FuncType([ValueType.I32, ValueType.I64], [ValueType.I64]),
                (args, results) => results[0] = Value.I64(args[0].AsI32() + args[1].AsI64())),
            [("host", "reenter")] = new HostFunction(
                new FuncType([ValueType.I32], [ValueType.I32]),
                (args, results) => results[0] = _self!.Call("countdown", args[0])[0]),
            [("host", "fail")] = new HostFunction(FuncType.Empty, (_, _) => throw new InvalidOperationException("host says no")),
            [("host", "counter")] = _counter,
            [("host", "pair")] = new HostFunction(
                new FuncType([ValueType.F32, ValueType.F64], [ValueType.F64, ValueType.F32]),
                (args, results) =>
                {
                    results[0] = Value.F64(args[1].AsF64() * 2);
                    results[1] = Value.F32(args[0].AsF32() * 2);
                }),
            [("other", "fib")] = other.Export("fib"),
            [("other", "memory")] = new MemoryInstance(new MemoryType(new Limits(1, null))),
        };
        _instance = _self = TestModuleLoader.Instantiate(WatModules.Host, _store, imports);
    }

    [Fact]
    public void Host_functions_receive_arguments_and_return_results() =>
        Assert.Equal(42L, _instance.Call("call-add", Value.I32(40), Value.I64(2))[0].AsI64());

    [Fact]
    public void Host_functions_return_several_values() =>
        Assert.Equal([Value.F64(5.0), Value.F32(3f)], _instance.Call("call-pair", Value.F32(1.5f), Value.F64(2.5)));

    [Fact]
    public void A_host_function_may_call_back_into_webassembly() =>
        Assert.Equal(50, _instance.Call("countdown", Value.I32(50))[0].AsI32());

    [Fact]
    public void Re_entry_is_bounded_and_traps_with_call_stack_exhausted()
    {
        var e = Assert.Throws<TrapException>(() => _instance.Call("countdown", Value.I32(10_000)));
        Assert.Equal(TrapKind.CallStackExhausted, e.Kind);
        Assert.Equal(5, _instance.Call("countdown", Value.I32(5))[0].AsI32()); // still usable
    }

    [Fact]
    public void A_host_exception_becomes_a_host_error_trap()
    {
        var e = Assert.Throws<TrapException>(() => _instance.Call("call-fail"));
        Assert.Equal(TrapKind.HostError, e.Kind);
        Assert.IsType<InvalidOperationException>(e.InnerException);
        Assert.Contains("host says no", e.Message);
    }

    [Fact]
    public void Imported_globals_are_shared_with_the_host()
    {
        Assert.Equal(11, _instance.Call("bump")[0].AsI32());
        Assert.Equal(Value.I32(11), _counter.Value);
        _counter.Value = Value.I32(100);
        Assert.Equal(101, _instance.Call("bump")[0].AsI32());
    }

    [Fact]
    public void Defined_globals_of_every_type()
    {
        Assert.Equal(15L + 3, _instance.Call("globals")[0].AsI64());
        Assert.Equal(25L + 6, _instance.Call("globals")[0].AsI64());
        var o = new object();
        _instance.Call("set-ref", Value.ExternRef(o));
        Assert.Same(o, _instance.Call("get-ref")[0].Reference);
    }

    [Fact]
    public void Calling_into_another_instance_switches_and_restores_its_state() =>
        Assert.Equal(6765 + 1000, _instance.Call("cross", Value.I32(20))[0].AsI32());

    [Fact]
    public void Invoking_a_host_function_directly_calls_it() =>
        Assert.Equal(7L, Executor.Invoke(new HostFunction(new FuncType([ValueType.I64], [ValueType.I64]), (a, r) => r[0] = Value.I64(a[0].AsI64() + 1)), [Value.I64(6)])[0].AsI64());
}
