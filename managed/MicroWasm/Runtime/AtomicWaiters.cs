using System.Diagnostics;

namespace MicroWasm.Runtime;

/// <summary>
/// The wait queues of one shared memory (threads proposal: <c>memory.atomic.wait32/64</c> and <c>memory.atomic.notify</c>).
/// A waiter compares and enqueues under the same lock a notifier takes, so a notify that follows a store cannot slip
/// between a waiter's check of the value and its sleep. One lock per memory: waiting is rare and long next to it.
/// </summary>
internal sealed unsafe class AtomicWaiters
{
    /// <summary>What <c>wait</c> returns (spec of the threads proposal).</summary>
    public const int Woken = 0, NotEqual = 1, TimedOut = 2;

    // How often a sleeping waiter looks at its store's termination flag, so Store.Terminate ends a wait with no timeout.
    private const int TerminationPollMilliseconds = 20;

    private readonly object _lock = new();
    private readonly Dictionary<ulong, List<Waiter>> _queues = [];

    private sealed class Waiter
    {
        public bool Notified;
    }

    /// <summary>
    /// Waits at <paramref name="address"/> while it holds <paramref name="expected"/> (4 or 8 bytes, little-endian), up to
    /// <paramref name="timeoutNanoseconds"/> (negative: no limit). Returns <see cref="Woken"/>, <see cref="NotEqual"/> or
    /// <see cref="TimedOut"/>, or null when <paramref name="store"/> was asked to terminate meanwhile.
    /// </summary>
    public int? Wait(byte* address, ulong offset, int width, ulong expected, long timeoutNanoseconds, Store store)
    {
        var waiter = new Waiter();
        long start = Stopwatch.GetTimestamp();
        lock (_lock)
        {
            using var held = RaceDetector.Holding(_lock);
            ulong current = width == 4 ? Volatile.Read(ref *(uint*)address) : Volatile.Read(ref *(ulong*)address);
            if (current != expected) return NotEqual;
            if (!_queues.TryGetValue(offset, out var queue)) _queues[offset] = queue = [];
            queue.Add(waiter);
            while (!waiter.Notified)
            {
                int sleep = TerminationPollMilliseconds;
                if (timeoutNanoseconds >= 0)
                {
                    long elapsedNs = (long)Stopwatch.GetElapsedTime(start).TotalNanoseconds;
                    if (elapsedNs >= timeoutNanoseconds)
                    {
                        Remove(offset, queue, waiter);
                        return TimedOut;
                    }
                    sleep = (int)Math.Min(sleep, Math.Max(1, (timeoutNanoseconds - elapsedNs + 999_999) / 1_000_000));
                }
                if (store.IsTerminationRequested)
                {
                    Remove(offset, queue, waiter);
                    return null;
                }
                Monitor.Wait(_lock, sleep);
            }
            return Woken;
        }
    }

    /// <summary>Wakes up to <paramref name="count"/> waiters at <paramref name="offset"/>, oldest first; returns how many.</summary>
    public int Notify(ulong offset, uint count)
    {
        lock (_lock)
        {
            using var held = RaceDetector.Holding(_lock);
            if (count == 0 || !_queues.TryGetValue(offset, out var queue)) return 0;
            int woken = (int)Math.Min(count, (uint)queue.Count);
            for (int i = 0; i < woken; i++) queue[i].Notified = true;
            queue.RemoveRange(0, woken);
            if (queue.Count == 0) _queues.Remove(offset);
            Monitor.PulseAll(_lock);
            return woken;
        }
    }

    private void Remove(ulong offset, List<Waiter> queue, Waiter waiter)
    {
        queue.Remove(waiter);
        if (queue.Count == 0 && _queues.TryGetValue(offset, out var current) && current == queue) _queues.Remove(offset);
    }
}
