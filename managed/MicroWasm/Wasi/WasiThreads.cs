using System.Runtime.ExceptionServices;
using MicroWasm.Runtime;

namespace MicroWasm.Wasi;

/// <summary>
/// wasi-threads (github.com/WebAssembly/wasi-threads), as clang <c>-pthread</c> for <c>wasm32-wasi-threads</c> lays a program
/// out: the import <c>wasi</c> <c>thread-spawn</c>, the export <c>wasi_thread_start(tid, start_arg)</c> and an imported shared
/// memory. Each spawned thread runs on an instance of its own, in a store of its own, sharing the memory and the WASI context.
/// The first thread to end the program (proc_exit, a trap, or the main thread returning from <c>_start</c>) decides how it
/// ends, and every other thread is terminated (<see cref="Store.Terminate"/>).
/// </summary>
/// <remarks>
/// A thread blocked in a host call (a read of stdin, a sleep in poll_oneoff) stops only when the call returns;
/// <see cref="Dispose"/> waits for it at most <see cref="JoinTimeout"/>, then leaves it running and does not free what it uses.
/// </remarks>
public sealed class WasiThreads : IDisposable
{
    public const string ModuleName = "wasi";
    public const string SpawnName = "thread-spawn";
    /// <summary>The name before the proposal's witx switched to kebab case; the wasi-threads test suite still uses it.</summary>
    public const string LegacySpawnName = "thread_spawn";
    public const string StartExport = "wasi_thread_start";

    /// <summary>Spawned threads alive at once besides the main one: WAMR's default (CLUSTER_MAX_THREAD_NUM).</summary>
    public const int DefaultMaxThreads = 4;

    /// <summary>Thread ids are 1 to 0x1FFFFFFF: the proposal keeps the top bits for implementations (its "thread IDs" design choice).</summary>
    public const int MaxThreadId = 0x1FFFFFFF;

    /// <summary>How long <see cref="Dispose"/> waits for terminated threads to stop.</summary>
    public static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Native stack of a spawned thread: AOT code runs on it (the interpreter keeps its own stacks).</summary>
    private const int ThreadStackSize = 8 << 20;

    private readonly CompiledModule _module;
    private readonly Imports _imports;
    private readonly WasiContext _context;
    private readonly RuntimeOptions _options;
    private readonly object _lock = new();
    private readonly List<Store> _stores = [];
    private readonly List<Thread> _threads = [];
    private int _nextThreadId = 1;
    private int _running;
    private ExceptionDispatchInfo? _failure;
    private int? _exitCode;
    private bool _joined;

    /// <summary>
    /// Defines <c>thread-spawn</c> in <paramref name="imports"/>, which spawned instances are instantiated with too, and takes
    /// <paramref name="mainStore"/> as the main thread's store (terminated when another thread ends the program).
    /// </summary>
    public WasiThreads(CompiledModule module, Imports imports, WasiContext context, Store mainStore, int maxThreads = DefaultMaxThreads)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxThreads);
        _module = module;
        _imports = imports;
        _context = context;
        _options = mainStore.Options;
        MaxThreads = maxThreads;
        _stores.Add(mainStore);
        var type = new FuncType([ValueType.I32], [ValueType.I32]);
        HostFunctionCallback spawn = (args, results) => results[0] = Value.I32(Spawn(args[0].AsI32()));
        imports.DefineFunction(ModuleName, SpawnName, type, spawn);
        imports.DefineFunction(ModuleName, LegacySpawnName, type, spawn);
    }

    /// <summary>The most spawned threads alive at once; <c>thread-spawn</c> returns -EAGAIN beyond.</summary>
    public int MaxThreads { get; }

    /// <summary>
    /// Called on each spawned thread before it runs, and the result disposed when it has: what an embedder keeps per
    /// thread (the WAMR API gives each thread an exec env of its own).
    /// </summary>
    public Func<IDisposable?>? EnterThread { get; init; }

    /// <summary>
    /// Whether a thread has ended the program, and how: <paramref name="exitCode"/> from proc_exit, or the exception a
    /// thread stopped with (<paramref name="failure"/>).
    /// </summary>
    public bool HasEnded(out int exitCode, out Exception? failure)
    {
        lock (_lock)
        {
            using var held = RaceDetector.Holding(_lock);
            exitCode = _exitCode ?? 0;
            failure = _failure?.SourceException;
            return IsEnding;
        }
    }

    /// <summary>Ends the program with <paramref name="exitCode"/> (proc_exit on a thread that is not spawned here), unless
    /// it has ended already; every thread is terminated.</summary>
    public void Exit(int exitCode) => End(exitCode, null);

    /// <summary>Whether <paramref name="module"/> imports <c>thread-spawn</c>.</summary>
    public static bool IsImportedBy(CompiledModule module)
    {
        foreach (var i in module.Imports)
            if (i.ModuleName == ModuleName && i.Name is SpawnName or LegacySpawnName) return true;
        return false;
    }

    /// <summary>
    /// The memory a wasi-threads program imports (clang's <c>--import-memory</c>: usually <c>env</c> <c>memory</c>, shared),
    /// created from its declared limits and defined in <paramref name="imports"/>, unless something is defined there already.
    /// Null when there is nothing to create. The caller disposes it once every thread has stopped.
    /// </summary>
    public static MemoryInstance? CreateImportedMemory(CompiledModule module, Imports imports, RuntimeOptions options)
    {
        foreach (var import in module.Imports)
        {
            if (import.Type.Memory is not { } type || imports.TryGet(import.ModuleName, import.Name, out _)) continue;
            var memory = new MemoryInstance(type, options.MaxMemoryPages);
            imports.Define(import.ModuleName, import.Name, memory);
            return memory;
        }
        return null;
    }

    /// <summary>
    /// thread-spawn: instantiates the module again in a new store and runs <c>wasi_thread_start(tid, startArg)</c> on a new
    /// thread. Returns the thread id, or a negative errno: -EAGAIN when <see cref="MaxThreads"/> are running, the ids are
    /// used up or the program is ending; -EINVAL when the new instance cannot be made or lacks the export.
    /// </summary>
    private int Spawn(int startArg)
    {
        int tid;
        lock (_lock)
        {
            using var held = RaceDetector.Holding(_lock);
            if (IsEnding || _running >= MaxThreads || _nextThreadId > MaxThreadId) return -(int)Errno.Again;
            tid = _nextThreadId++;
            _running++;
        }
        var store = new Store(_options);
        try
        {
            var instance = store.Instantiate(_module, _imports, _context.BindIfExported);
            var start = instance.GetFunction(StartExport);
            if (start.Type.Parameters is not [ValueType.I32, ValueType.I32] || start.Type.Results.Length != 0)
                throw new LinkException($"{StartExport} must take (i32 i32) and return nothing, it is {start.Type}");
            var thread = new Thread(() => Run(store, start, tid, startArg), ThreadStackSize)
            {
                IsBackground = true, // A thread stuck in a host call must not keep the process alive after the program ended.
                Name = $"wasi-thread-{tid}",
            };
            lock (_lock)
            {
                using var held = RaceDetector.Holding(_lock);
                if (IsEnding) throw new InvalidOperationException("the program is ending");
                _stores.Add(store);
                _threads.Add(thread);
            }
            thread.Start();
            return tid;
        }
        catch (Exception e) when (e is WasmException or KeyNotFoundException or InvalidOperationException or WasiExitException)
        {
            // The main thread's trap or exit reaches it through termination; here the spawn just fails.
            lock (_lock)
            {
                using var held = RaceDetector.Holding(_lock);
                _running--;
            }
            store.Dispose();
            return e is InvalidOperationException ? -(int)Errno.Again : -(int)Errno.Inval;
        }
    }

    private void Run(Store store, FunctionInstance start, int tid, int startArg)
    {
        try
        {
            using var embedding = EnterThread?.Invoke();
            start.Invoke(Value.I32(tid), Value.I32(startArg));
        }
        catch (Exception e) when (WasiExitException.TryGetExitCode(e, out int code))
        {
            End(code, null);
        }
        catch (Exception e)
        {
            // A trap in any thread ends the program (as in WAMR and Wasmtime). When the program is already ending this is
            // the "terminated" trap of that ending, and the first outcome stands.
            End(0, ExceptionDispatchInfo.Capture(e));
        }
        finally
        {
            lock (_lock)
            {
                using var held = RaceDetector.Holding(_lock);
                _stores.Remove(store);
            }
            store.Dispose();
            // Forgotten once done, so that a program spawning many short threads holds only the running ones.
            lock (_lock)
            {
                using var held = RaceDetector.Holding(_lock);
                _running--;
                _threads.Remove(Thread.CurrentThread);
            }
        }
    }

    private bool IsEnding => _exitCode is not null || _failure is not null;

    /// <summary>Records how the program ends, if nothing has yet, and terminates every thread.</summary>
    private void End(int exitCode, ExceptionDispatchInfo? failure)
    {
        lock (_lock)
        {
            using var held = RaceDetector.Holding(_lock);
            if (IsEnding) return;
            if (failure is null) _exitCode = exitCode;
            else _failure = failure;
            _context.ProgramEnding = true;
            foreach (var store in _stores) store.Terminate();
        }
    }

    /// <summary>
    /// Ends the program as the main thread finished it (<paramref name="exitCode"/>, or the exception it stopped with) unless
    /// another thread ended it first, stops every thread and returns the exit code, or rethrows the trap that ended it.
    /// </summary>
    public int Finish(int exitCode, Exception? failure)
    {
        End(exitCode, failure is null ? null : ExceptionDispatchInfo.Capture(failure));
        StopAll();
        _failure?.Throw();
        return _exitCode!.Value;
    }

    /// <summary>Waits for every spawned thread, all together at most <see cref="JoinTimeout"/>; once.</summary>
    private void StopAll()
    {
        Thread[] threads;
        lock (_lock)
        {
            using var held = RaceDetector.Holding(_lock);
            if (_joined) return;
            _joined = true;
            threads = [.. _threads];
        }
        var deadline = DateTime.UtcNow + JoinTimeout;
        foreach (var thread in threads)
        {
            var left = deadline - DateTime.UtcNow;
            if (!thread.Join(left > TimeSpan.Zero ? left : TimeSpan.Zero)) AllStopped = false;
        }
    }

    /// <summary>
    /// After <see cref="Finish"/> or <see cref="Dispose"/>: whether every spawned thread has stopped, so that the memory and the
    /// WASI context they used may be freed.
    /// </summary>
    public bool AllStopped { get; private set; } = true;

    /// <summary>Terminates and joins every thread still running (when the main thread never got to <see cref="Finish"/>).</summary>
    public void Dispose()
    {
        End(0, null);
        StopAll();
    }
}
