namespace MicroWasm.Runtime;

/// <summary>
/// An external type (spec 2.3.11): the type of an import, an export or an extern. Exactly one of
/// <see cref="Function"/>, <see cref="Table"/>, <see cref="Memory"/>, <see cref="Global"/> and <see cref="Tag"/> is set, as <see cref="Kind"/> says.
/// </summary>
public sealed class ExternType
{
    private ExternType(ExternalKind kind, FuncType? function, TableType? table, MemoryType? memory, GlobalType? global, TagType? tag = null)
    {
        Tag = tag;
        Kind = kind;
        Function = function;
        Table = table;
        Memory = memory;
        Global = global;
    }

    public static ExternType Of(FuncType type) => new(ExternalKind.Function, type, null, null, null);

    /// <summary>A function type with its canonical type, which import matching then compares (declared subtypes match).</summary>
    public static ExternType Of(FuncType type, DefinedType defined) => new(ExternalKind.Function, type, null, null, null) { DefinedFunction = defined };
    public static ExternType Of(TableType type) => new(ExternalKind.Table, null, type, null, null);
    public static ExternType Of(MemoryType type) => new(ExternalKind.Memory, null, null, type, null);
    public static ExternType Of(GlobalType type) => new(ExternalKind.Global, null, null, null, type);
    public static ExternType Of(TagType type) => new(ExternalKind.Tag, null, null, null, null, type);

    public ExternalKind Kind { get; }
    public FuncType? Function { get; }

    /// <summary>The function's canonical type, when known (a module's imports and functions); null for a bare <see cref="FuncType"/>.</summary>
    public DefinedType? DefinedFunction { get; private init; }
    public TableType? Table { get; }
    public MemoryType? Memory { get; }
    public GlobalType? Global { get; }
    public TagType? Tag { get; }

    /// <summary>
    /// Import matching (spec 4.5.2, "match"): whether an extern of this type may be given for an import
    /// of type <paramref name="expected"/>. Functions must have the expected canonical type or a declared subtype of it
    /// (structurally equal without canonical types), mutable globals exactly the expected type (concrete reference types
    /// are compared by index: globals and tables have no store-wide type identities yet), immutable globals a subtype;
    /// tables and memories must have limits within the expected ones (spec 4.5.2.1) and the same address type and element
    /// type / sharing.
    /// </summary>
    public bool Matches(ExternType expected)
    {
        if (Kind != expected.Kind) return false;
        return Kind switch
        {
            ExternalKind.Function => DefinedFunction is { } actual && expected.DefinedFunction is { } wanted
                ? actual.IsSubtypeOf(wanted)
                : Function!.Equals(expected.Function),
            ExternalKind.Table => Table!.ElementType == expected.Table!.ElementType && Table.AddressType == expected.Table.AddressType
                && Table.Limits.IsWithin(expected.Table.Limits),
            ExternalKind.Memory => Memory!.Shared == expected.Memory!.Shared && Memory.AddressType == expected.Memory.AddressType
                && Memory.Limits.IsWithin(expected.Memory.Limits),
            // 3.0: an immutable global matches a supertype; a mutable one only its own type.
            ExternalKind.Global => Global! == expected.Global!
                || !Global!.Mutable && !expected.Global!.Mutable && ReferenceTypes.Matches(Global.ValueType, expected.Global.ValueType, []),
            ExternalKind.Tag => Tag!.Defined is { } actual && expected.Tag!.Defined is { } wanted
                ? ReferenceEquals(actual, wanted)
                : Tag.Type.Equals(expected.Tag!.Type),
            _ => false,
        };
    }

    /// <summary>The type in the text format's words, e.g. <c>func [i32] -> [i64]</c> or <c>memory 1 2</c>.</summary>
    public override string ToString() => Kind switch
    {
        ExternalKind.Function => $"func {Function}",
        ExternalKind.Table => $"table {AddressText(Table!.Is64)}{LimitsText(Table.Limits)} {Table.ElementType.ToText()}",
        ExternalKind.Memory => $"memory {AddressText(Memory!.Is64)}{LimitsText(Memory.Limits)}{(Memory.Shared ? " shared" : "")}",
        ExternalKind.Global => Global!.Mutable ? $"global (mut {Global.ValueType.ToText()})" : $"global {Global.ValueType.ToText()}",
        ExternalKind.Tag => $"tag {Tag!.Type}",
        _ => Kind.ToString(),
    };

    private static string AddressText(bool is64) => is64 ? "i64 " : "";

    private static string LimitsText(Limits limits) => limits.Max is { } max ? $"{limits.Min} {max}" : $"{limits.Min}";
}
