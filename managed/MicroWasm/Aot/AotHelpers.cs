using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MicroWasm.Interpreter;
using MicroWasm.Runtime;

namespace MicroWasm.Aot;

/// <summary>
/// The runtime functions generated code calls through <see cref="AotInstanceContext.Helpers"/>. Each catches everything:
/// an exception must never unwind into native frames (architecture decision 2). A failure leaves the exception in
/// <see cref="AotExecutor"/> and returns -1; the generated code then traps, and the entry rethrows it.
/// </summary>
internal static unsafe class AotHelpers
{
    public static readonly AotHelperTable* Table = CreateTable();

    private static AotHelperTable* CreateTable()
    {
        var t = (AotHelperTable*)NativeMemory.AllocZeroed((nuint)sizeof(AotHelperTable));
        t->CallImport = &CallImport;
        t->CallIndirect = &CallIndirect;
        t->MemoryGrow = &MemoryGrow;
        t->MemoryInit = &MemoryInit;
        t->DataDrop = &DataDrop;
        t->TableGet = &TableGet;
        t->TableSet = &TableSet;
        t->TableSize = &TableSize;
        t->TableGrow = &TableGrow;
        t->TableFill = &TableFill;
        t->TableCopy = &TableCopy;
        t->TableInit = &TableInit;
        t->ElemDrop = &ElemDrop;
        t->RefFunc = &RefFunc;
        t->AtomicWait = &AtomicWait;
        t->AtomicNotify = &AtomicNotify;
        t->CallRef = &CallRef;
        return t;
    }

    private static int Fail(Exception e)
    {
        AotExecutor.SetPending(e);
        return -1;
    }

    [UnmanagedCallersOnly]
    private static int CallImport(AotContext* ctx, uint functionIndex, ulong* slots)
    {
        try
        {
            var instance = AotInstance.InstanceOf(ctx);
            AotExecutor.CallFromSlots(instance.Functions[functionIndex], slots, instance.Store);
            return 0;
        }
        catch (Exception e) { return Fail(e); }
    }

    [UnmanagedCallersOnly]
    private static int CallIndirect(AotContext* ctx, uint tableIndex, uint typeIndex, ulong elementIndex, ulong* slots)
    {
        try
        {
            // call_indirect (spec 4.4.10.2): the element must exist, be non-null and have the type.
            var instance = AotInstance.InstanceOf(ctx);
            var table = instance.Tables[tableIndex];
            if (elementIndex >= (ulong)table.Length) throw new TrapException(TrapKind.UndefinedElement);
            if (table.Elements[elementIndex] is not FunctionInstance function)
                throw TrapException.WithIndex(TrapKind.UninitializedElement, (uint)elementIndex);
            if (!function.DefinedType.IsSubtypeOf(instance.Module.CanonicalTypes[typeIndex]))
                throw new TrapException(TrapKind.IndirectCallTypeMismatch);
            AotExecutor.CallFromSlots(function, slots, instance.Store);
            return 0;
        }
        catch (Exception e) { return Fail(e); }
    }

    [UnmanagedCallersOnly]
    private static int CallRef(AotContext* ctx, ulong handle, ulong* slots)
    {
        try
        {
            // call_ref (3.0 spec 4.4.10.3): validation gave the reference the instruction's type; the code traps on null.
            var instance = AotInstance.InstanceOf(ctx);
            if (instance.Store.FromHandle(handle) is not FunctionInstance function) throw new TrapException(TrapKind.NullFunctionReference);
            AotExecutor.CallFromSlots(function, slots, instance.Store);
            return 0;
        }
        catch (Exception e) { return Fail(e); }
    }

    [UnmanagedCallersOnly]
    private static long MemoryGrow(AotContext* ctx, uint memoryIndex, ulong delta)
    {
        try
        {
            var instance = AotInstance.InstanceOf(ctx);
            return instance.Memories[memoryIndex].Grow(delta);
        }
        catch (Exception)
        {
            // memory.grow never traps (spec 4.4.7.6): a host failure is a refusal.
            return -1;
        }
    }

    [UnmanagedCallersOnly]
    private static int AtomicWait(AotContext* ctx, ulong address, ulong expected, long timeoutNanoseconds, uint width)
    {
        try
        {
            var instance = AotInstance.InstanceOf(ctx);
            var memory = instance.Memories[0];
            if (memory.Waiters is null) throw new TrapException(TrapKind.ExpectedSharedMemory);
            return memory.Waiters.Wait(memory.Base + address, address, (int)width, expected, timeoutNanoseconds, instance.Store)
                ?? throw new TrapException(TrapKind.Terminated);
        }
        catch (Exception e) { return Fail(e); }
    }

    [UnmanagedCallersOnly]
    private static uint AtomicNotify(AotContext* ctx, ulong address, uint count)
    {
        try
        {
            // An unshared memory has no waiters: notify wakes none (threads proposal).
            return (uint)(AotInstance.InstanceOf(ctx).Memories[0].Waiters?.Notify(address, count) ?? 0);
        }
        catch (Exception) { return 0; }
    }

    [UnmanagedCallersOnly]
    private static int MemoryInit(AotContext* ctx, uint memoryIndex, uint dataIndex, ulong destination, uint source, uint count)
    {
        try
        {
            var instance = AotInstance.InstanceOf(ctx);
            var memory = instance.Memories[memoryIndex];
            if (!BulkOperations.MemoryInit(instance, (int)dataIndex, memory.Base, memory.Size, destination, source, count))
                throw new TrapException(TrapKind.OutOfBoundsMemoryAccess);
            return 0;
        }
        catch (Exception e) { return Fail(e); }
    }

    [UnmanagedCallersOnly]
    private static void DataDrop(AotContext* ctx, uint dataIndex)
    {
        try { AotInstance.InstanceOf(ctx).DataSegments[dataIndex] = ReadOnlyMemory<byte>.Empty; }
        catch (Exception) { /* only a corrupt index could throw; validation rules it out */ }
    }

    [UnmanagedCallersOnly]
    private static int TableGet(AotContext* ctx, uint tableIndex, ulong index, ulong* result)
    {
        try
        {
            var instance = AotInstance.InstanceOf(ctx);
            var table = instance.Tables[tableIndex];
            if (index >= (ulong)table.Length) throw new TrapException(TrapKind.OutOfBoundsTableAccess);
            *result = instance.Store.ToHandle(table.Elements[index]);
            return 0;
        }
        catch (Exception e) { return Fail(e); }
    }

    [UnmanagedCallersOnly]
    private static int TableSet(AotContext* ctx, uint tableIndex, ulong index, ulong handle)
    {
        try
        {
            var instance = AotInstance.InstanceOf(ctx);
            var table = instance.Tables[tableIndex];
            if (index >= (ulong)table.Length) throw new TrapException(TrapKind.OutOfBoundsTableAccess);
            table.Elements[index] = instance.Store.FromHandle(handle);
            table.ElementsChanged((int)index, 1);
            return 0;
        }
        catch (Exception e) { return Fail(e); }
    }

    [UnmanagedCallersOnly]
    private static ulong TableSize(AotContext* ctx, uint tableIndex)
    {
        try { return (ulong)AotInstance.InstanceOf(ctx).Tables[tableIndex].Length; }
        catch (Exception) { return 0; }
    }

    [UnmanagedCallersOnly]
    private static long TableGrow(AotContext* ctx, uint tableIndex, ulong initial, ulong delta)
    {
        try
        {
            // A table64's delta may pass what any table holds: that growth fails as a refused one does.
            if (delta > uint.MaxValue) return -1;
            var instance = AotInstance.InstanceOf(ctx);
            return instance.Tables[tableIndex].Grow((uint)delta, instance.Store.FromHandle(initial));
        }
        catch (Exception)
        {
            return -1;
        }
    }

    [UnmanagedCallersOnly]
    private static int TableFill(AotContext* ctx, uint tableIndex, ulong index, ulong handle, ulong count)
    {
        try
        {
            if (!BulkOperations.TableFill(AotInstance.InstanceOf(ctx), (int)tableIndex, index, handle, count))
                throw new TrapException(TrapKind.OutOfBoundsTableAccess);
            return 0;
        }
        catch (Exception e) { return Fail(e); }
    }

    [UnmanagedCallersOnly]
    private static int TableCopy(AotContext* ctx, uint destinationTable, uint sourceTable, ulong destination, ulong source, ulong count)
    {
        try
        {
            if (!BulkOperations.TableCopy(AotInstance.InstanceOf(ctx), (int)destinationTable, (int)sourceTable, destination, source, count))
                throw new TrapException(TrapKind.OutOfBoundsTableAccess);
            return 0;
        }
        catch (Exception e) { return Fail(e); }
    }

    [UnmanagedCallersOnly]
    private static int TableInit(AotContext* ctx, uint tableIndex, uint elementIndex, ulong destination, uint source, uint count)
    {
        try
        {
            if (!BulkOperations.TableInit(AotInstance.InstanceOf(ctx), (int)elementIndex, (int)tableIndex, destination, source, count))
                throw new TrapException(TrapKind.OutOfBoundsTableAccess);
            return 0;
        }
        catch (Exception e) { return Fail(e); }
    }

    [UnmanagedCallersOnly]
    private static void ElemDrop(AotContext* ctx, uint elementIndex)
    {
        try { AotInstance.InstanceOf(ctx).ElementSegments[elementIndex] = []; }
        catch (Exception) { /* only a corrupt index could throw; validation rules it out */ }
    }

    [UnmanagedCallersOnly]
    private static ulong RefFunc(AotContext* ctx, uint functionIndex)
    {
        try
        {
            var instance = AotInstance.InstanceOf(ctx);
            return instance.Store.ToHandle(instance.Functions[functionIndex]);
        }
        catch (Exception) { return 0; }
    }
}
