using System.Runtime.CompilerServices;

namespace MicroWasm.Instructions;

/// <summary>16 bytes of immediate data: a <c>v128.const</c> value or the lanes of <c>i8x16.shuffle</c>.</summary>
[InlineArray(16)]
public struct Bytes16
{
    private byte _element0;
}

/// <summary>
/// One decoded instruction with its immediates. Which fields mean something depends on
/// <see cref="ImmediateKind"/> of the opcode:
/// <list type="bullet">
/// <item>indices (label, function, local, global, table, type, data, element, memory): <see cref="Index"/>;
///   a second index (call_indirect's table, memory.init's memory, table.init's table, the source of
///   memory.copy/table.copy): <see cref="Index2"/>;</item>
/// <item>block types: <see cref="Block"/>; memargs: <see cref="Align"/>, <see cref="MemoryOffset"/> and
///   <see cref="Index"/> as the memory index;</item>
/// <item>constants: <see cref="Bits"/> (i32 sign-extended, f32/f64 as raw bits), v128 and shuffle: <see cref="V128"/>;</item>
/// <item>lanes: <see cref="Lane"/>; <c>ref.null</c> and typed <c>select</c>: <see cref="ValueType"/>
///   (typed select also sets <see cref="Index"/> to the vector's length);</item>
/// <item>GC: a type and a field, count, data, element or source type index: <see cref="Index"/> and <see cref="Index2"/>;
///   casts: <see cref="ValueType"/> (and <see cref="TargetType"/> for br_on_cast, with the label in <see cref="Index"/>);</item>
/// <item>br_table: the targets are in <see cref="InstructionReader.BranchTargets"/>, the default in <see cref="Index"/>.</item>
/// </list>
/// </summary>
public struct Instruction
{
    public Opcode Opcode;
    /// <summary>The offset of the opcode's first byte, relative to the reader's base offset.</summary>
    public int Offset;
    public uint Index;
    public uint Index2;
    public BlockType Block;
    public uint Align;
    public ulong MemoryOffset;
    public ulong Bits;
    public ValueType ValueType;
    /// <summary><c>br_on_cast</c>, <c>br_on_cast_fail</c>: the type cast to (<see cref="ValueType"/> is the operand's).</summary>
    public ValueType TargetType;
    public byte Lane;
    public Bytes16 V128;
}
