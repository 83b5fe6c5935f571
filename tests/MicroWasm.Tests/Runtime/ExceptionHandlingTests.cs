using MicroWasm.Compiler;
using MicroWasm.Runtime;
using MicroWasm.Text;

namespace MicroWasm.Tests.Runtime;

/// <summary>
/// Exception handling (WebAssembly 3.0) through the managed API: exceptions cross instances and host functions, keep
/// their identity through exnref, reach the host with their tag and values when nothing catches them, and unwind deep
/// call chains without using the native stack.
/// </summary>
public class ExceptionHandlingTests
{
    private readonly Store _store = new();

    private const string Thrower = """
        (module
          (tag $e (export "e") (param i32 i64))
          (func (export "throw") (param i32) (throw $e (local.get 0) (i64.const -5))))
        """;

    private ModuleInstance Instantiate(string wat, Imports? imports = null) =>
        _store.Instantiate(CompiledModule.FromText(wat), imports);

    [Fact]
    public void An_uncaught_exception_reaches_the_host_with_its_tag_and_values()
    {
        var instance = Instantiate(Thrower);
        var trap = Assert.Throws<TrapException>(() => instance.GetFunction("throw").Invoke(Value.I32(7)));
        Assert.Equal(TrapKind.UncaughtException, trap.Kind);
        Assert.StartsWith("uncaught exception", trap.Message);
        Assert.NotNull(trap.Thrown);
        Assert.Same(instance.GetTag("e"), trap.Thrown.Tag);
        Assert.Equal([Value.I32(7), Value.I64(-5)], trap.Thrown.Payload);
    }

    [Fact]
    public void An_exception_thrown_in_one_instance_is_caught_in_another_that_imports_the_tag()
    {
        var thrower = Instantiate(Thrower);
        var catcher = Instantiate("""
            (module
              (import "lib" "e" (tag $e (param i32 i64)))
              (import "lib" "throw" (func $throw (param i32)))
              (func (export "catch") (param i32) (result i64) (local $b i64)
                (block $h (result i32 i64)
                  (try_table (catch $e $h) (call $throw (local.get 0)))
                  (return (i64.const 0)))
                (local.set $b)
                (i64.add (i64.extend_i32_s) (local.get $b))))
            """, new Imports().DefineInstance("lib", thrower));
        // The payload (3, -5) arrives in the catching instance.
        Assert.Equal(-2L, catcher.GetFunction("catch").Invoke(Value.I32(3))[0].AsI64());
    }

    [Fact]
    public void Each_instantiation_has_its_own_tags()
    {
        // Two instances of one module: a handler for the second's tag does not catch the first's exception.
        var first = Instantiate(Thrower);
        var second = Instantiate("""
            (module
              (import "lib" "throw" (func $throw (param i32)))
              (tag $own (param i32 i64))
              (func (export "catch_own") (result i32)
                (block $h (result i32 i64)
                  (try_table (catch $own $h) (call $throw (i32.const 1)))
                  (return (i32.const 0)))
                (drop) (drop) (i32.const 1)))
            """, new Imports().DefineInstance("lib", first));
        var trap = Assert.Throws<TrapException>(() => second.GetFunction("catch_own").Invoke());
        Assert.Same(first.GetTag("e"), trap.Thrown!.Tag);
        Assert.NotSame(Instantiate(Thrower).GetTag("e"), first.GetTag("e"));
    }

    private const string References = """
        (module
          (tag $e (export "e") (param i32))
          (func (export "catch_ref") (param i32) (result exnref)
            (block $h (result i32 exnref)
              (try_table (catch_ref $e $h) (throw $e (local.get 0)))
              (unreachable))
            (local.set 0 (i32.const 0))
            (return))
          (func (export "rethrow") (param exnref) (throw_ref (local.get 0)))
          (func (export "catch_and_rethrow") (param i32)
            (block $h (result exnref)
              (try_table (catch_all_ref $h) (throw $e (local.get 0)))
              (unreachable))
            (throw_ref)))
        """;

    [Fact]
    public void An_exnref_goes_to_the_host_and_back_as_the_same_exception()
    {
        var instance = Instantiate(References);
        var exnref = instance.GetFunction("catch_ref").Invoke(Value.I32(41))[0];
        Assert.Equal(ValueType.ExnRef, exnref.Type);
        var exception = Assert.IsType<ExceptionInstance>(exnref.Reference);
        Assert.Equal([Value.I32(41)], exception.Payload);

        var trap = Assert.Throws<TrapException>(() => instance.GetFunction("rethrow").Invoke(exnref));
        Assert.Same(exception, trap.Thrown);
    }

    [Fact]
    public void Throwing_a_null_exnref_traps()
    {
        var instance = Instantiate(References);
        var trap = Assert.Throws<TrapException>(() => instance.GetFunction("rethrow").Invoke(Value.ExnRef(null)));
        Assert.Equal(TrapKind.NullExceptionReference, trap.Kind);
        Assert.Equal("null exception reference", trap.Message);
    }

    [Fact]
    public void Catch_all_ref_then_throw_ref_rethrows_the_exception_itself()
    {
        var instance = Instantiate(References);
        var trap = Assert.Throws<TrapException>(() => instance.GetFunction("catch_and_rethrow").Invoke(Value.I32(8)));
        Assert.Equal([Value.I32(8)], trap.Thrown!.Payload);
        Assert.Same(instance.GetTag("e"), trap.Thrown.Tag);
    }

    [Fact]
    public void A_host_function_throws_an_exception_that_WebAssembly_catches()
    {
        var tag = new TagInstance(new TagType(new FuncType([ValueType.I32], [])));
        var imports = new Imports()
            .Define("host", "e", tag)
            .DefineFunction("host", "fail", new FuncType([ValueType.I32], []),
                (args, _) => throw TrapException.ForException(new ExceptionInstance(tag, Value.I32(args[0].AsI32() * 2))));
        var instance = Instantiate("""
            (module
              (import "host" "e" (tag $e (param i32)))
              (import "host" "fail" (func $fail (param i32)))
              (func (export "run") (param i32) (result i32)
                (block $h (result i32)
                  (try_table (catch $e $h) (call $fail (local.get 0)))
                  (i32.const -1))))
            """, imports);
        Assert.Equal(42, instance.GetFunction("run").Invoke(Value.I32(21))[0].AsI32());
    }

    [Fact]
    public void An_exception_passes_through_a_host_function_that_called_back_into_WebAssembly()
    {
        // wasm -> host -> wasm (throws): the outer wasm's legacy catch gets the exception across the host frames.
        FunctionInstance? inner = null;
        var imports = new Imports().DefineFunction("host", "call_back", new FuncType([], []), (_, _) => inner!.Invoke());
        var instance = Instantiate("""
            (module
              (import "host" "call_back" (func $call_back))
              (tag $e (param i32))
              (func (export "inner") (throw $e (i32.const 5)))
              (func (export "outer") (result i32)
                (try (result i32)
                  (do (call $call_back) (i32.const 0))
                  (catch $e (i32.add (i32.const 100))))))
            """, imports);
        inner = instance.GetFunction("inner");
        Assert.Equal(105, instance.GetFunction("outer").Invoke()[0].AsI32());
    }

    [Fact]
    public void A_trap_is_not_caught_by_catch_all()
    {
        var instance = Instantiate("""
            (module
              (func (export "run") (result i32)
                (block $h (try_table (catch_all $h) (unreachable)))
                (i32.const 1)))
            """);
        Assert.Equal(TrapKind.Unreachable, Assert.Throws<TrapException>(() => instance.GetFunction("run").Invoke()).Kind);
    }

    [Fact]
    public void A_throw_unwinds_a_deep_call_chain_without_the_native_stack()
    {
        // 50,000 interpreted frames between the handler and the throw, run on a thread with a 256 KiB native stack: the
        // unwinder walks the interpreter's frame stack in a loop.
        using var store = new Store(RuntimeOptions.Default with { MaxCallDepth = 60_000, StackSize = 16 * 1024 * 1024 });
        var instance = store.Instantiate(CompiledModule.FromText("""
            (module
              (tag $done (param i32))
              (func $down (param i32)
                (if (i32.eqz (local.get 0)) (then (throw $done (i32.const 77))))
                (call $down (i32.sub (local.get 0) (i32.const 1))))
              (func (export "run") (param i32) (result i32)
                (block $h (result i32)
                  (try_table (catch $done $h) (call $down (local.get 0)))
                  (i32.const -1))))
            """));
        int result = 0;
        var thread = new Thread(() => result = instance.GetFunction("run").Invoke(Value.I32(50_000))[0].AsI32(), 256 * 1024);
        thread.Start();
        thread.Join();
        Assert.Equal(77, result);
        // The stacks are whole afterwards: the same call runs again.
        Assert.Equal(77, instance.GetFunction("run").Invoke(Value.I32(1000))[0].AsI32());
    }

    [Fact]
    public void A_handler_in_a_loop_catches_every_iteration()
    {
        var instance = Instantiate("""
            (module
              (tag $e (param i32))
              (func $maybe (param i32) (if (i32.and (local.get 0) (i32.const 1)) (then (throw $e (local.get 0)))))
              (func (export "sum") (param i32) (result i32) (local $sum i32)
                (loop $next
                  (block $h (result i32)
                    (try_table (result i32) (catch $e $h) (call $maybe (local.get 0)) (i32.const 0)))
                  (local.set $sum (i32.add (local.get $sum)))
                  (br_if $next (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
                (local.get $sum)))
            """);
        // The odd numbers below 10, each caught once: 9 + 7 + 5 + 3 + 1.
        Assert.Equal(25, instance.GetFunction("sum").Invoke(Value.I32(10))[0].AsI32());
    }

    [Fact]
    public void Exception_handling_is_malformed_under_WebAssembly_2_0()
    {
        var bytes = WatParser.ParseModule("(module (tag))");
        Assert.Contains("malformed section id", Assert.Throws<MalformedModuleException>(() => CompiledModule.FromBytes(bytes, WasmFeatures.Wasm20)).Message);
        var code = WatParser.ParseModule("(module (func (try_table)))");
        Assert.Contains("exception handling is not enabled", Assert.Throws<MalformedModuleException>(() => CompiledModule.FromBytes(code, WasmFeatures.Wasm20)).Message);
        Assert.False(WasmFeatures.FromName("all,-exceptions")!.ExceptionHandling);
    }

    [Theory]
    [InlineData("(module (tag))")]
    [InlineData("(module (func (block $h (try_table (catch_all $h)))))")]
    [InlineData("(module (func (try (do) (catch_all))))")]
    public void The_AOT_compiler_refuses_exception_handling_naming_the_feature(string wat)
    {
        var e = Assert.Throws<UnsupportedFeatureException>(() => AotCompiler.Compile(WatParser.ParseModule(wat), new AotCompileOptions()));
        Assert.Contains("exception handling", e.Message);
    }
}
