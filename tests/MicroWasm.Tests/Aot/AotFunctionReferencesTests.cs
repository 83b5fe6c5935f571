using MicroWasm.Compiler;
using MicroWasm.Runtime;
using MicroWasm.Text;

namespace MicroWasm.Tests.Aot;

/// <summary>
/// Typed function references (WebAssembly 3.0) in AOT code: typed tables with initializer expressions, typed globals,
/// <c>call_ref</c> of functions of the instance, of other instances and of the host, the null tests and branches, each
/// giving the interpreter's results and traps; what AOT still refuses is named.
/// </summary>
public class AotFunctionReferencesTests
{
    private const string Module = """
        (module
          (type $unary (func (param i32) (result i32)))
          (type $pair (func (param i32) (result i32 i64)))
          (import "host" "triple" (func $triple (type $unary)))
          (func $double (type $unary) (i32.mul (local.get 0) (i32.const 2)))
          (func $negate (type $unary) (i32.sub (i32.const 0) (local.get 0)))
          (func $split (type $pair) (local.get 0) (i64.extend_i32_u (i32.add (local.get 0) (i32.const 1))))
          (table $ops 3 (ref $unary) (ref.func $double))
          (elem (table $ops) (i32.const 1) (ref $unary) (ref.func $negate) (ref.func $triple))
          (global $split (ref $pair) (ref.func $split))
          (func (export "apply") (param $op i32) (param $x i32) (result i32)
            (call_ref $unary (local.get $x) (table.get $ops (local.get $op))))
          (func (export "apply_ref") (param $f (ref null $unary)) (param $x i32) (result i32)
            (call_ref $unary (local.get $x) (local.get $f)))
          (func (export "split") (param $x i32) (result i32 i64)
            (call_ref $pair (local.get $x) (global.get $split)))
          ;; 1 if the reference is null, else its function of x, through br_on_null, then br_on_non_null
          (func (export "or_one") (param $f (ref null $unary)) (param $x i32) (result i32)
            (block $null
              (return (call_ref $unary (local.get $x) (br_on_null $null (local.get $f)))))
            (i32.const 1))
          (func (export "or_two") (param $f (ref null $unary)) (param $x i32) (result i32)
            (local.get $x)
            (block $some (param i32) (result i32 (ref $unary))
              (br_on_non_null $some (local.get $f))
              (drop)
              (return (i32.const 2)))
            (call_ref $unary))
          (func (export "non_null") (param $f (ref null $unary)) (result i32)
            (local $g (ref $unary))
            (local.set $g (ref.as_non_null (local.get $f)))
            (call_ref $unary (i32.const 21) (local.get $g)))
          (func (export "double") (result (ref $unary)) (ref.func $double)))
        """;

    private static ModuleInstance Instantiate(Store store, bool aot)
    {
        var module = aot ? AotTestModules.Load(Module) : CompiledModule.FromText(Module);
        Assert.Equal(aot, module.IsAot);
        return store.Instantiate(module, new Imports().DefineFunction("host", "triple", (int x) => 3 * x));
    }

    private static int Call(ModuleInstance instance, string name, params Value[] args) => instance.GetFunction(name).Invoke(args)[0].AsI32();

    [Theory]
    [InlineData(0, 14)]
    [InlineData(1, -7)]
    [InlineData(2, 21)] // the host function the table holds
    public void Call_ref_calls_what_a_typed_table_holds(int op, int expected)
    {
        using var store = new Store();
        Assert.Equal(expected, Call(Instantiate(store, aot: true), "apply", Value.I32(op), Value.I32(7)));
        Assert.Equal(expected, Call(Instantiate(store, aot: false), "apply", Value.I32(op), Value.I32(7)));
    }

    [Fact]
    public void Call_ref_returns_several_results_through_a_typed_global()
    {
        using var store = new Store();
        Assert.Equal([Value.I32(5), Value.I64(6)], Instantiate(store, aot: true).GetFunction("split").Invoke(Value.I32(5)));
    }

    [Fact]
    public void Call_ref_calls_functions_of_interpreted_instances_and_of_the_host()
    {
        using var store = new Store();
        var aot = Instantiate(store, aot: true);
        var interpretedDouble = Instantiate(store, aot: false).GetFunction("double").Invoke()[0];
        Assert.Equal(18, Call(aot, "apply_ref", interpretedDouble, Value.I32(9)));
        var host = Value.FuncRef(HostFunction.Wrap((int x) => x + 100));
        Assert.Equal(109, Call(aot, "apply_ref", host, Value.I32(9)));
        // and the other way: the interpreter calls AOT code through a reference
        Assert.Equal(18, Call(Instantiate(store, aot: false), "apply_ref", aot.GetFunction("double").Invoke()[0], Value.I32(9)));
    }

    [Theory]
    [InlineData("apply_ref", TrapKind.NullFunctionReference, "null function reference")]
    [InlineData("non_null", TrapKind.NullReference, "null reference")]
    public void A_null_reference_traps_with_the_spec_wording_in_the_function_that_used_it(string name, TrapKind kind, string message)
    {
        using var store = new Store();
        Value[] args = name == "non_null" ? [Value.FuncRef(null)] : [Value.FuncRef(null), Value.I32(1)];
        var trap = Assert.Throws<TrapException>(() => Instantiate(store, aot: true).GetFunction(name).Invoke(args));
        Assert.Equal(kind, trap.Kind);
        Assert.Equal(message, trap.Message);
        var interpreted = Assert.Throws<TrapException>(() => Instantiate(store, aot: false).GetFunction(name).Invoke(args));
        Assert.Equal(interpreted.WasmStackTrace, trap.WasmStackTrace);
    }

    [Fact]
    public void Br_on_null_and_br_on_non_null_branch_on_the_reference()
    {
        using var store = new Store();
        foreach (bool aot in new[] { true, false })
        {
            var instance = Instantiate(store, aot);
            var doubler = instance.GetFunction("double").Invoke()[0];
            Assert.Equal(1, Call(instance, "or_one", Value.FuncRef(null), Value.I32(5)));
            Assert.Equal(10, Call(instance, "or_one", doubler, Value.I32(5)));
            Assert.Equal(2, Call(instance, "or_two", Value.FuncRef(null), Value.I32(5)));
            Assert.Equal(10, Call(instance, "or_two", doubler, Value.I32(5)));
            Assert.Equal(42, Call(instance, "non_null", doubler));
        }
    }

    [Theory]
    [InlineData("(module (type $t (func)) (func (param (ref $t)) (return_call_ref $t (local.get 0))))", "tail calls (return_call_ref)")]
    [InlineData("(module (func (param anyref)))", "garbage collection types (anyref values)")]
    [InlineData("(module (global (mut i31ref) (ref.null i31)))", "garbage collection types")]
    [InlineData("(module (func (param exnref)))", "exception handling (exnref values)")]
    public void What_AOT_does_not_translate_yet_is_refused_by_name(string text, string feature)
    {
        var e = Assert.Throws<UnsupportedFeatureException>(() => AotCompiler.Compile(WatParser.ParseModule(text), new AotCompileOptions()));
        Assert.Contains(feature, e.Message);
    }
}
