using System.Runtime.CompilerServices;
using MicroWasm.Runtime;

namespace MicroWasm.Interpreter;

/// <summary>
/// The interpreter's entry point: runs a function to completion or to a trap (spec 4.5.5 invocation).
/// The dispatch loop itself is in Executor.Run.cs.
/// </summary>
internal static unsafe partial class Executor
{
    /// <summary>Stands in for an absent memory: zero bytes, so every access is out of bounds.</summary>
    private static readonly MemoryInstance NoMemory = new(new MemoryType(new Limits(0, 0)));

    // One translator per module, reused for its functions (it caches the function index space's types).
    private static readonly ConditionalWeakTable<CompiledModule, Translator> Translators = new();

    /// <summary>Calls <paramref name="function"/> with arguments already checked against its type; returns its results.</summary>
    /// <exception cref="TrapException">Execution trapped.</exception>
    public static Value[] Invoke(FunctionInstance function, ReadOnlySpan<Value> arguments)
    {
        if (function is HostFunction host) return InvokeHost(host, arguments);

        var wasm = (WasmFunction)function;
        var instance = wasm.Instance;
        var store = instance.Store;
        var ctx = ExecutionContext.For(store.Options);
        if (ctx.Depth >= ExecutionContext.MaxReentry) throw new TrapException(TrapKind.CallStackExhausted);
        if (*store.TerminationFlag != 0) throw new TrapException(TrapKind.Terminated);

        var code = CodeOf(instance, wasm.DefinedIndex);
        var type = function.Type;
        ulong* fp = ctx.StackTop;
        if (fp + Math.Max(code.FrameSlots, SlotCount(type.Results)) > ctx.StackLimit || ctx.FrameCount >= ctx.MaxFrames)
            throw new TrapException(TrapKind.CallStackExhausted);

        int slot = 0;
        for (int i = 0; i < arguments.Length; i++)
        {
            ToSlot(arguments[i], fp + slot, store, ctx);
            slot += SlotWidth(type.Parameters[i]);
        }

        ulong* savedTop = ctx.StackTop;
        int savedFrames = ctx.FrameCount;
        int savedInstances = ctx.InstanceCount;
        ctx.Depth++;
        int outcome;
        try
        {
            outcome = Run(ctx, instance, code, fp);
        }
        finally
        {
            ctx.Depth--;
            ctx.StackTop = savedTop;
            ctx.FrameCount = savedFrames;
            Array.Clear(ctx.Instances, savedInstances, ctx.InstanceCount - savedInstances);
            ctx.InstanceCount = savedInstances;
        }
        if (outcome != Completed) throw TrapFor(ctx, (TrapKind)outcome);

        var results = new Value[type.Results.Length];
        slot = 0;
        for (int i = 0; i < results.Length; i++)
        {
            results[i] = FromSlot(type.Results[i], fp + slot, store, instance.Module.CanonicalTypes);
            slot += SlotWidth(type.Results[i]);
        }
        // The results are objects now: when this was the thread's outermost execution, no slot holds a GC handle.
        if (ctx.Depth == 0) ctx.EndOutermost();
        return results;
    }

    /// <summary>What <see cref="Run"/> returns when the function returned normally; otherwise a <see cref="TrapKind"/>.</summary>
    private const int Completed = -1;

    private static Exception TrapFor(ExecutionContext ctx, TrapKind kind)
    {
        var trace = ctx.PendingTrace ?? [];
        var frames = ctx.PendingFrames ?? [];
        ctx.PendingTrace = null;
        ctx.PendingFrames = null;
        var exception = TrapWithoutTrace(ctx, kind);
        if (exception is not TrapException trap) return exception;
        // A trap from a nested execution (a host function calling back) already has its inner frames.
        return trap.WithWasmStackTrace([.. trap.WasmStackTrace, .. trace], [.. trap.Frames, .. frames]);
    }

    /// <summary>
    /// The WebAssembly frames of the execution that trapped, innermost first, as "module!function": found from the
    /// trapping instruction and each frame's return address (the loop keeps no function in its frames); and the same
    /// frames structured. Offsets are 0: the translated code keeps no map back to wasm byte offsets.
    /// </summary>
    private static (string[] Names, WasmFrame[] Frames) StackTrace(ExecutionContext ctx, ModuleInstance inst, int* ip, CallFrame* frame)
    {
        var names = new List<string>();
        var frames = new List<WasmFrame>();
        Add(inst, ip);
        int instances = ctx.InstanceCount;
        for (CallFrame* f = frame - 1; f >= ctx.Frames; f--)
        {
            int* returnIp = f->ReturnIp;
            if (returnIp == ExecutionContext.ExitCode) break;
            if (returnIp == ExecutionContext.RestoreInstanceCode)
            {
                // Frames below belong to the caller's instance.
                if (instances > 0) inst = ctx.Instances[--instances];
                continue;
            }
            Add(inst, returnIp);
        }
        return (names.ToArray(), frames.ToArray());

        void Add(ModuleInstance instance, int* at)
        {
            int index = FunctionIndexAt(instance, at);
            names.Add(FunctionName(instance, index));
            frames.Add(new WasmFrame(instance, index));
        }
    }

    /// <summary>The index (in the module's function index space) of the function whose code holds <paramref name="ip"/>; -1 if none.</summary>
    private static int FunctionIndexAt(ModuleInstance inst, int* ip)
    {
        foreach (var code in inst.Compiled.FunctionCode)
            if (code is not null && !code.IsStub && code.Contains(ip)) return code.FunctionIndex;
        return -1;
    }

    private static string FunctionName(ModuleInstance inst, int functionIndex)
    {
        var module = inst.Module;
        string moduleName = module.Name ?? "<module>";
        if (functionIndex < 0) return $"{moduleName}!<unknown>";
        return module.FunctionNames.TryGetValue(functionIndex, out var name)
            ? $"{moduleName}!{name}"
            : $"{moduleName}!func[{functionIndex}]";
    }

    private static Exception TrapWithoutTrace(ExecutionContext ctx, TrapKind kind)
    {
        if (ctx.PendingException is TrapException { } detailed && detailed.Kind == kind)
        {
            // The loop left a more precise trap than its kind (e.g. with the element index).
            ctx.PendingException = null;
            return detailed;
        }
        if (kind == TrapKind.HostError && ctx.PendingException is { } pending)
        {
            // A trap from the host (or from a nested execution) passes through as it is.
            ctx.PendingException = null;
            return pending as TrapException ?? new TrapException(TrapKind.HostError, pending.Message, pending);
        }
        return new TrapException(kind);
    }

    private static Value[] InvokeHost(HostFunction host, ReadOnlySpan<Value> arguments)
    {
        var results = new Value[host.Type.Results.Length];
        host.Call(arguments, results);
        return results;
    }

    /// <summary>
    /// A call from WebAssembly to a host function (spec 4.4.10.1 for host functions): arguments are read
    /// from the callee's would-be frame at <paramref name="args"/> and results written back there. Returns
    /// false when the host threw; the exception waits in the context to be rethrown at the boundary.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool CallHost(ExecutionContext ctx, HostFunction host, ulong* args, Store store)
    {
        var type = host.Type;
        int np = type.Parameters.Length, nr = type.Results.Length;
        var values = ctx.RentValues(np + nr, out var array, out int start);
        try
        {
            int slot = 0;
            for (int i = 0; i < np; i++)
            {
                values[i] = FromSlot(type.Parameters[i], args + slot, store);
                slot += SlotWidth(type.Parameters[i]);
            }
            // A host function may call back into WebAssembly: that execution's frames go above these.
            ctx.StackTop = args + Math.Max(SlotCount(type.Parameters), SlotCount(type.Results));
            // HostFunction.Call presets the results, turns a host exception into a HostError trap and
            // checks the results' types: the runtime's one rule for every caller.
            host.Call(values[..np], values.Slice(np, nr));

            slot = 0;
            for (int i = 0; i < nr; i++)
            {
                ToSlot(values[np + i], args + slot, store, ctx);
                slot += SlotWidth(type.Results[i]);
            }
            return true;
        }
        catch (Exception e)
        {
            ctx.PendingException = e;
            return false;
        }
        finally
        {
            ctx.ReturnValues(array, start, np + nr);
        }
    }

    /// <summary>
    /// A call from the interpreter to code it does not run itself: a host function, or a function of an AOT instance
    /// (which takes its arguments and gives its results in the same slots). Returns false when it threw; the exception
    /// waits in the context to be rethrown at the boundary.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool CallExternal(ExecutionContext ctx, FunctionInstance target, ulong* args, Store store)
    {
        if (target is HostFunction host) return CallHost(ctx, host, args, store);
        var type = target.Type;
        ctx.StackTop = args + Math.Max(SlotCount(type.Parameters), SlotCount(type.Results));
        try
        {
            Aot.AotExecutor.Run((WasmFunction)target, args);
            return true;
        }
        catch (Exception e)
        {
            ctx.PendingException = e;
            return false;
        }
    }

    // The tail-call helpers are never inlined: they are cold next to Run's other instructions, and Run is one huge
    // method whose register allocation and inlining budget are shared by every instruction.

    /// <summary>
    /// Enters a tail call to a defined function of <paramref name="instance"/> in the frame at <paramref name="fp"/>: the
    /// callee's code (a stub is translated here, not entered: Op.Lazy expects a pushed frame), after moving the
    /// <paramref name="argSlots"/> argument slots at <paramref name="argBase"/> to the frame's first slots; null if the
    /// callee's frame does not fit below <paramref name="stackLimit"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static CompiledFunction? EnterTailCall(ModuleInstance instance, int definedIndex, ulong* fp, int argBase, int argSlots, ulong* stackLimit)
    {
        var callee = CodeOf(instance, definedIndex);
        if (fp + callee.FrameSlots > stackLimit) return null;
        MoveArguments(fp, argBase, argSlots);
        return callee;
    }

    /// <summary>A tail call's arguments, <paramref name="count"/> slots at <paramref name="argBase"/>, to the frame's first slots (a forward copy: they only move down).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void MoveArguments(ulong* fp, int argBase, int count)
    {
        for (int i = 0; i < count; i++) fp[i] = fp[argBase + i];
    }

    /// <summary>The function a call_ref's handle names, or null for the null reference (validation guarantees the type).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static FunctionInstance? ReferencedFunction(ModuleInstance inst, ulong handle) => (FunctionInstance?)inst.Store.FromHandle(handle);

    /// <summary>
    /// The function <c>return_call_indirect</c> calls (spec 4.4.10.2, as call_indirect): element <paramref name="index"/>
    /// of the table if it exists, is not null and has the type; otherwise null (<see cref="IndirectCallFailure"/> says why).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static FunctionInstance? IndirectCallTarget(ModuleInstance inst, int typeIndex, int tableIndex, uint index)
    {
        var table = inst.Tables[tableIndex];
        if (index >= (uint)table.Length || table.Elements[index] is not FunctionInstance function) return null;
        var expected = inst.CanonicalTypes[typeIndex];
        return ReferenceEquals(function.DefinedType, expected) || function.DefinedType.IsSubtypeOf(expected) ? function : null;
    }

    /// <summary>call_indirect's check past the common case (the exact type): a declared subtype, or a host function's type.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool IndirectTypeMatches(ModuleInstance inst, FunctionInstance function, int typeIndex) =>
        function.DefinedType.IsSubtypeOf(inst.CanonicalTypes[typeIndex]);

    /// <summary>The trap of an indirect call that <see cref="IndirectCallTarget"/> refused.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static TrapKind IndirectCallFailure(ExecutionContext ctx, ModuleInstance inst, int tableIndex, uint index)
    {
        var table = inst.Tables[tableIndex];
        if (index >= (uint)table.Length) return TrapKind.UndefinedElement;
        if (table.Elements[index] is FunctionInstance) return TrapKind.IndirectCallTypeMismatch;
        // The reference interpreter names the element ("uninitialized element 2"); the spec tests compare it.
        ctx.PendingException = TrapException.WithIndex(TrapKind.UninitializedElement, index);
        return TrapKind.UninitializedElement;
    }

    /// <summary>The translated code of a defined function, translating it on first use.</summary>
    private static CompiledFunction CodeOf(ModuleInstance instance, int definedIndex)
    {
        var code = instance.Compiled.FunctionCode[definedIndex];
        return code is null || code.IsStub ? Translate(instance.Compiled, definedIndex) : code;
    }

    // Modules whose untranslated functions have stubs (see CompiledFunction.Stub).
    private static readonly ConditionalWeakTable<CompiledModule, object> Stubbed = new();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static CompiledFunction Translate(CompiledModule module, int definedIndex)
    {
        var translator = Translators.GetValue(module, m => new Translator(m.Module));
        lock (translator)
        {
            using var held = RaceDetector.Holding(translator);
            var codes = module.FunctionCode;
            var code = codes[definedIndex];
            if (code is null || code.IsStub)
            {
                code = translator.Translate(definedIndex);
                NoteHandlers(module, code);
                // Published after construction: a reader on another thread reaches the fields through this reference.
                Volatile.Write(ref codes[definedIndex], code);
            }
            if (!Stubbed.TryGetValue(module, out _))
            {
                // The first translation of the module: every other function gets a stub, once.
                var types = module.FunctionTypes;
                int imported = types.Length - codes.Length;
                for (int i = 0; i < codes.Length; i++)
                    if (codes[i] is null) Volatile.Write(ref codes[i], CompiledFunction.Stub(i, types[imported + i], imported + i));
                Stubbed.AddOrUpdate(module, module);
            }
            return code;
        }
    }

    internal static int SlotWidth(ValueType type) => type == ValueType.V128 ? 2 : 1;

    internal static int SlotCountOf(ValueType[] types) => SlotCount(types);

    private static int SlotCount(ValueType[] types)
    {
        int n = 0;
        foreach (var t in types) n += SlotWidth(t);
        return n;
    }

    /// <summary>
    /// Writes a value's slot bits: numbers as they are (i32 and f32 zero-extended, a v128 in two slots, low
    /// half first), references as store handles (<see cref="ReferenceSlots"/>). With the interpreter's
    /// <paramref name="ctx"/>, GC objects get the thread's collectable handles instead; without it (AOT code, whose
    /// frames no collection scans), store handles.
    /// </summary>
    internal static void ToSlot(in Value value, ulong* slot, Store store, ExecutionContext? ctx = null)
    {
        if (value.Type.IsReference())
        {
            *slot = ctx is null ? store.ToHandle(value.Reference) : ReferenceSlots.ToSlot(ctx, store, value.Reference);
            return;
        }
        slot[0] = value.Bits;
        if (value.Type == ValueType.V128) slot[1] = value.HighBits;
    }

    /// <summary>The value in a slot, of <paramref name="type"/> (a concrete reference type's hierarchy is looked up in <paramref name="types"/>).</summary>
    internal static Value FromSlot(ValueType type, ulong* slot, Store store, IReadOnlyList<DefinedType>? types = null) =>
        FromSlot(ReferenceTypes.StorageOf(type, types), slot[0], store, type == ValueType.V128 ? slot[1] : 0);

    private static Value FromSlot(ValueType type, ulong bits, Store store, ulong highBits) => type switch
    {
        ValueType.I32 => Value.I32((int)bits),
        ValueType.I64 => Value.I64((long)bits),
        ValueType.F32 => Value.F32FromBits((uint)bits),
        ValueType.F64 => Value.F64FromBits(bits),
        // Without the module's types a concrete GC type looks like a function type: the object says which it is.
        ValueType.FuncRef => GcValues.ReferenceValue(ValueType.FuncRef, store.FromHandle(bits), []),
        ValueType.ExternRef => Value.ExternRef(store.FromHandle(bits)),
        ValueType.ExnRef => Value.ExnRef((ExceptionInstance?)store.FromHandle(bits)),
        ValueType.AnyRef => Value.AnyRef(store.FromHandle(bits)),
        ValueType.V128 => Value.V128(bits, highBits),
        _ => throw new UnsupportedFeatureException($"{type.ToText()} values"),
    };
}
