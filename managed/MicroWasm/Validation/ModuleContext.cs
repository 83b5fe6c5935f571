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
        var functionTypes = new List<int>(functions.Length);
        foreach (var import in module.Imports)
        {
            switch (import.Kind)
            {
                case ExternalKind.Function: functionTypes.Add(import.FunctionTypeIndex); break;
                case ExternalKind.Table: tables.Add(import.Table!); break;
                case ExternalKind.Memory: memories.Add(import.Memory!); break;
                case ExternalKind.Global: globals.Add(import.Global!); break;
            }
        }
        ImportedGlobalCount = globals.Count;
        functionTypes.AddRange(module.FunctionTypeIndices);
        FunctionTypeIndices = [.. functionTypes];
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
    /// <summary>The canonical type of each type index: what matching concrete reference types compares.</summary>
    public DefinedType[] CanonicalTypes => Module.CanonicalTypes;
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

    /// <summary>
    /// The type of <c>ref.func</c> of function <paramref name="index"/>: <c>(ref $t)</c> of its type index (3.0), which
    /// matches funcref wherever 2.0 expects one.
    /// </summary>
    public ValueType FunctionReferenceType(int index) =>
        ReferenceTypes.Reference(ReferenceTypes.Concrete(FunctionTypeIndices[index]), nullable: false);

    /// <summary>The type index of every function, imported ones first.</summary>
    public int[] FunctionTypeIndices { get; }

    /// <summary>A value type is valid when a concrete heap type in it names one of the module's types (spec 3.2.3).</summary>
    /// <exception cref="InvalidModuleException">"unknown type".</exception>
    public void CheckValueType(ValueType type, int at = -1) => CheckValueType(type, Types.Length, at);

    /// <summary>As <see cref="CheckValueType(ValueType, int)"/>, with the first <paramref name="visibleTypes"/> types defined.</summary>
    public static void CheckValueType(ValueType type, int visibleTypes, int at = -1)
    {
        if (!ReferenceTypes.IsTyped(type)) return;
        var heap = ReferenceTypes.HeapOf(type);
        if (ReferenceTypes.IsConcrete(heap) && ReferenceTypes.TypeIndexOf(heap) >= visibleTypes)
            throw new InvalidModuleException($"unknown type {ReferenceTypes.TypeIndexOf(heap)}", at);
    }

    public bool TryGetType(uint index, out FuncType type)
    {
        type = index < (uint)Types.Length ? Types[index] : FuncType.Empty;
        return index < (uint)Types.Length;
    }
}
