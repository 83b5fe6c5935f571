namespace MicroWasm.Runtime;

/// <summary>
/// Limits and switches of a <see cref="Store"/> (architecture note 8: configuration is data, not #ifdefs).
/// </summary>
public sealed record RuntimeOptions
{
    public static readonly RuntimeOptions Default = new();

    /// <summary>
    /// Bytes of the interpreter's own stack (frames, locals and operands) per thread. Exhausting it is
    /// the trap "call stack exhausted", never a host crash.
    /// </summary>
    public int StackSize { get; init; } = 1024 * 1024;

    /// <summary>The most nested WebAssembly calls, whatever the frames' sizes.</summary>
    public int MaxCallDepth { get; init; } = 20_000;

    /// <summary>The most elements a GC array may have (GC, WebAssembly 3.0); a longer one traps "array too large".</summary>
    public int MaxArrayLength { get; init; } = 1 << 28;

    /// <summary>A cap on any memory's pages (below the module's own maximum), or null for the type's limit.</summary>
    public ulong? MaxMemoryPages { get; init; }

    /// <summary>A cap on any table's elements (below the module's own maximum), so a module cannot take all host memory.</summary>
    public int MaxTableElements { get; init; } = 10_000_000;

    /// <summary>
    /// Whether linear memories reserve address space for their maximum so their base never moves (architecture note 3).
    /// Off, or where the host cannot reserve, memories are heap blocks that may move on growth. The memories of AOT-compiled
    /// modules are reserved either way: their code relies on guard regions past the memory (AOT: compile once, run native code).
    /// </summary>
    public bool ReserveMemory { get; init; } = true;
}
