using System.Runtime.InteropServices;

namespace MicroWasm.Runtime;

/// <summary>
/// A linear memory instance (spec 4.2.8) in native memory (architecture note 3), so C hosts can hold its address.
/// </summary>
/// <remarks>
/// FIRST CUT: allocates exactly the current size and moves on growth. The runtime slice replaces this
/// with reserve-for-maximum / commit-on-grow on 64-bit hosts so that <see cref="BaseAddress"/> never moves.
/// </remarks>
public sealed unsafe class MemoryInstance : IDisposable
{
    /// <summary>Interpreter contract: the first byte of the memory. Reload after any call or grow.</summary>
    internal byte* Base;

    /// <summary>Interpreter contract: the current size in bytes. Every access checks <c>address + width &lt;= Size</c>.</summary>
    internal ulong Size;

    public MemoryInstance(MemoryType type, ulong? hostMaxPages = null)
    {
        Type = type;
        ulong typeMax = type.Limits.Max ?? MemoryType.MaxPages32;
        MaxPages = hostMaxPages is { } cap ? Math.Min(cap, typeMax) : typeMax;
        if (type.Limits.Min > MaxPages)
            throw new ResourceExhaustedException($"memory of {type.Limits.Min} pages exceeds the limit of {MaxPages} pages");
        Size = type.Limits.Min * MemoryType.PageSize;
        Base = (byte*)NativeMemory.AllocZeroed((nuint)Math.Max(Size, 1));
    }

    public MemoryType Type { get; }

    /// <summary>The most pages this memory may grow to: the type's maximum, capped by the host.</summary>
    public ulong MaxPages { get; }

    public nint BaseAddress => (nint)Base;
    public ulong SizeInBytes => Size;
    public ulong PageCount => Size / MemoryType.PageSize;

    /// <summary>memory.grow (spec 4.4.7.12): the old size in pages, or -1 when the memory cannot grow.</summary>
    public long Grow(ulong deltaPages)
    {
        ulong old = PageCount;
        if (deltaPages > MaxPages || old + deltaPages > MaxPages) return -1;
        if (deltaPages == 0) return (long)old;
        ulong newSize = (old + deltaPages) * MemoryType.PageSize;
        byte* grown = (byte*)NativeMemory.Realloc(Base, (nuint)newSize);
        if (grown is null) return -1;
        new Span<byte>(grown + Size, checked((int)(newSize - Size))).Clear();
        Base = grown;
        Size = newSize;
        return (long)old;
    }

    /// <summary>A view of <paramref name="length"/> bytes at <paramref name="offset"/>; throws when out of bounds.</summary>
    public Span<byte> GetSpan(ulong offset, int length)
    {
        if (length < 0 || offset > Size || (ulong)length > Size - offset)
            throw new TrapException(TrapKind.OutOfBoundsMemoryAccess);
        return new Span<byte>(Base + offset, length);
    }

    public void Dispose()
    {
        if (Base is not null)
        {
            NativeMemory.Free(Base);
            Base = null;
            Size = 0;
        }
    }
}
