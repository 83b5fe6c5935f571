using MicroWasm.Instructions;

namespace MicroWasm.Interpreter;

// Exception handling (WebAssembly 3.0, and the legacy try/catch/delegate/rethrow). Nothing here runs unless an exception
// is thrown: a try block emits no instruction on its normal path (try_table one jump over its landing pads), and its
// handlers become entries of the function's handler table (ExceptionHandler), which the executor searches on a throw.
// A landing pad is translated code that receives the exception's values in slots the unwinder fills, and moves them to
// the catch label as a branch would. Handler ranges start and end at labels, so no peephole moves code across them.
internal sealed partial class Translator
{
    private readonly List<ExceptionHandler> _handlers = [];
    private FuncType[] _tagTypes = [];

    // The legacy try blocks of the function, numbered in order: each has a slot after the locals where a catch keeps
    // the exception for rethrow (FunctionBody.LegacyTryCount reserves them).
    private int _firstExceptionSlot;
    private int _legacyTries;

    private FuncType TagType(int index)
    {
        if (_tagTypes.Length == 0) _tagTypes = Array.ConvertAll(_module.TagTypeIndexSpace(), i => _module.Types[i]);
        return _tagTypes[index];
    }

    /// <summary>throw x: the values go to consecutive slots, from which the executor makes the exception.</summary>
    private void Throw(int tagIndex)
    {
        int argBase = PrepareArguments(TagType(tagIndex).Parameters.Length);
        Emit(Op.Throw, tagIndex, argBase);
    }

    private void ThrowRef()
    {
        var exception = Pop();
        Emit(Op.ThrowRef, SlotOf(ref exception));
    }

    /// <summary>
    /// try_table bt catch*: a jump over one landing pad per clause, then the body. Each pad is translated where the
    /// clause's label means what the spec says (outside the try_table), with the caught values pushed above the stack.
    /// </summary>
    private void BeginTryTable(BlockType blockType, ReadOnlySpan<CatchClause> clauses)
    {
        _straightLine = false;
        var (parameters, results) = BlockSignature(blockType);
        PrepareBlockEntry(parameters.Length);
        var pending = new List<ExceptionHandler>(clauses.Length);
        if (clauses.Length > 0)
        {
            int skip = _length;
            Emit(Op.Br, 0);
            foreach (var clause in clauses)
            {
                BindLabel();
                int pad = _length;
                int height = _height;
                var values = clause.HasTag ? TagType((int)clause.Tag).Parameters : [];
                foreach (var t in values) Push(t);
                if (clause.PassesReference) Push(ValueType.ExnRef);
                int slot = values.Length > 0 ? _stack[height].Home : -1;
                int referenceSlot = clause.PassesReference ? _stack[_height - 1].Home : -1;
                Branch((int)clause.Label);
                while (_height > height) Pop();
                pending.Add(new ExceptionHandler(0, 0, _controls.Count, clause.HasTag ? (int)clause.Tag : -1, pad, slot, referenceSlot));
            }
            Patch(skip + 1, skip, _length);
        }
        BindLabel();
        var frame = NewBlockFrame(FrameKind.TryTable, parameters, results);
        frame.TryStart = _length;
        frame.PendingHandlers = pending;
        _controls.Add(frame);
    }

    /// <summary>Legacy try bt: a block whose body the catches that follow protect; nothing is emitted.</summary>
    private void BeginTry(BlockType blockType)
    {
        _straightLine = false;
        var (parameters, results) = BlockSignature(blockType);
        PrepareBlockEntry(parameters.Length);
        BindLabel();
        var frame = NewBlockFrame(FrameKind.Try, parameters, results);
        frame.TryStart = _length;
        frame.ExceptionSlot = _firstExceptionSlot + _legacyTries++;
        frame.PendingHandlers = [];
        _controls.Add(frame);
    }

    /// <summary>
    /// Legacy catch x / catch_all: the end of the try body (or of the previous catch's body), then this handler's body,
    /// which starts with the exception's values in the block's slots.
    /// </summary>
    private void Catch(int tagIndex)
    {
        var frame = _controls[^1];
        EndTryBodyOrHandler(frame);
        BindLabel();
        var values = tagIndex >= 0 ? TagType(tagIndex).Parameters : [];
        frame.PendingHandlers!.Add(new ExceptionHandler(frame.TryStart, frame.TryEnd, _controls.Count - 1, tagIndex, _length,
            values.Length > 0 ? frame.BaseSlot : -1, frame.ExceptionSlot));
        frame.Kind = FrameKind.Catch;
        frame.Unreachable = false;
        ResetStack(frame, values);
    }

    /// <summary>Legacy delegate l: the try's exceptions go to the handlers of the block l levels outside it.</summary>
    private void Delegate(int depth)
    {
        var frame = _controls[^1];
        int end = _length;
        BindLabel();
        _handlers.Add(new ExceptionHandler(frame.TryStart, end, _controls.Count - 1, -1, _controls.Count - 2 - depth, -1, -1, IsDelegate: true));
        End();
    }

    /// <summary>Legacy rethrow l: throws again the exception the catch at label l caught, kept in its try's slot.</summary>
    private void Rethrow(int depth)
    {
        var frame = Label(depth);
        frame.RethrowUsed = true;
        Emit(Op.ThrowRef, frame.ExceptionSlot);
    }

    /// <summary>Where the try body ends (at the first handler), and the jump from the end of a body to the block's end.</summary>
    private void EndTryBodyOrHandler(ControlFrame frame)
    {
        if (frame.Kind == FrameKind.Try) frame.TryEnd = _length;
        if (frame.Unreachable) return;
        MaterializeTop(frame.Results.Length);
        int start = _length;
        Emit(Op.Br, 0);
        frame.EndFixups.Add((start + 1, start));
        frame.HasBranches = true;
    }

    /// <summary>At a try_table's or legacy try's end: its handlers join the table, after those of the blocks inside it.</summary>
    private void EndTry(ControlFrame frame)
    {
        if (frame.PendingHandlers is not { } pending) return;
        if (frame.Kind == FrameKind.TryTable)
        {
            int end = _length;
            BindLabel();
            foreach (var h in pending) _handlers.Add(h with { Start = frame.TryStart, End = end });
            return;
        }
        // A legacy catch stores the exception only when a rethrow needs it.
        foreach (var h in pending) _handlers.Add(frame.RethrowUsed ? h : h with { ReferenceSlot = -1 });
    }
}
