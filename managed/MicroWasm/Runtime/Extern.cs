namespace MicroWasm.Runtime;

/// <summary>
/// An external value (spec 4.2.11): what a module imports or exports. It is one of
/// <see cref="FunctionInstance"/>, <see cref="TableInstance"/>, <see cref="MemoryInstance"/> or <see cref="GlobalInstance"/>.
/// </summary>
public abstract class Extern
{
    private protected Extern() { }

    public abstract ExternalKind Kind { get; }

    /// <summary>
    /// The extern's current type (spec 4.5.2 "external typing"): a table's or memory's minimum is its
    /// current size, so an import that needs more than the extern has now is rejected.
    /// </summary>
    public abstract ExternType ExternType { get; }

    /// <summary>The store the extern lives in, or null when it can be used in any store (host functions, standalone tables and memories).</summary>
    public abstract Store? Owner { get; }

    /// <summary>
    /// A module's function runs with its own store's reference handles, so it may only be stored in (or passed to) externs
    /// of that store; host functions and non-function references go anywhere.
    /// </summary>
    private protected void CheckSameStore(in Value value, string what)
    {
        if (IsFunctionOfAnotherStore(value)) throw new ArgumentException($"{what} is a function of another store");
    }

    private protected bool IsFunctionOfAnotherStore(in Value value) =>
        value.Reference is WasmFunction function && Owner is { } store && function.Owner != store;
}
