namespace MicroWasm;

/// <summary>
/// A type definition as the whole process knows it (WebAssembly 3.0, spec 3.3.x "type equivalence"): definitions that
/// are equivalent, from any modules, are one <see cref="DefinedType"/> (see <see cref="TypeRegistry"/>), so that type
/// equality at run time is reference equality and subtyping one look-up in <see cref="Chain"/>.
/// </summary>
public sealed class DefinedType
{
    internal DefinedType(SubType definition, DefinedType? supertype, int id, DefinedType[] context)
    {
        Id = id;
        Context = context;
        Definition = definition;
        Supertype = supertype;
        Chain = supertype is null ? [this] : [.. supertype.Chain, this];
    }

    /// <summary>A number unique to this type in the process (keys of later groups name it).</summary>
    internal int Id { get; }

    /// <summary>The definition as the first module that declared it wrote it: its type indices are that module's.</summary>
    public SubType Definition { get; }

    public CompositeType Composite => Definition.Composite;

    /// <summary>The canonical types of the module that wrote <see cref="Definition"/>: what its type indices mean.</summary>
    public IReadOnlyList<DefinedType> Context { get; }

    /// <summary>The declared supertype, if any (validation allows at most one).</summary>
    public DefinedType? Supertype { get; }

    /// <summary>The supertypes from the root down to this type: <c>Chain[d]</c> is the ancestor at depth d.</summary>
    internal DefinedType[] Chain { get; }

    /// <summary>Whether this type is <paramref name="other"/> or declares it as an ancestor (spec 3.3.x, matching of defined types).</summary>
    public bool IsSubtypeOf(DefinedType other)
    {
        int depth = other.Chain.Length - 1;
        return depth < Chain.Length && ReferenceEquals(Chain[depth], other);
    }

    public override string ToString() => Definition.ToString();
}
