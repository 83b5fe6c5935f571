using System.Runtime.CompilerServices;

namespace MicroWasm.Runtime;

/// <summary>
/// A store (spec 4.2.3): the world that instances, functions, tables, memories and globals live in.
/// Disposing it frees the linear memories it allocated. Calls into its instances may run on several threads at once (see
/// README, "Thread safety"); creating instances, memories, tables and globals, and disposing, are one thread's at a time.
/// </summary>
/// <example>
/// <code>
/// using var store = new Store();
/// var instance = store.Instantiate(CompiledModule.FromBytes(wasm), new Imports().DefineFunction("env", "log", (int x) => Console.WriteLine(x)));
/// int sum = instance.GetFunction("add").Invoke(Value.I32(2), Value.I32(3))[0].AsI32();
/// </code>
/// </example>
public sealed partial class Store : IDisposable
{
    // The interpreter keeps references in 64-bit slots, so each referenced object gets a handle here:
    // 0 is null, otherwise (index + 1) << 2 into _referenced (the low bits tag other kinds: see ReferenceSlots). Handles
    // live as long as the store. Threads calling into one
    // instance through spawned exec envs make handles at once: making one holds the lock; reading one takes none, since
    // a handle exists only after its object was written to the array that is published with it.
    private object[] _referenced = new object[16];
    private int _referencedCount;
    private readonly Dictionary<object, ulong> _handles = new(ReferenceEqualityComparer.Instance);
    private readonly Lock _handlesLock = new();

    // Memories this store allocated, freed with it.
    private readonly List<MemoryInstance> _memories = [];
    private bool _disposed;

    public Store(RuntimeOptions? options = null) => Options = options ?? RuntimeOptions.Default;

    public RuntimeOptions Options { get; }

    /// <summary>
    /// Instantiates <paramref name="module"/> (spec 4.5.4), resolving its imports by name in <paramref name="imports"/>,
    /// and runs its start function.
    /// </summary>
    /// <exception cref="LinkException">"unknown import" or "incompatible import type".</exception>
    /// <exception cref="TrapException">An active segment was out of bounds, or the start function trapped. Per the spec, the effects of
    /// earlier segments on imported tables and memories remain.</exception>
    /// <exception cref="ResourceExhaustedException">The host cannot give a table or memory its initial size.</exception>
    public ModuleInstance Instantiate(CompiledModule module, Imports? imports = null) =>
        Instantiate(module, (imports ?? new Imports()).Resolve(module, this));

    /// <summary>
    /// Instantiates <paramref name="module"/> (spec 4.5.4) with <paramref name="externs"/> given positionally, one per entry of
    /// <see cref="CompiledModule.Imports"/>, and runs its start function.
    /// </summary>
    /// <inheritdoc cref="Instantiate(CompiledModule, Imports?)"/>
    public ModuleInstance Instantiate(CompiledModule module, ReadOnlySpan<Extern> externs) => Instantiate(module, externs, null);

    /// <summary>
    /// Instantiates <paramref name="module"/> as <see cref="Instantiate(CompiledModule, Imports?)"/> does, calling
    /// <paramref name="beforeStart"/> with the complete instance (exports bound, segments copied) just before the start
    /// function runs: where an embedder binds what the start function's host calls need, as WASI binds its memory.
    /// </summary>
    /// <inheritdoc cref="Instantiate(CompiledModule, Imports?)"/>
    public ModuleInstance Instantiate(CompiledModule module, Imports? imports, Action<ModuleInstance>? beforeStart) =>
        Instantiate(module, (imports ?? new Imports()).Resolve(module, this), beforeStart);

    /// <summary>Instantiates with <paramref name="externs"/> given positionally, calling <paramref name="beforeStart"/> just before the start function.</summary>
    /// <inheritdoc cref="Instantiate(CompiledModule, Imports?)"/>
    public ModuleInstance Instantiate(CompiledModule module, ReadOnlySpan<Extern> externs, Action<ModuleInstance>? beforeStart)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Instantiation.Instantiate(this, module, externs, beforeStart);
    }

    /// <summary>A memory of this store (spec 4.5.3.5, allocmem), capped by <see cref="RuntimeOptions.MaxMemoryPages"/> and freed with the store.</summary>
    /// <exception cref="ResourceExhaustedException">The host cannot give the initial size.</exception>
    public MemoryInstance CreateMemory(MemoryType type) => CreateMemory(type, Options.ReserveMemory, guarded: true);

    /// <summary>A memory of this store, reserved up front when <paramref name="reserve"/>, with a guard region when <paramref name="guarded"/> (AOT code needs both).</summary>
    internal MemoryInstance CreateMemory(MemoryType type, bool reserve, bool guarded)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var memory = new MemoryInstance(type, Options.MaxMemoryPages, this, reserve, guarded);
        _memories.Add(memory);
        return memory;
    }

    /// <summary>A table of this store (spec 4.5.3.4, alloctable), its elements set to <paramref name="initial"/> (null references by default).</summary>
    /// <exception cref="ArgumentException"><paramref name="initial"/> is not of the element type.</exception>
    /// <exception cref="ResourceExhaustedException">The initial size passes <see cref="RuntimeOptions.MaxTableElements"/>.</exception>
    public TableInstance CreateTable(TableType type, Value? initial = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var init = initial ?? Value.Default(type.ElementType);
        if (init.Type != ReferenceTypes.StorageOf(type.ElementType))
            throw new ArgumentException($"type mismatch: table holds {type.ElementType.ToText()}, value is {init.Type.ToText()}", nameof(initial));
        return new TableInstance(type, init.Reference, Options.MaxTableElements, this);
    }

    /// <summary>A global of this store (spec 4.5.3.6, allocglobal).</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> is not of the global's type.</exception>
    public GlobalInstance CreateGlobal(GlobalType type, Value value)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new GlobalInstance(this, type, value);
    }

    /// <summary>
    /// Interpreter contract: a handle for a reference that lives as long as the store (0 for null), or an i31 value's
    /// slot encoding. Slots of the interpreter use <see cref="Interpreter.ReferenceSlots.ToSlot"/>, which gives GC
    /// objects collectable handles instead; this is for globals and AOT code, which keep handles where no scan finds them.
    /// </summary>
    internal ulong ToHandle(object? reference)
    {
        if (reference is null) return 0;
        if (reference is I31Reference i31) return Interpreter.ReferenceSlots.I31Slot(i31.Value);
        lock (_handlesLock)
        {
            using var held = RaceDetector.Holding(_handlesLock);
            if (_handles.TryGetValue(reference, out var handle)) return handle;
            var referenced = _referenced;
            if (_referencedCount == referenced.Length)
            {
                Array.Resize(ref referenced, referenced.Length * 2);
                Volatile.Write(ref _referenced, referenced);
            }
            referenced[_referencedCount++] = reference;
            handle = (ulong)_referencedCount << 2;
            _handles.Add(reference, handle);
            return handle;
        }
    }

    /// <summary>
    /// Interpreter contract: the object of a handle (<see cref="Interpreter.ReferenceSlots"/>: a store handle, an i31
    /// value, or a handle of this thread's GC objects).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal object? FromHandle(ulong handle)
    {
        if ((handle & 3) != 0) return Interpreter.ReferenceSlots.FromTaggedSlot(handle);
        return handle == 0 ? null : Volatile.Read(ref _referenced)[(int)(handle >> 2) - 1];
    }

    /// <summary>
    /// Frees the linear memories this store allocated; they read as empty afterwards, so a late access traps instead of
    /// touching freed memory. Memories made with <c>new MemoryInstance</c> are their creator's to dispose.
    /// </summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        ClearTermination();
        foreach (var memory in _memories) memory.Dispose();
        _memories.Clear();
    }
}
