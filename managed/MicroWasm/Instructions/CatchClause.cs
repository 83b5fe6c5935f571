namespace MicroWasm.Instructions;

/// <summary>The four kinds of <c>try_table</c> catch clause (WebAssembly 3.0, spec 5.4.1), numbered by their encoding.</summary>
public enum CatchKind : byte
{
    /// <summary><c>catch x l</c>: an exception with tag x; branches with its values.</summary>
    Catch = 0,
    /// <summary><c>catch_ref x l</c>: as catch, with the exception's exnref after its values.</summary>
    CatchRef = 1,
    /// <summary><c>catch_all l</c>: any exception; branches with nothing.</summary>
    CatchAll = 2,
    /// <summary><c>catch_all_ref l</c>: any exception; branches with its exnref.</summary>
    CatchAllRef = 3,
}

/// <summary>One catch clause of a <c>try_table</c>: its kind, tag (for catch and catch_ref) and label.</summary>
public readonly record struct CatchClause(CatchKind Kind, uint Tag, uint Label)
{
    public bool HasTag => Kind is CatchKind.Catch or CatchKind.CatchRef;
    public bool PassesReference => Kind is CatchKind.CatchRef or CatchKind.CatchAllRef;
}
