using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MicroWasm.Interpreter;
using MicroWasm.Runtime;

namespace MicroWasm.Aot;

/// <summary>
/// Calls into AOT code: values to 64-bit slots (the interpreter's encoding), the image's trampoline, and a trap back into
/// a <see cref="TrapException"/> with the spec's message. Also owns the native stack limit generated code checks.
/// </summary>
internal static unsafe class AotExecutor
{
    /// <summary>Native stack kept free below the limit, for the runtime's helpers, host functions and the trap path.</summary>
    private const long StackReserve = 256 * 1024;

    // Per thread: the exception a helper left for the entry to rethrow (the rest is in AotThread).
    [ThreadStatic] private static Exception? t_pending;

    internal static void SetPending(Exception e) => t_pending = e;

    /// <summary>Invokes an AOT function from the embedding API: arguments already checked against its type.</summary>
    public static Value[] Invoke(WasmFunction function, ReadOnlySpan<Value> arguments)
    {
        var type = function.Type;
        var store = function.Instance.Store;
        int count = Math.Max(Executor.SlotCountOf(type.Parameters), Executor.SlotCountOf(type.Results));
        ulong* slots = stackalloc ulong[Math.Max(count, 1)];
        int slot = 0;
        for (int i = 0; i < arguments.Length; i++)
        {
            Executor.ToSlot(arguments[i], slots + slot, store);
            slot += Executor.SlotWidth(type.Parameters[i]);
        }
        Run(function, slots);
        var results = new Value[type.Results.Length];
        slot = 0;
        for (int i = 0; i < results.Length; i++)
        {
            results[i] = Executor.FromSlot(type.Results[i], slots + slot, store);
            slot += Executor.SlotWidth(type.Results[i]);
        }
        return results;
    }

    /// <summary>
    /// A call made for generated or interpreted code, with arguments in <paramref name="slots"/> and results written back
    /// there: AOT functions are entered directly, others (host, interpreted) through their ordinary invocation.
    /// </summary>
    public static void CallFromSlots(FunctionInstance function, ulong* slots, Store store)
    {
        if (function is WasmFunction { Instance.AotInstance: not null } aot)
        {
            Run(aot, slots);
            return;
        }
        var type = function.Type;
        var arguments = new Value[type.Parameters.Length];
        int slot = 0;
        for (int i = 0; i < arguments.Length; i++)
        {
            arguments[i] = Executor.FromSlot(type.Parameters[i], slots + slot, store);
            slot += Executor.SlotWidth(type.Parameters[i]);
        }
        var results = function.InvokeUnchecked(arguments);
        slot = 0;
        for (int i = 0; i < results.Length; i++)
        {
            Executor.ToSlot(results[i], slots + slot, store);
            slot += Executor.SlotWidth(type.Results[i]);
        }
    }

    /// <summary>
    /// Runs an AOT function on slots through the image's trampoline, with a context of its own on this thread's stack
    /// (<see cref="AotContext"/>: the thread's stack limit, its landing pad and trap record); a trap becomes an exception
    /// here.
    /// </summary>
    [SkipLocalsInit] // the context is over 500 bytes: the trampoline and a trap write what is read beyond its first fields
    public static void Run(WasmFunction function, ulong* slots)
    {
        var aot = function.Instance.AotInstance!;
        nint wrapper = aot.Image.Wrapper(function.DefinedIndex);
        if (wrapper == 0) throw new InvalidOperationException($"{function} has no entry in its AOT image");
        var store = function.Instance.Store;
        if (store.IsTerminationRequested) throw new TrapException(TrapKind.Terminated);
        // No count of nested entries: every generated function checks the native stack, which the runtime's frames
        // between entries (helpers, host functions) use too, within StackReserve.

        AotContext context;
        var ctx = &context;
        ctx->Instance = *aot.Context;
        ctx->Owner = aot.Context;
        var thread = AotThread.Current;
        if (thread.IsIdle) thread.StackLimit = StackLimitFor(store.Options.StackSize);
        ctx->StackLimit = (byte*)thread.StackLimit;

        thread.Enter(ctx);
        int trapped;
        try
        {
            // A Terminate that did not see this entry linked had set the store's flag before: look again.
            if (store.IsTerminationRequested) throw new TrapException(TrapKind.Terminated);
            trapped = aot.Image.Entry(ctx, wrapper, slots);
        }
        finally
        {
            thread.Leave(ctx);
        }
        // The helpers find the instance through a weak handle: it must outlive the call.
        GC.KeepAlive(aot);
        if (trapped != 0) throw TrapOf(aot, ctx);
    }

    private static Exception TrapOf(AotInstance aot, AotContext* ctx)
    {
        int kind = ctx->TrapKind;
        if (kind == AotContext.PendingTrap)
        {
            var pending = t_pending ?? new TrapException(TrapKind.HostError, "a runtime helper failed");
            t_pending = null;
            // Host functions already turn their exceptions into traps (HostFunction.Call); anything else becomes one here.
            var hostTrap = pending as TrapException ?? new TrapException(TrapKind.HostError, pending.Message, pending);
            // The function whose call failed is the next frame out, after any frames of a nested execution (as the
            // interpreter appends its own).
            int caller = ctx->TrapFunction;
            if (caller < 0) return hostTrap;
            return hostTrap.WithWasmStackTrace([.. hostTrap.WasmStackTrace, FunctionName(aot.Instance, caller)],
                [.. hostTrap.Frames, new WasmFrame(aot.Instance, caller)]);
        }
        var trapKind = (TrapKind)kind;
        if (trapKind == TrapKind.CallStackExhausted && (aot.Instance.Store.IsTerminationRequested || ctx->StackLimit == AotContext.TerminationLimit))
            trapKind = TrapKind.Terminated;
        var instance = aot.Instance;
        var trap = new TrapException(trapKind);
        var frames = CallStack(aot, ctx);
        // A loop, not LINQ's Select: that generic virtual call alone kept NativeAOT's type loader (185 KB) in the library.
        var names = new string[frames.Length];
        for (int i = 0; i < names.Length; i++) names[i] = FunctionName(instance, frames[i].FunctionIndex);
        return trap.WithWasmStackTrace(names, frames);
    }

    /// <summary>
    /// The frames of a trap, innermost first: the function that trapped, then each function a return address of the
    /// frame chain falls in (functions the C compiler inlined into their caller do not appear), up to the entry.
    /// </summary>
    private static WasmFrame[] CallStack(AotInstance aot, AotContext* ctx)
    {
        var instance = aot.Instance;
        int imported = instance.Module.ImportedFunctionCount;
        int count = Math.Clamp(ctx->TrapFrameCount, 0, AotContext.MaxTrapFrames);
        // A fault on the guard region (AotFaultHandler) does not know its function: its first return address is the
        // faulting instruction's.
        int trapped = ctx->TrapFunction >= 0 || count == 0
            ? ctx->TrapFunction
            : aot.Image.FunctionAt((nint)(ctx->TrapFrames[0] - 1)) is int d and >= 0 ? imported + d : -1;
        var frames = new List<WasmFrame> { new(instance, trapped) };
        // The first return address is in the function that trapped (it called the trap routine).
        for (int i = 1; i < count; i++)
        {
            // A return address is just past its call: look one byte back to stay inside the calling function.
            int defined = aot.Image.FunctionAt((nint)(ctx->TrapFrames[i] - 1));
            if (defined >= 0) frames.Add(new WasmFrame(instance, imported + defined));
        }
        return [.. frames];
    }

    private static string FunctionName(ModuleInstance instance, int functionIndex)
    {
        var module = instance.Module;
        string moduleName = module.Name ?? "<module>";
        if (functionIndex < 0) return $"{moduleName}!<unknown>";
        return module.FunctionNames.TryGetValue(functionIndex, out var name) ? $"{moduleName}!{name}" : $"{moduleName}!func[{functionIndex}]";
    }

    /// <summary>
    /// The lowest stack address generated code may reach on this thread: <paramref name="budget"/> bytes below here, but
    /// never within <see cref="StackReserve"/> of the thread's real end.
    /// </summary>
    private static nint StackLimitFor(int budget)
    {
        byte here;
        nint sp = (nint)(&here);
        nint limit = sp - Math.Max(budget, 64 * 1024);
        if (NativeStack.TryGetLowest(out nint lowest))
            limit = Math.Max(limit, lowest + (nint)StackReserve);
        else
            limit = sp - Math.Min(Math.Max(budget, 64 * 1024), 512 * 1024);
        return limit;
    }
}
