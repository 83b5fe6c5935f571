namespace MicroWasm;

/// <summary>
/// A type definition (WebAssembly 3.0, spec 2.3.9): a composite type, the types it declares as supertypes (at most one
/// is valid), and whether it is final (may have no subtypes). <c>(type (func ...))</c> is a final type without
/// supertypes, which is all WebAssembly 2.0 has.
/// </summary>
public sealed class SubType(CompositeType composite, bool isFinal, int[] supertypes)
{
    public CompositeType Composite { get; } = composite;
    public bool IsFinal { get; } = isFinal;

    /// <summary>The declared supertypes' type indices.</summary>
    public int[] Supertypes { get; } = supertypes;

    /// <summary>A final function type without supertypes: what a 2.0 type definition is.</summary>
    public static SubType Final(CompositeType composite) => new(composite, isFinal: true, []);

    public override string ToString() =>
        IsFinal && Supertypes.Length == 0 ? Composite.ToString()! : $"(sub {(IsFinal ? "final " : "")}{string.Join(" ", Supertypes)} {Composite})";
}

/// <summary>A recursive type group (spec 2.3.10): the type definitions at indices <c>Start .. Start + Count - 1</c>.</summary>
public readonly record struct RecGroup(int Start, int Count)
{
    public int End => Start + Count;
}
