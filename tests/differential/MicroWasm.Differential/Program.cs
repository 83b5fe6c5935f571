using MicroWasm;
using System.Diagnostics;
using MicroWasm.Compiler;
using MicroWasm.Differential;

DifferentialOptions options;
try
{
    if (args.Contains("--help") || args.Contains("-h")) { Console.WriteLine(DifferentialOptions.Usage); return 0; }
    options = DifferentialOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    Console.Error.WriteLine(DifferentialOptions.Usage);
    return 2;
}

using var wasmtime = WasmtimeSubject.CreateEngine();
var comparison = new ModuleComparison(wasmtime, new CallLimits(options.Fuel, TimeSpan.FromMilliseconds(options.TimeMs)),
    options.Verbose ? Console.Out : null);
var cache = options.Aot ? new AotCache(options.AotCache ?? AotCache.DefaultDirectory(), new AotCompileOptions()) : null;
var divergences = new DivergenceStore(options.Out);
var clock = Stopwatch.StartNew();
int modules = 0, calls = 0, diverged = 0, skipped = 0, limited = 0;

void Record(string label, byte[] wasm, ModuleReport report)
{
    modules++;
    calls += report.Calls;
    if (report.Skipped is not null) { skipped++; Console.Error.WriteLine($"{label}: skipped: {report.Skipped}"); }
    if (report.LimitReached is not null) limited++;
    if (report.Divergence is null) return;
    diverged++;
    string where = divergences.Save(label, wasm, report.Divergence);
    Console.WriteLine($"divergence in {label} (saved in {where}):");
    Console.WriteLine(report.Divergence.TrimEnd());
}

// The artifact comes through the cache; a compiler failure on a valid module is reported as a divergence when the
// comparison asks for it (an invalid module is never compiled at all, by the compiler's own validation).
Func<CompiledModule>? AotLoader(byte[] wasm)
{
    if (cache is null) return null;
    CompiledModule? artifact = null;
    Exception? failure = null;
    try { artifact = cache.Load(wasm); }
    catch (Exception e) when (e is WasmException or CompileException) { failure = e; }
    return () => artifact ?? throw failure!;
}

if (options.Replay)
{
    foreach (var file in options.Files)
    {
        var wasm = File.ReadAllBytes(file);
        Record(file, wasm, comparison.Run(wasm, AotLoader(wasm)));
    }
}
else
{
    Console.Error.WriteLine($"differential: seed {options.Seed}, modules {options.First} to {options.First + options.Modules - 1}");
    var generator = new ModuleGenerator(options.WasmOpt, Path.Combine(options.Out, "work"), options.Seed, options.ReferenceTypes);
    // The next module is made, and compiled to an artifact, on another core while this one runs.
    Task<(byte[] Wasm, Func<CompiledModule>? Aot)> Prepare(int index) => Task.Run(() =>
    {
        var wasm = generator.Generate(index);
        return (wasm, AotLoader(wasm));
    });
    var next = Prepare(options.First);
    for (int index = options.First; index < options.First + options.Modules; index++)
    {
        var (wasm, aot) = next.GetAwaiter().GetResult();
        if (index + 1 < options.First + options.Modules) next = Prepare(index + 1);
        Record($"seed {options.Seed} module {index}", wasm, comparison.Run(wasm, aot));
        if (modules % 25 == 0)
            Console.Error.WriteLine($"differential: {modules} modules, {calls} calls, {diverged} divergences ({clock.Elapsed.TotalSeconds:F0} s)");
    }
}

Console.Error.WriteLine($"differential: {skipped} modules skipped, {limited} stopped at an engine's limit, {clock.Elapsed.TotalSeconds:F1} s" +
    (cache is null ? "" : $"; aot: {cache.Compiled} modules compiled, {cache.Reused} loaded from the cache"));
Console.WriteLine($"differential: {modules} modules, {calls} calls, {diverged} divergences");
return diverged == 0 ? 0 : 1;
