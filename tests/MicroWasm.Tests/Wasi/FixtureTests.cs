using System.Text;
using MicroWasm.Runtime;
using MicroWasm.Wasi;

namespace MicroWasm.Tests.Wasi;

/// <summary>
/// End to end: the C programs of tests/fixtures/wasi (compiled by its build.sh with wasi-libc) run on the interpreter
/// through <see cref="WasiRunner"/>; <see cref="Aot.AotFixtureTests"/> runs the same tests on the programs compiled to artifacts.
/// </summary>
public class FixtureTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "microwasm-fixture-" + Guid.NewGuid().ToString("N"));
    private readonly MemoryStream _stdout = new(), _stderr = new();

    public FixtureTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "data"));
        File.WriteAllText(Path.Combine(_root, "secret"), "secret");
    }

    public void Dispose()
    {
        GC.SuppressFinalize(this);
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The fixture as the tier under test runs it: here the module itself, for the interpreter.</summary>
    protected virtual CompiledModule Load(string name) => CompiledModule.FromFile(Fixture(name));

    protected static string Fixture(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "fixtures", "wasi", name + ".wasm");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"fixture {name}.wasm (run tests/fixtures/wasi/build.sh)");
    }

    private int Run(string name, Action<WasiConfiguration>? configure = null, params string[] args)
    {
        var config = new WasiConfiguration().WithArguments([name, .. args]);
        config.Stdout = _stdout;
        config.Stderr = _stderr;
        configure?.Invoke(config);
        return WasiRunner.RunStart(Load(name), config);
    }

    private string Stdout => Encoding.UTF8.GetString(_stdout.ToArray());
    private string Stderr => Encoding.UTF8.GetString(_stderr.ToArray());
    private Action<WasiConfiguration> Data => c => c.WithPreopen(Path.Combine(_root, "data"), "data");

    [Fact]
    public void Hello_prints_to_stdout()
    {
        Assert.Equal(0, Run("hello"));
        Assert.Equal("Hello, WASI!\n", Stdout);
    }

    [Fact]
    public void Args_and_environment_reach_main()
    {
        Assert.Equal(0, Run("args_env", c => c.WithEnvironment("GREETING", "hi there").WithEnvironment("EMPTY", ""), "one", "two words", "ünï"));
        Assert.Equal("argc=4\nargv[0]=args_env\nargv[1]=one\nargv[2]=two words\nargv[3]=ünï\nenv GREETING=hi there\nenv EMPTY=\n", Stdout);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(255)]
    public void Exit_codes_come_back_from_proc_exit(int code)
    {
        Assert.Equal(code, Run("exit_code", null, code.ToString()));
        Assert.Equal($"exiting with {code}\n", Stderr);
    }

    [Fact]
    public void Stdin_is_copied_to_stdout_with_a_count_on_stderr()
    {
        Assert.Equal(0, Run("stdio", c => c.Stdin = new MemoryStream("abc\nxyz\n"u8.ToArray())));
        Assert.Equal("ABC\nXYZ\n", Stdout);
        Assert.Equal("8 bytes\n", Stderr);
    }

    [Fact]
    public void File_io_works_inside_a_preopen()
    {
        Assert.Equal(0, Run("file_io", Data));
        Assert.Equal("ok\n", Stdout);
        Assert.Equal("hello!!", File.ReadAllText(Path.Combine(_root, "data", "file.txt")));
    }

    [Fact]
    public void Directories_and_readdir_work_inside_a_preopen()
    {
        Assert.Equal(0, Run("dirs", Data));
        Assert.Equal("41 entries, first file00, last sub\nok\n", Stdout);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(_root, "data")));
    }

    [Fact]
    public void Path_and_descriptor_edge_cases_give_linux_results()
    {
        // Linux's results, which wasi-libc's callers assume and Wasmtime 50 gives too, except rmdir("made/"): Wasmtime
        // says EINVAL where Linux removes the directory.
        Assert.Equal(0, Run("edge_errors", Data));
        Assert.Equal("""
            rename-dir-slashes ok
            renamed-dir-exists ok
            rename-dir-slash-source ok
            rename-dir-slash-target ok
            mkdir-slash ok
            rmdir-slash ok
            rename-file-slash ENOTDIR (54)
            rename-to-file-slash ENOTDIR (54)
            open-file-slash ENOTDIR (54)
            stat-file-slash ENOTDIR (54)
            unlink-file-slash ENOTDIR (54)
            o-directory-file ENOTDIR (54)
            o-directory-dir ok
            o-directory-dir-write EISDIR (31)
            open-dir-write EISDIR (31)
            open-dir-read-write EISDIR (31)
            unlink-dir EISDIR (31)
            rmdir-not-empty ENOTEMPTY (55)
            rmdir-file ENOTDIR (54)
            shutdown-file ENOTSOCK (57)
            shutdown-stdout ENOTSOCK (57)
            shutdown-closed EBADF (8)
            shutdown-dir ENOTSOCK (57)

            """, Stdout);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(_root, "data")));
    }

    [Fact]
    public void Clocks_are_sane()
    {
        Assert.Equal(0, Run("clocks"));
        Assert.Equal("ok\n", Stdout);
    }

    [Fact]
    public void Random_bytes_differ()
    {
        Assert.Equal(0, Run("random"));
        Assert.EndsWith("ok\n", Stdout);
    }

    [Fact]
    public void Poll_waits_on_clocks_and_files()
    {
        Assert.Equal(0, Run("poll", Data));
        Assert.Equal("ok\n", Stdout);
    }

    [Fact]
    public void Every_escape_from_the_sandbox_fails_with_the_right_errno()
    {
        File.WriteAllText(Path.Combine(_root, "data", "inside.txt"), "inside");
        Directory.CreateDirectory(Path.Combine(_root, "data", "sub"));
        File.CreateSymbolicLink(Path.Combine(_root, "data", "abs"), Path.Combine(_root, "secret"));
        Assert.Equal(0, Run("sandbox", Data));
        int notCapable = (int)Errno.NotCapable, loop = (int)Errno.Loop;
        Assert.Equal(
            $"""
            dotdot {notCapable}
            deep-dotdot {notCapable}
            inside-dotdot 0
            absolute {notCapable}
            symlink-absolute-create {notCapable}
            symlink-absolute {notCapable}
            symlink-out-create 0
            symlink-out {notCapable}
            symlink-dotdot-create 0
            symlink-dotdot {notCapable}
            symlink-in-create 0
            symlink-in 0
            symlink-nofollow {loop}
            stat-dotdot {notCapable}
            mkdir-dotdot {notCapable}
            unlink-out {notCapable}
            rename-out {notCapable}

            """, Stdout);
        Assert.True(File.Exists(Path.Combine(_root, "secret")));
        Assert.False(Directory.Exists(Path.Combine(_root, "escape")));
        Assert.False(File.Exists(Path.Combine(_root, "stolen")));
    }

    [Fact]
    public void A_file_is_copied_between_two_preopens()
    {
        Directory.CreateDirectory(Path.Combine(_root, "in"));
        Directory.CreateDirectory(Path.Combine(_root, "out"));
        var content = new byte[10_000];
        new Random(1).NextBytes(content);
        File.WriteAllBytes(Path.Combine(_root, "in", "src.bin"), content);
        Assert.Equal(0, Run("copy", c => c.WithPreopen(Path.Combine(_root, "in"), "in").WithPreopen(Path.Combine(_root, "out"), "/out"),
            "in/src.bin", "/out/dst.bin"));
        Assert.Equal("copied 10000 bytes\n", Stdout);
        Assert.Equal(content, File.ReadAllBytes(Path.Combine(_root, "out", "dst.bin")));
    }

    [Fact]
    public void Copy_reports_a_missing_file_and_exits_non_zero()
    {
        Directory.CreateDirectory(Path.Combine(_root, "in"));
        Assert.Equal(1, Run("copy", c => c.WithPreopen(Path.Combine(_root, "in"), "in"), "in/missing", "in/x"));
        Assert.Contains("in/missing", Stderr);
    }

    [Fact]
    public void Run_start_uses_the_given_store_and_extra_imports()
    {
        using var store = new Store();
        var config = new WasiConfiguration().WithArguments("hello");
        config.Stdout = _stdout;
        Assert.Equal(0, WasiRunner.RunStart(Load("hello"), config, store, new Imports()));
        Assert.Equal("Hello, WASI!\n", Stdout);
    }

    [Fact]
    public void The_embedding_pattern_defines_instantiates_binds_and_calls_start()
    {
        using var store = new Store();
        var imports = new Imports();
        var config = new WasiConfiguration().WithArguments("exit_code", "7");
        config.Stderr = _stderr;
        using var wasi = WasiPreview1.DefineIn(imports, config);
        var instance = store.Instantiate(Load("exit_code"), imports);
        wasi.Bind(instance);
        var e = Assert.Throws<TrapException>(() => instance.GetFunction("_start").Invoke());
        Assert.True(WasiExitException.TryGetExitCode(e, out int code));
        Assert.Equal(7, code);
        Assert.Equal("exiting with 7\n", Stderr);
    }
}
