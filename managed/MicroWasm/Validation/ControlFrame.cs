using MicroWasm.Instructions;

namespace MicroWasm.Validation;

/// <summary>
/// A control frame of the validation algorithm (spec appendix 7.3): one per open block, loop, if or
/// else, plus one for the function body itself.
/// </summary>
public struct ControlFrame
{
    /// <summary>
    /// <see cref="Opcode.Block"/>, <see cref="Opcode.Loop"/>, <see cref="Opcode.If"/>, <see cref="Opcode.Else"/>,
    /// <see cref="Opcode.TryTable"/>, or for the legacy exception instructions <see cref="Opcode.Try"/> (its body),
    /// <see cref="Opcode.Catch"/> or <see cref="Opcode.CatchAll"/> (a handler's body); the function's own frame is a block.
    /// </summary>
    public Opcode Kind;
    /// <summary>The block's parameter types.</summary>
    public ValueType[] StartTypes;
    /// <summary>The block's result types.</summary>
    public ValueType[] EndTypes;
    /// <summary>The operand stack height when the block was entered, below its parameters.</summary>
    public int Height;
    /// <summary>How many non-nullable locals had been initialized when the block was entered; the block's own initializations end with it.</summary>
    public int InitializedHeight;
    /// <summary>Whether the rest of the block is unreachable, so the operand stack is polymorphic below what was pushed since.</summary>
    public bool Unreachable;
    /// <summary>Where the instruction that opened the frame starts in the module.</summary>
    public int Offset;

    /// <summary>What a branch to this frame's label carries (spec 3.3.8): a loop's parameters, any other block's results.</summary>
    public readonly ValueType[] LabelTypes => Kind == Opcode.Loop ? StartTypes : EndTypes;
}
