using MicroWasm.Runtime;

namespace MicroWasm.Interpreter;

/// <summary>
/// How a reference is held in a 64-bit slot: 0 is null; the two low bits say the rest. 00: a store handle
/// (<see cref="Store.ToHandle"/>: functions, host objects, exceptions, and objects kept outside slots); x1: an i31 value
/// in bits 1-31, unboxed, so equal values are equal slots; 10: a handle of the thread's <see cref="GcHandleTable"/> (a
/// struct or array in a slot, collectable). <c>any.convert_extern</c> and <c>extern.convert_any</c> change no bits.
/// </summary>
internal static class ReferenceSlots
{
    /// <summary>The slot of a reference about to be written to a slot of this thread.</summary>
    public static ulong ToSlot(ExecutionContext ctx, Store store, object? reference) => reference switch
    {
        null => 0,
        GcObject gc => ctx.GcHandles.Add(gc),
        _ => store.ToHandle(reference),
    };

    public static ulong I31Slot(int value) => (ulong)((uint)value & 0x7FFF_FFFF) << 1 | 1;

    /// <summary>i31.get_s: the 31 bits sign-extended.</summary>
    public static int I31Signed(ulong slot) => (int)((uint)(slot >> 1) << 1) >> 1;

    /// <summary>i31.get_u: the 31 bits zero-extended.</summary>
    public static int I31Unsigned(ulong slot) => (int)((uint)(slot >> 1) & 0x7FFF_FFFF);

    /// <summary>The object of an i31 slot or of a GC handle of this thread.</summary>
    public static object FromTaggedSlot(ulong slot)
    {
        if ((slot & 1) != 0) return new I31Reference(I31Signed(slot));
        var ctx = ExecutionContext.Current ?? throw new TrapException(TrapKind.StaleReference);
        return ctx.GcHandles.Get(slot);
    }

    /// <summary>ref.eq: the same i31 value, or the same object (a GC object may have several handles).</summary>
    public static bool AreEqual(Store store, ulong a, ulong b)
    {
        if (a == b) return true;
        if (a == 0 || b == 0 || ((a | b) & 1) != 0) return false;
        return ReferenceEquals(store.FromHandle(a), store.FromHandle(b));
    }
}
