using MicroWasm.Runtime;
namespace MicroWasm.Native.Wamr;

/// <summary>
/// WAMR's externref index table: host objects (pointers) numbered with 32-bit indexes, for hosts that keep externrefs
/// in 32-bit cells. One table for the runtime, as in WAMR; each entry belongs to the instance that created it, and the
/// entries of an instance are released, their cleanup callbacks called, when it is deinstantiated. MicroWasm's calls and
/// natives pass externrefs as the pointers themselves (uintptr_t), so the table is for the host's own bookkeeping.
/// </summary>
internal static unsafe class ExternRefTable
{
    /// <summary>WAMR's NULL_REF: the index of a null externref.</summary>
    public const uint NullIndex = 0xFFFF_FFFF;

    private sealed class Entry(WamrInstance owner, nint obj, uint index)
    {
        public WamrInstance Owner = owner;
        public nint Object = obj;
        public uint Index = index;
        public nint Cleanup;
        public bool Retained;
    }

    private static readonly Lock s_lock = new();
    private static readonly Dictionary<uint, Entry> s_byIndex = [];
    private static readonly Dictionary<(WamrInstance, nint), Entry> s_byObject = [];
    private static uint s_next;

    /// <summary>The index of <paramref name="obj"/> for <paramref name="owner"/>: the existing one, or a new one.</summary>
    public static uint ToIndex(WamrInstance owner, nint obj)
    {
        if (obj == 0) return NullIndex;
        lock (s_lock)
        {
            using var held = RaceDetector.Holding(s_lock);
            if (s_byObject.TryGetValue((owner, obj), out var found)) return found.Index;
            uint index;
            do
            {
                index = s_next++;
                if (s_next == NullIndex) s_next = 0;
            } while (s_byIndex.ContainsKey(index));
            var entry = new Entry(owner, obj, index);
            s_byIndex[index] = entry;
            s_byObject[(owner, obj)] = entry;
            return index;
        }
    }

    public static bool TryGetObject(uint index, out nint obj)
    {
        obj = 0;
        if (index == NullIndex) return true;
        lock (s_lock)
        {
            using var held = RaceDetector.Holding(s_lock);
            if (!s_byIndex.TryGetValue(index, out var entry)) return false;
            obj = entry.Object;
            return true;
        }
    }

    /// <summary>Forgets <paramref name="obj"/>'s entry without calling its cleanup (the host deletes the object itself).</summary>
    public static bool Delete(WamrInstance owner, nint obj)
    {
        lock (s_lock)
        {
            using var held = RaceDetector.Holding(s_lock);
            if (!s_byObject.Remove((owner, obj), out var entry)) return false;
            s_byIndex.Remove(entry.Index);
            return true;
        }
    }

    public static bool SetCleanup(WamrInstance owner, nint obj, nint cleanup)
    {
        lock (s_lock)
        {
            using var held = RaceDetector.Holding(s_lock);
            if (!s_byObject.TryGetValue((owner, obj), out var entry)) return false;
            entry.Cleanup = cleanup;
            return true;
        }
    }

    public static bool Retain(uint index)
    {
        lock (s_lock)
        {
            using var held = RaceDetector.Holding(s_lock);
            if (!s_byIndex.TryGetValue(index, out var entry)) return false;
            entry.Retained = true;
            return true;
        }
    }

    /// <summary>Releases the entries of a deinstantiated instance, calling their cleanup callbacks outside the lock.</summary>
    public static void ReleaseInstance(WamrInstance owner)
    {
        List<Entry>? released = null;
        lock (s_lock)
        {
            using var held = RaceDetector.Holding(s_lock);
            foreach (var entry in s_byIndex.Values)
                if (entry.Owner == owner) (released ??= []).Add(entry);
            if (released is null) return;
            foreach (var entry in released)
            {
                s_byIndex.Remove(entry.Index);
                s_byObject.Remove((owner, entry.Object));
            }
        }
        foreach (var entry in released)
            if (entry.Cleanup != 0) ((delegate* unmanaged<nint, void>)entry.Cleanup)(entry.Object);
    }
}
