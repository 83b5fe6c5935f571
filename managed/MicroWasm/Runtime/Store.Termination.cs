namespace MicroWasm.Runtime;

/// <summary>Stopping a running module from outside (WAMR's <c>wasm_runtime_terminate</c>).</summary>
public sealed unsafe partial class Store
{
    // One pinned word the interpreter reads at every call and loop back-edge: non-zero stops execution.
    private readonly int[] _terminationFlag = GC.AllocateArray<int>(1, pinned: true);

    /// <summary>
    /// Asks every WebAssembly execution in this store to stop: each traps with <see cref="TrapKind.Terminated"/>
    /// ("terminated") at its next call or loop iteration, and calls made afterwards trap at once, until
    /// <see cref="ClearTermination"/>. Safe to call from any thread, also while the store is running (the rest
    /// of the store is not thread-safe). A host function that is running is not interrupted; the execution stops
    /// when it returns into WebAssembly and reaches a call or a loop.
    /// </summary>
    public void Terminate()
    {
        if (Interlocked.Exchange(ref _terminationFlag[0], 1) == 0) Interlocked.Increment(ref s_pendingTerminations);
        // AOT code polls its image's interrupt word at loop heads, then this flag; at function entries it checks only its
        // stack limit, which this lowers in every entry of this store that runs now, on any thread (those that start later
        // see the flag before they run).
        Aot.AotInterrupt.Update();
        Aot.AotThread.Terminate(TerminationFlag);
    }

    /// <summary>Lets executions run again after <see cref="Terminate"/>.</summary>
    public void ClearTermination()
    {
        if (Interlocked.Exchange(ref _terminationFlag[0], 0) != 0) Interlocked.Decrement(ref s_pendingTerminations);
        Aot.AotInterrupt.Update();
    }

    /// <summary>
    /// How many stores have a termination request: the interpreter's loop tests this one global word (an absolute
    /// address, no register) at back-edges and calls, and looks at its own store's flag only when it is not zero.
    /// </summary>
    internal static int s_pendingTerminations;

    /// <summary>Whether <see cref="Terminate"/> was called and not yet cleared.</summary>
    public bool IsTerminationRequested => Volatile.Read(ref _terminationFlag[0]) != 0;

    /// <summary>The flag's address, for the interpreter's loop.</summary>
    internal int* TerminationFlag => (int*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref _terminationFlag[0]);
}
