namespace MicroWasm;

/// <summary>
/// An import (spec 2.5.11). Exactly one of the descriptor members is set, as <see cref="Kind"/> says:
/// <see cref="FunctionTypeIndex"/> for functions, <see cref="TagTypeIndex"/> for tags, <see cref="Table"/>, <see cref="Memory"/> or
/// <see cref="Global"/> otherwise.
/// </summary>
public sealed record Import(string ModuleName, string Name, ExternalKind Kind)
{
    public int FunctionTypeIndex { get; init; } = -1;
    public TableType? Table { get; init; }
    public MemoryType? Memory { get; init; }
    public GlobalType? Global { get; init; }
    /// <summary>For a tag: the index of its function type (exception handling).</summary>
    public int TagTypeIndex { get; init; } = -1;
}

/// <summary>An export (spec 2.5.10): a name and an index into the index space of its kind.</summary>
public sealed record Export(string Name, ExternalKind Kind, int Index);
