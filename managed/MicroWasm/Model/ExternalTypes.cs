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

/// <summary>A table type (spec 2.3.8).</summary>
public sealed record TableType(ValueType ElementType, Limits Limits);

/// <summary>A memory type (spec 2.3.7). <see cref="Shared"/> is for the threads proposal.</summary>
public sealed record MemoryType(Limits Limits, bool Shared = false)
{
    public const int PageSize = 65536;

    /// <summary>The most pages a 32-bit memory can have (4 GiB).</summary>
    public const ulong MaxPages32 = 65536;
}

/// <summary>A global type (spec 2.3.9).</summary>
public sealed record GlobalType(ValueType ValueType, bool Mutable);

/// <summary>
/// A tag type (WebAssembly 3.0 exception handling): a function type whose parameters are the values an exception with
/// the tag carries and whose results are empty.
/// </summary>
public sealed record TagType(FuncType Type);
