using System.Runtime.InteropServices;
using MicroWasm.Runtime;

namespace MicroWasm.Interpreter;

/// <summary>
/// A return address: where the caller resumes and its frame. Kept in native memory; two stores per call.
/// Two special return addresses exist: <see cref="ExecutionContext.ExitCode"/> in the entry frame of an execution
/// and <see cref="ExecutionContext.RestoreInstanceCode"/> in the extra frame a cross-instance call pushes, so a
/// return never tests anything. The function a frame returns into is found from its address, on traps only.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct CallFrame
{
    public int* ReturnIp;
    public ulong* Fp;
}

/// <summary>
/// One thread's interpreter stacks (architecture decision 1): the value stack of <see cref="RuntimeOptions.StackSize"/>
/// bytes holding every frame's slots, and the call-frame stack of <see cref="RuntimeOptions.MaxCallDepth"/> entries.
/// Both are native buffers, so a WebAssembly call never uses the .NET stack.
/// </summary>
internal sealed unsafe class ExecutionContext
{
    [ThreadStatic] private static ExecutionContext? s_current;

    /// <summary>How many host-to-wasm entries may nest on one thread; each uses some native stack.</summary>
    public const int MaxReentry = 100;

    private ExecutionContext(RuntimeOptions options)
    {
        StackSize = Math.Max(options.StackSize, 1024);
        MaxFrames = Math.Max(options.MaxCallDepth, 1);
        StackBase = (ulong*)NativeMemory.AllocZeroed((nuint)StackSize);
        StackLimit = StackBase + StackSize / sizeof(ulong);
        // Each entry's first frame (returning to Op.Exit) counts towards the limit too; one spare.
        Frames = (CallFrame*)NativeMemory.AllocZeroed((nuint)MaxFrames + 2, (nuint)sizeof(CallFrame));
        FrameLimit = Frames + MaxFrames;
        StackTop = StackBase;
    }

    ~ExecutionContext()
    {
        NativeMemory.Free(StackBase);
        NativeMemory.Free(Frames);
    }

    /// <summary>
    /// The view of a 64-bit memory past 4 GiB that one access uses (<see cref="Memory64Operations.Address"/>): per thread,
    /// since it lives only from Address64 to the access after it.
    /// </summary>
    public MemoryInstance AddressWindow => _addressWindow ??= MemoryInstance.CreateWindow();

    /// <summary>The handles this thread's slots hold for GC objects (made on first use).</summary>
    public GcHandleTable GcHandles => _gcHandles ??= new GcHandleTable(this);

    private GcHandleTable? _gcHandles;

    /// <summary>Called when the thread's outermost execution ends: its slots are dead, so are their GC handles.</summary>
    public void EndOutermost() => _gcHandles?.ReleaseAll();

    /// <summary>This thread's context, or null before its first execution.</summary>
    public static ExecutionContext? Current => s_current;

    private MemoryInstance? _addressWindow;

    public readonly int StackSize;
    public readonly int MaxFrames;
    public readonly ulong* StackBase;
    public readonly ulong* StackLimit;
    public readonly CallFrame* Frames;
    /// <summary>A call may push a frame only below this (a cross-instance call pushes two: the slot at the limit is spare).</summary>
    public readonly CallFrame* FrameLimit;

    private static readonly int[] s_exit = GC.AllocateArray<int>(1, pinned: true);
    private static readonly int[] s_restore = GC.AllocateArray<int>(1, pinned: true);

    /// <summary>The code an execution's entry frame returns to: <see cref="Op.Exit"/>.</summary>
    public static readonly int* ExitCode = Pin(s_exit, Op.Exit);

    /// <summary>The code a cross-instance call's extra frame returns to: <see cref="Op.RestoreInstance"/>.</summary>
    public static readonly int* RestoreInstanceCode = Pin(s_restore, Op.RestoreInstance);

    private static int* Pin(int[] pinned, Op op)
    {
        pinned[0] = (int)op;
        return (int*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref pinned[0]);
    }

    /// <summary>The trace of the last trap of the loop, innermost first, taken before its frames were popped.</summary>
    public string[]? PendingTrace;

    /// <summary>The same trace as <see cref="PendingTrace"/>, as structured frames.</summary>
    public WasmFrame[]? PendingFrames;

    /// <summary>The first free slot: a nested entry (a host function calling back into wasm) starts here.</summary>
    public ulong* StackTop;

    /// <summary>Call frames in use by the executions in progress on this thread.</summary>
    public int FrameCount;

    /// <summary>Nested entries in progress (0 when idle).</summary>
    public int Depth;

    /// <summary>Instances entered by cross-module calls, restored on return.</summary>
    public ModuleInstance[] Instances = new ModuleInstance[16];
    public int InstanceCount;

    /// <summary>An exception a host function threw, rethrown at the boundary.</summary>
    public Exception? PendingException;

    /// <summary>Exception handling: the WebAssembly exception being thrown, until the unwinder takes it.</summary>
    public ExceptionInstance? InFlight;

    /// <summary>Where the unwinder found a handler: the frame stack's top, the handler's frame and its instance.</summary>
    public CallFrame* UnwoundFrame;
    public ulong* UnwoundFp;
    public ModuleInstance? UnwoundInstance;

    // Scratch for converting host-call arguments and results, used like a stack so re-entry is safe.
    private Value[] _values = new Value[64];
    private int _valueTop;

    public static ExecutionContext For(RuntimeOptions options)
    {
        var current = s_current;
        if (current is not null && (current.Depth > 0 || (current.StackSize == Math.Max(options.StackSize, 1024) && current.MaxFrames == Math.Max(options.MaxCallDepth, 1))))
            return current;
        // Idle with other limits (or first use on this thread): make stacks of the requested sizes.
        return s_current = new ExecutionContext(options);
    }

    public Span<Value> RentValues(int count, out Value[] array, out int start)
    {
        if (_valueTop + count > _values.Length)
        {
            // Earlier renters keep their own array; this one only grows for later ones.
            _values = new Value[Math.Max(_values.Length * 2, _valueTop + count)];
        }
        array = _values;
        start = _valueTop;
        _valueTop += count;
        return _values.AsSpan(start, count);
    }

    public void ReturnValues(Value[] array, int start, int count)
    {
        array.AsSpan(start, count).Clear(); // drop references so host objects are not kept alive
        _valueTop = start;
    }

    public void PushInstance(ModuleInstance instance)
    {
        if (InstanceCount == Instances.Length) Array.Resize(ref Instances, InstanceCount * 2);
        Instances[InstanceCount++] = instance;
    }
}
