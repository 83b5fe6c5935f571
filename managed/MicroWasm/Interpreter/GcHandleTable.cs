using MicroWasm.Runtime;

namespace MicroWasm.Interpreter;

/// <summary>
/// The handles one thread's value slots hold for GC objects (structs and arrays), and their collection.
/// <para>
/// A slot is a raw 64-bit word, so .NET's collector cannot see a reference in it. Each object a slot receives gets an
/// entry here, which keeps it alive; the handle is <c>index &lt;&lt; 2 | 2</c> with the entry's generation in the high 32
/// bits (store handles end in 00 and i31 values in 1, see <see cref="ReferenceSlots"/>). Handles never leave the
/// thread's slots: globals, tables, fields and the host get the objects. So when the table fills, the thread's value
/// stack is all there is to scan: every slot that holds a live entry's handle keeps it, every other entry is freed
/// (its generation moves on, so a stale handle is detected, never resolved to another object), and .NET frees objects
/// nothing else references. Scanning is conservative: a number that looks like a live handle keeps its object until
/// the slot changes. The table then allows twice the surviving entries before the next scan.
/// </para>
/// </summary>
internal sealed unsafe class GcHandleTable(ExecutionContext context)
{
    private const int MinimumThreshold = 4096;

    // Also collect after this many bytes allocated on the thread since the last scan: a few large arrays hold more
    // memory than thousands of small structs.
    private const long AllocationBudget = 16 << 20;

    private object?[] _objects = new object?[256];
    private uint[] _generations = new uint[256];
    private int[] _free = new int[256];
    private int _freeCount;
    private int _used; // entries ever used: the high-water mark of _objects
    private int _live;
    private int _threshold = MinimumThreshold;
    private long _allocatedAtCollection = GC.GetAllocatedBytesForCurrentThread();

    /// <summary>Collections so far (for tests and diagnostics).</summary>
    public int Collections { get; private set; }

    /// <summary>Entries holding an object now.</summary>
    public int Live => _live;

    public ulong Add(object reference)
    {
        if (_live >= _threshold || GC.GetAllocatedBytesForCurrentThread() - _allocatedAtCollection > AllocationBudget) Collect();
        int index;
        if (_freeCount > 0) index = _free[--_freeCount];
        else
        {
            if (_used == _objects.Length) Grow();
            index = _used++;
        }
        _objects[index] = reference;
        _live++;
        return (ulong)_generations[index] << 32 | (uint)index << 2 | 2;
    }

    /// <exception cref="TrapException">The handle's entry was freed: a slot outside the scanned stack kept it.</exception>
    public object Get(ulong handle)
    {
        uint index = (uint)handle >> 2;
        if (index < (uint)_used && _generations[index] == (uint)(handle >> 32) && _objects[index] is { } reference) return reference;
        throw new TrapException(TrapKind.StaleReference);
    }

    /// <summary>Frees every entry no slot of the value stack names.</summary>
    public void Collect()
    {
        var marked = new bool[_used];
        for (ulong* slot = context.StackBase; slot < context.StackLimit; slot++)
        {
            ulong bits = *slot;
            if ((bits & 3) != 2) continue;
            uint index = (uint)bits >> 2;
            if (index < (uint)_used && _generations[index] == (uint)(bits >> 32)) marked[index] = true;
        }
        for (int i = 0; i < _used; i++)
        {
            if (marked[i] || _objects[i] is null) continue;
            _objects[i] = null;
            _generations[i]++;
            _free[_freeCount++] = i;
            _live--;
        }
        _threshold = Math.Max(MinimumThreshold, _live * 2);
        _allocatedAtCollection = GC.GetAllocatedBytesForCurrentThread();
        Collections++;
    }

    /// <summary>Frees every entry: when the thread's outermost execution ends, no slot holds a handle any more.</summary>
    public void ReleaseAll()
    {
        if (_live == 0) return;
        for (int i = 0; i < _used; i++)
        {
            if (_objects[i] is null) continue;
            _objects[i] = null;
            _generations[i]++;
        }
        _freeCount = 0;
        for (int i = _used - 1; i >= 0; i--) _free[_freeCount++] = i;
        _live = 0;
        _threshold = MinimumThreshold;
    }

    private void Grow()
    {
        int size = _objects.Length * 2;
        Array.Resize(ref _objects, size);
        Array.Resize(ref _generations, size);
        Array.Resize(ref _free, size);
    }
}
