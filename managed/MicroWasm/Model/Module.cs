namespace MicroWasm;

/// <summary>
/// An immutable description of a decoded module (spec 2.5): what the binary says, nothing more.
/// Index spaces are the spec's: imports of a kind come first, then the module's own definitions.
/// </summary>
public sealed class Module
{
    /// <summary>
    /// The function type of each type index. A struct or array type's entry is <see cref="FuncType.Empty"/>: validation
    /// refuses such an index wherever a function type is expected, so no later pass reads it as one.
    /// </summary>
    public FuncType[] Types { get; init; } = [];

    /// <summary>
    /// Every type definition by type index (WebAssembly 3.0: subtypes, structs and arrays), as long as
    /// <see cref="Types"/>. A module built with <see cref="Types"/> alone has one final function type per group.
    /// </summary>
    public SubType[] TypeDefinitions
    {
        get => _typeDefinitions ?? Publish(ref _typeDefinitions, FinalFunctionTypes(Types));
        init => _typeDefinitions = value;
    }

    /// <summary>The recursive type groups, in order; together they cover every type index once.</summary>
    public RecGroup[] RecGroups
    {
        get => _recGroups ?? Publish(ref _recGroups, SingletonGroups(Types.Length));
        init => _recGroups = value;
    }

    /// <summary>The canonical type of each type index (<see cref="TypeRegistry"/>); only for a module whose type section is valid.</summary>
    public DefinedType[] CanonicalTypes => _canonicalTypes ?? Canonicalize();

    private DefinedType[] Canonicalize() => Publish(ref _canonicalTypes, TypeRegistry.Canonicalize(this));

    /// <summary>Whether type <paramref name="index"/> exists and is a function type.</summary>
    public bool IsFunctionType(int index) => (uint)index < (uint)Types.Length && TypeDefinitions[index].Composite is FuncType;

    private SubType[]? _typeDefinitions;
    private RecGroup[]? _recGroups;
    private DefinedType[]? _canonicalTypes;

    // Derived once, by whichever thread asks first; another thread's equal result is dropped.
    private static T Publish<T>(ref T? field, T value) where T : class => Interlocked.CompareExchange(ref field, value, null) ?? value;

    private static SubType[] FinalFunctionTypes(FuncType[] types)
    {
        var definitions = new SubType[types.Length];
        for (int i = 0; i < types.Length; i++) definitions[i] = SubType.Final(types[i]);
        return definitions;
    }

    private static RecGroup[] SingletonGroups(int count)
    {
        var groups = new RecGroup[count];
        for (int i = 0; i < count; i++) groups[i] = new RecGroup(i, 1);
        return groups;
    }
    public Import[] Imports { get; init; } = [];
    /// <summary>The type index of each function the module defines (the function section).</summary>
    public int[] FunctionTypeIndices { get; init; } = [];
    public TableType[] Tables { get; init; } = [];

    /// <summary>
    /// Each defined table's initializer expression (3.0), by the index in <see cref="Tables"/>: the value its elements
    /// start as. Empty when no table has one; a null entry means the null reference.
    /// </summary>
    public ConstantExpression?[] TableInitializers { get; init; } = [];

    /// <summary>The initializer of defined table <paramref name="definedIndex"/>, or null.</summary>
    public ConstantExpression? TableInitializer(int definedIndex) => definedIndex < TableInitializers.Length ? TableInitializers[definedIndex] : null;
    public MemoryType[] Memories { get; init; } = [];
    public GlobalDefinition[] Globals { get; init; } = [];
    /// <summary>The type index of each tag the module defines (the tag section, WebAssembly 3.0 exception handling).</summary>
    public int[] TagTypeIndices { get; init; } = [];
    public Export[] Exports { get; init; } = [];
    public int? StartFunctionIndex { get; init; }
    public ElementSegment[] Elements { get; init; } = [];
    /// <summary>The data count section's value (spec 5.5.16), when present.</summary>
    public uint? DataCount { get; init; }
    /// <summary>One body per entry of <see cref="FunctionTypeIndices"/>.</summary>
    public FunctionBody[] Codes { get; init; } = [];
    public DataSegment[] Data { get; init; } = [];
    public CustomSection[] CustomSections { get; init; } = [];
    /// <summary>Function names from the <c>name</c> custom section, by function index; absent when not given.</summary>
    public IReadOnlyDictionary<int, string> FunctionNames { get; init; } = new Dictionary<int, string>();
    /// <summary>The module's own name from the <c>name</c> section, if any.</summary>
    public string? Name { get; init; }

    // Derived counts of the index spaces (spec 2.5.1).
    public int ImportedFunctionCount => CountImports(ExternalKind.Function);
    public int ImportedTableCount => CountImports(ExternalKind.Table);
    public int ImportedMemoryCount => CountImports(ExternalKind.Memory);
    public int ImportedGlobalCount => CountImports(ExternalKind.Global);
    public int ImportedTagCount => CountImports(ExternalKind.Tag);

    public int TotalFunctionCount => ImportedFunctionCount + FunctionTypeIndices.Length;
    public int TotalTableCount => ImportedTableCount + Tables.Length;
    public int TotalMemoryCount => ImportedMemoryCount + Memories.Length;
    public int TotalGlobalCount => ImportedGlobalCount + Globals.Length;
    public int TotalTagCount => ImportedTagCount + TagTypeIndices.Length;

    /// <summary>The type index of every tag, imported ones first (the tag index space).</summary>
    public int[] TagTypeIndexSpace()
    {
        var space = new List<int>();
        foreach (var import in Imports)
            if (import.Kind == ExternalKind.Tag) space.Add(import.TagTypeIndex);
        space.AddRange(TagTypeIndices);
        return [.. space];
    }

    // A loop rather than LINQ with a lambda: modules are loaded on many threads at once, and the compiler caches a
    // lambda's delegate in a static field written without ordering (harmless for .NET, a race for drd).
    private int CountImports(ExternalKind kind)
    {
        int count = 0;
        foreach (var import in Imports)
            if (import.Kind == kind) count++;
        return count;
    }
}
