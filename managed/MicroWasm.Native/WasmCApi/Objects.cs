using System.Runtime.CompilerServices;
using MicroWasm.Native.Interop;
using MicroWasm.Runtime;

namespace MicroWasm.Native.WasmCApi;

/// <summary>
/// What a wasm.h pointer stands for: every <c>wasm_xxx_t*</c> is a <see cref="HandleTable"/> handle of one of these
/// (architecture decision 2). One handle is one owner: <c>wasm_xxx_delete</c> removes it and calls <see cref="Deleted"/>.
/// </summary>
internal abstract class CObject
{
    public nint Handle;

    /// <summary>The handle was deleted: release what this owner holds.</summary>
    public virtual void Deleted() { }

    /// <summary>A new owner of the same thing (<c>wasm_xxx_copy</c>), or null if it cannot be copied.</summary>
    public virtual CObject? Copy() => null;

    /// <summary>The conversions of wasm.h (<c>wasm_ref_as_func</c>, <c>wasm_externtype_as_functype</c> ...) check this.</summary>
    public abstract bool Is(ObjectKind kind);
}

internal static class Objects
{
    public static nint Add(CObject value)
    {
        value.Handle = HandleTable.Add(value);
        return value.Handle;
    }

    public static T? Get<T>(nint handle) where T : class => handle == 0 ? null : HandleTable.Get<T>(handle);

    public static unsafe T? Get<T>(void* handle) where T : class => Get<T>((nint)handle);

    public static void Delete(nint handle)
    {
        var value = Get<CObject>(handle);
        if (value is null) return;
        HandleTable.Remove(handle);
        value.Deleted();
    }
}

/// <summary>
/// The state of one runtime object shared by all references to it: host info and its finalizer, a host function's
/// environment and its finalizer, and the objects it keeps alive. The finalizers run when the last reference goes.
/// </summary>
internal sealed unsafe class RefState
{
    private static readonly Lock s_lock = new();
    private static readonly ConditionalWeakTable<object, RefState> s_states = new();

    private readonly object _target;
    private int _count;

    private RefState(object target) => _target = target;

    public void* Info;
    public delegate* unmanaged<void*, void> InfoFinalizer;
    public void* Env;
    public delegate* unmanaged<void*, void> EnvFinalizer;
    /// <summary>States this object keeps alive: an instance's imports.</summary>
    public readonly List<RefState> Holds = [];

    /// <summary>The state of <paramref name="target"/>, retained once for the caller.</summary>
    public static RefState Retain(object target)
    {
        lock (s_lock)
        {
            using var held = RaceDetector.Holding(s_lock);
            var state = s_states.GetValue(target, t => new RefState(t));
            state._count++;
            return state;
        }
    }

    public void Retain()
    {
        lock (s_lock)
        {
            using var held = RaceDetector.Holding(s_lock);
            _count++;
        }
    }

    public void Release()
    {
        lock (s_lock)
        {
            using var held = RaceDetector.Holding(s_lock);
            if (--_count > 0) return;
            s_states.Remove(_target);
        }
        // The host's finalizers run outside the lock: they may delete other objects.
        var info = Info;
        var infoFinalizer = InfoFinalizer;
        Info = null;
        InfoFinalizer = null;
        if (infoFinalizer is not null) infoFinalizer(info);
        var env = Env;
        var envFinalizer = EnvFinalizer;
        Env = null;
        EnvFinalizer = null;
        if (envFinalizer is not null) envFinalizer(env);
        foreach (var held in Holds) held.Release();
        Holds.Clear();
    }
}

/// <summary>
/// A reference to a runtime object: wasm_ref_t, and every type declared with WASM_DECLARE_REF (func, global, table,
/// memory, extern, instance, module, trap, foreign) is one of these, so the <c>as_ref</c>/<c>as_extern</c> conversions
/// are the same pointer and the reverse ones check <see cref="Target"/>.
/// </summary>
internal sealed class WasmRef : CObject
{
    private WasmRef(object target, CStore? store, RefState? owner)
    {
        Target = target;
        Store = store;
        Owner = owner;
        State = RefState.Retain(target);
        owner?.Retain();
    }

    /// <summary>FunctionInstance, GlobalInstance, TableInstance, MemoryInstance, ModuleInstance, WasmModule, TrapInfo, Foreign, or any object a host put in an externref.</summary>
    public object Target { get; }
    public CStore? Store { get; }
    public RefState State { get; }
    /// <summary>The instance whose export this is: it stays alive (its imports' finalizers wait) while this reference lives.</summary>
    public RefState? Owner { get; }

    public static nint New(object target, CStore? store, RefState? owner = null)
    {
        var reference = new WasmRef(target, store, owner);
        Objects.Add(reference);
        store?.Track(reference);
        return reference.Handle;
    }

    public static WasmRef? Get(nint handle) => Objects.Get<WasmRef>(handle);

    public override void Deleted()
    {
        Store?.Untrack(this);
        Release();
    }

    /// <summary>The store is going: the reference dies with it.</summary>
    public void Release()
    {
        State.Release();
        Owner?.Release();
    }

    public override CObject? Copy()
    {
        var copy = new WasmRef(Target, Store, Owner);
        Objects.Add(copy);
        Store?.Track(copy);
        return copy;
    }

    public override bool Is(ObjectKind kind) => kind switch
    {
        ObjectKind.MW_KIND_func => Target is FunctionInstance,
        ObjectKind.MW_KIND_global => Target is GlobalInstance,
        ObjectKind.MW_KIND_table => Target is TableInstance,
        ObjectKind.MW_KIND_memory => Target is MemoryInstance,
        ObjectKind.MW_KIND_extern => Target is Extern,
        ObjectKind.MW_KIND_module => Target is WasmModule,
        ObjectKind.MW_KIND_instance => Target is ModuleInstance,
        ObjectKind.MW_KIND_trap => Target is TrapInfo,
        ObjectKind.MW_KIND_foreign => Target is Foreign,
        _ => false,
    };
}

/// <summary>A module of wasm.h: the compiled module and the bytes it came from (for wasm_module_serialize).</summary>
internal sealed class WasmModule(CompiledModule compiled, byte[] bytes)
{
    public CompiledModule Compiled { get; } = compiled;
    public byte[] Bytes { get; } = bytes;
}

/// <summary>wasm_shared_module_t: a module that any thread may turn into a module of its store (wasm_module_obtain).</summary>
internal sealed class SharedModule(WasmModule module) : CObject
{
    public WasmModule Module { get; } = module;
    public override CObject? Copy() => new SharedModule(Module);
    public override bool Is(ObjectKind kind) => false;
}

/// <summary>
/// A trap: its message, NUL-terminated as wasm.h's messages are, and the WebAssembly frames it happened in, innermost
/// first (none for a trap the host made with wasm_trap_new, or one that did not happen in WebAssembly code).
/// </summary>
internal sealed class TrapInfo(byte[] message, IReadOnlyList<WasmFrame>? frames = null)
{
    public byte[] Message { get; } = message;

    public IReadOnlyList<WasmFrame> Frames { get; } = frames ?? [];

    public static TrapInfo FromText(string text, IReadOnlyList<WasmFrame>? frames = null)
    {
        var bytes = new byte[System.Text.Encoding.UTF8.GetByteCount(text) + 1];
        System.Text.Encoding.UTF8.GetBytes(text, bytes);
        return new TrapInfo(bytes, frames);
    }

    public string Text => System.Text.Encoding.UTF8.GetString(Message.AsSpan().TrimEnd((byte)0));
}

/// <summary>wasm_foreign_t: an object of the host's, with nothing but identity and host info.</summary>
internal sealed class Foreign;

/// <summary>
/// wasm_frame_t: a frame of a trap's stack trace (<see cref="TrapInfo.Frames"/>). It owns a reference to the frame's
/// instance, in the trap's store, which wasm_frame_instance lends out and which goes with the frame (or the store).
/// </summary>
internal sealed class CFrame : CObject
{
    private readonly WasmFrame _frame;
    private readonly CStore? _store;

    public CFrame(WasmFrame frame, CStore? store)
    {
        _frame = frame;
        _store = store;
        Instance = WasmRef.New(frame.Instance, store);
    }

    /// <summary>The instance's reference (borrowed by the caller of wasm_frame_instance).</summary>
    public nint Instance { get; }
    public uint FuncIndex => (uint)_frame.FunctionIndex;
    public nuint FuncOffset => (nuint)_frame.FunctionOffset;
    public nuint ModuleOffset => (nuint)_frame.ModuleOffset;

    /// <summary>A new frame handle (wasm.h pointer) for <paramref name="frame"/>.</summary>
    public static nint New(WasmFrame frame, CStore? store) => Objects.Add(new CFrame(frame, store));

    // The handle is generational: if the store already deleted the reference, this does nothing.
    public override void Deleted() => Objects.Delete(Instance);

    public override CObject? Copy() => new CFrame(_frame, _store);
    public override bool Is(ObjectKind kind) => false;
}

internal sealed class CConfig : CObject
{
    public override bool Is(ObjectKind kind) => false;
}

internal sealed class CEngine : CObject
{
    public override bool Is(ObjectKind kind) => false;
}

/// <summary>
/// wasm_store_t: an engine store. Deleting it deletes every reference still made in it (running the finalizers)
/// and frees its memories.
/// </summary>
internal sealed class CStore : CObject
{
    private readonly HashSet<WasmRef> _live = [];

    public Store Store { get; } = new();

    public void Track(WasmRef reference)
    {
        lock (_live)
        {
            using var held = RaceDetector.Holding(_live);
            _live.Add(reference);
        }
    }

    public void Untrack(WasmRef reference)
    {
        lock (_live)
        {
            using var held = RaceDetector.Holding(_live);
            _live.Remove(reference);
        }
    }

    public override void Deleted()
    {
        WasmRef[] live;
        lock (_live)
        {
            using var held = RaceDetector.Holding(_live);
            live = [.. _live];
            _live.Clear();
        }
        foreach (var reference in live)
        {
            HandleTable.Remove(reference.Handle);
            reference.Release();
        }
        Store.Dispose();
    }

    public override bool Is(ObjectKind kind) => false;
}
