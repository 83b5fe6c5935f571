namespace MicroWasm;

/// <summary>How a segment is used (spec 2.5.7-8).</summary>
public enum SegmentMode : byte
{
    Active,
    Passive,
    Declarative,
}

/// <summary>
/// An element segment (spec 2.5.7). Items are either function indices (the compact encodings) or
/// constant expressions; exactly one of <see cref="FunctionIndices"/> and <see cref="Expressions"/> is set.
/// </summary>
public sealed class ElementSegment
{
    public required SegmentMode Mode { get; init; }
    public required ValueType ElementType { get; init; }
    public int TableIndex { get; init; }
    /// <summary>The offset expression of an active segment.</summary>
    public ConstantExpression? Offset { get; init; }
    public int[]? FunctionIndices { get; init; }
    public ConstantExpression[]? Expressions { get; init; }

    public int Count => FunctionIndices?.Length ?? Expressions!.Length;
}

/// <summary>A data segment (spec 2.5.8).</summary>
public sealed class DataSegment
{
    public required SegmentMode Mode { get; init; }
    public int MemoryIndex { get; init; }
    /// <summary>The offset expression of an active segment.</summary>
    public ConstantExpression? Offset { get; init; }
    public required ReadOnlyMemory<byte> Data { get; init; }
}
