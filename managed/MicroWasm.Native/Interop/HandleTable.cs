using System.Runtime.CompilerServices;
using MicroWasm.Runtime;

namespace MicroWasm.Native.Interop;

/// <summary>
/// The managed objects that C holds (architecture decision 2): C gets a number, never an object address. A handle is
/// <c>(generation &lt;&lt; 24 | slot + 1) &lt;&lt; 4</c>, so it is never NULL, looks like an aligned pointer to C, and a stale or
/// forged one resolves to nothing instead of to whatever reuses the slot.
/// </summary>
/// <remarks>
/// Thread-safe: adding and removing hold a lock; lookups take none. Each slot holds one immutable entry (object and
/// generation together), so a lookup racing with the slot's reuse sees either the old entry or the new one, never the
/// new object under the old generation.
/// </remarks>
internal static class HandleTable
{
    private const int SlotBits = 24;
    private const int MaxSlots = (1 << SlotBits) - 1;

    private sealed record Entry(object? Value, uint Generation);

    private static readonly Lock s_lock = new();
    private static Entry?[] s_entries = new Entry?[64];
    private static readonly Stack<int> s_free = new();
    private static int s_used;

    public static nint Add(object value)
    {
        lock (s_lock)
        {
            using var held = RaceDetector.Holding(s_lock);
            int slot;
            if (s_free.Count > 0) slot = s_free.Pop();
            else
            {
                if (s_used == MaxSlots) throw new InvalidOperationException("too many live handles");
                if (s_used == s_entries.Length)
                {
                    // Lookups index the array without the lock: they see the old or the new one, both valid.
                    var entries = new Entry?[s_entries.Length * 2];
                    Array.Copy(s_entries, entries, s_used);
                    Volatile.Write(ref s_entries, entries);
                }
                slot = s_used++;
            }
            uint generation = ((s_entries[slot]?.Generation ?? 0) + 1) & 0xFF_FFFF;
            if (generation == 0) generation = 1;
            Volatile.Write(ref s_entries[slot], new Entry(value, generation));
            return (nint)((((long)generation << SlotBits) | (uint)(slot + 1)) << 4);
        }
    }

    /// <summary>The object of <paramref name="handle"/> if it is live and a <typeparamref name="T"/>; null otherwise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T? Get<T>(nint handle) where T : class
    {
        long h = handle;
        if (h <= 0 || (h & 0xF) != 0) return null;
        h >>= 4;
        int slot = (int)(h & MaxSlots) - 1;
        uint generation = (uint)(h >> SlotBits);
        var entries = Volatile.Read(ref s_entries);
        if ((uint)slot >= (uint)entries.Length) return null;
        var entry = Volatile.Read(ref entries[slot]);
        RaceDetector.Observed(s_lock);
        return entry is not null && entry.Generation == generation ? entry.Value as T : null;
    }

    public static void Remove(nint handle)
    {
        lock (s_lock)
        {
            using var held = RaceDetector.Holding(s_lock);
            long h = handle >> 4;
            int slot = (int)(h & MaxSlots) - 1;
            if (handle <= 0 || (uint)slot >= (uint)s_used) return;
            var entry = s_entries[slot];
            if (entry?.Value is null || entry.Generation != (uint)(h >> SlotBits)) return;
            // A bumped generation makes the freed handle dead even before the slot is reused.
            Volatile.Write(ref s_entries[slot], new Entry(null, (entry.Generation + 1) & 0xFF_FFFF));
            s_free.Push(slot);
        }
    }
}
