namespace MicroWasm.Runtime;

/// <summary>
/// A table instance (spec 4.2.7). Elements are the referenced objects themselves (a
/// <see cref="FunctionInstance"/> for funcref tables, host objects for externref tables; null is the null reference),
/// so call_indirect needs no handle lookup.
/// </summary>
public sealed class TableInstance
{
    /// <summary>Interpreter contract: the element storage; only the first <see cref="Length"/> entries are in the table.</summary>
    internal object?[] Elements;

    /// <summary>Interpreter contract: the table's current size.</summary>
    internal int Length;

    public TableInstance(TableType type, object? initial = null)
    {
        Type = type;
        if (type.Limits.Min > int.MaxValue)
            throw new ResourceExhaustedException($"table of {type.Limits.Min} elements is too large");
        Length = (int)type.Limits.Min;
        Elements = new object?[Length];
        if (initial is not null) Array.Fill(Elements, initial);
    }

    public TableType Type { get; }
    public int Size => Length;
    public ulong? Max => Type.Limits.Max;

    /// <summary>table.grow (spec 4.4.6.6): the old size, or -1 when the table cannot grow.</summary>
    public long Grow(uint delta, object? initial)
    {
        int old = Length;
        ulong newLength = (ulong)old + delta;
        ulong max = Math.Min(Type.Limits.Max ?? uint.MaxValue, 10_000_000); // a host cap keeps a module from taking all memory
        if (newLength > max) return -1;
        if (newLength > (ulong)Elements.Length)
        {
            var grown = new object?[Math.Max((int)newLength, Math.Min(Elements.Length * 2, (int)max))];
            Array.Copy(Elements, grown, old);
            Elements = grown;
        }
        Array.Fill(Elements, initial, old, (int)delta);
        Length = (int)newLength;
        return old;
    }

    public object? Get(uint index) =>
        index < (uint)Length ? Elements[index] : throw new TrapException(TrapKind.OutOfBoundsTableAccess);

    public void Set(uint index, object? value)
    {
        if (index >= (uint)Length) throw new TrapException(TrapKind.OutOfBoundsTableAccess);
        Elements[index] = value;
    }
}
