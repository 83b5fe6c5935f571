using System.Diagnostics;
using MicroWasm.Runtime;

namespace MicroWasm.Fuzz;

/// <summary>
/// Bounds the time one input may spend running WebAssembly. The engine has no fuel counter, but it offers
/// <see cref="Store.Terminate"/>, which the interpreter checks at every call and loop back-edge: a background thread
/// calls it once the input's budget is spent, so an endless loop becomes the trap "terminated" and the next input
/// runs. What cannot be stopped this way (a loop in the decoder, the validator, the translator, a host function)
/// runs into AFL++'s own time limit and is reported as a hang.
/// </summary>
internal static class Watchdog
{
    private static readonly Lock s_lock = new();
    private static Store? s_store;
    private static long s_deadline;

    static Watchdog()
    {
        var thread = new Thread(Watch) { IsBackground = true, Name = "fuzz watchdog" };
        thread.Start();
    }

    /// <summary>Terminates <paramref name="store"/>'s executions once <paramref name="budget"/> has passed, until <see cref="Disarm"/>.</summary>
    public static void Arm(Store store, TimeSpan budget)
    {
        lock (s_lock)
        {
            s_store = store;
            s_deadline = Stopwatch.GetTimestamp() + (long)(budget.TotalSeconds * Stopwatch.Frequency);
        }
    }

    public static void Disarm()
    {
        lock (s_lock) s_store = null;
    }

    private static void Watch()
    {
        while (true)
        {
            Thread.Sleep(2);
            lock (s_lock)
            {
                if (s_store is { } store && Stopwatch.GetTimestamp() > s_deadline && !store.IsTerminationRequested)
                    store.Terminate();
            }
        }
    }
}
