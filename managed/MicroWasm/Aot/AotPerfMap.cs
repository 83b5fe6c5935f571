using System.Text;
using MicroWasm.Runtime;

namespace MicroWasm.Aot;

/// <summary>
/// Linux perf's map of JIT code (guide: aot.md, "Readable and observable"): when enabled, every artifact mapped into
/// this process adds one line per function to <c>/tmp/perf-PID.map</c>, "START SIZE NAME" in hex without 0x, so that
/// <c>perf report</c> attributes samples to wasm functions as it does for JIT-compiled code.
/// </summary>
public static class AotPerfMap
{
    private static readonly Lock FileLock = new();

    /// <summary>
    /// Whether artifacts loaded from now on are written to the map. Off by default; on when the environment variable
    /// MICROWASM_PERF_MAP is 1 at start-up, with <c>microwasm run --perf-map</c>, or with WAMR's
    /// <c>RuntimeInitArgs.enable_linux_perf</c>.
    /// </summary>
    public static bool Enabled { get; set; } = Environment.GetEnvironmentVariable("MICROWASM_PERF_MAP") == "1";

    /// <summary>The file perf reads for this process.</summary>
    public static string PathForThisProcess => $"/tmp/perf-{Environment.ProcessId}.map";

    /// <summary>Appends the image's functions, named as trap call stacks name them (<c>module!function</c>).</summary>
    internal static void Write(AotImage image, Module module)
    {
        string moduleName = module.Name ?? "<module>";
        var lines = new StringBuilder();
        var functions = image.Artifact.Functions;
        for (int defined = 0; defined < functions.Length; defined++)
        {
            if (functions[defined].CodeSize == 0) continue;
            int index = module.ImportedFunctionCount + defined;
            string name = module.FunctionNames.TryGetValue(index, out var n) ? n : $"func[{index}]";
            lines.Append($"{(ulong)image.CodeAddress(defined):x} {functions[defined].CodeSize:x} wasm!{moduleName}!{name}\n");
        }
        // Best effort, as for the .NET runtime's own perf map: a profiling aid must not make loading fail.
        try
        {
            lock (FileLock)
            {
                using var held = RaceDetector.Holding(FileLock);
                File.AppendAllText(PathForThisProcess, lines.ToString());
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
