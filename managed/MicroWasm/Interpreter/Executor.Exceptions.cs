using System.Runtime.CompilerServices;
using MicroWasm.Runtime;

namespace MicroWasm.Interpreter;

// Exception handling (WebAssembly 3.0): making exceptions and unwinding to a handler. Everything here runs only when an
// exception is thrown; calls and returns do no work for it. The unwinder walks the interpreter's own frame stack in a
// loop (never the native stack), consulting the handler tables (ExceptionHandler) of the functions it passes.
internal static unsafe partial class Executor
{
    // The functions of each module that have handlers, by the address of their code (pinned, so it never moves): the
    // unwinder finds a frame's function by binary search and looks only at those. Published copy-on-write.
    private static readonly ConditionalWeakTable<CompiledModule, CompiledFunction[]> FunctionsWithHandlers = new();

    /// <summary>Notes a newly translated function of <paramref name="module"/> that has handlers (under the translator's lock).</summary>
    private static void NoteHandlers(CompiledModule module, CompiledFunction code)
    {
        if (code.Handlers is null) return;
        var known = FunctionsWithHandlers.TryGetValue(module, out var functions) ? functions : [];
        int at = 0;
        while (at < known.Length && known[at].Entry < code.Entry) at++;
        FunctionsWithHandlers.AddOrUpdate(module, [.. known.AsSpan(0, at), code, .. known.AsSpan(at)]);
    }

    /// <summary>throw: the exception of tag <paramref name="tagIndex"/> with the values in the slots at <paramref name="args"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ExceptionInstance NewException(ModuleInstance inst, int tagIndex, ulong* args)
    {
        var tag = inst.Tags[tagIndex];
        var types = tag.Type.Type.Parameters;
        var payload = new Value[types.Length];
        int slot = 0;
        for (int i = 0; i < types.Length; i++)
        {
            payload[i] = FromSlot(types[i], args + slot, inst.Store, inst.Module.CanonicalTypes);
            slot += SlotWidth(types[i]);
        }
        return new ExceptionInstance(tag, payload, validated: true);
    }

    /// <summary>throw_ref: the exception an exnref handle refers to, now in flight; false for the null reference.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool ThrowReference(ExecutionContext ctx, Store store, ulong handle)
    {
        ctx.InFlight = (ExceptionInstance?)store.FromHandle(handle);
        return ctx.InFlight is not null;
    }

    /// <summary>
    /// Whether a host function (or a nested execution it made) failed with a WebAssembly exception rather than a trap:
    /// then the exception is in flight, for the handlers of the calling code.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool HostThrewException(ExecutionContext ctx)
    {
        if (ctx.PendingException is not TrapException { Thrown: { } exception }) return false;
        ctx.InFlight = exception;
        return true;
    }

    /// <summary>
    /// Finds the handler of the exception in flight, from the instruction at <paramref name="ip"/> (the throw, or the call
    /// the exception came out of) outwards through the callers, up to this execution's entry frame. When one is found,
    /// its frames are popped (the context's <c>Unwound*</c> fields say which frame, instance and slots the loop continues
    /// with), the exception's values are written where the handler takes them, and its code is returned. Otherwise
    /// nothing is popped, the context's pending exception is the "uncaught exception" trap, and null is returned.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int* Unwind(ExecutionContext ctx, ModuleInstance inst, int* ip, CallFrame* frame, ulong* fp)
    {
        var exception = ctx.InFlight!;
        ctx.InFlight = null;
        int instances = ctx.InstanceCount;
        int* at = ip;
        while (true)
        {
            if (FunctionWithHandlersAt(inst, at) is { } code && FindHandler(code, (int)(at - code.Entry), inst, exception) is { } handler)
            {
                Catch(ctx, handler, fp, exception, inst.Store);
                // The instances of the popped cross-instance calls are left behind.
                Array.Clear(ctx.Instances, instances, ctx.InstanceCount - instances);
                ctx.InstanceCount = instances;
                ctx.UnwoundFrame = frame;
                ctx.UnwoundFp = fp;
                ctx.UnwoundInstance = inst;
                ctx.PendingException = null;
                return code.Entry + handler.Target;
            }
            // Pop the frame: its return address is inside the caller's call instruction, unless a cross-instance call
            // put the frame that restores the caller's instance first.
            CallFrame* f = frame - 1;
            while (f->ReturnIp == ExecutionContext.RestoreInstanceCode)
            {
                inst = ctx.Instances[--instances];
                f--;
            }
            if (f->ReturnIp == ExecutionContext.ExitCode)
            {
                ctx.PendingException = ctx.PendingException is TrapException { Thrown: var pending } trap && pending == exception
                    ? trap
                    : TrapException.ForException(exception);
                return null;
            }
            at = f->ReturnIp - 1;
            fp = f->Fp;
            frame = f;
        }
    }

    private static CompiledFunction? FunctionWithHandlersAt(ModuleInstance inst, int* at)
    {
        if (!FunctionsWithHandlers.TryGetValue(inst.Compiled, out var functions)) return null;
        // The last function whose code starts at or before the address.
        int lo = 0, hi = functions.Length - 1, found = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (functions[mid].Entry <= at) { found = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        return found >= 0 && functions[found].Contains(at) ? functions[found] : null;
    }

    /// <summary>
    /// The first handler of <paramref name="code"/> that protects <paramref name="offset"/> and matches the exception's tag;
    /// a delegate on the way limits the search to the handlers of the block it names and of the blocks around it.
    /// </summary>
    private static ExceptionHandler? FindHandler(CompiledFunction code, int offset, ModuleInstance inst, ExceptionInstance exception)
    {
        int maxDepth = int.MaxValue;
        foreach (var handler in code.Handlers!)
        {
            if (offset < handler.Start || offset >= handler.End || handler.Depth > maxDepth) continue;
            if (handler.IsDelegate)
            {
                maxDepth = handler.Target;
                continue;
            }
            if (handler.Tag < 0 || inst.Tags[handler.Tag] == exception.Tag) return handler;
        }
        return null;
    }

    /// <summary>Writes what the handler takes: the exception's values (for a tag's catch) and its exnref.</summary>
    private static void Catch(ExecutionContext ctx, ExceptionHandler handler, ulong* fp, ExceptionInstance exception, Store store)
    {
        if (handler.Slot >= 0)
        {
            ulong* slot = fp + handler.Slot;
            foreach (var value in exception.Payload)
            {
                ToSlot(value, slot, store, ctx);
                slot += SlotWidth(value.Type);
            }
        }
        if (handler.ReferenceSlot >= 0) fp[handler.ReferenceSlot] = store.ToHandle(exception);
    }
}
