using MicroWasm.Instructions;

namespace MicroWasm.Interpreter;

/// <summary>
/// GC (WebAssembly 3.0): each instruction becomes one <see cref="Op.Gc"/> of fixed length (<see cref="GcOperations"/>
/// runs them outside the loop, so no 2.0 op changes), except the conversions between any and extern, which change no
/// bits (<see cref="ReferenceSlots"/>), and the casting branches, a <see cref="GcOp.RefTest"/> into the slot above the
/// stack and a branch on it.
/// </summary>
internal sealed partial class Translator
{
    private static bool IsGc(Opcode op) => op == Opcode.RefEq || ((int)op >> 16) == 0xFB;

    private void TranslateGc(in Instruction instr)
    {
        int type = (int)instr.Index, second = (int)instr.Index2;
        switch (instr.Opcode)
        {
            case Opcode.StructNew:
            {
                var fields = StructFields(type);
                int argBase = PrepareArguments(fields.Length);
                EmitGc(GcOp.StructNew, argBase, type, argBase);
                Push(ValueType.AnyRef);
                return;
            }
            case Opcode.StructNewDefault:
                EmitGc(GcOp.StructNewDefault, _nextSlot, type);
                Push(ValueType.AnyRef);
                return;
            case Opcode.StructGet or Opcode.StructGetS or Opcode.StructGetU:
            {
                var r = Pop();
                int s = SlotOf(ref r);
                EmitGc(GcOp.StructGet + (instr.Opcode - Opcode.StructGet), r.Home, s, type, second);
                Push(StructFields(type)[second].Unpacked);
                return;
            }
            case Opcode.StructSet:
            {
                var v = Pop();
                var r = Pop();
                int sv = SlotOf(ref v), sr = SlotOf(ref r);
                EmitGc(GcOp.StructSet, sr, sv, type, second);
                return;
            }
            case Opcode.ArrayNew:
            {
                var n = Pop();
                var v = Pop();
                int sn = SlotOf(ref n), sv = SlotOf(ref v);
                EmitGc(GcOp.ArrayNew, v.Home, type, sv, sn);
                Push(ValueType.AnyRef);
                return;
            }
            case Opcode.ArrayNewDefault:
            {
                var n = Pop();
                int sn = SlotOf(ref n);
                EmitGc(GcOp.ArrayNewDefault, n.Home, type, sn);
                Push(ValueType.AnyRef);
                return;
            }
            case Opcode.ArrayNewFixed:
            {
                int argBase = PrepareArguments(second);
                EmitGc(GcOp.ArrayNewFixed, argBase, type, argBase, second);
                Push(ValueType.AnyRef);
                return;
            }
            case Opcode.ArrayNewData or Opcode.ArrayNewElem:
            {
                var n = Pop();
                var s = Pop();
                int sn = SlotOf(ref n), ss = SlotOf(ref s);
                EmitGc(instr.Opcode == Opcode.ArrayNewData ? GcOp.ArrayNewData : GcOp.ArrayNewElem, s.Home, type, second, ss, sn);
                Push(ValueType.AnyRef);
                return;
            }
            case Opcode.ArrayGet or Opcode.ArrayGetS or Opcode.ArrayGetU:
            {
                var i = Pop();
                var r = Pop();
                int si = SlotOf(ref i), sr = SlotOf(ref r);
                EmitGc(GcOp.ArrayGet + (instr.Opcode - Opcode.ArrayGet), r.Home, sr, si, type);
                Push(ArrayElement(type).Unpacked);
                return;
            }
            case Opcode.ArraySet:
            {
                PopOperands3(out int sr, out int si, out int sv);
                EmitGc(GcOp.ArraySet, sr, si, sv, type);
                return;
            }
            case Opcode.ArrayLen:
            {
                var r = Pop();
                int sr = SlotOf(ref r);
                EmitGc(GcOp.ArrayLen, r.Home, sr);
                Push(ValueType.I32);
                return;
            }
            case Opcode.ArrayFill:
            {
                var slots = PopSlots(4);
                EmitGc(GcOp.ArrayFill, slots[0], slots[1], slots[2], slots[3], type);
                return;
            }
            case Opcode.ArrayCopy:
            {
                var slots = PopSlots(5);
                EmitGc(GcOp.ArrayCopy, slots[0], slots[1], slots[2], slots[3], slots[4]);
                return;
            }
            case Opcode.ArrayInitData or Opcode.ArrayInitElem:
            {
                var slots = PopSlots(4);
                EmitGc(instr.Opcode == Opcode.ArrayInitData ? GcOp.ArrayInitData : GcOp.ArrayInitElem, slots[0], slots[1], slots[2], slots[3], type, second);
                return;
            }
            case Opcode.RefTest or Opcode.RefTestNull:
            {
                var r = Pop();
                int sr = SlotOf(ref r);
                EmitGc(GcOp.RefTest, r.Home, sr, (int)ReferenceTypes.HeapOf(instr.ValueType), ReferenceTypes.IsNullable(instr.ValueType) ? 1 : 0);
                Push(ValueType.I32);
                return;
            }
            case Opcode.RefCast or Opcode.RefCastNull:
            {
                int sr = SlotOf(ref _stack[_height - 1]);
                EmitGc(GcOp.RefCast, sr, (int)ReferenceTypes.HeapOf(instr.ValueType), ReferenceTypes.IsNullable(instr.ValueType) ? 1 : 0);
                return;
            }
            case Opcode.BrOnCast or Opcode.BrOnCastFail:
            {
                // The reference stays on the stack either way; the test's 0 or 1 goes in the slot above it.
                int sr = SlotOf(ref _stack[_height - 1]);
                int test = _nextSlot;
                EmitGc(GcOp.RefTest, test, sr, (int)ReferenceTypes.HeapOf(instr.TargetType), ReferenceTypes.IsNullable(instr.TargetType) ? 1 : 0);
                BranchOnHandle((int)instr.Index, test, whenNull: instr.Opcode == Opcode.BrOnCastFail);
                return;
            }
            case Opcode.AnyConvertExtern or Opcode.ExternConvertAny:
                return; // the same bits in either hierarchy
            case Opcode.RefI31:
            {
                var v = Pop();
                int sv = SlotOf(ref v);
                EmitGc(GcOp.RefI31, v.Home, sv);
                Push(ValueType.AnyRef);
                return;
            }
            case Opcode.I31GetS or Opcode.I31GetU:
            {
                var r = Pop();
                int sr = SlotOf(ref r);
                EmitGc(instr.Opcode == Opcode.I31GetS ? GcOp.I31GetS : GcOp.I31GetU, r.Home, sr);
                Push(ValueType.I32);
                return;
            }
            case Opcode.RefEq:
            {
                var b = Pop();
                var a = Pop();
                int sb = SlotOf(ref b), sa = SlotOf(ref a);
                EmitGc(GcOp.RefEq, a.Home, sa, sb);
                Push(ValueType.I32);
                return;
            }
            default:
                throw new UnsupportedFeatureException($"{InstructionTable.MnemonicOf(instr.Opcode)} in the interpreter");
        }
    }

    private void EmitGc(GcOp kind, params ReadOnlySpan<int> operands)
    {
        Emit(Op.Gc, (int)kind);
        for (int i = 0; i < GcOperations.Length - 2; i++) EmitWord(i < operands.Length ? operands[i] : 0);
    }

    /// <summary>Pops <paramref name="count"/> operands and returns their slots, deepest first.</summary>
    private int[] PopSlots(int count)
    {
        var entries = new StackEntry[count];
        for (int i = count - 1; i >= 0; i--) entries[i] = Pop();
        var slots = new int[count];
        for (int i = count - 1; i >= 0; i--) slots[i] = SlotOf(ref entries[i]);
        return slots;
    }

    private FieldType[] StructFields(int typeIndex) => ((StructType)_module.TypeDefinitions[typeIndex].Composite).Fields;

    private FieldType ArrayElement(int typeIndex) => ((ArrayType)_module.TypeDefinitions[typeIndex].Composite).Element;
}
