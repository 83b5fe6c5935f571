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
    public void Terminate() => Volatile.Write(ref _terminationFlag[0], 1);

    /// <summary>Lets executions run again after <see cref="Terminate"/>.</summary>
    public void ClearTermination() => Volatile.Write(ref _terminationFlag[0], 0);

    /// <summary>Whether <see cref="Terminate"/> was called and not yet cleared.</summary>
    public bool IsTerminationRequested => Volatile.Read(ref _terminationFlag[0]) != 0;

    /// <summary>The flag's address, for the interpreter's loop.</summary>
    internal int* TerminationFlag => (int*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref _terminationFlag[0]);
}
