using System.Globalization;
using MicroWasm.Runtime;

namespace MicroWasm.Cli;

/// <summary><c>microwasm run</c>: load, instantiate and call a module, like <c>iwasm</c> and <c>wasmtime run</c>.</summary>
internal static class RunCommand
{
    private const string Usage = """
        usage: microwasm run [options] MODULE [ARGS...]

        Loads MODULE (.wasm binary or .wat text), instantiates it and calls its _start export,
        or the export named by --invoke. Options come before MODULE.

        options:
          --invoke NAME            call the export NAME with ARGS, parsed as its parameter types,
                                   and print its results one per line
          --stack-size BYTES       the interpreter's stack per thread (default 1048576)
          --max-memory-pages N     a cap on the pages of every memory
          -h, --help               show this help
        """;

    public static int Run(string[] args)
    {
        string? invoke = null;
        var options = RuntimeOptions.Default;
        int i = 0;
        for (; i < args.Length && args[i].StartsWith('-'); i++)
        {
            switch (args[i])
            {
                case "-h" or "--help":
                    Console.WriteLine(Usage);
                    return 0;
                case "--invoke":
                    invoke = OptionValue(args, ref i);
                    break;
                case "--stack-size":
                    options = options with { StackSize = checked((int)ParseCount(args, ref i)) };
                    break;
                case "--max-memory-pages":
                    options = options with { MaxMemoryPages = ParseCount(args, ref i) };
                    break;
                default:
                    throw new UsageException($"unknown option '{args[i]}' (see microwasm run --help)");
            }
        }
        if (i >= args.Length) throw new UsageException("missing MODULE (see microwasm run --help)");
        string path = args[i];
        string[] arguments = args[(i + 1)..];

        try
        {
            var module = ModuleLoader.Load(path);
            using var store = new Store(options);
            var instance = store.Instantiate(module, new Imports());
            if (invoke is null)
            {
                if (instance.TryGetExport("_start", out var start) && start is FunctionInstance startFunction)
                {
                    startFunction.Invoke([]);
                    return 0;
                }
                Console.Error.WriteLine("Error: the module exports no _start function; name one with --invoke NAME");
                return 1;
            }
            var function = instance.GetFunction(invoke);
            var results = function.Invoke(ParseArguments(function.Type, arguments));
            foreach (var result in results) Console.WriteLine(ValueText.Format(result));
            return 0;
        }
        catch (TrapException trap)
        {
            Console.Error.WriteLine($"Error: trap: {trap.Message}");
            foreach (var frame in trap.WasmStackTrace) Console.Error.WriteLine($"  at {frame}");
            return 1;
        }
        catch (WasmException e)
        {
            Console.Error.WriteLine($"Error: {e.Message}");
            return 1;
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"Error: {e.Message}");
            return 1;
        }
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
