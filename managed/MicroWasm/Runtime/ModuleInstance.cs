namespace MicroWasm.Runtime;

/// <summary>
/// A module instance (spec 4.2.5): the module's index spaces resolved to instances, plus the
/// state of its segments and its exports. Made by <see cref="Store.Instantiate(CompiledModule, Imports?)"/>.
/// </summary>
public sealed class ModuleInstance
{
    private readonly Dictionary<string, Extern> _exportsByName = new(StringComparer.Ordinal);
    private KeyValuePair<string, Extern>[] _exports = [];

    internal ModuleInstance(CompiledModule compiled, Store store)
    {
        Compiled = compiled;
        Store = store;
        CanonicalTypes = compiled.Module.CanonicalTypes;
    }

    public CompiledModule Compiled { get; }
    public Module Module => Compiled.Module;

    /// <summary>Interpreter contract: the module's canonical types by type index, for call_indirect's check (a field, read per call).</summary>
    internal readonly DefinedType[] CanonicalTypes;
    public Store Store { get; }

    /// <summary>AOT contract: the instance's context for native code, when its module came from an artifact.</summary>
    internal Aot.AotInstance? AotInstance;

    // Interpreter contract: the index spaces, imports first (spec 2.5.1).
    internal FunctionInstance[] Functions = [];
    internal TableInstance[] Tables = [];
    internal MemoryInstance[] Memories = [];
    internal GlobalInstance[] Globals = [];
    internal TagInstance[] Tags = [];

    /// <summary>Interpreter contract: each global's <see cref="GlobalInstance.Data"/>, parallel to <see cref="Globals"/>.</summary>
    internal unsafe ulong*[] GlobalData = [];

    /// <summary>Sets <see cref="Globals"/> and <see cref="GlobalData"/> together.</summary>
    internal unsafe void SetGlobals(GlobalInstance[] globals)
    {
        var data = new ulong*[globals.Length];
        for (int i = 0; i < globals.Length; i++) data[i] = globals[i].Data;
        GlobalData = data;
        Globals = globals;
    }

    /// <summary>Interpreter contract: each element segment's references; a dropped segment is empty (spec 4.4.6.9).</summary>
    internal object?[][] ElementSegments = [];

    /// <summary>Interpreter contract: each data segment's bytes; a dropped segment is empty (spec 4.4.7.14).</summary>
    internal ReadOnlyMemory<byte>[] DataSegments = [];

    /// <summary>The exports (spec 4.2.5 "exportinst"), in the module's order.</summary>
    public IReadOnlyList<KeyValuePair<string, Extern>> Exports => _exports;

    /// <summary>The export named <paramref name="name"/>, if there is one.</summary>
    public bool TryGetExport(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Extern? value) =>
        _exportsByName.TryGetValue(name, out value);

    /// <summary>The exported function named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No function is exported under that name.</exception>
    public FunctionInstance GetFunction(string name) => GetExport<FunctionInstance>(name, "function");

    /// <summary>The exported table named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No table is exported under that name.</exception>
    public TableInstance GetTable(string name) => GetExport<TableInstance>(name, "table");

    /// <summary>The exported memory named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No memory is exported under that name.</exception>
    public MemoryInstance GetMemory(string name) => GetExport<MemoryInstance>(name, "memory");

    /// <summary>The exported global named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No global is exported under that name.</exception>
    public GlobalInstance GetGlobal(string name) => GetExport<GlobalInstance>(name, "global");

    /// <summary>The exported tag named <paramref name="name"/> (exception handling).</summary>
    /// <exception cref="KeyNotFoundException">No tag is exported under that name.</exception>
    public TagInstance GetTag(string name) => GetExport<TagInstance>(name, "tag");

    private T GetExport<T>(string name, string kind) where T : Extern =>
        _exportsByName.TryGetValue(name, out var value) && value is T typed
            ? typed
            : throw new KeyNotFoundException($"the instance exports no {kind} named \"{name}\"");

    /// <summary>Resolves the module's exports to this instance's externs (allocmodule, spec 4.5.3.1).</summary>
    internal void BindExports()
    {
        var exports = Module.Exports;
        _exports = new KeyValuePair<string, Extern>[exports.Length];
        for (int i = 0; i < exports.Length; i++)
        {
            var export = exports[i];
            Extern value = export.Kind switch
            {
                ExternalKind.Function => Functions[export.Index],
                ExternalKind.Table => Tables[export.Index],
                ExternalKind.Memory => Memories[export.Index],
                ExternalKind.Global => Globals[export.Index],
                ExternalKind.Tag => Tags[export.Index],
                _ => throw new InvalidModuleException($"unknown export kind {export.Kind}"),
            };
            _exports[i] = new(export.Name, value);
            _exportsByName[export.Name] = value;
        }
    }

    public override string ToString() => Module.Name is { } name ? $"instance ${name}" : "instance";
}
