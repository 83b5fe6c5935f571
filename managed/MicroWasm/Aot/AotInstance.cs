using System.Runtime.InteropServices;
using MicroWasm.Runtime;

namespace MicroWasm.Aot;

/// <summary>
/// The AOT side of one <see cref="ModuleInstance"/>: its shared context in native memory, filled from the instance's
/// ordinary memories, globals and store (guide: aot.md: "An AOT instance is an ordinary instance"). Each entry copies it
/// into a context of its own (<see cref="AotExecutor.Run"/>).
/// </summary>
internal sealed unsafe class AotInstance
{
    private static readonly MemoryView* s_noMemory = (MemoryView*)NativeMemory.AllocZeroed((nuint)sizeof(MemoryView));

    /// <exception cref="ResourceExhaustedException">Memory 0 has no guard region (its address space could not be reserved); other memories need none.</exception>
    public AotInstance(ModuleInstance instance, AotImage image)
    {
        // Generated code checks no ordinary access: it relies on the guard region past the memory (AotFaultHandler).
        if (instance.Memories.Length > 0 && !instance.Memories[0].Type.Is64 && !instance.Memories[0].IsGuarded)
        {
            GC.SuppressFinalize(this); // nothing allocated yet
            throw new ResourceExhaustedException(
                $"AOT code needs its memory followed by a guard region ({AotContextLayout.GuardedReservationBytes >> 30} GiB of address space reserved from its base), and this memory has none: the address space was not available, or the memory was created without reservation");
        }
        Instance = instance;
        Image = image;
        Context = (AotInstanceContext*)NativeMemory.AllocZeroed(AotInstanceContext.Size);
        _globals = (ulong**)NativeMemory.AllocZeroed((nuint)Math.Max(1, instance.Globals.Length), (nuint)sizeof(ulong*));
        for (int i = 0; i < instance.Globals.Length; i++) _globals[i] = instance.Globals[i].Data;
        _tables = (AotTableView**)NativeMemory.AllocZeroed((nuint)Math.Max(1, instance.Tables.Length), (nuint)sizeof(AotTableView*));
        for (int i = 0; i < instance.Tables.Length; i++)
            if (ReferenceTypes.StorageOf(instance.Tables[i].Type.ElementType) == ValueType.FuncRef) _tables[i] = instance.Tables[i].AotView;
        _memories = (MemoryView**)NativeMemory.AllocZeroed((nuint)Math.Max(1, instance.Memories.Length), (nuint)sizeof(MemoryView*));
        for (int i = 0; i < instance.Memories.Length; i++) _memories[i] = instance.Memories[i].View;
        _handle = GCHandle.Alloc(instance, GCHandleType.Weak);
        Context->Memory0 = instance.Memories.Length > 0 ? instance.Memories[0].View : s_noMemory;
        Context->Memories = _memories;
        Context->Globals = _globals;
        Context->Tables = _tables;
        Context->Helpers = AotHelpers.Table;
        Context->TerminationFlag = instance.Store.TerminationFlag;
        Context->InstanceHandle = GCHandle.ToIntPtr(_handle);
    }

    ~AotInstance()
    {
        NativeMemory.Free(Context);
        NativeMemory.Free(_globals);
        NativeMemory.Free(_tables);
        NativeMemory.Free(_memories);
        _handle.Free();
    }

    private readonly ulong** _globals;
    private readonly AotTableView** _tables;
    private readonly MemoryView** _memories;
    private GCHandle _handle;

    public ModuleInstance Instance { get; }
    public AotImage Image { get; }
    public AotInstanceContext* Context { get; }

    public static ModuleInstance InstanceOf(AotContext* context) =>
        (ModuleInstance)GCHandle.FromIntPtr(context->Instance.InstanceHandle).Target!;
}
