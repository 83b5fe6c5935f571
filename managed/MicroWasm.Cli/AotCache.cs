using MicroWasm.Compiler;
using MicroWasm.Runtime;

namespace MicroWasm.Cli;

/// <summary>
/// Compiles modules to artifacts through a directory cache keyed by a hash of the module's bytes and the compiler's
/// flags, so a spec-suite run with <c>--aot</c> compiles each distinct module once, across runs.
/// </summary>
internal sealed class AotCache(string directory, AotCompileOptions options)
{
    public int Compiled { get; private set; }
    public int Reused { get; private set; }

    /// <summary>The default place: $MICROWASM_AOT_CACHE, else $XDG_CACHE_HOME/microwasm/aot, else ~/.cache/microwasm/aot.</summary>
    public static string DefaultDirectory()
    {
        if (Environment.GetEnvironmentVariable("MICROWASM_AOT_CACHE") is { Length: > 0 } explicitDir) return explicitDir;
        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        string root = string.IsNullOrEmpty(xdg) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache") : xdg;
        return Path.Combine(root, "microwasm", "aot");
    }

    public CompiledModule Load(byte[] wasm)
    {
        string path = Path.Combine(directory, AotCompiler.CacheKey(wasm, options) + ".aot");
        if (File.Exists(path))
        {
            try
            {
                var module = CompiledModule.FromArtifact(File.ReadAllBytes(path));
                Reused++;
                return module;
            }
            catch (Aot.AotArtifactException)
            {
                // A damaged cache entry is compiled again.
            }
        }
        var artifact = AotCompiler.Compile(wasm, options);
        Directory.CreateDirectory(directory);
        // Written aside and renamed, so a concurrent run never reads half a file.
        string temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllBytes(temporary, artifact);
        File.Move(temporary, path, overwrite: true);
        Compiled++;
        return CompiledModule.FromArtifact(artifact);
    }
}
