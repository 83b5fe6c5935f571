using MicroWasm.Compiler;
using MicroWasm.Runtime;
using MicroWasm.Text;

namespace MicroWasm.Tests.Interpreter;

/// <summary>
/// Tail calls (WebAssembly 3.0, <c>return_call</c> and <c>return_call_indirect</c>) run in constant stack: a million of
/// them fit in a store that allows a handful of frames, within a module, across instances and into the host.
/// </summary>
public class TailCallTests
{
    // Eight frames and 4 KiB of value stack: a million calls that each kept a frame could not run.
    private readonly Store _store = new(new RuntimeOptions { MaxCallDepth = 8, StackSize = 4096 });

    private const string Loops = """
        (module
          (type $count (func (param i64 i64) (result i64)))
          (table $t 1 funcref)
          (elem (table $t) (i32.const 0) func $indirect)
          ;; sum of 1..n by tail calls to itself
          (func $direct (export "direct") (param $n i64) (param $acc i64) (result i64)
            (if (result i64) (i64.eqz (local.get $n))
              (then (local.get $acc))
              (else (return_call $direct (i64.sub (local.get $n) (i64.const 1)) (i64.add (local.get $acc) (local.get $n))))))
          (func $indirect (export "indirect") (param $n i64) (param $acc i64) (result i64)
            (if (result i64) (i64.eqz (local.get $n))
              (then (local.get $acc))
              (else (return_call_indirect $t (type $count)
                      (i64.sub (local.get $n) (i64.const 1)) (i64.add (local.get $acc) (local.get $n)) (i32.const 0)))))
          ;; even/odd through two functions whose frames differ in size (a local more in $odd)
          (func $even (export "even") (param $n i32) (result i32)
            (if (result i32) (i32.eqz (local.get $n)) (then (i32.const 1))
              (else (return_call $odd (i32.sub (local.get $n) (i32.const 1))))))
          (func $odd (param $n i32) (result i32) (local $unused v128)
            (if (result i32) (i32.eqz (local.get $n)) (then (i32.const 0))
              (else (return_call $even (i32.sub (local.get $n) (i32.const 1)))))))
        """;

    [Fact]
    public void A_million_direct_tail_calls_run_in_constant_stack() =>
        Assert.Equal(500_000_500_000L, Instantiate(Loops).Call("direct", Value.I64(1_000_000), Value.I64(0))[0].AsI64());

    [Fact]
    public void A_million_indirect_tail_calls_run_in_constant_stack() =>
        Assert.Equal(500_000_500_000L, Instantiate(Loops).Call("indirect", Value.I64(1_000_000), Value.I64(0))[0].AsI64());

    [Fact]
    public void Tail_calls_between_functions_with_different_frames_keep_the_stack_constant()
    {
        var instance = Instantiate(Loops);
        Assert.Equal(1, instance.Call("even", Value.I32(1_000_000))[0].AsI32());
        Assert.Equal(0, instance.Call("even", Value.I32(999_999))[0].AsI32());
    }

    [Fact]
    public void Tail_calls_alternating_between_two_instances_run_in_constant_stack()
    {
        // $even in one instance and $odd in the other call each other through a shared table.
        var first = _store.Instantiate(CompiledModule.FromBytes(WatParser.ParseModule("""
            (module
              (type $parity (func (param i32) (result i32)))
              (table (export "table") 2 funcref)
              (elem (i32.const 0) func $even)
              (func $even (export "even") (param $n i32) (result i32)
                (if (result i32) (i32.eqz (local.get $n)) (then (i32.const 1))
                  (else (return_call_indirect (type $parity) (i32.sub (local.get $n) (i32.const 1)) (i32.const 1))))))
            """)));
        var imports = new Imports().DefineInstance("first", first);
        var second = _store.Instantiate(CompiledModule.FromBytes(WatParser.ParseModule("""
            (module
              (type $parity (func (param i32) (result i32)))
              (import "first" "table" (table 2 funcref))
              (elem (i32.const 1) func $odd)
              (func $odd (param $n i32) (result i32)
                (if (result i32) (i32.eqz (local.get $n)) (then (i32.const 0))
                  (else (return_call_indirect (type $parity) (i32.sub (local.get $n) (i32.const 1)) (i32.const 0))))))
            """)), imports);
        Assert.NotNull(second);
        Assert.Equal(1, first.Call("even", Value.I32(1_000_000))[0].AsI32());
        Assert.Equal(0, first.Call("even", Value.I32(1_000_001))[0].AsI32());
    }

    [Fact]
    public void A_tail_call_to_a_host_function_returns_its_results_to_the_caller()
    {
        int calls = 0;
        var imports = new Dictionary<(string, string), object>
        {
            [("host", "twice")] = new HostFunction(new FuncType([ValueType.I32], [ValueType.I32]), (args, results) =>
            {
                calls++;
                results[0] = Value.I32(args[0].AsI32() * 2);
            }),
        };
        var instance = TestModuleLoader.Instantiate("""
            (module
              (import "host" "twice" (func $twice (param i32) (result i32)))
              (func $tail (param i32) (result i32) (return_call $twice (i32.add (local.get 0) (i32.const 1))))
              ;; a host tail call a million times, each from a fresh wasm frame that the tail call replaces
              (func (export "loop") (param $n i32) (result i32) (local $sum i32)
                (loop $again
                  (local.set $sum (i32.add (local.get $sum) (call $tail (i32.const 0))))
                  (br_if $again (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
                (local.get $sum))
              (func (export "tail") (param i32) (result i32) (return_call $tail (local.get 0))))
            """, _store, imports);
        Assert.Equal(42, instance.Call("tail", Value.I32(20))[0].AsI32());
        Assert.Equal(2_000_000, instance.Call("loop", Value.I32(1_000_000))[0].AsI32());
        Assert.Equal(1_000_001, calls);
    }

    [Fact]
    public void An_ordinary_recursion_of_the_same_depth_still_exhausts_the_stack()
    {
        var instance = Instantiate("""
            (module
              (func $sum (export "sum") (param $n i64) (result i64)
                (if (result i64) (i64.eqz (local.get $n)) (then (i64.const 0))
                  (else (i64.add (local.get $n) (call $sum (i64.sub (local.get $n) (i64.const 1))))))))
            """);
        var e = Assert.Throws<TrapException>(() => instance.Call("sum", Value.I64(1_000_000)));
        Assert.Equal(TrapKind.CallStackExhausted, e.Kind);
    }

    [Fact]
    public void An_indirect_tail_call_checks_the_element_as_call_indirect_does()
    {
        var instance = Instantiate("""
            (module
              (type $v (func))
              (table 2 funcref)
              (elem (i32.const 0) func $i)
              (func $i (result i32) (i32.const 1))
              (func (export "call") (param i32) (return_call_indirect (type $v) (local.get 0))))
            """);
        Assert.Equal(TrapKind.IndirectCallTypeMismatch, Assert.Throws<TrapException>(() => instance.Call("call", Value.I32(0))).Kind);
        Assert.Equal(TrapKind.UninitializedElement, Assert.Throws<TrapException>(() => instance.Call("call", Value.I32(1))).Kind);
        Assert.Equal(TrapKind.UndefinedElement, Assert.Throws<TrapException>(() => instance.Call("call", Value.I32(2))).Kind);
    }

    [Fact]
    public void The_2_0_feature_set_refuses_tail_calls_as_an_unknown_opcode()
    {
        var bytes = WatParser.ParseModule("(module (func $f (return_call $f)))");
        var e = Assert.Throws<MalformedModuleException>(() => CompiledModule.FromBytes(bytes, WasmFeatures.Wasm20));
        Assert.Contains("illegal opcode 12", e.Message);
        Assert.NotNull(CompiledModule.FromBytes(bytes, WasmFeatures.Wasm20 with { TailCalls = true }));
    }

    [Fact]
    public void A_callee_with_other_results_is_invalid()
    {
        var bytes = WatParser.ParseModule("(module (func $f (result i64) (i64.const 0)) (func (result i32) (return_call $f)))");
        Assert.Contains("type mismatch", Assert.Throws<InvalidModuleException>(() => CompiledModule.FromBytes(bytes)).Message);
    }

    [Fact]
    public void The_AOT_compiler_refuses_tail_calls_naming_the_feature()
    {
        var bytes = WatParser.ParseModule("(module (func $f (return_call $f)))");
        var e = Assert.Throws<UnsupportedFeatureException>(() => AotCompiler.Compile(bytes, new AotCompileOptions()));
        Assert.Contains("tail calls", e.Message);
    }

    private ModuleInstance Instantiate(string wat) => TestModuleLoader.Instantiate(wat, _store);
}
