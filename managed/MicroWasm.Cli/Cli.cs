using System.Reflection;

namespace MicroWasm.Cli;

internal static class Cli
{
    public const string Usage = """
        usage: microwasm <command> [options]

        commands:
          run     [options] MODULE [ARGS...]   run a module (.wasm, .wat or a compiled .aot)
          compile [options] MODULE -o OUT.aot  compile a module to native code (an AOT artifact)
          wast    [options] FILE...            run WebAssembly spec scripts (.wast)

        options:
          -h, --help      show help (also after a command: microwasm run --help)
          --version       show the version
        """;

    public static int Execute(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        try
        {
            return args[0] switch
            {
                "-h" or "--help" or "help" => Help(),
                "--version" or "version" => Version(),
                "wast" => WastCommand.Run(args[1..]),
                "run" => RunCommand.Run(args[1..]),
                "compile" => CompileCommand.Run(args[1..]),
                _ => UnknownCommand(args[0]),
            };
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"microwasm: {e.Message}");
            return 2;
        }
    }

    public static string VersionText =>
        typeof(Cli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private static int Help()
    {
        Console.WriteLine(Usage);
        return 0;
    }

    private static int Version()
    {
        Console.WriteLine($"microwasm {VersionText}");
        return 0;
    }

    private static int UnknownCommand(string name)
    {
        Console.Error.WriteLine($"microwasm: unknown command '{name}'");
        Console.Error.WriteLine(Usage);
        return 2;
    }
}

/// <summary>Bad command-line usage: printed without a stack trace, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
