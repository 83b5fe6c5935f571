namespace MicroWasm.Instructions;

/// <summary>The shape of an instruction's immediate operands (spec 5.4), shared by the text and binary formats.</summary>
public enum ImmediateKind : byte
{
    None,
    /// <summary>A block type: empty, a value type, or a type index (s33).</summary>
    BlockType,
    LabelIndex,
    /// <summary><c>br_table</c>: a vector of label indices and a default label.</summary>
    BranchTable,
    FunctionIndex,
    /// <summary>A type index (<c>call_ref</c>, <c>return_call_ref</c>).</summary>
    TypeIndex,
    /// <summary><c>call_indirect</c>: type index, then table index.</summary>
    CallIndirect,
    LocalIndex,
    GlobalIndex,
    TableIndex,
    /// <summary>Alignment exponent and offset (and, with multi-memory, a memory index).</summary>
    MemArg,
    /// <summary>A memory index (a zero byte in 2.0).</summary>
    MemoryIndex,
    I32,
    I64,
    F32,
    F64,
    /// <summary>Typed <c>select</c>: a vector of value types.</summary>
    SelectTypes,
    /// <summary><c>ref.null</c>: the reference type.</summary>
    HeapType,
    /// <summary><c>memory.init</c>: data index, then memory index.</summary>
    MemoryInit,
    DataIndex,
    /// <summary><c>memory.copy</c>: destination memory, then source memory.</summary>
    MemoryCopy,
    /// <summary><c>table.init</c>: element index, then table index (binary order).</summary>
    TableInit,
    ElementIndex,
    /// <summary><c>table.copy</c>: destination table, then source table.</summary>
    TableCopy,
    V128,
    /// <summary><c>i8x16.shuffle</c>: 16 lane indices.</summary>
    Shuffle,
    /// <summary>A lane index byte.</summary>
    Lane,
    /// <summary>A memarg followed by a lane index byte.</summary>
    MemArgLane,
    /// <summary>A reserved zero byte with no text form (<c>atomic.fence</c>).</summary>
    ZeroByte,
    /// <summary>A tag index (<c>throw</c>, legacy <c>catch</c>).</summary>
    TagIndex,
    /// <summary><c>try_table</c>: a block type, then a vector of catch clauses.</summary>
    TryTable,
    /// <summary>GC <c>struct.get/set</c>: a type index, then a field index (<see cref="Instruction.Index2"/>).</summary>
    TypeAndField,
    /// <summary>GC <c>array.new_fixed</c>: a type index, then the element count (<see cref="Instruction.Index2"/>).</summary>
    TypeAndCount,
    /// <summary>GC <c>array.new_data</c>, <c>array.init_data</c>: a type index, then a data index.</summary>
    TypeAndData,
    /// <summary>GC <c>array.new_elem</c>, <c>array.init_elem</c>: a type index, then an element segment index.</summary>
    TypeAndElement,
    /// <summary>GC <c>array.copy</c>: the destination's type index, then the source's.</summary>
    TypeAndType,
    /// <summary>GC <c>ref.test</c>, <c>ref.cast</c>: a heap type; the opcode says whether null passes (<see cref="Instruction.ValueType"/> is the whole reference type).</summary>
    CastType,
    /// <summary>
    /// GC <c>br_on_cast</c>, <c>br_on_cast_fail</c>: a flags byte (bit 0: the source type is nullable, bit 1: the target
    /// type is), a label, then the source and target heap types (<see cref="Instruction.ValueType"/>, <see cref="Instruction.TargetType"/>).
    /// </summary>
    BrOnCast,
}
