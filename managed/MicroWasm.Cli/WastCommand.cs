using System.Diagnostics;
using MicroWasm.Compiler;
using MicroWasm.Wast;

namespace MicroWasm.Cli;

/// <summary><c>microwasm wast</c>: runs spec scripts and prints failures, skips and the closing count line.</summary>
internal static class WastCommand
{
    private const string Usage = """
        usage: microwasm wast [options] FILE...

        Runs WebAssembly spec scripts (.wast) with the spectest host module. Prints every failed
        command as FILE:LINE: expected ..., got ..., every skipped command with its reason, and
        ends with the line "wast: N passed, N failed, N skipped". Exits 1 if anything failed or
        was skipped.

        options:
          -v, --verbose      print each script's counts as it finishes
          --aot              compile every module the scripts instantiate to native code
                             (microwasm compile) and run that; artifacts are cached
          --aot-cache DIR    the artifact cache (default $MICROWASM_AOT_CACHE, else
                             ~/.cache/microwasm/aot)
          --cc COMPILER      with --aot: the C compiler to use
          --features SET     the proposals the decoder accepts: all (default), 2.0, or
                             threads, then any ,+NAME or ,-NAME of extended-const,
                             tail-call, multi-memory, threads (e.g. 2.0,+tail-call);
                             the official 2.0 scripts need 2.0 (they test as malformed
                             or invalid what later proposals define), the threads
                             proposal's scripts threads (they predate 2.0's multiple
                             tables)
          -h, --help         show this help
        """;

    public static int Run(string[] args)
    {
        bool verbose = false, aot = false;
        string? cacheDirectory = null, compiler = null;
        var features = WasmFeatures.All;
        var files = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            switch (arg)
            {
                case "--aot":
                    aot = true;
                    break;
                case "--aot-cache":
                    cacheDirectory = ++i < args.Length ? args[i] : throw new UsageException("--aot-cache needs a directory");
                    break;
                case "--cc":
                    compiler = ++i < args.Length ? args[i] : throw new UsageException("--cc needs a compiler");
                    break;
                case "--features":
                    string set = ++i < args.Length ? args[i] : throw new UsageException($"--features needs a set: {WasmFeatures.Names}");
                    features = WasmFeatures.FromName(set) ?? throw new UsageException($"unknown feature set '{set}' ({WasmFeatures.Names})");
                    break;
                case "-h" or "--help":
                    Console.WriteLine(Usage);
                    return 0;
                case "-v" or "--verbose":
                    verbose = true;
                    break;
                default:
                    if (arg.StartsWith('-')) throw new UsageException($"unknown option '{arg}' (see microwasm wast --help)");
                    files.Add(arg);
                    break;
            }
        }
        if (files.Count == 0) throw new UsageException("no script given (see microwasm wast --help)");

        var total = new WastResult();
        AotCache? cache = aot
            ? new AotCache(cacheDirectory ?? AotCache.DefaultDirectory(), new AotCompileOptions { Compiler = compiler })
            : null;
        cache?.Prefetch(ModulesInstantiatedBy(files));
        var runner = new WastRunner(load: cache is null ? null : cache.Load, features: features);
        var clock = Stopwatch.StartNew();
        foreach (var file in files)
        {
            var result = runner.RunFile(file);
            foreach (var line in result.Failures) Console.WriteLine(line);
            foreach (var line in result.Skips) Console.WriteLine(line);
            if (verbose)
                Console.Error.WriteLine($"{file}: {result.Passed} passed, {result.Failed} failed, {result.Skipped} skipped");
            total.Add(result);
        }
        Console.Error.WriteLine($"{files.Count} scripts in {clock.Elapsed.TotalSeconds:F1} s");
        if (cache is not null) Console.Error.WriteLine($"aot: {cache.Compiled} modules compiled, {cache.Reused} loaded from the cache");
        Console.WriteLine(total.Summary);
        return total.Failed == 0 && total.Skipped == 0 ? 0 : 1;
    }

    /// <summary>The binary of every module the scripts will instantiate; scripts and modules that fail to parse or encode are left out (the run reports them).</summary>
    private static List<byte[]> ModulesInstantiatedBy(IEnumerable<string> scripts)
    {
        var modules = new List<byte[]>();
        foreach (var path in scripts)
        {
            try
            {
                foreach (var command in Text.WastParser.Parse(File.ReadAllText(path), path).Commands)
                {
                    var module = command switch
                    {
                        Text.ModuleCommand m => m.Module,
                        Text.AssertTrapCommand { Module: { } m } => m,
                        Text.AssertUnlinkableCommand u => u.Module,
                        Text.AssertUninstantiableCommand u => u.Module,
                        _ => null,
                    };
                    if (module is null) continue;
                    try { modules.Add(module.ToBinary()); }
                    catch (WasmException) { /* reported by the run */ }
                }
            }
            catch (Exception e) when (e is WasmException or IOException) { /* reported by the run */ }
        }
        return modules;
    }
}
