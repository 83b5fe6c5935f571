namespace MicroWasm.Runtime;

/// <summary>
/// A module instance (spec 4.2.5): the module's index spaces resolved to instances, plus the
/// state of its segments. Built by instantiation.
/// </summary>
public sealed class ModuleInstance
{
    internal ModuleInstance(CompiledModule compiled, Store store)
    {
        Compiled = compiled;
        Store = store;
    }

    public CompiledModule Compiled { get; }
    public Module Module => Compiled.Module;
    public Store Store { get; }

    // Interpreter contract: the index spaces, imports first (spec 2.5.1).
    internal FunctionInstance[] Functions = [];
    internal TableInstance[] Tables = [];
    internal MemoryInstance[] Memories = [];
    internal GlobalInstance[] Globals = [];

    /// <summary>Interpreter contract: each element segment's references; a dropped segment is empty (spec 4.4.6.9).</summary>
    internal object?[][] ElementSegments = [];

    /// <summary>Interpreter contract: each data segment's bytes; a dropped segment is empty (spec 4.4.7.14).</summary>
    internal ReadOnlyMemory<byte>[] DataSegments = [];
}
