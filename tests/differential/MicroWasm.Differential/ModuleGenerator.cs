using System.Diagnostics;

namespace MicroWasm.Differential;

/// <summary>
/// Random valid modules from binaryen's translate-to-fuzz mode (<c>wasm-opt -ttf</c>), which reads a file of random
/// bytes as its source of choices: the same bytes give the same module, so a seed reproduces a run.
/// </summary>
internal sealed class ModuleGenerator(string wasmOpt, string workDirectory, int seed, bool referenceTypes)
{
    /// <summary>
    /// WebAssembly 2.0 as MicroWasm implements it, without reference types: Debian's binaryen 108 makes, with them on,
    /// modules that use <c>anyref</c> (0x6E) and non-nullable typed references, which are not Wasm 2.0 (every one of
    /// ten such modules was rejected by MicroWasm, rightly).
    /// </summary>
    public static readonly string[] Features =
    [
        "-mvp", "--enable-sign-ext", "--enable-mutable-globals", "--enable-nontrapping-float-to-int", "--enable-simd",
        "--enable-bulk-memory", "--enable-multivalue",
    ];

    /// <summary>
    /// With reference types, for a newer binaryen (the npm package's, 132), which names two parts of Wasm 2.0 on their
    /// own. It still emits <c>ref.as_non_null</c> (typed function references, Wasm 3.0) in some modules: both engines
    /// reject those, and they are counted as skipped.
    /// </summary>
    public static readonly string[] ReferenceTypesFeatures =
        [.. Features, "--enable-reference-types", "--enable-bulk-memory-opt", "--enable-call-indirect-overlong"];

    public byte[] Generate(int index)
    {
        var random = new Random(ModuleSeed(index));
        var input = new byte[random.Next(512, 8193)];
        random.NextBytes(input);
        Directory.CreateDirectory(workDirectory);
        string inputPath = Path.Combine(workDirectory, $"module-{index}.random");
        string outputPath = Path.Combine(workDirectory, $"module-{index}.wasm");
        File.WriteAllBytes(inputPath, input);
        var start = new ProcessStartInfo(wasmOpt) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in (string[])[inputPath, "-ttf", .. referenceTypes ? ReferenceTypesFeatures : Features, "-o", outputPath]) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {wasmOpt}");
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{wasmOpt} -ttf failed (exit {process.ExitCode}) for module {index}: {stderr.Result.Trim()}");
        var wasm = File.ReadAllBytes(outputPath);
        File.Delete(inputPath);
        File.Delete(outputPath);
        return wasm;
    }

    /// <summary>Each module has a seed of its own, so that module I of seed S can be made again without the others.</summary>
    private int ModuleSeed(int index) => (int)((uint)seed * 2654435761u ^ (uint)index * 40503u);
}
