using System.Diagnostics;
using MicroWasm.Aot;
using MicroWasm.Compiler;

namespace MicroWasm.Cli;

/// <summary><c>microwasm compile</c>: a module to an AOT artifact, in the style of WAMR's <c>wamrc</c>.</summary>
internal static class CompileCommand
{
    private const string Usage = """
        usage: microwasm compile [options] MODULE -o OUT.aot

        Translates MODULE (.wasm or .wat) to C, compiles it with the system's C compiler (clang with
        lld, or gcc) for the target, and writes an artifact that `microwasm run`, the managed API and
        the C APIs (wasm_runtime_load, wasm_module_deserialize) load without any compiler.

        options:
          -o, --output FILE      the artifact to write (required)
          --target TRIPLE        x86_64-linux-gnu or aarch64-linux-gnu (default: this machine)
          --cc COMPILER          the C compiler to run (default: gcc for this machine's own target or TARGET-gcc, then clang-14, clang)
          -O LEVEL               the C compiler's optimisation level: 0, 1, 2, 3 or s (default 2)
          --emit-c DIR           keep the generated C, objects and image in DIR
          -h, --help             show this help

        A feature the compiler cannot translate yet fails with an error that names it.
        """;

    public static int Run(string[] args)
    {
        string? input = null, output = null, emitC = null, compiler = null;
        string optimization = "2";
        var target = AotTarget.Host ?? AotTarget.X86_64Linux;
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            switch (arg)
            {
                case "-h" or "--help":
                    Console.WriteLine(Usage);
                    return 0;
                case "-o" or "--output":
                    output = Value(args, ref i);
                    break;
                case "--target":
                {
                    string triple = Value(args, ref i);
                    target = AotTarget.FromTriple(triple)
                        ?? throw new UsageException($"unknown target '{triple}' (known: {string.Join(", ", AotTarget.All.Select(t => t.Triple))})");
                    break;
                }
                case "--cc":
                    compiler = Value(args, ref i);
                    break;
                case "--emit-c":
                    emitC = Value(args, ref i);
                    break;
                default:
                    if (arg.StartsWith("-O", StringComparison.Ordinal))
                    {
                        optimization = arg.Length > 2 ? arg[2..] : Value(args, ref i);
                        if (optimization is not ("0" or "1" or "2" or "3" or "s"))
                            throw new UsageException($"-O takes 0, 1, 2, 3 or s, got '{optimization}'");
                        break;
                    }
                    if (arg.StartsWith('-')) throw new UsageException($"unknown option '{arg}' (see microwasm compile --help)");
                    if (input is not null) throw new UsageException("more than one MODULE given");
                    input = arg;
                    break;
            }
        }
        if (input is null) throw new UsageException("missing MODULE (see microwasm compile --help)");
        if (output is null) throw new UsageException("missing -o OUT.aot (see microwasm compile --help)");

        var clock = Stopwatch.StartNew();
        try
        {
            var wasm = ModuleLoader.ReadBinary(input);
            if (AotArtifactFormat.LooksLikeArtifact(wasm)) throw new UsageException($"{input} is already an AOT artifact");
            var artifact = AotCompiler.Compile(wasm, new AotCompileOptions
            {
                Target = target,
                Compiler = compiler,
                OptimizationLevel = optimization,
                EmitCDirectory = emitC is null ? null : Path.GetFullPath(emitC),
                Progress = line => Console.Error.WriteLine($"microwasm compile: {line}"),
            });
            File.WriteAllBytes(output, artifact);
            Console.Error.WriteLine($"microwasm compile: {output}: {artifact.Length} bytes for {target.Triple} in {clock.Elapsed.TotalSeconds:F1} s");
            return 0;
        }
        catch (Exception e) when (e is WasmException or CompileException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"Error: {e.Message}");
            return 1;
        }
    }

    private static string Value(string[] args, ref int i) =>
        ++i < args.Length ? args[i] : throw new UsageException($"option '{args[i - 1]}' needs a value");
}
