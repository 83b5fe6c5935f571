namespace MicroWasm;

/// <summary>The kind of an import or export (spec 2.5.10-11), numbered by its binary encoding.</summary>
public enum ExternalKind : byte
{
    Function = 0,
    Table = 1,
    Memory = 2,
    Global = 3,
    /// <summary>An exception tag (WebAssembly 3.0 exception handling).</summary>
    Tag = 4,
}

/// <summary>
/// A table type (spec 2.3.8). <see cref="AddressType"/> is i64 for a table64 (WebAssembly 3.0), whose element indices
/// are i64 values.
/// </summary>
public sealed record TableType(ValueType ElementType, Limits Limits, ValueType AddressType = ValueType.I32)
{
    /// <summary>True for a table indexed by i64 (table64).</summary>
    public bool Is64 => AddressType == ValueType.I64;
}

/// <summary>
/// A memory type (spec 2.3.7). <see cref="Shared"/> is for the threads proposal; <see cref="AddressType"/> is i64 for a
/// memory64 (WebAssembly 3.0), whose addresses, sizes and offsets are i64 values.
/// </summary>
public sealed record MemoryType(Limits Limits, bool Shared = false, ValueType AddressType = ValueType.I32)
{
    public const int PageSize = 65536;

    /// <summary>The most pages a 32-bit memory can have (4 GiB).</summary>
    public const ulong MaxPages32 = 65536;

    /// <summary>The most pages a 64-bit memory's type may declare (2^48: 2^64 bytes, spec 3.2.5).</summary>
    public const ulong MaxPages64 = 1UL << 48;

    /// <summary>True for a memory addressed by i64 (memory64).</summary>
    public bool Is64 => AddressType == ValueType.I64;
}

/// <summary>A global type (spec 2.3.9).</summary>
public sealed record GlobalType(ValueType ValueType, bool Mutable);

/// <summary>
/// A tag type (WebAssembly 3.0 exception handling): a function type whose parameters are the values an exception with
/// the tag carries and whose results are empty. A module's tags also carry the canonical type, which import matching
/// compares (a tag matches only an equivalent type).
/// </summary>
public sealed record TagType(FuncType Type)
{
    public TagType(FuncType type, DefinedType defined) : this(type) => Defined = defined;

    /// <summary>The canonical type, when known (a module's tags); null for a tag made from a bare <see cref="FuncType"/>.</summary>
    public DefinedType? Defined { get; }
}
