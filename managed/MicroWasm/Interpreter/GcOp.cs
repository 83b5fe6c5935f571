namespace MicroWasm.Interpreter;

/// <summary>
/// The GC instructions as <see cref="Op.Gc"/> runs them, with their operands (slots unless named otherwise; "type" is
/// a type index of the module, "heap" a <see cref="HeapType"/> number and "nullable" 0 or 1).
/// </summary>
internal enum GcOp
{
    /// <summary>[dst, type, argBase]: the fields' values in slots from argBase.</summary>
    StructNew,
    /// <summary>[dst, type]</summary>
    StructNewDefault,
    /// <summary>[dst, ref, type, field]</summary>
    StructGet,
    StructGetS,
    StructGetU,
    /// <summary>[ref, value, type, field]</summary>
    StructSet,
    /// <summary>[dst, type, value, length]</summary>
    ArrayNew,
    /// <summary>[dst, type, length]</summary>
    ArrayNewDefault,
    /// <summary>[dst, type, argBase, count]</summary>
    ArrayNewFixed,
    /// <summary>[dst, type, dataIndex, offset, length]</summary>
    ArrayNewData,
    /// <summary>[dst, type, elementIndex, offset, length]</summary>
    ArrayNewElem,
    /// <summary>[dst, ref, index, type]</summary>
    ArrayGet,
    ArrayGetS,
    ArrayGetU,
    /// <summary>[ref, index, value, type]</summary>
    ArraySet,
    /// <summary>[dst, ref]</summary>
    ArrayLen,
    /// <summary>[ref, offset, value, length, type]</summary>
    ArrayFill,
    /// <summary>[dstRef, dstOffset, srcRef, srcOffset, length]</summary>
    ArrayCopy,
    /// <summary>[ref, d, s, n, type, dataIndex]</summary>
    ArrayInitData,
    /// <summary>[ref, d, s, n, type, elementIndex]</summary>
    ArrayInitElem,
    /// <summary>[dst, ref, heap, nullable]: 1 if the reference is of the type, else 0 (a 64-bit slot).</summary>
    RefTest,
    /// <summary>[ref, heap, nullable]: traps "cast failure" unless the reference is of the type.</summary>
    RefCast,
    /// <summary>[dst, value]</summary>
    RefI31,
    /// <summary>[dst, ref]</summary>
    I31GetS,
    I31GetU,
    /// <summary>[dst, a, b]</summary>
    RefEq,
}
