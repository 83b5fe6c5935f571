using System.Security.Cryptography;
using MicroWasm.Compiler;
using MicroWasm.Text;

namespace MicroWasm.Fuzz;

/// <summary>
/// Makes the starting corpora from the official spec scripts, read with the engine's own .wast parser (nothing of the
/// suite is kept in the repository): binary modules, top-level text forms, and AOT artifacts compiled from a few small
/// modules. Seeds are taken round-robin across the scripts, so that a small corpus still covers every area of the spec.
/// </summary>
internal sealed class SeedCorpus(string suiteDirectory)
{
    /// <summary>Larger seeds slow every execution and rarely add coverage that a smaller one lacks.</summary>
    private const int MaxBinaryBytes = 16 * 1024, MaxTextChars = 4 * 1024, MaxAotSourceBytes = 2 * 1024;

    public void Write(string outDirectory, int maxPerKind, int aotCount, TextWriter log)
    {
        var scripts = Directory.GetFiles(suiteDirectory, "*.wast").Order(StringComparer.Ordinal).ToArray();
        if (scripts.Length == 0) throw new DirectoryNotFoundException($"no .wast scripts in {suiteDirectory}");
        var binary = new List<List<byte[]>>();
        var valid = new List<List<byte[]>>();
        var text = new List<List<byte[]>>();
        foreach (var path in scripts)
        {
            string source = File.ReadAllText(path);
            var (modules, validModules) = Modules(source, path);
            binary.Add(modules);
            valid.Add(validModules);
            text.Add(TextForms.Split(source).Where(f => f.Length <= MaxTextChars).Select(f => System.Text.Encoding.UTF8.GetBytes(f)).ToList());
        }

        int written = Save(Path.Combine(outDirectory, "binary"), RoundRobin(binary, maxPerKind), "wasm");
        log.WriteLine($"seeds: {written} binary modules from {scripts.Length} scripts");
        written = Save(Path.Combine(outDirectory, "text"), RoundRobin(text, maxPerKind), "wast");
        log.WriteLine($"seeds: {written} text forms");
        if (aotCount > 0)
        {
            var sources = RoundRobin(valid.Select(l => l.Where(m => m.Length <= MaxAotSourceBytes).ToList()).ToList(), aotCount + 2);
            var artifacts = CompileArtifacts(sources, aotCount, log);
            written = Save(Path.Combine(outDirectory, "aot"), artifacts, "aot");
            log.WriteLine($"seeds: {written} AOT artifacts");
        }
    }

    /// <summary>Every module a script writes that decodes as bytes (also the invalid, unlinkable and trapping ones), and the valid ones apart.</summary>
    private static (List<byte[]> All, List<byte[]> Valid) Modules(string source, string path)
    {
        var all = new List<byte[]>();
        var valid = new List<byte[]>();
        WastScript script;
        try
        {
            script = WastParser.Parse(source, path);
        }
        catch (WasmException) { return (all, valid); }
        foreach (var command in script.Commands)
        {
            var (module, isValid) = command switch
            {
                ModuleCommand c => (c.Module, true),
                AssertTrapCommand c => (c.Module, false),
                AssertInvalidCommand c => (c.Module, false),
                AssertUnlinkableCommand c => (c.Module, false),
                AssertUninstantiableCommand c => (c.Module, false),
                AssertMalformedCommand { Module.Kind: WastModuleKind.Binary } c => (c.Module, false),
                _ => ((WastModule?)null, false),
            };
            if (module is null) continue;
            byte[] bytes;
            try
            {
                bytes = module.ToBinary();
            }
            catch (WasmException) { continue; }
            if (bytes.Length > MaxBinaryBytes) continue;
            all.Add(bytes);
            if (isValid) valid.Add(bytes);
        }
        return (all, valid);
    }

    /// <summary>Up to <paramref name="max"/> distinct items, one from each list in turn.</summary>
    private static List<byte[]> RoundRobin(List<List<byte[]>> lists, int max)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<byte[]>();
        var positions = new int[lists.Count];
        bool any = true;
        while (result.Count < max && any)
        {
            any = false;
            for (int l = 0; l < lists.Count && result.Count < max; l++)
            {
                while (positions[l] < lists[l].Count)
                {
                    var item = lists[l][positions[l]++];
                    any = true;
                    if (seen.Add(Convert.ToHexString(SHA256.HashData(item)))) { result.Add(item); break; }
                }
            }
        }
        return result;
    }

    private static List<byte[]> CompileArtifacts(List<byte[]> sources, int count, TextWriter log)
    {
        var artifacts = new byte[sources.Count][];
        Parallel.For(0, sources.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
        {
            try
            {
                artifacts[i] = AotCompiler.Compile(sources[i], new AotCompileOptions());
            }
            catch (Exception e) when (e is WasmException or CompileException)
            {
                lock (log) log.WriteLine($"seeds: an AOT seed was not compiled: {e.Message}");
            }
        });
        return artifacts.Where(a => a is not null).Take(count).ToList();
    }

    private static int Save(string directory, List<byte[]> items, string extension)
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        Directory.CreateDirectory(directory);
        for (int i = 0; i < items.Count; i++)
            File.WriteAllBytes(Path.Combine(directory, $"seed{i:d5}.{extension}"), items[i]);
        return items.Count;
    }
}
