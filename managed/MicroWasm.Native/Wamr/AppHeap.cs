using MicroWasm.Runtime;
namespace MicroWasm.Native.Wamr;

/// <summary>
/// The app heap of an instance (WAMR's <c>host_managed_heap_size</c>): a range of linear memory from which
/// wasm_runtime_module_malloc hands out blocks. Its bookkeeping is kept here, outside linear memory, so a module cannot
/// corrupt it by writing to its own memory. Threads calling into the instance through spawned exec envs allocate at
/// once, so both operations hold a lock.
/// </summary>
internal sealed class AppHeap
{
    private const ulong Alignment = 8;
    private readonly SortedDictionary<ulong, ulong> _free = []; // offset -> size
    private readonly Dictionary<ulong, ulong> _allocated = [];  // offset -> size
    private readonly Lock _lock = new();

    public AppHeap(ulong start, ulong size)
    {
        Start = start;
        Size = size;
        if (size > 0) _free.Add(start, size);
    }

    public ulong Start { get; }
    public ulong Size { get; }
    public ulong End => Start + Size;

    public bool Contains(ulong offset) => offset >= Start && offset < End;

    /// <summary>The offset of a new block of <paramref name="size"/> bytes, or 0 when none is free.</summary>
    public ulong Allocate(ulong size)
    {
        lock (_lock)
        {
            using var held = RaceDetector.Holding(_lock);
            return AllocateLocked(size);
        }
    }

    private ulong AllocateLocked(ulong size)
    {
        if (size == 0) size = 1;
        ulong need = (size + Alignment - 1) & ~(Alignment - 1);
        if (need < size) return 0;
        foreach (var (offset, length) in _free)
        {
            if (length < need) continue;
            _free.Remove(offset);
            if (length > need) _free.Add(offset + need, length - need);
            _allocated.Add(offset, need);
            return offset;
        }
        return 0;
    }

    /// <summary>Frees the block at <paramref name="offset"/>; false when no block starts there.</summary>
    public bool Free(ulong offset)
    {
        lock (_lock)
        {
            using var held = RaceDetector.Holding(_lock);
            return FreeLocked(offset);
        }
    }

    private bool FreeLocked(ulong offset)
    {
        if (!_allocated.Remove(offset, out var size)) return false;
        // Coalesce with the neighbours.
        ulong start = offset, length = size;
        foreach (var (o, l) in _free)
        {
            if (o + l == start) { _free.Remove(o); start = o; length += l; break; }
            if (o > start) break;
        }
        if (_free.Remove(start + length, out var after)) length += after;
        _free.Add(start, length);
        return true;
    }
}
