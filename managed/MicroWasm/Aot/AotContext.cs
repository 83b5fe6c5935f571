using System.Runtime.InteropServices;

namespace MicroWasm.Aot;

/// <summary>
/// The structure generated code receives as the first argument of every function (guide: aot.md, "The contract"): one
/// per entry into an instance, on the stack of the entering thread (<see cref="AotExecutor.Run"/>). It holds a copy of
/// the instance's own pointers (<see cref="AotInstanceContext"/>) and what belongs to this entry alone: the stack limit
/// of the thread, the landing pad and the trap record. Threads inside one instance at once therefore never see each
/// other's limit or land in each other's entry, and the hot path stays one load: a function entry compares its stack
/// pointer with <c>ctx->stack_limit</c>, as before the split. Declared once here; the compiler emits it into the
/// generated C from <see cref="AotContextLayout.Fields"/> with a static assertion per field, and a unit test checks that
/// list against these offsets.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
internal unsafe struct AotContext
{
    public const int Size = 536;

    /// <summary>The instance's pointers, copied at entry: generated code reaches them with no second indirection.</summary>
    [FieldOffset(0)] public AotInstanceContext Instance;

    /// <summary>The instance's own context, which names it in table entries (<see cref="AotTableEntry.Owner"/>).</summary>
    [FieldOffset(56)] public AotInstanceContext* Owner;

    /// <summary>The entry this one runs inside on the same thread, or null (<see cref="AotThread"/>; generated code never reads it).</summary>
    [FieldOffset(64)] public AotContext* Parent;

    /// <summary>
    /// Generated code traps with "call stack exhausted" when its stack pointer passes below this: the entering thread's
    /// own limit, or <see cref="TerminationLimit"/> once <see cref="Runtime.Store.Terminate"/> reached this entry.
    /// </summary>
    [FieldOffset(72)] public byte* StackLimit;

    /// <summary>Set by a trap: a <see cref="TrapKind"/>, or <see cref="PendingTrap"/> when a helper left an exception.</summary>
    [FieldOffset(80)] public int TrapKind;

    /// <summary>Set by a trap: the function index (imports first) of the function that trapped, or -1.</summary>
    [FieldOffset(84)] public int TrapFunction;

    /// <summary>Set by a trap: how many return addresses <see cref="TrapFrames"/> holds.</summary>
    [FieldOffset(88)] public int TrapFrameCount;

    /// <summary>The frame address of this entry's trampoline: a trap's walk up the frame chain stops there.</summary>
    [FieldOffset(96)] public nint EntryFrame;

    /// <summary>This entry's landing pad: the registers saved by the image's own setjmp.</summary>
    [FieldOffset(104)] public fixed ulong JumpBuffer[JumpBufferWords];

    public const int JumpBufferWords = 22;

    /// <summary>
    /// Set by a trap: the return addresses of the frames between the trap and the entry, innermost first (generated code
    /// keeps frame pointers), mapped to functions by their code ranges.
    /// </summary>
    [FieldOffset(280)] public fixed ulong TrapFrames[MaxTrapFrames];

    public const int MaxTrapFrames = 32;

    /// <summary><see cref="TrapKind"/> when the trap's exception waits in <see cref="AotExecutor"/> (a host function threw).</summary>
    public const int PendingTrap = -1;

    /// <summary>A stack limit no stack pointer is above: the next function entry traps, and the trap is reported as termination.</summary>
    public static readonly byte* TerminationLimit = (byte*)ulong.MaxValue;
}

/// <summary>
/// What one AOT instance gives every entry into it, in native memory for the life of the instance and never changed
/// after instantiation (so threads read it without a lock): pointers to memory 0's view, the globals, the tables, the
/// helpers, the store's termination flag and the instance itself. What changes during a run lives in
/// <see cref="AotContext"/>, one per entry.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
internal unsafe struct AotInstanceContext
{
    public const int Size = 56;

    /// <summary>Memory 0's live view (<see cref="MemoryView"/>); a view of zero bytes when the module has no memory.</summary>
    [FieldOffset(0)] public MemoryView* Memory0;

    /// <summary>Each global's 16-byte storage (<see cref="Runtime.GlobalInstance.ValueAddress"/>), in the global index space.</summary>
    [FieldOffset(8)] public ulong** Globals;

    /// <summary>The runtime's helpers (<see cref="AotHelperTable"/>).</summary>
    [FieldOffset(16)] public AotHelperTable* Helpers;

    /// <summary>Each table's native mirror (<see cref="AotTableShadow"/>) in the table index space; null for externref tables.</summary>
    [FieldOffset(24)] public AotTableView** Tables;

    /// <summary>The store's termination flag: non-zero stops execution at the next loop iteration.</summary>
    [FieldOffset(32)] public int* TerminationFlag;

    /// <summary>A weak GC handle of the <see cref="Runtime.ModuleInstance"/>, for the helpers.</summary>
    [FieldOffset(40)] public nint InstanceHandle;

    /// <summary>
    /// Every memory's live view in the memory index space (imports first). Generated code reaches memories other than
    /// memory 0 through it, reading base and size at each access (they may move and are checked explicitly).
    /// </summary>
    [FieldOffset(48)] public MemoryView** Memories;
}

/// <summary>A memory's base and size in native memory, updated by <see cref="Runtime.MemoryInstance"/> whenever either changes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct MemoryView
{
    public byte* Base;
    public ulong Size;
}

/// <summary>
/// The runtime functions generated code calls (C# methods marked <c>UnmanagedCallersOnly</c>). Each returns 0 on
/// success where it can fail; -1 means an exception waits in <see cref="AotExecutor"/> and the caller must trap.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct AotHelperTable
{
    /// <summary>int call_import(ctx, funcIndex, slots): calls an imported function; arguments in, results out of the slots.</summary>
    public delegate* unmanaged<AotContext*, uint, ulong*, int> CallImport;
    /// <summary>int call_indirect(ctx, tableIndex, typeIndex, elementIndex, slots); indices into tables are 64-bit (table64).</summary>
    public delegate* unmanaged<AotContext*, uint, uint, ulong, ulong*, int> CallIndirect;
    /// <summary>long memory_grow(ctx, memoryIndex, deltaPages): old size in pages or -1 (not a trap); 64-bit for memory64.</summary>
    public delegate* unmanaged<AotContext*, uint, ulong, long> MemoryGrow;
    /// <summary>int memory_init(ctx, memoryIndex, dataIndex, destination, source, count).</summary>
    public delegate* unmanaged<AotContext*, uint, uint, ulong, uint, uint, int> MemoryInit;
    /// <summary>void data_drop(ctx, dataIndex).</summary>
    public delegate* unmanaged<AotContext*, uint, void> DataDrop;
    /// <summary>int table_get(ctx, tableIndex, index, out handle).</summary>
    public delegate* unmanaged<AotContext*, uint, ulong, ulong*, int> TableGet;
    /// <summary>int table_set(ctx, tableIndex, index, handle).</summary>
    public delegate* unmanaged<AotContext*, uint, ulong, ulong, int> TableSet;
    /// <summary>ulong table_size(ctx, tableIndex).</summary>
    public delegate* unmanaged<AotContext*, uint, ulong> TableSize;
    /// <summary>long table_grow(ctx, tableIndex, initHandle, delta): old size or -1 (not a trap).</summary>
    public delegate* unmanaged<AotContext*, uint, ulong, ulong, long> TableGrow;
    /// <summary>int table_fill(ctx, tableIndex, index, handle, count).</summary>
    public delegate* unmanaged<AotContext*, uint, ulong, ulong, ulong, int> TableFill;
    /// <summary>int table_copy(ctx, destinationTable, sourceTable, destination, source, count).</summary>
    public delegate* unmanaged<AotContext*, uint, uint, ulong, ulong, ulong, int> TableCopy;
    /// <summary>int table_init(ctx, tableIndex, elementIndex, destination, source, count).</summary>
    public delegate* unmanaged<AotContext*, uint, uint, ulong, uint, uint, int> TableInit;
    /// <summary>void elem_drop(ctx, elementIndex).</summary>
    public delegate* unmanaged<AotContext*, uint, void> ElemDrop;
    /// <summary>u64 ref_func(ctx, funcIndex): the function's reference handle.</summary>
    public delegate* unmanaged<AotContext*, uint, ulong> RefFunc;
    /// <summary>int atomic_wait(ctx, address, expected, timeoutNs, width): 0 woken, 1 not equal, 2 timed out; -1 traps.
    /// The caller has checked the bounds and the alignment.</summary>
    public delegate* unmanaged<AotContext*, ulong, ulong, long, uint, int> AtomicWait;
    /// <summary>uint atomic_notify(ctx, address, count): how many waiters were woken.</summary>
    public delegate* unmanaged<AotContext*, ulong, uint, uint> AtomicNotify;
    /// <summary>int call_ref(ctx, handle, slots): calls the function a non-null reference names (any instance, or the host).</summary>
    public delegate* unmanaged<AotContext*, ulong, ulong*, int> CallRef;
}

/// <summary>The context and helper layouts as C declarations, for the compiler; checked against the structs by a test.</summary>
internal static class AotContextLayout
{
    /// <summary>A field of a shared structure: its C type, name and byte offset.</summary>
    public readonly record struct Field(string CType, string Name, int Offset);

    public static readonly Field[] Fields =
    [
        new("mw_memory*", "mem0", 0),
        new("u64**", "globals", 8),
        new("const struct mw_helpers*", "rt", 16),
        new("const mw_table* const*", "tables", 24),
        new("volatile s32*", "terminate", 32),
        new("void*", "instance", 40),
        new("mw_memory* const*", "mems", 48),
        new("const void*", "owner", 56),
        new("struct mw_ctx*", "parent", 64),
        new("char*", "stack_limit", 72),
        new("s32", "trap_kind", 80),
        new("s32", "trap_function", 84),
        new("s32", "trap_frame_count", 88),
        new("s32", "reserved0", 92),
        new("char*", "entry_frame", 96),
        new($"u64 jb[{AotContext.JumpBufferWords}]", "", 104),
        new($"u64 trap_frames[{AotContext.MaxTrapFrames}]", "", 280),
    ];

    /// <summary>The helpers in <see cref="AotHelperTable"/>'s order, as C function-pointer members.</summary>
    public static readonly string[] Helpers =
    [
        "s32 (*call_import)(struct mw_ctx*, u32, u64*)",
        "s32 (*call_indirect)(struct mw_ctx*, u32, u32, u64, u64*)",
        "s64 (*memory_grow)(struct mw_ctx*, u32, u64)",
        "s32 (*memory_init)(struct mw_ctx*, u32, u32, u64, u32, u32)",
        "void (*data_drop)(struct mw_ctx*, u32)",
        "s32 (*table_get)(struct mw_ctx*, u32, u64, u64*)",
        "s32 (*table_set)(struct mw_ctx*, u32, u64, u64)",
        "u64 (*table_size)(struct mw_ctx*, u32)",
        "s64 (*table_grow)(struct mw_ctx*, u32, u64, u64)",
        "s32 (*table_fill)(struct mw_ctx*, u32, u64, u64, u64)",
        "s32 (*table_copy)(struct mw_ctx*, u32, u32, u64, u64, u64)",
        "s32 (*table_init)(struct mw_ctx*, u32, u32, u64, u32, u32)",
        "void (*elem_drop)(struct mw_ctx*, u32)",
        "u64 (*ref_func)(struct mw_ctx*, u32)",
        "s32 (*atomic_wait)(struct mw_ctx*, u64, u64, s64, u32)",
        "u32 (*atomic_notify)(struct mw_ctx*, u64, u32)",
        "s32 (*call_ref)(struct mw_ctx*, u64, u64*)",
    ];

    /// <summary>
    /// Changes whenever the layouts or the meaning of a field change: an artifact records it and is refused by a runtime
    /// with another value. 5: the context became one per entry (stack limit, landing pad and trap record per thread),
    /// and table entries name their instance by its shared context. 6: memory accesses rely on guard regions
    /// (<see cref="GuardedReservationBytes"/>), loops poll the image's interrupt word, and the trampoline keeps its
    /// context where the fault handler finds it. 7: call_ref (typed function references), every memory's view in the
    /// context (multiple memories), memory_init's memory index, 64-bit memory_grow and memory_init destination (memory64),
    /// 64-bit table indices, sizes and counts in the table helpers (table64).
    /// </summary>
    public const uint AbiVersion = 7;

    /// <summary>
    /// How far past 4 GiB a guarded memory's reservation reaches: generated code checks no access whose static offset and
    /// width fit in it, since address (below 4 GiB) + offset + width then ends inside the reservation, where every byte
    /// past the memory's size is inaccessible and faults (<see cref="AotFaultHandler"/>).
    /// </summary>
    public const ulong GuardBytes = 2UL << 30;

    /// <summary>The address space a guarded 32-bit memory reserves from its base: all of 4 GiB, then <see cref="GuardBytes"/>.</summary>
    public const ulong GuardedReservationBytes = (4UL << 30) + GuardBytes;
}
