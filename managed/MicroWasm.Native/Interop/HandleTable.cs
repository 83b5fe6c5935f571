using System.Runtime.CompilerServices;

namespace MicroWasm.Native.Interop;

/// <summary>
/// The managed objects that C holds (architecture decision 2): C gets a number, never an object address. A handle is
/// <c>(generation &lt;&lt; 24 | slot + 1) &lt;&lt; 4</c>, so it is never NULL, looks like an aligned pointer to C, and a stale or
/// forged one resolves to nothing instead of to whatever reuses the slot.
/// </summary>
internal static class HandleTable
{
    private const int SlotBits = 24;
    private const int MaxSlots = (1 << SlotBits) - 1;

    private static readonly Lock s_lock = new();
    private static object?[] s_objects = new object?[64];
    private static uint[] s_generations = new uint[64];
    private static readonly Stack<int> s_free = new();
    private static int s_used;

    public static nint Add(object value)
    {
        lock (s_lock)
        {
            int slot;
            if (s_free.Count > 0) slot = s_free.Pop();
            else
            {
                if (s_used == MaxSlots) throw new InvalidOperationException("too many live handles");
                if (s_used == s_objects.Length)
                {
                    // Readers index the arrays without the lock; they see either the old or the new pair, both valid.
                    var objects = new object?[s_objects.Length * 2];
                    var generations = new uint[objects.Length];
                    Array.Copy(s_objects, objects, s_used);
                    Array.Copy(s_generations, generations, s_used);
                    s_generations = generations;
                    s_objects = objects;
                }
                slot = s_used++;
            }
            uint generation = (s_generations[slot] + 1) & 0xFF_FFFF;
            if (generation == 0) generation = 1;
            s_generations[slot] = generation;
            s_objects[slot] = value;
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
        var objects = s_objects;
        var generations = s_generations;
        if ((uint)slot >= (uint)objects.Length || (uint)slot >= (uint)generations.Length || generations[slot] != generation) return null;
        return objects[slot] as T;
    }

    public static void Remove(nint handle)
    {
        lock (s_lock)
        {
            long h = handle >> 4;
            int slot = (int)(h & MaxSlots) - 1;
            if (handle <= 0 || (uint)slot >= (uint)s_used || s_objects[slot] is null || s_generations[slot] != (uint)(h >> SlotBits)) return;
            s_objects[slot] = null;
            // A bumped generation makes the freed handle dead even before the slot is reused.
            s_generations[slot] = (s_generations[slot] + 1) & 0xFF_FFFF;
            s_free.Push(slot);
        }
    }
}
