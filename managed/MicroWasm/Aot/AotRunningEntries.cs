using MicroWasm.Runtime;

namespace MicroWasm.Aot;

/// <summary>
/// The contexts of one store's AOT entries that are running now, on any thread, nested or not: what
/// <see cref="Store.Terminate"/> must reach, since each entry has its own stack limit (<see cref="AotContext"/>). An entry
/// adds its context before it runs and removes it before its stack frame ends, both under the lock
/// <see cref="Terminate"/> takes, so a termination writes only into contexts that are alive.
/// </summary>
internal sealed unsafe class AotRunningEntries
{
    private readonly Lock _lock = new();
    private nint[] _contexts = new nint[4];
    private int _count;

    public void Add(AotContext* context)
    {
        lock (_lock)
        {
            using var held = RaceDetector.Holding(_lock);
            if (_count == _contexts.Length) Array.Resize(ref _contexts, _count * 2);
            _contexts[_count++] = (nint)context;
        }
    }

    public void Remove(AotContext* context)
    {
        lock (_lock)
        {
            using var held = RaceDetector.Holding(_lock);
            // The entry that ends is most often the one added last (entries of one thread nest).
            int i = Array.LastIndexOf(_contexts, (nint)context, _count - 1, _count);
            _contexts[i] = _contexts[--_count];
            _contexts[_count] = 0;
        }
    }

    /// <summary>Gives every running entry the termination limit: code that runs no loop stops at its next call.</summary>
    public void Terminate()
    {
        lock (_lock)
        {
            using var held = RaceDetector.Holding(_lock);
            for (int i = 0; i < _count; i++)
                Volatile.Write(ref *(nint*)&((AotContext*)_contexts[i])->StackLimit, (nint)AotContext.TerminationLimit);
        }
    }
}
