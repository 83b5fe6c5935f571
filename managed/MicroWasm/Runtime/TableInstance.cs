namespace MicroWasm.Runtime;

/// <summary>
/// A table instance (spec 4.2.7). Elements are the referenced objects themselves (a
/// <see cref="FunctionInstance"/> for funcref tables, host objects for externref tables; null is the null reference),
/// so call_indirect needs no handle lookup.
/// </summary>
public sealed unsafe class TableInstance : Extern
{
    /// <summary>Interpreter contract: the element storage; only the first <see cref="Length"/> entries are in the table.</summary>
    internal object?[] Elements;

    /// <summary>Interpreter contract: the table's current size.</summary>
    internal int Length;

    private readonly Store? _owner;

    private Aot.AotTableShadow? _aotShadow;

    /// <summary>AOT contract: the table's native mirror for <c>call_indirect</c>, made when an AOT instance first uses it.</summary>
    internal Aot.AotTableView* AotView
    {
        get
        {
            // Threads sharing an instance may reach here first at once: one mirror wins, the others are never used.
            if (_aotShadow is null) Interlocked.CompareExchange(ref _aotShadow, new Aot.AotTableShadow(this), null);
            return _aotShadow.View;
        }
    }

    // Growth and the embedder's Set are serialised: two threads growing at once both grow, and neither loses the other's
    // elements. The interpreter's own table.set does not take it: a set racing with a grow of the same table may be lost
    // (a data race of the program; WebAssembly tables are never shared between threads), never torn.
    private readonly Lock _lock = new();

    /// <summary>
    /// Every change of <see cref="Elements"/> or <see cref="Length"/> ends here (interpreter contract: callers that write
    /// <see cref="Elements"/> directly call it), so the AOT mirror follows.
    /// </summary>
    internal void ElementsChanged(int start, int count) => _aotShadow?.Refresh(start, count);

    /// <summary>A standalone table, usable by instances of any store, of <c>type.Limits.Min</c> elements set to <paramref name="initial"/>.</summary>
    /// <exception cref="ResourceExhaustedException">The initial size passes the host's cap.</exception>
    public TableInstance(TableType type, object? initial = null)
        : this(type, initial, RuntimeOptions.Default.MaxTableElements, null) { }

    internal TableInstance(TableType type, object? initial, int hostMaxElements, Store? owner)
    {
        Type = type;
        _owner = owner;
        // Spec 2.3.6: a table's size is a u32; the host caps it lower so that a module cannot take all memory.
        MaxElements = (int)Math.Min(Math.Min(type.Limits.Max ?? uint.MaxValue, uint.MaxValue), (ulong)Math.Max(hostMaxElements, 0));
        if (type.Limits.Min > (ulong)MaxElements)
            throw new ResourceExhaustedException($"table of {type.Limits.Min} elements exceeds the limit of {MaxElements} elements");
        Length = (int)type.Limits.Min;
        Elements = new object?[Length];
        if (initial is not null) Array.Fill(Elements, initial);
    }

    /// <summary>The table's declared type. Its current size is <see cref="Size"/>.</summary>
    public TableType Type { get; }

    public override ExternalKind Kind => ExternalKind.Table;

    /// <inheritdoc/>
    public override ExternType ExternType => ExternType.Of(Type with { Limits = new Limits((ulong)Length, Type.Limits.Max) });

    public override Store? Owner => _owner;

    public int Size => Length;

    /// <summary>The declared maximum, if any.</summary>
    public ulong? Max => Type.Limits.Max;

    /// <summary>The most elements this table may grow to: the declared maximum, capped by the host.</summary>
    public int MaxElements { get; }

    /// <summary>
    /// table.grow (spec 4.4.6.6, growtable 4.5.3.8): appends <paramref name="delta"/> elements set to <paramref name="initial"/>
    /// and returns the old size, or -1, leaving the table unchanged, when that would pass <see cref="MaxElements"/>.
    /// </summary>
    public long Grow(uint delta, object? initial)
    {
        lock (_lock)
        {
            using var held = RaceDetector.Holding(_lock);
            return GrowLocked(delta, initial);
        }
    }

    private long GrowLocked(uint delta, object? initial)
    {
        int old = Length;
        ulong newLength = (ulong)old + delta;
        if (newLength > (ulong)MaxElements) return -1;
        if (newLength > (ulong)Elements.Length)
        {
            // Amortise repeated small grows, but never allocate past the cap.
            int capacity = (int)Math.Max(newLength, Math.Min((ulong)Elements.Length * 2, (ulong)MaxElements));
            object?[] grown;
            try { grown = new object?[capacity]; }
            catch (OutOfMemoryException) { return -1; }
            Array.Copy(Elements, grown, old);
            Elements = grown;
        }
        Array.Fill(Elements, initial, old, (int)delta);
        // After the elements: a reader that sees the new size sees the array that holds it.
        Volatile.Write(ref Length, (int)newLength);
        ElementsChanged(old, (int)delta);
        return old;
    }

    /// <summary>table.grow with a typed value; see <see cref="Grow(uint, object?)"/>.</summary>
    /// <exception cref="ArgumentException">The value is not of the table's element type.</exception>
    public long Grow(uint delta, Value initial) => Grow(delta, CheckElement(initial));

    /// <summary>The referenced object at <paramref name="index"/> (null for the null reference).</summary>
    /// <exception cref="TrapException">Out of bounds table access.</exception>
    public object? Get(uint index) =>
        index < (uint)Length ? Elements[index] : throw new TrapException(TrapKind.OutOfBoundsTableAccess);

    /// <summary>Sets the referenced object at <paramref name="index"/>; the caller vouches that it suits the element type.</summary>
    /// <exception cref="TrapException">Out of bounds table access.</exception>
    public void Set(uint index, object? value)
    {
        lock (_lock)
        {
            using var held = RaceDetector.Holding(_lock);
            if (index >= (uint)Length) throw new TrapException(TrapKind.OutOfBoundsTableAccess);
            Elements[index] = value;
            ElementsChanged((int)index, 1);
        }
    }

    /// <summary>table.get (spec 4.4.6.2): the element at <paramref name="index"/> as a <see cref="Value"/> of the element type.</summary>
    /// <exception cref="TrapException">Out of bounds table access.</exception>
    public Value GetValue(uint index)
    {
        object? element = Get(index);
        return GcValues.ReferenceValue(Type.ElementType, element, []);
    }

    /// <summary>table.set (spec 4.4.6.3).</summary>
    /// <exception cref="TrapException">Out of bounds table access.</exception>
    /// <exception cref="ArgumentException">The value is not of the table's element type.</exception>
    public void SetValue(uint index, Value value) => Set(index, CheckElement(value));

    private object? CheckElement(Value value)
    {
        if (value.Type != ReferenceTypes.StorageOf(Type.ElementType) && !(value.Type == ValueType.AnyRef && ReferenceTypes.IsConcrete(ReferenceTypes.HeapOf(Type.ElementType))))
            throw new ArgumentException($"type mismatch: table holds {Type.ElementType.ToText()}, value is {value.Type.ToText()}");
        CheckSameStore(value, "the value");
        return value.Reference;
    }
}
