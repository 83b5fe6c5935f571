using MicroWasm.Runtime;

namespace MicroWasm.Aot;

/// <summary>
/// The interrupt word of every mapped image (<c>mw_interrupt</c>), which generated loops poll at each iteration: one load
/// of a word of the image, no register held for it. It is non-zero while any store has a termination request
/// (<see cref="Store.Terminate"/>); a loop that sees it reads its own store's flag, so other stores' requests only slow it.
/// </summary>
internal static unsafe class AotInterrupt
{
    private static readonly Lock s_lock = new();
    private static readonly List<nint> s_words = [];

    /// <summary>Starts updating a mapped image's word (set now if a request is pending).</summary>
    public static void Register(int* word)
    {
        lock (s_lock)
        {
            using var held = RaceDetector.Holding(s_lock);
            s_words.Add((nint)word);
            Volatile.Write(ref *word, Pending);
        }
    }

    /// <summary>Stops updating a word before its image is unmapped.</summary>
    public static void Unregister(int* word)
    {
        lock (s_lock)
        {
            using var held = RaceDetector.Holding(s_lock);
            s_words.Remove((nint)word);
        }
    }

    /// <summary>
    /// After a store's request is made or cleared: every word takes the state of all requests. Each caller changes the
    /// count first and writes under the lock, so the last to write saw every change.
    /// </summary>
    public static void Update()
    {
        lock (s_lock)
        {
            using var held = RaceDetector.Holding(s_lock);
            int pending = Pending;
            foreach (nint word in s_words) Volatile.Write(ref *(int*)word, pending);
        }
    }

    private static int Pending => Volatile.Read(ref Store.s_pendingTerminations) > 0 ? 1 : 0;
}
