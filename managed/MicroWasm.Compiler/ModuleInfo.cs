namespace MicroWasm.Compiler;

/// <summary>What the translation of one function needs to know about its module: the index spaces' types and C names.</summary>
internal sealed class ModuleInfo
{
    public ModuleInfo(Module module)
    {
        Module = module;
        var functions = new List<FuncType>();
        var globals = new List<GlobalType>();
        var tables = new List<TableType>();
        var memories = new List<MemoryType>();
        foreach (var import in module.Imports)
        {
            switch (import.Kind)
            {
                case ExternalKind.Function: functions.Add(module.Types[import.FunctionTypeIndex]); break;
                case ExternalKind.Global: globals.Add(import.Global!); break;
                case ExternalKind.Table: tables.Add(import.Table!); break;
                case ExternalKind.Memory: memories.Add(import.Memory!); break;
            }
        }
        ImportedFunctionCount = functions.Count;
        foreach (int t in module.FunctionTypeIndices) functions.Add(module.Types[t]);
        foreach (var g in module.Globals) globals.Add(g.Type);
        tables.AddRange(module.Tables);
        memories.AddRange(module.Memories);
        MemoryTypes = [.. memories];
        FunctionTypes = [.. functions];
        GlobalTypes = [.. globals];
        TableTypes = [.. tables];
        FunctionNames = new string[FunctionTypes.Length];
        for (int i = 0; i < FunctionNames.Length; i++)
            FunctionNames[i] = CNames.Function(i, module.FunctionNames.TryGetValue(i, out var name) ? name : null);
        Escaping = FindEscaping(module);
        TypeIds = MicroWasm.Aot.AotSignatures.CanonicalTypeIndices(module);
    }

    public Module Module { get; }
    public FuncType[] FunctionTypes { get; }
    public GlobalType[] GlobalTypes { get; }
    public TableType[] TableTypes { get; }
    public int ImportedFunctionCount { get; }
    /// <summary>The memories' types in the memory index space (imports first).</summary>
    public MemoryType[] MemoryTypes { get; }

    public bool HasMemory => MemoryTypes.Length > 0;

    /// <summary>Whether memory 0 is shared (threads proposal): other threads may grow it while this code runs.</summary>
    public bool MemoryIsShared => HasMemory && MemoryTypes[0].Shared;

    /// <summary>
    /// Whether a memory has a guard region that generated code relies on (<c>mb</c>, unchecked accesses): memory 0 when its
    /// addresses are 32-bit. Others are checked at each access.
    /// </summary>
    public bool IsGuarded(uint memory) => memory == 0 && HasMemory && !MemoryTypes[0].Is64;
    public string[] FunctionNames { get; }

    /// <summary>
    /// Functions the runtime may call from outside the module's own code, which get wrappers: exports, the start
    /// function, and every function a reference can name (element segments; ref.func needs a declaration there or in an
    /// export, global or table initializer, spec 3.4.11 C.refs).
    /// </summary>
    public HashSet<int> Escaping { get; }

    /// <summary>Each type index's canonical index, the type identity call_indirect compares (AotSignatures).</summary>
    public int[] TypeIds { get; }

    private static HashSet<int> FindEscaping(Module module)
    {
        var set = new HashSet<int>();
        foreach (var e in module.Exports)
            if (e.Kind == ExternalKind.Function) set.Add(e.Index);
        if (module.StartFunctionIndex is { } start) set.Add(start);
        foreach (var segment in module.Elements)
        {
            if (segment.FunctionIndices is { } indices) set.UnionWith(indices);
            else foreach (var expression in segment.Expressions!) AddRefFuncs(expression, set);
        }
        foreach (var g in module.Globals) AddRefFuncs(g.Init, set);
        foreach (var initializer in module.TableInitializers)
            if (initializer is { } expression) AddRefFuncs(expression, set);
        return set;
    }

    private static void AddRefFuncs(ConstantExpression expression, HashSet<int> set)
    {
        var reader = new Instructions.InstructionReader(expression.Code.Span);
        while (!reader.AtEnd)
        {
            reader.Read(out var instr);
            if (instr.Opcode == Instructions.Opcode.RefFunc) set.Add((int)instr.Index);
        }
    }
}
