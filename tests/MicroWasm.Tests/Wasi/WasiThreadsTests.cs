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
