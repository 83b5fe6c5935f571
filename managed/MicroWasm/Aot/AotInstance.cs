using System.Runtime.InteropServices;
using MicroWasm.Runtime;

namespace MicroWasm.Aot;

/// <summary>
/// The AOT side of one <see cref="ModuleInstance"/>: its context structure in native memory, filled from the instance's
/// ordinary memories, globals and store (guide: aot.md: "An AOT instance is an ordinary instance").
/// </summary>
internal sealed unsafe class AotInstance
{
    private static readonly MemoryView* s_noMemory = (MemoryView*)NativeMemory.AllocZeroed((nuint)sizeof(MemoryView));

    public AotInstance(ModuleInstance instance, AotImage image)
    {
        Instance = instance;
        Image = image;
        Context = (AotContext*)NativeMemory.AllocZeroed(AotContext.Size);
        _globals = (ulong**)NativeMemory.AllocZeroed((nuint)Math.Max(1, instance.Globals.Length), (nuint)sizeof(ulong*));
        for (int i = 0; i < instance.Globals.Length; i++) _globals[i] = instance.Globals[i].Data;
        _tables = (AotTableView**)NativeMemory.AllocZeroed((nuint)Math.Max(1, instance.Tables.Length), (nuint)sizeof(AotTableView*));
        for (int i = 0; i < instance.Tables.Length; i++)
            if (ReferenceTypes.StorageOf(instance.Tables[i].Type.ElementType) == ValueType.FuncRef) _tables[i] = instance.Tables[i].AotView;
        _handle = GCHandle.Alloc(instance, GCHandleType.Weak);
        Context->Memory0 = instance.Memories.Length > 0 ? instance.Memories[0].View : s_noMemory;
        Context->Globals = _globals;
        Context->Tables = _tables;
        Context->Helpers = AotHelpers.Table;
        Context->TerminationFlag = instance.Store.TerminationFlag;
        Context->InstanceHandle = GCHandle.ToIntPtr(_handle);
        Context->StackLimit = (byte*)ulong.MaxValue;
        instance.Store.RegisterAot(this);
    }

    ~AotInstance()
    {
        NativeMemory.Free(Context);
        NativeMemory.Free(_globals);
        NativeMemory.Free(_tables);
        _handle.Free();
    }

    private readonly ulong** _globals;
    private readonly AotTableView** _tables;
    private GCHandle _handle;

    public ModuleInstance Instance { get; }
    public AotImage Image { get; }
    public AotContext* Context { get; }

    /// <summary>A stack limit no stack pointer is above: the next function entry traps, and the trap is reported as termination.</summary>
    public static readonly byte* TerminationLimit = (byte*)ulong.MaxValue;

    /// <summary>Store.Terminate: stops code that runs no loop at its next call.</summary>
    public void RequestTermination() => Volatile.Write(ref *(nint*)&Context->StackLimit, (nint)TerminationLimit);

    public static ModuleInstance InstanceOf(AotContext* context) =>
        (ModuleInstance)GCHandle.FromIntPtr(context->InstanceHandle).Target!;
}
