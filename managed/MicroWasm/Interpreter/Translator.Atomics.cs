using MicroWasm.Instructions;

namespace MicroWasm.Interpreter;

internal sealed partial class Translator
{
    /// <summary>
    /// The threads proposal's atomics become one <see cref="Op.Atomic"/> each, run out of line by
    /// <see cref="AtomicExecution"/>: they are rare in hot loops next to the plain accesses the main loop inlines, and one
    /// op keeps the dispatch table and the loop's code small.
    /// </summary>
    private void TranslateAtomic(in Instruction instr, AtomicOperator atomic)
    {
        if (atomic.Kind == AtomicKind.Fence)
        {
            Emit(Op.AtomicFence);
            return;
        }
        RequireMemoryZero(instr.Index);
        int operands = atomic.Operands.Length;
        Span<int> slots = stackalloc int[3];
        int home = 0;
        for (int i = operands - 1; i >= 0; i--)
        {
            var e = Pop();
            slots[i] = SlotOf(ref e);
            home = e.Home;
        }
        Emit(Op.Atomic, (int)((uint)instr.Opcode & 0xFFFF), home, slots[0], slots[1], slots[2]);
        EmitWord((int)(uint)instr.MemoryOffset);
        if (atomic.Result is { } result) Push(result);
    }
}
