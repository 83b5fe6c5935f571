using MicroWasm.Interpreter;
using MicroWasm.Text;
using MicroWasm.Validation;

namespace MicroWasm.Runtime;

/// <summary>
/// A decoded and validated module, ready to instantiate any number of times, in any store (architecture: "CompiledModule").
/// Function bodies are translated to interpreter code once, on first call, and shared by all instances.
/// </summary>
public sealed class CompiledModule
{
    internal CompiledModule(Module module)
    {
        Module = module;
        FunctionCode = new CompiledFunction?[module.Codes.Length];
        FunctionTypes = ResolveFunctionTypes(module);
        Imports = Array.ConvertAll(module.Imports, i => new ImportType(i.ModuleName, i.Name, ImportExternType(i)));
        Exports = Array.ConvertAll(module.Exports, e => new ExportType(e.Name, ExportExternType(e)));
    }

    /// <summary>Decodes (spec 5) and validates (spec 3) a binary module.</summary>
    /// <remarks>The bytes are copied, so the caller may reuse its buffer at once.</remarks>
    /// <exception cref="MalformedModuleException">The bytes are not a module.</exception>
    /// <exception cref="InvalidModuleException">The module is not valid.</exception>
    public static CompiledModule FromBytes(ReadOnlyMemory<byte> bytes) => FromBytes(bytes, WasmFeatures.All);

    /// <summary>Decodes and validates a binary module that may use only the proposals <paramref name="features"/> enables.</summary>
    /// <inheritdoc cref="FromBytes(ReadOnlyMemory{byte})"/>
    public static CompiledModule FromBytes(ReadOnlyMemory<byte> bytes, WasmFeatures features) =>
        Aot.AotArtifactFormat.LooksLikeArtifact(bytes.Span)
            ? FromArtifact(bytes.Span)
            // The decoder keeps slices of its input (code, data, constant expressions) rather than copies, so it gets
            // a private copy that nobody else can change while the module lives.
            : new(ModuleValidator.DecodeAndValidate(bytes.ToArray(), features));

    /// <summary>
    /// Loads an AOT artifact made by <c>microwasm compile</c> (guide: aot.md): checks it, validates the module it
    /// embeds, and maps its code. Its instances run native code and are otherwise ordinary instances.
    /// </summary>
    /// <exception cref="Aot.AotArtifactException">The artifact is corrupted, truncated, for another target or version.</exception>
    /// <exception cref="MalformedModuleException">The embedded module does not decode.</exception>
    /// <exception cref="InvalidModuleException">The embedded module is not valid.</exception>
    public static CompiledModule FromArtifact(ReadOnlySpan<byte> artifactBytes)
    {
        var artifact = Aot.AotArtifactFormat.Read(artifactBytes);
        var module = ModuleValidator.DecodeAndValidate(artifact.WasmBytes);
        if (artifact.Functions.Length != module.Codes.Length)
            throw new Aot.AotArtifactException($"artifact has code for {artifact.Functions.Length} functions, its module defines {module.Codes.Length}");
        var image = Aot.AotImage.Load(artifact, module);
        if (Aot.AotPerfMap.Enabled) Aot.AotPerfMap.Write(image, module);
        return new(module) { AotImage = image };
    }

    /// <summary>Whether the module's functions run as native code from an AOT artifact.</summary>
    public bool IsAot => AotImage is not null;

    /// <summary>AOT contract: the mapped code, when the module came from an artifact.</summary>
    internal Aot.AotImage? AotImage { get; private init; }

    /// <summary>Reads, decodes and validates a binary module file (.wasm).</summary>
    /// <inheritdoc cref="FromBytes(ReadOnlyMemory{byte})"/>
    public static CompiledModule FromFile(string path) => FromBytes(File.ReadAllBytes(path));

    /// <summary>Parses a module in the text format (spec 6, .wat), then decodes and validates it as <see cref="FromBytes(ReadOnlyMemory{byte})"/> does.</summary>
    /// <exception cref="MalformedModuleException">The text is not a module.</exception>
    /// <exception cref="InvalidModuleException">The module is not valid.</exception>
    public static CompiledModule FromText(string text) =>
        new(ModuleValidator.DecodeAndValidate(WatParser.ParseModule(text)));

    /// <summary>Validates a module description made by other means than decoding (a generator, a test).</summary>
    /// <exception cref="InvalidModuleException">The module is not valid.</exception>
    public static CompiledModule FromModule(Module module)
    {
        ModuleValidator.Validate(module);
        return new(module);
    }

    public Module Module { get; }

    /// <summary>What the module imports, in order: <see cref="Store.Instantiate(CompiledModule, ReadOnlySpan{Extern})"/> takes externs in this order.</summary>
    public IReadOnlyList<ImportType> Imports { get; }

    /// <summary>What the module exports, in order, with the declared types.</summary>
    public IReadOnlyList<ExportType> Exports { get; }

    /// <summary>Interpreter contract: the translated body of each defined function, filled in on first call.</summary>
    internal readonly CompiledFunction?[] FunctionCode;

    /// <summary>The type of every function in the function index space (imports first).</summary>
    internal readonly FuncType[] FunctionTypes;

    private static FuncType[] ResolveFunctionTypes(Module module)
    {
        var types = new List<FuncType>(module.TotalFunctionCount);
        foreach (var import in module.Imports)
            if (import.Kind == ExternalKind.Function) types.Add(module.Types[import.FunctionTypeIndex]);
        foreach (int typeIndex in module.FunctionTypeIndices) types.Add(module.Types[typeIndex]);
        return [.. types];
    }

    private ExternType ImportExternType(Import import) => import.Kind switch
    {
        ExternalKind.Function => ExternType.Of(Module.Types[import.FunctionTypeIndex], Module.CanonicalTypes[import.FunctionTypeIndex]),
        ExternalKind.Table => ExternType.Of(import.Table!),
        ExternalKind.Memory => ExternType.Of(import.Memory!),
        ExternalKind.Global => ExternType.Of(import.Global!),
        ExternalKind.Tag => ExternType.Of(TagTypeAt(import.TagTypeIndex)),
        _ => throw new InvalidModuleException($"unknown import kind {import.Kind}"),
    };

    private TagType TagTypeAt(int typeIndex) => new(Module.Types[typeIndex], Module.CanonicalTypes[typeIndex]);

    private ExternType ExportExternType(Export export) => export.Kind switch
    {
        ExternalKind.Function => ExternType.Of(FunctionTypes[export.Index]),
        ExternalKind.Table => ExternType.Of(IsImported(export, out var import) ? import.Table! : Module.Tables[export.Index - Module.ImportedTableCount]),
        ExternalKind.Memory => ExternType.Of(IsImported(export, out var import) ? import.Memory! : Module.Memories[export.Index - Module.ImportedMemoryCount]),
        ExternalKind.Global => ExternType.Of(IsImported(export, out var import) ? import.Global! : Module.Globals[export.Index - Module.ImportedGlobalCount].Type),
        ExternalKind.Tag => ExternType.Of(TagTypeAt(Module.TagTypeIndexSpace()[export.Index])),
        _ => throw new InvalidModuleException($"unknown export kind {export.Kind}"),
    };

    /// <summary>
    /// Whether <paramref name="export"/> names an import (index spaces, spec 2.5.1, list the imports of a kind before
    /// the module's own definitions), and which.
    /// </summary>
    private bool IsImported(Export export, out Import import)
    {
        int seen = 0;
        foreach (var candidate in Module.Imports)
        {
            if (candidate.Kind != export.Kind) continue;
            if (seen++ == export.Index)
            {
                import = candidate;
                return true;
            }
        }
        import = null!;
        return false;
    }
}
