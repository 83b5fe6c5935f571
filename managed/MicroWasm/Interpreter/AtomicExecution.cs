using System.Runtime.CompilerServices;
using MicroWasm.Instructions;
using MicroWasm.Runtime;

namespace MicroWasm.Interpreter;

/// <summary>
/// Runs <see cref="Op.Atomic"/> (threads proposal). Every access is sequentially consistent: loads are acquire reads and
/// stores and read-modify-writes full-fence interlocked operations, the usual mapping of sequential consistency on
/// x86-64 and AArch64. The address is checked against the bounds, then against the access's alignment.
/// </summary>
internal static unsafe class AtomicExecution
{
    /// <summary>What <see cref="Execute"/> returns when nothing trapped.</summary>
    public const int Completed = -1;

    /// <summary>Runs the instruction at <paramref name="ip"/>; returns <see cref="Completed"/> or the <see cref="TrapKind"/>.</summary>
    public static int Execute(int* ip, ulong* fp, MemoryInstance mem, Store store)
    {
        var atomic = AtomicOperators.Get((Opcode)((AtomicOperators.Prefix << 16) | ip[1]));
        ulong address = (ulong)*(uint*)(fp + ip[3]) + (uint)ip[6];
        if (address + atomic.Width > mem.Size) return (int)TrapKind.OutOfBoundsMemoryAccess;
        if ((address & (ulong)(atomic.Width - 1)) != 0) return (int)TrapKind.UnalignedAtomic;
        byte* p = mem.Base + address;
        ulong a = Operand(fp, ip[4], atomic.Type), b = Operand(fp, ip[5], atomic.Type);
        ulong* dst = fp + ip[2];
        switch (atomic.Kind)
        {
            case AtomicKind.Load:
                *dst = Load(p, atomic.Width);
                break;
            case AtomicKind.Store:
                Exchange(p, atomic.Width, a);
                break;
            case AtomicKind.Rmw:
                *dst = ReadModifyWrite(p, atomic.Width, atomic.Rmw, a);
                break;
            case AtomicKind.Cmpxchg:
                *dst = CompareExchange(p, atomic.Width, a, b);
                break;
            case AtomicKind.Notify:
                // An unshared memory has no waiters (threads proposal): notify wakes none.
                *dst = (uint)(mem.Waiters?.Notify(address, (uint)a) ?? 0);
                break;
            case AtomicKind.Wait:
                if (mem.Waiters is null) return (int)TrapKind.ExpectedSharedMemory;
                int? result = mem.Waiters.Wait(p, address, atomic.Width, a, (long)fp[ip[5]], store);
                if (result is null) return (int)TrapKind.Terminated;
                *dst = (uint)result.Value;
                break;
        }
        return Completed;
    }

    // An i32 operand is the low half of its slot; the high half is whatever was there.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Operand(ulong* fp, int slot, ValueType type) => type == ValueType.I32 ? *(uint*)(fp + slot) : fp[slot];

    private static ulong Load(byte* p, int width) => width switch
    {
        1 => Volatile.Read(ref *p),
        2 => Volatile.Read(ref *(ushort*)p),
        4 => Volatile.Read(ref *(uint*)p),
        _ => Volatile.Read(ref *(ulong*)p),
    };

    /// <summary>Stores the low <paramref name="width"/> bytes of <paramref name="value"/>; returns the old value, zero-extended.</summary>
    private static ulong Exchange(byte* p, int width, ulong value) => width switch
    {
        1 => Interlocked.Exchange(ref *p, (byte)value),
        2 => Interlocked.Exchange(ref *(ushort*)p, (ushort)value),
        4 => Interlocked.Exchange(ref *(uint*)p, (uint)value),
        _ => Interlocked.Exchange(ref *(ulong*)p, value),
    };

    /// <summary>Replaces the value with <paramref name="replacement"/> if it equals <paramref name="expected"/> (both wrapped
    /// to the width first, as the proposal says); returns the old value, zero-extended.</summary>
    private static ulong CompareExchange(byte* p, int width, ulong expected, ulong replacement) => width switch
    {
        1 => Interlocked.CompareExchange(ref *p, (byte)replacement, (byte)expected),
        2 => Interlocked.CompareExchange(ref *(ushort*)p, (ushort)replacement, (ushort)expected),
        4 => Interlocked.CompareExchange(ref *(uint*)p, (uint)replacement, (uint)expected),
        _ => Interlocked.CompareExchange(ref *(ulong*)p, replacement, expected),
    };

    private static ulong ReadModifyWrite(byte* p, int width, AtomicRmwOp op, ulong operand)
    {
        if (op == AtomicRmwOp.Xchg) return Exchange(p, width, operand);
        ulong mask = width == 8 ? ulong.MaxValue : (1UL << (width * 8)) - 1;
        while (true)
        {
            ulong old = Load(p, width);
            ulong updated = op switch
            {
                AtomicRmwOp.Add => old + operand,
                AtomicRmwOp.Sub => old - operand,
                AtomicRmwOp.And => old & operand,
                AtomicRmwOp.Or => old | operand,
                _ => old ^ operand,
            } & mask;
            if (CompareExchange(p, width, old, updated) == old) return old;
        }
    }
}
