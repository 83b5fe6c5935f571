namespace MicroWasm;

/// <summary>
/// What a type definition describes (WebAssembly 3.0, spec 2.3.8): a function (<see cref="FuncType"/>), a struct or an
/// array. Concrete reference types inside are type indices of the defining module.
/// </summary>
public abstract class CompositeType
{
    private protected CompositeType() { }

    /// <summary>The text keyword: <c>func</c>, <c>struct</c> or <c>array</c>.</summary>
    public string Keyword => this switch
    {
        FuncType => "func",
        StructType => "struct",
        _ => "array",
    };
}

/// <summary>
/// A struct or array field (spec 2.3.8): a storage type (a value type, or the packed <see cref="ValueType.I8"/> or
/// <see cref="ValueType.I16"/>) and whether it may be changed.
/// </summary>
public readonly record struct FieldType(ValueType Storage, bool Mutable)
{
    public bool IsPacked => Storage is ValueType.I8 or ValueType.I16;

    /// <summary>The type of the value a field read gives (packed fields give i32).</summary>
    public ValueType Unpacked => IsPacked ? ValueType.I32 : Storage;

    public override string ToString() => Mutable ? $"(mut {Storage.ToText()})" : Storage.ToText();
}

/// <summary>A struct type (GC): its fields in order.</summary>
public sealed class StructType(FieldType[] fields) : CompositeType
{
    public FieldType[] Fields { get; } = fields;

    public override string ToString() => $"(struct {string.Join(" ", Fields)})";
}

/// <summary>An array type (GC): its element's field type.</summary>
public sealed class ArrayType(FieldType element) : CompositeType
{
    public FieldType Element { get; } = element;

    public override string ToString() => $"(array {Element})";
}
