using MicroWasm.Runtime;

namespace MicroWasm.Tests.Interpreter;

/// <summary>The structured frames (<see cref="TrapException.Frames"/>) a trap carries next to its names.</summary>
public class TrapFramesTests
{
    [Fact]
    public void A_trap_three_calls_deep_has_three_frames_innermost_first()
    {
        var instance = TestModuleLoader.Instantiate("""
            (module $m
              (memory 1)
              (func $unused (result i32) (i32.const 0))
              (func $outer (export "outer") (param i32) (result i32) (i32.add (call $middle (local.get 0)) (i32.const 1)))
              (func $middle (param i32) (result i32) (call $inner (local.get 0)))
              (func $inner (param i32) (result i32) (i32.load (local.get 0))))
            """);
        var e = Assert.Throws<TrapException>(() => instance.Call("outer", Value.I32(70000)));
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, e.Kind);
        Assert.Equal([3, 2, 1], e.Frames.Select(f => f.FunctionIndex));
        Assert.All(e.Frames, f => Assert.Same(instance, f.Instance));
        // Offsets are not tracked by the interpreter yet.
        Assert.All(e.Frames, f => Assert.Equal((0, 0), (f.FunctionOffset, f.ModuleOffset)));
        // The names are the same walk.
        Assert.Equal(["m!inner", "m!middle", "m!outer"], e.WasmStackTrace);
    }

    [Fact]
    public void A_trap_in_the_entry_function_has_one_frame()
    {
        var instance = TestModuleLoader.Instantiate("(module (func) (func (export \"f\") unreachable))");
        var e = Assert.Throws<TrapException>(() => instance.Call("f"));
        var frame = Assert.Single(e.Frames);
        Assert.Equal(1, frame.FunctionIndex);
    }

    [Fact]
    public void A_trap_made_by_the_host_has_no_frames()
    {
        Assert.Empty(new TrapException(TrapKind.Unreachable).Frames);
    }
}
