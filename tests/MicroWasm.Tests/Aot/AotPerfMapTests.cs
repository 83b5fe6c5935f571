using System.Globalization;
using MicroWasm.Aot;
using MicroWasm.Runtime;

namespace MicroWasm.Tests.Aot;

/// <summary>The perf map (guide: aot.md): one "START SIZE NAME" line per function of each artifact loaded while it is on.</summary>
public class AotPerfMapTests
{
    [Fact]
    public void Loading_an_artifact_with_the_perf_map_on_lists_its_functions()
    {
        byte[] artifact = AotTestModules.Artifact(AotTestModules.Kitchen);
        string path = AotPerfMap.PathForThisProcess;
        long before = File.Exists(path) ? new FileInfo(path).Length : 0;
        AotPerfMap.Enabled = true;
        try { CompiledModule.FromBytes(artifact); }
        finally { AotPerfMap.Enabled = false; }

        string added;
        using (var file = File.OpenRead(path))
        {
            file.Seek(before, SeekOrigin.Begin);
            added = new StreamReader(file).ReadToEnd();
        }
        var entries = added.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', 3))
            .Where(f => f[2].StartsWith("wasm!kitchen!", StringComparison.Ordinal))
            .Select(f => (Start: ulong.Parse(f[0], NumberStyles.HexNumber), Size: ulong.Parse(f[1], NumberStyles.HexNumber), Name: f[2]))
            .ToList();
        // The kitchen module names fib, square, indirect, div, down... in its text; each has code of its own.
        Assert.Contains(entries, e => e.Name == "wasm!kitchen!fib");
        Assert.Contains(entries, e => e.Name == "wasm!kitchen!down");
        Assert.All(entries, e => Assert.True(e.Size > 0 && e.Start > 0));
        var ordered = entries.OrderBy(e => e.Start).ToList();
        for (int i = 1; i < ordered.Count; i++)
            Assert.True(ordered[i - 1].Start + ordered[i - 1].Size <= ordered[i].Start, "function ranges overlap");
    }

    [Fact]
    public void With_the_perf_map_off_nothing_is_written()
    {
        byte[] artifact = AotTestModules.Artifact(AotTestModules.Kitchen);
        string path = AotPerfMap.PathForThisProcess;
        // Only this class turns the map on, and xunit runs one class's tests one at a time.
        long before = File.Exists(path) ? new FileInfo(path).Length : 0;
        Assert.False(AotPerfMap.Enabled);
        CompiledModule.FromBytes(artifact);
        Assert.Equal(before, File.Exists(path) ? new FileInfo(path).Length : 0);
    }
}
