using System.Runtime.CompilerServices;
using MicroWasm.Runtime;

namespace MicroWasm.Aot;

/// <summary>
/// What one thread keeps while it runs AOT code: the stack limit of its outermost entry and its running entries,
/// innermost first (each <see cref="AotContext"/> links to the one it runs inside; they live on this thread's stack).
/// Every thread that ever entered AOT code is listed, so that <see cref="Terminate"/> reaches each running entry of a
/// store on any thread: each entry checks its own stack limit, which a termination lowers.
/// </summary>
/// <remarks>
/// Entries are frequent (every call between AOT instances, every host callback) and terminations rare, so the cost is
/// all on the terminating side: a thread links and unlinks its entries with plain ordered writes and no lock. A
/// termination publishes that it walks, issues a process-wide barrier (after which every thread either sees the walk
/// announced or has its last link visible to the walker), then walks under <see cref="s_lock"/>; a thread that unlinks
/// an entry while a walk is announced waits for that lock before its context's stack frame may end. So a termination
/// never writes into a dead context, and an entry linked too late to be seen finds the store's flag set when it looks
/// after linking (<see cref="AotExecutor.Run"/>).
/// </remarks>
internal sealed unsafe class AotThread
{
    [ThreadStatic] private static AotThread? t_current;

    private static readonly Lock s_lock = new();
    // Weakly held: a thread that ends drops its AotThread, and the next termination or growth of the list forgets it.
    private static readonly List<WeakReference<AotThread>> s_threads = [];
    private static int s_forgetAt = 64;
    private static int s_walks;

    /// <summary>The innermost running entry's context (an <see cref="AotContext"/>*), or 0; written by its own thread only.</summary>
    private nint _innermost;

    /// <summary>The lowest stack address generated code may reach, set by the outermost entry (<see cref="AotExecutor"/>).</summary>
    public nint StackLimit;

    public static AotThread Current => t_current ?? Register();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static AotThread Register()
    {
        var thread = new AotThread();
        lock (s_lock)
        {
            using var held = RaceDetector.Holding(s_lock);
            // Threads come and go (a thread per request): the list stays within twice the live ones.
            if (s_threads.Count >= s_forgetAt)
            {
                ForgetEndedThreads();
                s_forgetAt = Math.Max(64, 2 * s_threads.Count);
            }
            s_threads.Add(new WeakReference<AotThread>(thread));
        }
        return t_current = thread;
    }

    /// <summary>Whether no entry runs on this thread: the next one is outermost.</summary>
    public bool IsIdle => _innermost == 0;

    /// <summary>Links <paramref name="context"/> (its instance part already set) as the innermost entry.</summary>
    public void Enter(AotContext* context)
    {
        context->Parent = (AotContext*)_innermost;
        // Release: a walker that reads the link sees the context's fields. The caller's next read of the store's flag
        // is not reordered before this write on AArch64 (stlr then ldar), and on x86-64 the walker's barrier covers it.
        Volatile.Write(ref _innermost, (nint)context);
    }

    /// <summary>Unlinks <paramref name="context"/>, the innermost entry; its stack frame may end once this returns.</summary>
    public void Leave(AotContext* context)
    {
        Volatile.Write(ref _innermost, (nint)context->Parent);
        // A walk announced now may have read this context before the write above: let it finish first.
        if (Volatile.Read(ref s_walks) != 0)
        {
            lock (s_lock)
            {
                using var held = RaceDetector.Holding(s_lock);
            }
        }
    }

    /// <summary>
    /// Gives every running entry of the store whose termination flag is <paramref name="terminationFlag"/> (on any
    /// thread) the termination limit: code that runs no loop stops at its next call. The flag is set already.
    /// </summary>
    public static void Terminate(int* terminationFlag)
    {
        Interlocked.Increment(ref s_walks);
        try
        {
            Interlocked.MemoryBarrierProcessWide();
            lock (s_lock)
            {
                using var held = RaceDetector.Holding(s_lock);
                ForgetEndedThreads();
                foreach (var weak in s_threads)
                {
                    if (!weak.TryGetTarget(out var thread)) continue;
                    for (var context = (AotContext*)Volatile.Read(ref thread._innermost); context != null; context = context->Parent)
                    {
                        if (context->Instance.TerminationFlag == terminationFlag)
                            Volatile.Write(ref *(nint*)&context->StackLimit, (nint)AotContext.TerminationLimit);
                    }
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref s_walks);
        }
    }

    private static void ForgetEndedThreads() => s_threads.RemoveAll(weak => !weak.TryGetTarget(out _));
}
