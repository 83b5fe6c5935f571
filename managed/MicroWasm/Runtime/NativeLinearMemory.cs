using System.Runtime.InteropServices;

namespace MicroWasm.Runtime;

/// <summary>
/// The native bytes behind a <see cref="MemoryInstance"/> (architecture note 3). On 64-bit hosts it reserves
/// address space for the memory's maximum once, inaccessible, and commits it as the memory grows, so the
/// base address never moves and C hosts may keep it. Where reservation is unavailable (32-bit processes,
/// unknown operating systems, or the reservation itself fails) it falls back to one heap block that is
/// reallocated, and so may move, on growth; <see cref="IsStable"/> says which. A guarded memory reserves more than its
/// maximum, <see cref="Aot.AotContextLayout.GuardedReservationBytes"/>, so that AOT code needs no bounds checks
/// (<see cref="IsGuarded"/>, <see cref="Aot.AotFaultHandler"/>).
/// </summary>
/// <remarks>
/// A <see cref="SafeHandle"/> so that a store nobody disposed still gives its address space back when
/// collected (critical finalization), and so that releasing cannot race with an in-flight P/Invoke.
/// </remarks>
internal sealed unsafe class NativeLinearMemory : SafeHandle
{
    private readonly nuint _reservedBytes; // 0 in the fallback mode
    private ulong _committedBytes;

    private NativeLinearMemory(nint address, nuint reservedBytes, ulong committedBytes) : base(0, ownsHandle: true)
    {
        SetHandle(address);
        _reservedBytes = reservedBytes;
        _committedBytes = committedBytes;
    }

    /// <summary>True when the base address never changes: the whole maximum is reserved up front.</summary>
    public bool IsStable => _reservedBytes != 0;

    /// <summary>True when the reservation reaches <see cref="Aot.AotContextLayout.GuardedReservationBytes"/> past the base, all inaccessible past the size.</summary>
    public bool IsGuarded => _reservedBytes >= Aot.AotContextLayout.GuardedReservationBytes;

    public byte* Base => (byte*)handle;

    /// <summary>Bytes accessible from <see cref="Base"/>; all of them zero-initialised when first committed.</summary>
    public ulong CommittedBytes => _committedBytes;

    public override bool IsInvalid => handle == 0;

    /// <summary>
    /// Allocates <paramref name="initialBytes"/> of zeroed memory that can grow to <paramref name="maximumBytes"/>; when
    /// <paramref name="guarded"/> (a 32-bit memory), with a guard region past 4 GiB, or only stable if that much address
    /// space is not available.
    /// </summary>
    /// <returns>null when the host cannot give even the initial bytes.</returns>
    public static NativeLinearMemory? Create(ulong initialBytes, ulong maximumBytes, bool allowReservation = true, bool guarded = false)
    {
        if (allowReservation && Environment.Is64BitProcess && VirtualMemory.IsSupported)
        {
            // Reserve at least one wasm page so a memory of maximum 0 still has a distinct, non-null base.
            ulong reserve = Math.Max(maximumBytes, MemoryType.PageSize);
            if (guarded && maximumBytes <= Aot.AotContextLayout.GuardedReservationBytes
                && TryReserve(initialBytes, Aot.AotContextLayout.GuardedReservationBytes, out var memory))
                return memory;
            if (reserve <= nuint.MaxValue && TryReserve(initialBytes, reserve, out memory)) return memory;
        }

        if (initialBytes > nuint.MaxValue) return null;
        // One byte at least, so an empty memory has a non-null base too.
        void* block = NativeMemory.AllocZeroed((nuint)Math.Max(initialBytes, 1));
        return block is null ? null : new NativeLinearMemory((nint)block, 0, initialBytes);
    }

    /// <summary>Reserves <paramref name="reserve"/> bytes and commits the initial ones; false, with a null memory when commit failed.</summary>
    private static bool TryReserve(ulong initialBytes, ulong reserve, out NativeLinearMemory? memory)
    {
        memory = null;
        void* address = VirtualMemory.Reserve((nuint)reserve);
        if (address is null) return false;
        if (initialBytes == 0 || VirtualMemory.Commit(address, (nuint)initialBytes))
            memory = new NativeLinearMemory((nint)address, (nuint)reserve, initialBytes);
        else
            VirtualMemory.Release(address, (nuint)reserve);
        return true;
    }

    /// <summary>Makes the first <paramref name="newBytes"/> accessible, zeroing the new part; false if the host refuses.</summary>
    /// <remarks>The caller has already checked <paramref name="newBytes"/> against the maximum given to <see cref="Create"/>.</remarks>
    public bool TryGrow(ulong newBytes)
    {
        if (newBytes <= _committedBytes) return true;
        if (IsStable)
        {
            if (newBytes > _reservedBytes) return false;
            // Fresh pages from the OS are zero, as memory.grow requires (spec 4.5.3.9).
            if (!VirtualMemory.Commit(Base + _committedBytes, (nuint)(newBytes - _committedBytes))) return false;
        }
        else
        {
            if (newBytes > nuint.MaxValue) return false;
            byte* grown = (byte*)NativeMemory.Realloc(Base, (nuint)newBytes);
            if (grown is null) return false;
            NativeMemory.Clear(grown + _committedBytes, (nuint)(newBytes - _committedBytes));
            SetHandle((nint)grown);
        }
        _committedBytes = newBytes;
        return true;
    }

    protected override bool ReleaseHandle()
    {
        if (_reservedBytes != 0) VirtualMemory.Release((void*)handle, _reservedBytes);
        else NativeMemory.Free((void*)handle);
        return true;
    }
}
