using System.Runtime.InteropServices;
using MicroWasm.Native.Interop;
using MicroWasm.Runtime;

namespace MicroWasm.Native.Wamr;

/// <summary>
/// What wasm_runtime_malloc/realloc/free use, chosen by wasm_runtime_full_init: the system allocator, the caller's
/// functions, or a pool in the caller's buffer. The engine's own objects live on the .NET heap whatever the choice.
/// </summary>
internal abstract unsafe class RuntimeAllocator
{
    public abstract void* Allocate(uint size);
    public abstract void* Reallocate(void* pointer, uint size);
    public abstract void Free(void* pointer);
    public virtual bool TryGetInfo(out MemAllocInfo info) { info = default; return false; }

    public static RuntimeAllocator Current = new SystemAllocator();
}

internal sealed unsafe class SystemAllocator : RuntimeAllocator
{
    public override void* Allocate(uint size) => NativeMemory.Alloc(Math.Max(size, 1u));
    public override void* Reallocate(void* pointer, uint size) => NativeMemory.Realloc(pointer, Math.Max(size, 1u));
    public override void Free(void* pointer) => NativeMemory.Free(pointer);
}

/// <summary>The caller's <c>malloc_func</c>, <c>realloc_func</c> and <c>free_func</c> (WAMR's signatures without user data).</summary>
internal sealed unsafe class UserAllocator(MemAllocAllocator functions) : RuntimeAllocator
{
    public override void* Allocate(uint size) => ((delegate* unmanaged<uint, void*>)functions.malloc_func)(size);

    public override void* Reallocate(void* pointer, uint size)
    {
        if (functions.realloc_func is not null) return ((delegate* unmanaged<void*, uint, void*>)functions.realloc_func)(pointer, size);
        // No realloc given: allocate, copy what we know fits, free. Block sizes are not tracked, so only growth from NULL is safe.
        if (pointer is null) return Allocate(size);
        return null;
    }

    public override void Free(void* pointer)
    {
        if (pointer is not null) ((delegate* unmanaged<void*, void>)functions.free_func)(pointer);
    }
}

/// <summary>
/// A first-fit allocator over the caller's buffer (Alloc_With_Pool). Each block starts with a 16-byte header holding its
/// size (header included) and whether it is free; blocks tile the buffer, so freeing coalesces with the next free block
/// and the walk merges runs of free blocks as it goes.
/// </summary>
internal sealed unsafe class PoolAllocator : RuntimeAllocator
{
    private const uint HeaderSize = 16;
    private readonly byte* _start;
    private readonly ulong _size;
    private readonly Lock _lock = new();
    private ulong _used, _highMark;

    public PoolAllocator(void* buffer, uint size)
    {
        // Align the start to 16 so that every block payload is 16-aligned.
        ulong skew = (16 - ((ulong)buffer & 15)) & 15;
        _start = (byte*)buffer + skew;
        _size = size > skew ? (size - skew) & ~15ul : 0;
        if (_size >= HeaderSize) SetHeader(_start, _size, free: true);
    }

    private static ulong SizeOf(byte* block) => *(ulong*)block;
    private static bool IsFree(byte* block) => ((ulong*)block)[1] != 0;
    private static void SetHeader(byte* block, ulong size, bool free)
    {
        ((ulong*)block)[0] = size;
        ((ulong*)block)[1] = free ? 1ul : 0ul;
    }

    public override void* Allocate(uint size)
    {
        ulong need = ((ulong)Math.Max(size, 1u) + HeaderSize + 15) & ~15ul;
        lock (_lock)
        {
            using var held = RaceDetector.Holding(_lock);
            byte* end = _start + _size;
            for (byte* block = _start; block < end; block += SizeOf(block))
            {
                if (!IsFree(block)) continue;
                // Merge the free blocks that follow.
                byte* next = block + SizeOf(block);
                while (next < end && IsFree(next)) { SetHeader(block, SizeOf(block) + SizeOf(next), free: true); next = block + SizeOf(block); }
                ulong have = SizeOf(block);
                if (have < need) continue;
                if (have - need >= HeaderSize + 16)
                {
                    SetHeader(block + need, have - need, free: true);
                    have = need;
                }
                SetHeader(block, have, free: false);
                _used += have;
                _highMark = Math.Max(_highMark, _used);
                return block + HeaderSize;
            }
        }
        return null;
    }

    public override void* Reallocate(void* pointer, uint size)
    {
        if (pointer is null) return Allocate(size);
        ulong old = SizeOf((byte*)pointer - HeaderSize) - HeaderSize;
        if (size <= old) return pointer;
        void* grown = Allocate(size);
        if (grown is null) return null;
        Buffer.MemoryCopy(pointer, grown, size, old);
        Free(pointer);
        return grown;
    }

    public override void Free(void* pointer)
    {
        if (pointer is null) return;
        byte* block = (byte*)pointer - HeaderSize;
        if (block < _start || block >= _start + _size) return;
        lock (_lock)
        {
            using var held = RaceDetector.Holding(_lock);
            if (IsFree(block)) return;
            _used -= SizeOf(block);
            SetHeader(block, SizeOf(block), free: true);
        }
    }

    public override bool TryGetInfo(out MemAllocInfo info)
    {
        lock (_lock)
        {
            using var held = RaceDetector.Holding(_lock);
            info = new MemAllocInfo { total_size = (uint)_size, total_free_size = (uint)(_size - _used), highmark_size = (uint)_highMark };
        }
        return true;
    }
}
