namespace MicroWasm.Interpreter;

/// <summary>
/// Typed function references (WebAssembly 3.0): a reference is a store handle in one slot, 0 for null, so the null tests
/// are the 64-bit compare-and-branch ops against 0 and calls through a reference are calls with the callee in a slot.
/// </summary>
internal sealed partial class Translator
{
    // call_ref $t: the callee is popped first (it is above the arguments) and read before the callee's frame covers it.
    private void CallRef(int typeIndex)
    {
        var type = _module.Types[typeIndex];
        var callee = Pop();
        int calleeSlot = SlotOf(ref callee);
        int argBase = PrepareArguments(type.Parameters.Length);
        Emit(Op.CallRef, calleeSlot, argBase);
        PushResults(type.Results, argBase);
    }

    private void ReturnCallRef(int typeIndex)
    {
        var parameters = _module.Types[typeIndex].Parameters;
        var callee = Pop();
        int calleeSlot = SlotOf(ref callee);
        int argBase = PrepareArguments(parameters.Length);
        Emit(Op.ReturnCallRef, calleeSlot, argBase, Executor.SlotCountOf(parameters));
    }

    private void RefAsNonNull()
    {
        int s = SlotOf(ref _stack[_height - 1]);
        Emit(Op.RefAsNonNull, s);
    }

    // br_on_null l: branches (with the label's values, below the reference) when the reference is null; otherwise the
    // reference stays on the stack.
    private void BranchOnNull(int depth)
    {
        var reference = Pop();
        int s = SlotOf(ref reference);
        BranchOnHandle(depth, s, whenNull: true);
        PushAgain(reference);
    }

    // br_on_non_null l: branches with the label's values, the reference last, when it is not null; otherwise drops it.
    private void BranchOnNonNull(int depth)
    {
        int s = SlotOf(ref _stack[_height - 1]);
        BranchOnHandle(depth, s, whenNull: false);
        Pop();
    }

    /// <summary>A branch to label <paramref name="depth"/> taken when the handle in slot <paramref name="s"/> is (not) null.</summary>
    private void BranchOnHandle(int depth, int s, bool whenNull)
    {
        var target = Label(depth);
        int start = _length;
        if (!NeedsMoves(target))
        {
            Emit(whenNull ? Op.BrI64EqImm : Op.BrI64NeImm, s, 0, 0);
            SetTarget(target, start + 3, start);
            return;
        }
        // Moves happen only when the branch is taken: jump over them otherwise.
        Emit(whenNull ? Op.BrI64NeImm : Op.BrI64EqImm, s, 0, 0);
        Branch(depth);
        BindLabel();
        Patch(start + 3, start, _length);
    }
}
