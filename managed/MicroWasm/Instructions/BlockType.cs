namespace MicroWasm.Instructions;

/// <summary>A block type (spec 2.4.8 / 5.4.1): no results, one value type, or an index into the type section.</summary>
public readonly record struct BlockType(BlockTypeKind Kind, ValueType ValueType = default, uint TypeIndex = 0)
{
    public static readonly BlockType Empty = new(BlockTypeKind.Empty);
}

public enum BlockTypeKind : byte
{
    Empty,
    Value,
    TypeIndex,
}
