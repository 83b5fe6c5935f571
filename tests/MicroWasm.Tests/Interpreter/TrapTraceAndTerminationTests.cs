using System.Diagnostics;
using MicroWasm.Runtime;

namespace MicroWasm.Tests.Interpreter;

/// <summary>The WebAssembly stack trace a trap carries, and stopping a running module with <see cref="Store.Terminate"/>.</summary>
public class TrapTraceAndTerminationTests
{
    private const string Named = """
        (module $m
          (memory 1)
          (func $outer (export "outer") (param i32) (result i32) (i32.add (call $middle (local.get 0)) (i32.const 1)))
          (func $middle (param i32) (result i32) (call $inner (local.get 0)))
          (func $inner (param i32) (result i32) (i32.load (local.get 0)))
          (func (export "div") (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0))))
        """;

    [Fact]
    public void A_trap_three_calls_deep_names_the_three_functions_innermost_first()
    {
        var instance = TestModuleLoader.Instantiate(Named);
        var e = Assert.Throws<TrapException>(() => instance.Call("outer", Value.I32(70000)));
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, e.Kind);
        Assert.Equal(["m!inner", "m!middle", "m!outer"], e.WasmStackTrace);
        // A trap in the entry function itself: one frame, named by index when the name section has no name.
        var div = Assert.Throws<TrapException>(() => instance.Call("div", Value.I32(0)));
        Assert.Equal(["m!func[3]"], div.WasmStackTrace);
        // Normal execution is unaffected afterwards.
        Assert.Equal(1, instance.Call("outer", Value.I32(0))[0].AsI32());
    }

    [Fact]
    public void Without_names_frames_are_named_by_index()
    {
        var instance = TestModuleLoader.Instantiate("""
            (module
              (func (export "f") (call 1))
              (func (call 2))
              (func unreachable))
            """);
        var e = Assert.Throws<TrapException>(() => instance.Call("f"));
        Assert.Equal(["<module>!func[2]", "<module>!func[1]", "<module>!func[0]"], e.WasmStackTrace);
    }

    [Fact]
    public void Call_stack_exhaustion_has_a_trace_of_every_frame()
    {
        var instance = TestModuleLoader.Instantiate("(module $r (func $rec (export \"rec\") (call $rec)))",
            new Store(new RuntimeOptions { MaxCallDepth = 40 }));
        var e = Assert.Throws<TrapException>(() => instance.Call("rec"));
        Assert.Equal(TrapKind.CallStackExhausted, e.Kind);
        Assert.True(e.WasmStackTrace.Count is > 30 and <= 40, $"{e.WasmStackTrace.Count} frames");
        Assert.All(e.WasmStackTrace, name => Assert.Equal("r!rec", name));
    }

    private const string Spin = """
        (module
          (func (export "spin") (loop (br 0)))
          (func $deep (export "deep") (param i32) (result i32)
            (if (result i32) (i32.lt_u (local.get 0) (i32.const 2)) (then (local.get 0))
              (else (i32.add (call $deep (i32.sub (local.get 0) (i32.const 1))) (call $deep (i32.sub (local.get 0) (i32.const 2)))))))
          (func (export "one") (result i32) (i32.const 1)))
        """;

    [Fact]
    public void Terminate_from_another_thread_stops_an_endless_loop()
    {
        var store = new Store();
        var instance = TestModuleLoader.Instantiate(Spin, store);
        using var timer = new Timer(_ => store.Terminate(), null, 50, Timeout.Infinite);
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<TrapException>(() => instance.Call("spin"));
        Assert.Equal(TrapKind.Terminated, e.Kind);
        Assert.Equal("terminated", e.Message);
        Assert.True(clock.ElapsedMilliseconds < 10_000);
        Assert.True(store.IsTerminationRequested);

        // Later calls trap at once, until the request is cleared.
        Assert.Equal(TrapKind.Terminated, Assert.Throws<TrapException>(() => instance.Call("one")).Kind);
        store.ClearTermination();
        Assert.Equal(1, instance.Call("one")[0].AsI32());
    }

    // Each form a loop's back-edge takes: br, br_if on a value (non-zero, and zero after i32.eqz), br_if fused
    // with a comparison (slots, immediate, i64), br_table; forward branches inside the loop too.
    private const string Loops = """
        (module
          (func (export "br") (param i32) (loop (br_if 1 (i32.eqz (i32.const 1))) (br 0)))
          (func (export "br_if") (param i32) (loop (br_if 0 (local.get 0))))
          (func (export "br_if_eqz") (param i32) (loop (br_if 0 (i32.eqz (i32.const 0)))))
          (func (export "br_if_cmp") (param i32) (local i32) (loop (br_if 0 (i32.ne (local.get 0) (local.get 1)))))
          (func (export "br_if_imm") (param i32) (loop (br_if 0 (i32.lt_s (local.get 0) (i32.const 5)))))
          (func (export "br_if_i64") (param i32) (loop (br_if 0 (i64.ne (i64.extend_i32_u (local.get 0)) (i64.const 0)))))
          (func (export "br_table") (param i32) (loop (block (br_table 0 1 (local.get 0))))))
        """;

    [Theory]
    [InlineData("br")]
    [InlineData("br_if")]
    [InlineData("br_if_eqz")]
    [InlineData("br_if_cmp")]
    [InlineData("br_if_imm")]
    [InlineData("br_if_i64")]
    [InlineData("br_table")]
    public void Terminate_stops_every_form_of_back_edge(string name)
    {
        var store = new Store();
        var instance = TestModuleLoader.Instantiate(Loops, store);
        using var timer = new Timer(_ => store.Terminate(), null, 50, Timeout.Infinite);
        var e = Assert.Throws<TrapException>(() => instance.Call(name, Value.I32(1)));
        Assert.Equal(TrapKind.Terminated, e.Kind);
    }

    [Fact]
    public void Terminate_stops_a_long_call_tree_without_loops()
    {
        var store = new Store();
        var instance = TestModuleLoader.Instantiate(Spin, store);
        using var timer = new Timer(_ => store.Terminate(), null, 50, Timeout.Infinite);
        // fib(60) by plain recursion would take years: only the check at calls can stop it.
        var e = Assert.Throws<TrapException>(() => instance.Call("deep", Value.I32(60)));
        Assert.Equal(TrapKind.Terminated, e.Kind);
        Assert.NotEmpty(e.WasmStackTrace);
        store.Dispose();
    }

    [Fact]
    public void Terminating_one_store_leaves_others_running()
    {
        var stopped = new Store();
        stopped.Terminate();
        var other = TestModuleLoader.Instantiate(Spin, new Store());
        Assert.Equal(55, other.Call("deep", Value.I32(10))[0].AsI32());
        stopped.ClearTermination();
    }
}
