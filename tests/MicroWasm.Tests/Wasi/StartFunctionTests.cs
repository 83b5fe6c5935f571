using System.Text;
using MicroWasm.Runtime;
using MicroWasm.Wasi;

namespace MicroWasm.Tests.Wasi;

/// <summary>
/// WASI called from a module's start function (spec 2.5.9), which runs inside instantiation: before it, the context
/// gets the memory (Store.Instantiate's beforeStart), and proc_exit there is the program's exit, as in Wasmtime and WAMR.
/// clang cannot make a start function, so these modules are WAT.
/// </summary>
public class StartFunctionTests
{
    private const string Imports = """
        (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
        (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
        (memory (export "memory") 1)
        (data (i32.const 16) "hello from start\n")
        ;; iovec at 0: the 17 bytes at 16; the count written goes to 8
        (data (i32.const 0) "\10\00\00\00\11\00\00\00")
        """;

    private static int Run(string body, MemoryStream stdout, bool exportStart = true)
    {
        var module = CompiledModule.FromText($"(module {Imports} {body} {(exportStart ? "(func (export \"_start\"))" : "")})");
        var config = new WasiConfiguration().WithArguments("start");
        config.Stdout = stdout;
        return WasiRunner.RunStart(module, config);
    }

    [Fact]
    public void A_start_function_writes_to_stdout()
    {
        var stdout = new MemoryStream();
        Assert.Equal(0, Run("""
            (func $start (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
            (start $start)
            """, stdout));
        Assert.Equal("hello from start\n", Encoding.UTF8.GetString(stdout.ToArray()));
    }

    [Fact]
    public void A_start_function_sees_fd_write_succeed()
    {
        // The errno itself, as the exit code: 0 (success), not a trap for want of memory.
        var stdout = new MemoryStream();
        Assert.Equal(0, Run("""
            (func $start (call $proc_exit (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
            (start $start)
            """, stdout));
        Assert.Equal("hello from start\n", Encoding.UTF8.GetString(stdout.ToArray()));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(255)]
    public void Proc_exit_in_a_start_function_is_an_exit_with_its_code(int code)
    {
        // _start, which would print, never runs: the program ended during instantiation.
        var stdout = new MemoryStream();
        Assert.Equal(code, Run($$"""
            (func $start (call $proc_exit (i32.const {{code}})))
            (start $start)
            (func (export "_start") (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
            """, stdout, exportStart: false));
        Assert.Empty(stdout.ToArray());
    }

    [Fact]
    public void Store_instantiate_calls_before_start_once_the_instance_is_complete_and_before_the_start_function()
    {
        var module = CompiledModule.FromText("""
            (module
              (global $g (export "g") (mut i32) (i32.const 1))
              (memory (export "memory") 1)
              (data (i32.const 0) "\2a")
              (func $start (global.set $g (i32.const 2)))
              (start $start))
            """);
        using var store = new Store();
        int seenGlobal = 0, seenByte = 0;
        var instance = store.Instantiate(module, new Imports(), made =>
        {
            seenGlobal = made.GetGlobal("g").Value.AsI32();
            seenByte = made.GetMemory("memory").GetSpan(0, 1)[0];
        });
        Assert.Equal((1, 42), (seenGlobal, seenByte));
        Assert.Equal(2, instance.GetGlobal("g").Value.AsI32());
    }
}
