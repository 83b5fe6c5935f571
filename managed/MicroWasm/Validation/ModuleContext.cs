namespace MicroWasm.Validation;

/// <summary>
/// The validation context C of a module (spec 3.1.1): the types of everything an instruction may
/// refer to, in the spec's index spaces (imports first). Built once per module by
/// <see cref="ModuleValidator"/>; a later pass (a compiler) can build one and reuse
/// <see cref="FunctionValidator"/> with it.
/// </summary>
public sealed class ModuleContext
{
    public ModuleContext(Module module, FuncType[] functions)
    {
        Module = module;
        Types = module.Types;
        Functions = functions;

        var tables = new List<TableType>();
        var memories = new List<MemoryType>();
        var globals = new List<GlobalType>();
        foreach (var import in module.Imports)
        {
            switch (import.Kind)
            {
                case ExternalKind.Table: tables.Add(import.Table!); break;
                case ExternalKind.Memory: memories.Add(import.Memory!); break;
                case ExternalKind.Global: globals.Add(import.Global!); break;
            }
        }
        ImportedGlobalCount = globals.Count;
        tables.AddRange(module.Tables);
        memories.AddRange(module.Memories);
        foreach (var g in module.Globals) globals.Add(g.Type);
        Tables = [.. tables];
        Memories = [.. memories];
        Globals = [.. globals];

        Elements = new ValueType[module.Elements.Length];
        for (int i = 0; i < Elements.Length; i++)
            Elements[i] = module.Elements[i].ElementType;
        DataCount = module.Data.Length;
        DeclaredFunctions = DeclaredFunctionReferences.Of(module, functions.Length);
    }

    public Module Module { get; }
    public FuncType[] Types { get; }
    /// <summary>The type of every function, imported ones first.</summary>
    public FuncType[] Functions { get; }
    public TableType[] Tables { get; }
    public MemoryType[] Memories { get; }
    public GlobalType[] Globals { get; }
    /// <summary>The type of every tag, imported ones first (exception handling); <see cref="ModuleValidator"/> sets it.</summary>
    public FuncType[] Tags { get; init; } = [];
    /// <summary>In Wasm 2.0, constant expressions may only read imported globals (spec 3.4.10).</summary>
    public int ImportedGlobalCount { get; }
    /// <summary>The element type of each element segment.</summary>
    public ValueType[] Elements { get; }
    public int DataCount { get; }
    /// <summary>
    /// C.refs (spec 3.4.10): the functions that <c>ref.func</c> may name inside function bodies,
    /// those referenced outside them (exports, element segments, global initializers).
    /// </summary>
    public bool[] DeclaredFunctions { get; }

    public bool TryGetType(uint index, out FuncType type)
    {
        type = index < (uint)Types.Length ? Types[index] : FuncType.Empty;
        return index < (uint)Types.Length;
    }
}
