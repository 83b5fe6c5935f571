using System.Text;
using MicroWasm.Runtime;
using MicroWasm.Tests.Aot;
using MicroWasm.Tests.Text;
using MicroWasm.Wasi;

namespace MicroWasm.Tests.Wasi;

/// <summary>
/// wasi-threads end to end through <see cref="WasiRunner"/>: the WAT programs of tests/fixtures/wasi-threads (laid out as
/// clang -pthread lays one out), in the interpreter and as AOT artifacts.
/// </summary>
public class WasiThreadsTests
{
    public static TheoryData<bool> Tiers => new() { false, true };

    private static string FixtureText(string name) =>
        File.ReadAllText(Path.Combine(TextTestSupport.RepositoryRoot(), "tests", "fixtures", "wasi-threads", name + ".wat"));

    private static CompiledModule Load(string name, bool aot) =>
        aot ? AotTestModules.Load(FixtureText(name)) : CompiledModule.FromText(FixtureText(name));

    private static (int ExitCode, string Stdout) Run(CompiledModule module, int? maxThreads = null)
    {
        var stdout = new MemoryStream();
        var configuration = new WasiConfiguration().WithArguments("prog");
        configuration.Stdout = stdout;
        if (maxThreads is { } max) configuration.MaxThreads = max;
        int exitCode = WasiRunner.RunStart(module, configuration);
        return (exitCode, Encoding.UTF8.GetString(stdout.ToArray()));
    }

    [Theory]
    [MemberData(nameof(Tiers))]
    public void Four_threads_adding_with_atomics_give_the_exact_sum_every_time(bool aot)
    {
        var module = Load("sum", aot);
        for (int run = 0; run < 50; run++)
        {
            var (exitCode, stdout) = Run(module);
            Assert.Equal((0, "sum=100000\n"), (exitCode, stdout));
        }
    }

    [Theory]
    [InlineData("thread_exit", false, 7)]
    [InlineData("thread_exit", true, 7)]
    [InlineData("thread_exit_busy", false, 9)]
    [InlineData("thread_exit_busy", true, 9)]
    public void Proc_exit_in_a_spawned_thread_ends_the_program_with_its_code(string fixture, bool aot, int expected)
    {
        Assert.Equal(expected, Run(Load(fixture, aot)).ExitCode);
    }

    [Theory]
    [MemberData(nameof(Tiers))]
    public void A_trap_in_a_spawned_thread_ends_the_program_with_that_trap(bool aot)
    {
        var trap = Assert.Throws<TrapException>(() => Run(Load("thread_trap", aot)));
        Assert.Equal(TrapKind.IntegerDivideByZero, trap.Kind);
        Assert.Equal("integer divide by zero", trap.Message);
    }

    [Theory]
    [InlineData(false, null, "spawned=4 errno=6\n")]
    [InlineData(false, 2, "spawned=2 errno=6\n")]
    [InlineData(false, 0, "spawned=0 errno=6\n")]
    [InlineData(true, 3, "spawned=3 errno=6\n")]
    public void Thread_spawn_fails_with_EAGAIN_beyond_the_thread_limit(bool aot, int? maxThreads, string expected)
    {
        // The program returns from _start while its threads wait forever: they are terminated, and the exit code is 0.
        Assert.Equal((0, expected), Run(Load("max_threads", aot), maxThreads));
    }

    [Fact]
    public void Threads_share_the_WASI_descriptors_and_each_fd_write_stays_whole()
    {
        // Thread k (1..4) writes the line "thread k" 2000 times to stdout, one fd_write each, all four at once; _start
        // waits for them. No line may be lost or mixed with another.
        var module = CompiledModule.FromText("""
            (module
              (import "env" "memory" (memory 1 1 shared))
              (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
              (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
              (func (export "wasi_thread_start") (param $tid i32) (param $k i32)
                (local $line i32) (local $n i32)
                ;; "thread k\n" at 64 + 16k, its iovec at 256 + 16k
                (local.set $line (i32.add (i32.const 64) (i32.shl (local.get $k) (i32.const 4))))
                (i64.store (local.get $line) (i64.const 0x2020646165726874)) ;; "thread  "
                (i32.store8 (i32.add (local.get $line) (i32.const 7)) (i32.add (i32.const 48) (local.get $k)))
                (i32.store8 (i32.add (local.get $line) (i32.const 8)) (i32.const 10))
                (i32.store (i32.add (i32.const 256) (i32.shl (local.get $k) (i32.const 4))) (local.get $line))
                (i32.store (i32.add (i32.const 260) (i32.shl (local.get $k) (i32.const 4))) (i32.const 9))
                ;; all four start writing together: each counts itself in at 4 and spins until all have
                (drop (i32.atomic.rmw.add (i32.const 4) (i32.const 1)))
                (loop $gather (br_if $gather (i32.lt_u (i32.atomic.load (i32.const 4)) (i32.const 4))))
                (local.set $n (i32.const 2000))
                (loop $again
                  (drop (call $fd_write (i32.const 1) (i32.add (i32.const 256) (i32.shl (local.get $k) (i32.const 4)))
                                        (i32.const 1) (i32.add (i32.const 264) (i32.shl (local.get $k) (i32.const 4)))))
                  (br_if $again (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
                (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
                (drop (memory.atomic.notify (i32.const 0) (i32.const 1))))
              (func (export "_start") (local $k i32) (local $done i32)
                (local.set $k (i32.const 1))
                (loop $spawn
                  (drop (call $spawn (local.get $k)))
                  (br_if $spawn (i32.le_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (i32.const 4))))
                (block $all
                  (loop $wait
                    (local.set $done (i32.atomic.load (i32.const 0)))
                    (br_if $all (i32.eq (local.get $done) (i32.const 4)))
                    (drop (memory.atomic.wait32 (i32.const 0) (local.get $done) (i64.const -1)))
                    (br $wait)))))
            """);
        var (exitCode, stdout) = Run(module);
        Assert.Equal(0, exitCode);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(8000, lines.Length);
        foreach (int k in new[] { 1, 2, 3, 4 }) Assert.Equal(2000, lines.Count(l => l == $"thread {k}"));
    }

    [Fact]
    public void A_thread_start_export_of_the_wrong_type_makes_thread_spawn_fail_with_EINVAL()
    {
        var module = CompiledModule.FromText("""
            (module
              (import "env" "memory" (memory 1 1 shared))
              (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
              (func (export "wasi_thread_start") (param i32))
              (func (export "_start") (i32.store (i32.const 0) (call $spawn (i32.const 0)))))
            """);
        var imports = new Imports();
        using var memory = new MemoryInstance(new MemoryType(new Limits(1, 1), Shared: true));
        imports.Define("env", "memory", memory);
        Assert.Equal(0, WasiRunner.RunStart(module, new WasiConfiguration(), extraImports: imports));
        Assert.Equal(-(int)Errno.Inval, memory.Read<int>(0));
    }
}
