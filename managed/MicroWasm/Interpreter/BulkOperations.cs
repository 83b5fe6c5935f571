using MicroWasm.Runtime;

namespace MicroWasm.Interpreter;

/// <summary>
/// The bulk memory and table instructions (spec 4.4.6-4.4.7, WebAssembly 2.0 semantics): every range is
/// checked before anything is written, so a trapping instruction changes nothing. Each returns false when
/// it must trap with an out-of-bounds access.
/// </summary>
internal static unsafe class BulkOperations
{
    /// <summary>Whether <paramref name="count"/> items from <paramref name="start"/> lie within <paramref name="length"/>; 64-bit operands (memory64, table64) cannot wrap the test.</summary>
    private static bool Fits(ulong start, ulong count, ulong length) => start <= length && count <= length - start;

    public static bool MemoryInit(ModuleInstance instance, int dataIndex, byte* memBase, ulong memSize, ulong d, ulong s, ulong n)
    {
        var data = instance.DataSegments[dataIndex].Span;
        if (!Fits(s, n, (ulong)data.Length) || !Fits(d, n, memSize)) return false;
        data.Slice((int)s, (int)n).CopyTo(new Span<byte>(memBase + d, (int)n));
        return true;
    }

    /// <summary>memory.copy between two different memories (WebAssembly 3.0): both ranges are checked before any byte moves.</summary>
    public static bool MemoryCopy(MemoryInstance destination, MemoryInstance source, ulong d, ulong s, ulong n)
    {
        if (!Fits(d, n, destination.Size) || !Fits(s, n, source.Size)) return false;
        Buffer.MemoryCopy(source.Base + s, destination.Base + d, n, n);
        return true;
    }

    public static bool TableFill(ModuleInstance instance, int tableIndex, ulong i, ulong handle, ulong n)
    {
        var table = instance.Tables[tableIndex];
        if (!Fits(i, n, (ulong)table.Length)) return false;
        Array.Fill(table.Elements, instance.Store.FromHandle(handle), (int)i, (int)n);
        table.ElementsChanged((int)i, (int)n);
        return true;
    }

    public static bool TableCopy(ModuleInstance instance, int dstIndex, int srcIndex, ulong d, ulong s, ulong n)
    {
        var dst = instance.Tables[dstIndex];
        var src = instance.Tables[srcIndex];
        if (!Fits(s, n, (ulong)src.Length) || !Fits(d, n, (ulong)dst.Length)) return false;
        Array.Copy(src.Elements, (int)s, dst.Elements, (int)d, (int)n); // Array.Copy handles overlap
        dst.ElementsChanged((int)d, (int)n);
        return true;
    }

    public static bool TableInit(ModuleInstance instance, int elementIndex, int tableIndex, ulong d, ulong s, ulong n)
    {
        var segment = instance.ElementSegments[elementIndex];
        var table = instance.Tables[tableIndex];
        if (!Fits(s, n, (ulong)segment.Length) || !Fits(d, n, (ulong)table.Length)) return false;
        Array.Copy(segment, (int)s, table.Elements, (int)d, (int)n);
        table.ElementsChanged((int)d, (int)n);
        return true;
    }
}
