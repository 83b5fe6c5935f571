using System.Runtime.InteropServices;
using MicroWasm.Native.Interop;
using MicroWasm.Runtime;

namespace MicroWasm.Native.Wamr;

/// <summary>
/// A wasm_module_inst_t: a module instance in its own store (so instances on different threads share nothing), with
/// WAMR's per-instance state: the exception string, custom data, the app heap, the singleton exec env.
/// </summary>
internal sealed unsafe class WamrInstance : IDisposable
{
    /// <summary>WAMR keeps the exception in a fixed buffer of the instance; so do we (C holds the pointer).</summary>
    private const int ExceptionCapacity = 256;

    public WamrInstance(LoadedModule module, Store store, uint stackSize)
    {
        Module = module;
        Store = store;
        StackSize = stackSize;
        _exception = (byte*)NativeMemory.AllocZeroed(ExceptionCapacity);
    }

    public LoadedModule Module { get; }
    public Store Store { get; }
    public uint StackSize { get; }
    public ModuleInstance Instance = null!;
    public nint Handle;

    /// <summary>Memory 0, if the module has one (defined or imported).</summary>
    public MemoryInstance? Memory;
    public AppHeap? Heap;
    public nint CustomData;
    public RunningMode RunningMode = RunningMode.Mode_Interp;
    public volatile bool Terminated;
    public ExecEnv? Singleton;

    /// <summary>The WASI context, when the module imports WASI (WAMR's <c>wasi_ctx</c>), and proc_exit's code.</summary>
    public MicroWasm.Wasi.WasiContext? Wasi;
    public volatile uint WasiExitCode;
    public readonly Dictionary<nint, nint> Contexts = [];

    /// <summary>
    /// A wasi-threads module's threads (WAMR's lib-wasi-threads), and the shared memory it imports, which the threads'
    /// instances in their own stores use too (so no store owns it).
    /// </summary>
    public MicroWasm.Wasi.WasiThreads? WasiThreads;
    public MemoryInstance? WasiThreadsMemory;

    /// <summary>The exec env of one wasi-threads thread: natives it calls get one of their own, as in WAMR.</summary>
    public IDisposable EnterWasiThread()
    {
        var env = new ExecEnv(this, StackSize) { Spawned = true, UserData = Singleton?.UserData ?? 0 };
        env.Handle = HandleTable.Add(env);
        var saved = ExecEnv.Current;
        ExecEnv.Current = env;
        return new ThreadEnvScope(env, saved);
    }

    private sealed class ThreadEnvScope(ExecEnv env, ExecEnv? saved) : IDisposable
    {
        public void Dispose()
        {
            ExecEnv.Current = saved;
            HandleTable.Remove(env.Handle);
        }
    }

    private readonly Dictionary<FunctionInstance, nint> _functionHandles = new(ReferenceEqualityComparer.Instance);
    private readonly List<nint> _handles = [];
    private byte* _exception;
    private bool _hasException;

    // --- exception (WAMR: "Exception: <message>", NULL when none) ---

    public bool HasException
    {
        get
        {
            lock (_exceptionLock)
            {
                using var held = RaceDetector.Holding(_exceptionLock);
                return _hasException;
            }
        }
    }

    public byte* ExceptionText => HasException ? _exception : null;

    /// <summary>Sets the exception to "Exception: <paramref name="message"/>", as WAMR formats it.</summary>
    public void SetException(string message)
    {
        // Threads on spawned exec envs may trap at once: one whole message wins, never a mix of two.
        lock (_exceptionLock)
        {
            using var held = RaceDetector.Holding(_exceptionLock);
            CString.Copy("Exception: " + message, _exception, ExceptionCapacity);
            _hasException = true;
        }
    }

    public void ClearException()
    {
        lock (_exceptionLock)
        {
            using var held = RaceDetector.Holding(_exceptionLock);
            _exception[0] = 0;
            _hasException = false;
        }
    }

    private readonly Lock _exceptionLock = new();

    public string ExceptionMessage
    {
        get
        {
            lock (_exceptionLock)
            {
                using var held = RaceDetector.Holding(_exceptionLock);
                return _hasException ? CString.Read(_exception)! : "";
            }
        }
    }

    // --- handles owned by the instance ---

    public nint FunctionHandle(FunctionInstance function)
    {
        lock (_functionHandles)
        {
            using var held = RaceDetector.Holding(_functionHandles);
            if (_functionHandles.TryGetValue(function, out var h)) return h;
            h = HandleTable.Add(new FunctionRef(this, function));
            _functionHandles[function] = h;
            return h;
        }
    }

    public nint OwnHandle(object value)
    {
        var h = HandleTable.Add(value);
        lock (_handles)
        {
            using var held = RaceDetector.Holding(_handles);
            _handles.Add(h);
        }
        return h;
    }

    // --- linear memory 0 and address translation (WAMR's app addresses are offsets into it) ---

    public ulong MemorySize => Memory?.SizeInBytes ?? 0;

    public byte* MemoryBase => Memory is null ? null : (byte*)Memory.BaseAddress;

    public bool ValidateAppAddress(ulong offset, ulong size)
    {
        ulong limit = MemorySize;
        if (offset <= limit && size <= limit - offset) return true;
        SetException("out of bounds memory access");
        return false;
    }

    public bool ValidateAppString(ulong offset)
    {
        ulong limit = MemorySize;
        byte* basePtr = MemoryBase;
        if (basePtr is not null && offset < limit)
        {
            var span = new ReadOnlySpan<byte>(basePtr + offset, (int)Math.Min(limit - offset, int.MaxValue));
            if (span.IndexOf((byte)0) >= 0) return true;
        }
        SetException("out of bounds memory access");
        return false;
    }

    public bool ValidateNativeAddress(byte* pointer, ulong size)
    {
        byte* basePtr = MemoryBase;
        if (basePtr is not null && pointer >= basePtr)
        {
            ulong offset = (ulong)(pointer - basePtr);
            ulong limit = MemorySize;
            if (offset <= limit && size <= limit - offset) return true;
        }
        SetException("out of bounds memory access");
        return false;
    }

    // --- spawned exec envs and threads (wasm_runtime_spawn_exec_env, wasm_runtime_spawn_thread) ---

    private readonly List<ExecEnv> _spawned = [];
    private readonly List<SpawnedThread> _threads = [];
    private bool _disposing;

    /// <summary>
    /// A new exec env for another thread on this instance, unless <see cref="Api.ThreadApi.MaxThreadNum"/> spawned ones are
    /// alive (WAMR counts them per cluster, the main exec env not included) or the instance is being deinstantiated.
    /// </summary>
    public ExecEnv? TrySpawn(ExecEnv parent, out string? refusal)
    {
        lock (_spawned)
        {
            using var held = RaceDetector.Holding(_spawned);
            refusal = _disposing ? "the instance is being deinstantiated"
                : _spawned.Count >= Api.ThreadApi.MaxThreadNum ? $"maximum number of threads ({Api.ThreadApi.MaxThreadNum}) exceeded"
                : null;
            if (refusal is not null) return null;
            var env = new ExecEnv(this, parent.StackSize) { Spawned = true, UserData = parent.UserData };
            env.Handle = HandleTable.Add(env);
            _spawned.Add(env);
            return env;
        }
    }

    /// <summary>Destroys a spawned exec env (once: later calls do nothing).</summary>
    public void ReleaseSpawned(ExecEnv env)
    {
        lock (_spawned)
        {
            using var held = RaceDetector.Holding(_spawned);
            if (!_spawned.Remove(env)) return;
            HandleTable.Remove(env.Handle);
        }
    }

    /// <summary>Records a thread of wasm_runtime_spawn_thread, which deinstantiation waits for; false when it is under way.</summary>
    public bool AddThread(SpawnedThread thread)
    {
        lock (_spawned)
        {
            using var held = RaceDetector.Holding(_spawned);
            if (_disposing) return false;
            _threads.Add(thread);
            return true;
        }
    }

    public void RemoveThread(SpawnedThread thread)
    {
        lock (_spawned)
        {
            using var held = RaceDetector.Holding(_spawned);
            _threads.Remove(thread);
        }
    }

    /// <summary>
    /// Stops what runs on this instance from other threads before its memory is freed: executions trap "terminated", and
    /// the threads of wasm_runtime_spawn_thread are waited for (as WAMR's deinstantiation waits for its cluster).
    /// Host threads using spawned exec envs are the host's to end first.
    /// </summary>
    private void StopSpawnedThreads()
    {
        SpawnedThread[] threads;
        lock (_spawned)
        {
            using var held = RaceDetector.Holding(_spawned);
            _disposing = true;
            threads = [.. _threads];
        }
        if (threads.Length == 0) return;
        Store.Terminate();
        foreach (var thread in threads)
            if (!thread.IsCurrentThread) thread.Join();
    }

    public void Dispose()
    {
        StopSpawnedThreads();
        Terminated = true;
        // wasi-threads: terminated and joined (within WasiThreads.JoinTimeout); what a thread stuck in a host call still
        // uses (the shared memory, the WASI context) is left to the process's end rather than freed under it.
        WasiThreads?.Dispose();
        bool threadsStopped = WasiThreads?.AllStopped ?? true;
        if (threadsStopped) WasiThreadsMemory?.Dispose();
        if (Singleton is not null) HandleTable.Remove(Singleton.Handle);
        lock (_spawned)
        {
            using var held = RaceDetector.Holding(_spawned);
            foreach (var env in _spawned) HandleTable.Remove(env.Handle);
            _spawned.Clear();
        }
        lock (_functionHandles)
        {
            using var held = RaceDetector.Holding(_functionHandles);
            foreach (var h in _functionHandles.Values) HandleTable.Remove(h);
            _functionHandles.Clear();
        }
        lock (_handles)
        {
            using var held = RaceDetector.Holding(_handles);
            foreach (var h in _handles) HandleTable.Remove(h);
            _handles.Clear();
        }
        ExternRefTable.ReleaseInstance(this);
        if (threadsStopped) Wasi?.Dispose();
        Store.Dispose();
        if (_exception is not null)
        {
            NativeMemory.Free(_exception);
            _exception = null;
        }
        HandleTable.Remove(Handle);
    }
}

/// <summary>A wasm_function_inst_t: a function and the instance it was looked up in.</summary>
internal sealed record FunctionRef(WamrInstance Owner, FunctionInstance Function);

/// <summary>
/// A wasm_exec_env_t. The interpreter keeps its stacks per thread, so an exec env is the calling context WAMR
/// promises: the instance, the user data, and the attachment of the native function running.
/// </summary>
internal sealed class ExecEnv(WamrInstance instance, uint stackSize)
{
    [ThreadStatic] public static ExecEnv? Current;

    public WamrInstance Instance = instance;
    public uint StackSize { get; } = stackSize;
    public nint Handle;
    public nint UserData;
    public nint Attachment;
    public IReadOnlyList<string> LastCallStack = [];

    /// <summary>Made by wasm_runtime_spawn_exec_env (destroyed by wasm_runtime_destroy_spawned_exec_env).</summary>
    public bool Spawned;

    /// <summary>The instance that counts this exec env among its spawned ones (<see cref="Instance"/> may be changed later).</summary>
    public WamrInstance Owner = instance;
}
