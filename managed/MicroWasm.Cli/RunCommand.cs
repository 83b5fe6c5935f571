using System.Globalization;
using MicroWasm.Runtime;
using MicroWasm.Wasi;

namespace MicroWasm.Cli;

/// <summary><c>microwasm run</c>: run a WASI program or call an export, in the style of <c>iwasm</c> and <c>wasmtime run</c>.</summary>
internal static class RunCommand
{
    /// <summary>The exit status after a trap: 128 + SIGABRT, as wasmtime reports it, so it differs from any proc_exit code a program picks.</summary>
    public const int TrapExitCode = 134;

    private const string Usage = """
        usage: microwasm run [options] MODULE [ARGS...]

        Loads MODULE (.wasm binary or .wat text) with WASI preview1 and calls its _start export,
        passing ARGS as the program's arguments; the exit status is the program's proc_exit code.
        With --invoke NAME, calls the export NAME instead, with ARGS parsed as its parameters,
        and prints its results one per line. Options come before MODULE.

        options:
          --dir HOST[::GUEST]      give the program the host directory HOST, seen as GUEST
                                   (default: the same path); repeatable
          --env NAME=VALUE         set an environment variable for the program; repeatable
          --invoke NAME            call the export NAME instead of _start
          --stack-size BYTES       the interpreter's stack per thread (default 1048576)
          --max-memory-pages N     a cap on the pages of every memory
          --max-threads N          a wasi-threads program may run N spawned threads at once
                                   (default 4, as in WAMR); thread-spawn fails with -EAGAIN beyond
          --perf-map               with an AOT artifact (.aot): write /tmp/perf-PID.map so that
                                   `perf report` names the wasm functions
          --version                show the version
          -h, --help               show this help

        A trap prints its message and the WebAssembly call stack to stderr and exits with 134.
        """;

    public static int Run(string[] args)
    {
        string? invoke = null;
        var options = RuntimeOptions.Default;
        var preopens = new List<WasiPreopen>();
        var environment = new List<KeyValuePair<string, string>>();
        var configuration = new WasiConfiguration();
        int i = 0;
        for (; i < args.Length && args[i].StartsWith('-'); i++)
        {
            switch (args[i])
            {
                case "-h" or "--help":
                    Console.WriteLine(Usage);
                    return 0;
                case "--version":
                    Console.WriteLine($"microwasm {Cli.VersionText}");
                    return 0;
                case "--invoke":
                    invoke = OptionValue(args, ref i);
                    break;
                case "--dir":
                    preopens.Add(WasiPreopen.Parse(OptionValue(args, ref i)));
                    break;
                case "--env":
                    environment.Add(ParseVariable(OptionValue(args, ref i)));
                    break;
                case "--stack-size":
                    options = options with { StackSize = checked((int)ParseCount(args, ref i)) };
                    break;
                case "--max-memory-pages":
                    options = options with { MaxMemoryPages = ParseCount(args, ref i) };
                    break;
                case "--max-threads":
                    configuration.MaxThreads = checked((int)ParseCount(args, ref i));
                    break;
                case "--perf-map":
                    Aot.AotPerfMap.Enabled = true;
                    break;
                case "--heap-size":
                    // iwasm's --heap-size sizes WAMR's host-managed app heap, which only WAMR's built-in libc and
                    // C-API natives allocate from; WASI programs bring their own malloc, so here it would do nothing.
                    throw new UsageException(
                        "--heap-size is not supported: it sizes WAMR's host-managed app heap, which serves C-API natives " +
                        "and WAMR's built-in libc; `microwasm run` has neither (WASI programs use their own malloc). " +
                        "C hosts set it with wasm_runtime_instantiate's heap_size.");
                default:
                    throw new UsageException($"unknown option '{args[i]}' (see microwasm run --help)");
            }
        }
        if (i >= args.Length) throw new UsageException("missing MODULE (see microwasm run --help)");
        string path = args[i];
        string[] arguments = args[(i + 1)..];

        configuration.InheritStandardStreams();
        configuration.Preopens.AddRange(preopens);
        configuration.Environment.AddRange(environment);
        try
        {
            var module = ModuleLoader.Load(path);
            using var store = new Store(options);
            if (invoke is null)
            {
                configuration.WithArguments([Path.GetFileName(path), .. arguments]);
                return WasiRunner.RunStart(module, configuration, store);
            }
            return Invoke(module, store, configuration, invoke, arguments);
        }
        catch (Exception e) when (WasiExitException.TryGetExitCode(e, out int code))
        {
            return code;
        }
        catch (TrapException trap)
        {
            Console.Error.WriteLine($"Error: trap: {trap.Message}");
            foreach (var frame in trap.WasmStackTrace) Console.Error.WriteLine($"  at {frame}");
            return TrapExitCode;
        }
        catch (Exception e) when (e is WasmException or IOException or UnauthorizedAccessException or KeyNotFoundException)
        {
            Console.Error.WriteLine($"Error: {e.Message}");
            return 1;
        }
    }

    /// <summary>Instantiates with WASI available and calls one export, printing its results.</summary>
    private static int Invoke(CompiledModule module, Store store, WasiConfiguration configuration, string name, string[] texts)
    {
        // A wasi-threads program gets its threads and imported memory as under _start, and ends the same ways.
        if (WasiThreads.IsImportedBy(module))
            return WasiRunner.Run(module, configuration, store, null, instance => InvokeAndPrint(instance, name, texts));
        var imports = new Imports();
        // Only a module that imports WASI gets it: defining its functions was a quarter of the managed work of
        // start-up on a module without imports (callgrind).
        using var context = ImportsWasi(module) ? WasiPreview1.DefineIn(imports, configuration) : null;
        var instance = store.Instantiate(module, imports, context is null ? null : context.BindIfExported);
        return InvokeAndPrint(instance, name, texts);
    }

    private static int InvokeAndPrint(ModuleInstance instance, string name, string[] texts)
    {
        var function = instance.GetFunction(name);
        var results = function.Invoke(ParseArguments(function.Type, texts));
        foreach (var result in results) Console.WriteLine(ValueText.Format(result));
        return 0;
    }

    private static bool ImportsWasi(CompiledModule module)
    {
        foreach (var import in module.Imports)
            if (import.ModuleName == WasiPreview1.ModuleName) return true;
        return false;
    }

    private static Value[] ParseArguments(FuncType type, string[] texts)
    {
        if (texts.Length != type.Parameters.Length)
            throw new UsageException($"the function takes {type.Parameters.Length} arguments {type}, {texts.Length} given");
        var values = new Value[texts.Length];
        for (int i = 0; i < texts.Length; i++)
            values[i] = ValueText.Parse(type.Parameters[i], texts[i]);
        return values;
    }

    private static KeyValuePair<string, string> ParseVariable(string text)
    {
        int equals = text.IndexOf('=');
        return equals > 0
            ? new(text[..equals], text[(equals + 1)..])
            : throw new UsageException($"--env needs NAME=VALUE, got '{text}'");
    }

    private static string OptionValue(string[] args, ref int i) =>
        ++i < args.Length ? args[i] : throw new UsageException($"option '{args[i - 1]}' needs a value");

    private static ulong ParseCount(string[] args, ref int i)
    {
        string text = OptionValue(args, ref i);
        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new UsageException($"option '{args[i - 1]}' needs a whole number, got '{text}'");
    }
}
