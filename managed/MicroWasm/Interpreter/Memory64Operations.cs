using System.Runtime.CompilerServices;
using MicroWasm.Runtime;

namespace MicroWasm.Interpreter;

/// <summary>
/// The instructions of 64-bit memories (WebAssembly 3.0 memory64): i64 addresses, offsets, sizes and lengths, every
/// bounds check done without overflow. Out of <c>Run</c> (NoInlining), so 32-bit memories' code keeps its registers.
/// </summary>
internal static unsafe class Memory64Operations
{
    private const ulong Low32 = 0xFFFF_FFFF;

    /// <summary>
    /// <see cref="Op.Address64"/> [memoryIndex, dst, addr, offsetLow, offsetHigh]: the effective address
    /// <c>addr + offset</c> (spec 4.4.7.1, in 64 bits), and the memory the following 32-bit access must use with the
    /// address left in dst: the memory itself below 4 GiB, else the thread's window starting at the address's 4 GiB
    /// boundary, so the access's own check (<c>address + width &lt;= size</c>) stays exact. Null when the access must trap.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static MemoryInstance? Address(ExecutionContext ctx, MemoryInstance memory, ulong* fp, int* ip)
    {
        ulong address = fp[ip[3]];
        ulong effective = address + ((uint)ip[4] | ((ulong)(uint)ip[5] << 32));
        // Every access reads at least one byte: at or past the end (or wrapped past 2^64) is out of bounds.
        if (effective < address || effective >= memory.Size) return null;
        fp[ip[2]] = effective & Low32;
        ulong windowStart = effective & ~Low32;
        if (windowStart == 0) return memory;
        var window = ctx.AddressWindow;
        window.Base = memory.Base + windowStart;
        window.Size = memory.Size - windowStart;
        return window;
    }

    /// <summary>Whether <paramref name="n"/> bytes at <paramref name="d"/> lie within <paramref name="size"/> (no overflow).</summary>
    private static bool InBounds(ulong d, ulong n, ulong size) => d <= size && n <= size - d;

    /// <summary><see cref="Op.MemoryGrow64"/>: the old size in pages, or -1 (as an i64) when the memory cannot grow.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ulong Grow(MemoryInstance memory, ulong deltaPages) => (ulong)memory.Grow(deltaPages);

    /// <summary><see cref="Op.MemoryFill64"/> (spec 4.4.7.7 with i64 operands); false when it must trap.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool Fill(MemoryInstance memory, ulong d, byte value, ulong n)
    {
        if (!InBounds(d, n, memory.Size)) return false;
        System.Runtime.InteropServices.NativeMemory.Fill(memory.Base + d, (nuint)n, value);
        return true;
    }

    /// <summary>
    /// <see cref="Op.MemoryCopy64"/>: memory.copy where either memory is 64-bit; the op's last operand's bits 0-2 say
    /// whether d, s and n are i64 slots (an i32 slot's upper half is not defined). Both ranges are checked first.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool Copy(MemoryInstance destination, MemoryInstance source, ulong* fp, int* ip)
    {
        int wide = ip[6];
        ulong d = Operand(fp, ip[3], (wide & 1) != 0), s = Operand(fp, ip[4], (wide & 2) != 0), n = Operand(fp, ip[5], (wide & 4) != 0);
        if (!InBounds(d, n, destination.Size) || !InBounds(s, n, source.Size)) return false;
        Buffer.MemoryCopy(source.Base + s, destination.Base + d, n, n);
        return true;
    }

    /// <summary><see cref="Op.MemoryInit64"/>: memory.init into a 64-bit memory (d is an i64; s and n index the data segment, i32).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool Init(ModuleInstance instance, int dataIndex, MemoryInstance memory, ulong d, uint s, uint n)
    {
        var data = instance.DataSegments[dataIndex].Span;
        if ((ulong)s + n > (ulong)data.Length || !InBounds(d, n, memory.Size)) return false;
        data.Slice((int)s, (int)n).CopyTo(new Span<byte>(memory.Base + d, (int)n));
        return true;
    }

    private static ulong Operand(ulong* fp, int slot, bool is64) => is64 ? fp[slot] : *(uint*)(fp + slot);
}
