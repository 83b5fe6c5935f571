using MicroWasm.Instructions;

namespace MicroWasm.Interpreter;

// Address arithmetic: C's `base + k + (i << s)` (an array element of a struct or a stack frame) reaches
// WebAssembly as adds and a shift; these keep the constant pending and fold the shift into the add, so the
// access that uses the address does the rest.
internal sealed partial class Translator
{
    /// <summary>
    /// Emits an <c>i32.add</c> of two non-constant operands when one of them carries a pending constant or is a
    /// shift just computed: <c>(x + k) + y</c> becomes <c>(x + y)</c> with <c>k</c> still pending (i32 addition
    /// wraps, so the order does not change the value), and <c>y + (z &lt;&lt; s)</c> one shift-and-add instruction.
    /// </summary>
    private bool TryAddAddresses(StackEntry a, StackEntry b)
    {
        if (a.Kind == EntryKind.Const || b.Kind == EntryKind.Const) return false;
        bool pendingA = a.Kind == EntryKind.SlotPlusConst, pendingB = b.Kind == EntryKind.SlotPlusConst;
        int shiftStart = ShiftJustComputed(in a, in b);
        if (!pendingA && !pendingB && shiftStart < 0) return false;

        int addend = (pendingA ? (int)a.Bits : 0) + (pendingB ? (int)b.Bits : 0);
        int dst = Math.Min(a.Home, b.Home);
        if (shiftStart >= 0)
        {
            // The shift's operands: its result slot is the operand being folded, read by nobody else.
            int shifted = _code[shiftStart + 2], count = _code[shiftStart + 3];
            ref var other = ref (_code[shiftStart + 1] == b.Home && b.Kind == EntryKind.Slot) ? ref a : ref b;
            Rewind(shiftStart);
            int otherSlot = other.Kind == EntryKind.SlotPlusConst ? other.Source : SlotOf(ref other);
            EmitResult(Op.I32AddShlImm, dst, otherSlot, shifted, count);
        }
        else
        {
            int sa = pendingA ? a.Source : SlotOf(ref a);
            int sb = pendingB ? b.Source : SlotOf(ref b);
            EmitResult(Op.I32Add, dst, sa, sb);
        }
        ref var e = ref PushEntry(ValueType.I32);
        if (addend != 0)
        {
            // The constant stays pending on the result: nothing may retarget the add into a local.
            _resultEnd = -1;
            e.Kind = EntryKind.SlotPlusConst;
            e.Source = dst;
            e.Bits = (ulong)(uint)addend;
        }
        return true;
    }

    /// <summary>
    /// Where the <see cref="Op.I32ShlImm"/> that computed <paramref name="a"/> or <paramref name="b"/> starts,
    /// when it is the last instruction (so nothing between reads or changes its operands); otherwise -1.
    /// </summary>
    private int ShiftJustComputed(in StackEntry a, in StackEntry b)
    {
        int start = _lastStart;
        if (start < 0 || start + 4 != _length || _lastLabel > start || _code[start] != (int)Op.I32ShlImm) return -1;
        int dst = _code[start + 1];
        bool isB = b.Kind == EntryKind.Slot && b.Home == dst;
        bool isA = a.Kind == EntryKind.Slot && a.Home == dst;
        if (!isA && !isB) return -1;
        // The other operand must not be computed into a slot after the shift: it is read when the shift was.
        var other = isB ? a : b;
        return other.Kind == EntryKind.Slot && other.Home > dst ? -1 : start;
    }

    /// <summary>
    /// An <c>i32.load</c> from <c>(i &lt;&lt; s) + k</c> (an element of an int array at a constant address) whose shift is the
    /// last instruction, computed into a temporary: one instruction that shifts, adds and loads.
    /// </summary>
    private bool TryScaledIndexLoad(in StackEntry address, int offset)
    {
        int start = _lastStart;
        if (start < 0 || start + 4 != _length || _lastLabel > start || _code[start] != (int)Op.I32ShlImm) return false;
        int shifted = _code[start + 1];
        bool isShift = address.Kind == EntryKind.Slot && address.Home == shifted
            || address.Kind == EntryKind.SlotPlusConst && address.Source == shifted && address.Home == shifted;
        if (!isShift) return false;
        int index = _code[start + 2], count = _code[start + 3];
        int addend = address.Kind == EntryKind.SlotPlusConst ? (int)address.Bits : 0;
        Rewind(start);
        EmitResult(Op.I32LoadShl, address.Home, index, count, offset, addend);
        return true;
    }
}
