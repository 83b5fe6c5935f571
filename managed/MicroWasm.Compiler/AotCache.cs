using MicroWasm.Runtime;

namespace MicroWasm.Compiler;

/// <summary>
/// Compiles modules to artifacts through a directory cache keyed by a hash of the module's bytes and the compiler's
/// flags, so a spec-suite run with <c>--aot</c> (or a differential-testing run) compiles each distinct module once,
/// across runs.
/// </summary>
public sealed class AotCache(string directory, AotCompileOptions options)
{
    // Artifacts this run made (by Prefetch or Load): loading them again is not a cache hit.
    private readonly HashSet<string> _compiledThisRun = [];

    /// <summary>Distinct modules this run compiled.</summary>
    public int Compiled => _compiledThisRun.Count;

    /// <summary>Loads of artifacts that an earlier run had compiled.</summary>
    public int Reused { get; private set; }

    /// <summary>The default place: $MICROWASM_AOT_CACHE, else $XDG_CACHE_HOME/microwasm/aot, else ~/.cache/microwasm/aot.</summary>
    public static string DefaultDirectory()
    {
        if (Environment.GetEnvironmentVariable("MICROWASM_AOT_CACHE") is { Length: > 0 } explicitDir) return explicitDir;
        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        string root = string.IsNullOrEmpty(xdg) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache") : xdg;
        return Path.Combine(root, "microwasm", "aot");
    }

    /// <summary>
    /// Compiles, in parallel, every module of <paramref name="modules"/> the cache lacks, so that a run that loads them
    /// afterwards finds them all cached. Modules that fail here fail again, with their message, when loaded.
    /// </summary>
    public void Prefetch(IEnumerable<byte[]> modules)
    {
        var missing = modules.Where(m => !File.Exists(PathOf(m))).DistinctBy(PathOf).ToList();
        if (missing.Count == 0) return;
        int done = 0;
        Parallel.ForEach(missing, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, wasm =>
        {
            try
            {
                Store(wasm, AotCompiler.Compile(wasm, options));
                lock (_compiledThisRun) _compiledThisRun.Add(PathOf(wasm));
            }
            catch (Exception e) when (e is WasmException or CompileException) { /* reported by the run */ }
            int n = Interlocked.Increment(ref done);
            if (n % 100 == 0 || n == missing.Count) Console.Error.WriteLine($"aot: compiled {n}/{missing.Count} modules");
        });
    }

    private string PathOf(byte[] wasm) => Path.Combine(directory, AotCompiler.CacheKey(wasm, options) + ".aot");

    private void Store(byte[] wasm, byte[] artifact)
    {
        Directory.CreateDirectory(directory);
        // Written aside and renamed, so a concurrent reader never sees half a file.
        string path = PathOf(wasm);
        string temporary = $"{path}.{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.tmp";
        File.WriteAllBytes(temporary, artifact);
        File.Move(temporary, path, overwrite: true);
    }

    public CompiledModule Load(byte[] wasm)
    {
        string path = PathOf(wasm);
        if (File.Exists(path))
        {
            try
            {
                var module = CompiledModule.FromArtifact(File.ReadAllBytes(path));
                lock (_compiledThisRun)
                    if (!_compiledThisRun.Contains(path)) Reused++;
                return module;
            }
            catch (Aot.AotArtifactException)
            {
                // A damaged cache entry is compiled again.
            }
        }
        var artifact = AotCompiler.Compile(wasm, options);
        Store(wasm, artifact);
        lock (_compiledThisRun) _compiledThisRun.Add(path);
        return CompiledModule.FromArtifact(artifact);
    }
}
