namespace MicroWasm.Interpreter;

/// <summary>
/// One entry of a function's handler table (exception handling): code offsets [<see cref="Start"/>, <see cref="End"/>)
/// that a handler protects, and what it does with an exception thrown there. Entries are in the order the unwinder
/// tries them: an inner block's before an outer one's, a try_table's clauses in their order. Only a throw reads the
/// table, so code that never throws pays nothing for it.
/// </summary>
/// <param name="Start">The first code offset protected (a try_table's or try's body).</param>
/// <param name="End">The offset just after the protected body.</param>
/// <param name="Depth">How many blocks enclose the handler's block (its index in the translator's control stack).</param>
/// <param name="Tag">The tag index that matches, or -1 for any exception (catch_all); unused by a delegate.</param>
/// <param name="Target">Where the handler's code starts; for a delegate, the depth of the block it delegates to.</param>
/// <param name="Slot">The frame slot where the exception's values go (a tag's catch); -1 for none.</param>
/// <param name="ReferenceSlot">The frame slot where the exception's exnref goes; -1 for none.</param>
/// <param name="IsDelegate">
/// Legacy <c>delegate</c>: an exception from the body is handed to the block at depth <see cref="Target"/>, so the search
/// goes on with only the handlers of that block and the blocks around it.
/// </param>
internal readonly record struct ExceptionHandler(int Start, int End, int Depth, int Tag, int Target, int Slot, int ReferenceSlot, bool IsDelegate = false)
{
    /// <summary>This entry with every code offset moved by <paramref name="shift"/> (the translator's prologue).</summary>
    public ExceptionHandler Shifted(int shift) =>
        this with { Start = Start + shift, End = End + shift, Target = IsDelegate ? Target : Target + shift };
}
