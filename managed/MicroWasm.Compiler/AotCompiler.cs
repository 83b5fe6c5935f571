using MicroWasm.Aot;
using MicroWasm.Runtime;

namespace MicroWasm.Compiler;

/// <summary>Options of <c>microwasm compile</c>.</summary>
public sealed record AotCompileOptions
{
    public AotTarget Target { get; init; } = AotTarget.Host ?? AotTarget.X86_64Linux;

    /// <summary>The C compiler to run (a name on PATH or a path); null finds one.</summary>
    public string? Compiler { get; init; }

    /// <summary>The C compiler's optimisation level: 0, 1, 2, 3 or s.</summary>
    public string OptimizationLevel { get; init; } = "2";

    /// <summary>Keep the generated C (and objects) in this directory instead of a temporary one.</summary>
    public string? EmitCDirectory { get; init; }

    /// <summary>C units are split at about this many bytes so that large modules compile in parallel.</summary>
    public int MaxUnitBytes { get; init; } = 2 << 20;

    /// <summary>Progress lines for long compiles.</summary>
    public Action<string>? Progress { get; init; }
}

/// <summary>
/// The AOT compiler (guide: aot.md): a validated module → C → the system's C compiler → a shared object, repacked into
/// our artifact format, which the loader in the engine maps without knowing any instruction encoding.
/// </summary>
public static class AotCompiler
{
    /// <summary>Compiles a binary module to an artifact's bytes.</summary>
    /// <exception cref="MalformedModuleException">The bytes are not a module.</exception>
    /// <exception cref="InvalidModuleException">The module is not valid.</exception>
    /// <exception cref="UnsupportedFeatureException">The module uses a feature the compiler cannot translate yet (named).</exception>
    /// <exception cref="CompileException">No usable C compiler, or it failed.</exception>
    public static byte[] Compile(ReadOnlyMemory<byte> wasm, AotCompileOptions options)
    {
        var module = CompiledModule.FromBytes(wasm).Module;
        AotFeatureCheck.Check(module);
        var compiler = CCompiler.Find(options.Target, options.Compiler, options.OptimizationLevel);
        var translator = new ModuleTranslator(module, options.Target);
        var units = translator.Translate(options.MaxUnitBytes,
            (done, total) => { if (total >= 2000) options.Progress?.Invoke($"translated {done}/{total} functions to C"); });

        string directory = options.EmitCDirectory ?? Path.Combine(Path.GetTempPath(), $"microwasm-compile-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            var sources = new List<string>();
            for (int i = 0; i < units.Count; i++)
            {
                string file = Path.Combine(directory, units.Count == 1 ? "module.c" : $"module.{i}.c");
                File.WriteAllText(file, units[i]);
                sources.Add(file);
            }
            string image = Path.Combine(directory, "module.so");
            compiler.Build(sources, image, options.Progress);
            return Package(wasm.ToArray(), new ElfSharedObject(File.ReadAllBytes(image), options.Target.Architecture), translator.Info, compiler);
        }
        finally
        {
            if (options.EmitCDirectory is null)
            {
                try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
            }
        }
    }

    /// <summary>A key for caching artifacts: the module's bytes and everything that changes the code made from them.</summary>
    public static string CacheKey(ReadOnlySpan<byte> wasm, AotCompileOptions options)
    {
        var compiler = CCompiler.Find(options.Target, options.Compiler, options.OptimizationLevel);
        var salt = System.Text.Encoding.UTF8.GetBytes($"{compiler.Description}|{AotContextLayout.AbiVersion}|{AotArtifactFormat.FormatVersion}|{CompilerVersion}");
        var all = new byte[wasm.Length + salt.Length];
        wasm.CopyTo(all);
        salt.CopyTo(all, wasm.Length);
        return Sha256.HashHex(all);
    }

    /// <summary>The compiler's own version: part of the cache key, so a changed translator never reuses old artifacts.</summary>
    public static string CompilerVersion => typeof(AotCompiler).Assembly.ManifestModule.ModuleVersionId.ToString();

    private static byte[] Package(byte[] wasm, ElfSharedObject elf, ModuleInfo info, CCompiler compiler)
    {
        var segments = new List<AotSegment>();
        ulong imageEnd = 0;
        byte[] image = elf.FileBytes;
        foreach (var load in elf.Loads)
        {
            // Segments start on a page; the bytes before the segment's start in that page come along (headers or padding).
            ulong start = load.VirtualAddress & ~4095UL;
            ulong lead = load.VirtualAddress - start;
            if (load.FileOffset < lead) throw new CompileException("the linked image is not usable: a segment starts before its page in the file");
            var bytes = image.AsSpan((int)(load.FileOffset - lead), (int)(lead + load.FileSize)).ToArray();
            segments.Add(new AotSegment(start, lead + load.MemorySize, load.Protection, bytes));
            imageEnd = Math.Max(imageEnd, load.VirtualAddress + load.MemorySize);
        }

        var functions = new AotFunction[info.Module.Codes.Length];
        for (int i = 0; i < functions.Length; i++)
        {
            int index = info.ImportedFunctionCount + i;
            ulong wrapper = AotFunction.NoWrapper;
            if (info.Escaping.Contains(index))
                wrapper = elf.Symbols.TryGetValue(CNames.Wrapper(index), out var w)
                    ? w.Value
                    : throw new CompileException($"the linked image has no entry for function {index}");
            var code = elf.Symbols.TryGetValue(info.FunctionNames[index], out var f) ? f : (0UL, 0UL);
            functions[i] = new AotFunction(wrapper, code.Item1, code.Item2);
        }
        ulong Symbol(string name) => elf.Symbols.TryGetValue(name, out var symbol)
            ? symbol.Value
            : throw new CompileException($"the linked image has no {name}");

        var artifact = new AotArtifact
        {
            Architecture = compiler.Target.Architecture,
            OsAbi = compiler.Target.OsAbi,
            Features = compiler.Target.Features,
            CompilerDescription = compiler.Description,
            WasmBytes = wasm,
            ImageSize = AotArtifactFormat.AlignUp(imageEnd),
            EntryOffset = Symbol("mw_enter"),
            EnterReturnOffset = Symbol("mw_enter_return"),
            InterruptOffset = Symbol("mw_interrupt"),
            FaultHandlerOffset = Symbol("mw_fault"),
            FaultRegistryOffset = Symbol("mw_faults"),
            Segments = [.. segments],
            Fixups = [.. elf.Fixups],
            Functions = functions,
        };
        byte[] file = AotArtifactFormat.Write(artifact);
        // Whatever the loader would refuse is refused here, where the message can still reach the build.
        AotArtifactFormat.Read(file);
        return file;
    }
}
