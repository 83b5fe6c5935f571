using System.Runtime.CompilerServices;
using MicroWasm.Native.Interop;
using MicroWasm.Native.Wamr;
using MicroWasm.Runtime;

namespace MicroWasm.Native.Api;

/// <summary>
/// Runtime lifetime, the runtime allocator, logging and threads. Every export catches everything (architecture
/// decision 2): a managed exception escaping an UnmanagedCallersOnly method would abort the host.
/// </summary>
public static unsafe class RuntimeApi
{
    internal static readonly Lock InitLock = new();
    internal static int InitCount;
    internal static RunningMode DefaultRunningMode = RunningMode.Mode_Interp;

    // The first export a host calls also starts the .NET runtime; keep stackalloc out of these frames
    // (a stack cookie set up before the runtime is initialised aborts the process).

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_init")]
    [CApi(CHeader.WasmExport, "Initializes the runtime with the system allocator. Call it, or wasm_runtime_full_init, before any other function.\n@return true if success, false otherwise")]
    public static bool Init()
    {
        try
        {
            lock (InitLock)
            {
                using var held = RaceDetector.Holding(InitLock);
                if (InitCount++ == 0) RuntimeAllocator.Current = new SystemAllocator();
            }
            return true;
        }
        catch (Exception e) { return Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_full_init")]
    [CApi(CHeader.WasmExport, "Initializes the runtime with the allocator, default running mode and natives of @p init_args.\nThe pool allocator serves wasm_runtime_malloc/realloc/free from the caller's buffer; the engine's own objects live on the .NET heap.\n@return true if success, false otherwise")]
    public static bool FullInit(RuntimeInitArgs* init_args)
    {
        try { return FullInitCore(init_args); }
        catch (Exception e) { return Errors.Fail(e); }
    }

    // Out of the export's frame: RuntimeInitArgs holds a fixed buffer, and a stack cookie in the frame that starts the
    // runtime fails the process (see above).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool FullInitCore(RuntimeInitArgs* init_args)
    {
        if (init_args is null) return Errors.Fail("wasm_runtime_full_init: init_args is NULL");
        var args = *init_args;
        RuntimeAllocator allocator;
        switch (args.mem_alloc_type)
        {
            case MemAllocType.Alloc_With_Pool:
                if (args.mem_alloc_option.pool.heap_buf is null || args.mem_alloc_option.pool.heap_size < 1024)
                    return Errors.Fail("wasm_runtime_full_init: the pool needs a buffer of at least 1024 bytes");
                allocator = new PoolAllocator(args.mem_alloc_option.pool.heap_buf, args.mem_alloc_option.pool.heap_size);
                break;
            case MemAllocType.Alloc_With_Allocator:
                if (args.mem_alloc_option.allocator.malloc_func is null || args.mem_alloc_option.allocator.free_func is null)
                    return Errors.Fail("wasm_runtime_full_init: malloc_func and free_func are required");
                allocator = new UserAllocator(args.mem_alloc_option.allocator);
                break;
            case MemAllocType.Alloc_With_System_Allocator:
                allocator = new SystemAllocator();
                break;
            default:
                return Errors.Fail($"wasm_runtime_full_init: unknown mem_alloc_type {(int)args.mem_alloc_type}");
        }
        if (args.running_mode != 0 && args.running_mode != RunningMode.Mode_Interp)
            return Errors.Fail($"wasm_runtime_full_init: running mode {(int)args.running_mode} is not supported (only Mode_Interp)");
        lock (InitLock)
        {
            using var held = RaceDetector.Holding(InitLock);
            InitCount++;
            RuntimeAllocator.Current = allocator;
        }
        // As iwasm's --enable-linux-perf: AOT modules loaded from now on are listed in /tmp/perf-PID.map.
        if (args.enable_linux_perf != 0) MicroWasm.Aot.AotPerfMap.Enabled = true;
        if (args.n_native_symbols > 0)
        {
            var name = args.native_module_name is null ? (byte*)CString.Allocate("env") : args.native_module_name;
            try
            {
                if (!NativeRegistry.Register(name, args.native_symbols, args.n_native_symbols, raw: false, out var error))
                    return Errors.Fail("wasm_runtime_full_init: " + error);
            }
            finally
            {
                if (args.native_module_name is null) CString.Free(name);
            }
        }
        return true;
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_destroy")]
    [CApi(CHeader.WasmExport, "Destroys the runtime: forgets registered natives and modules. Instances and modules still alive must not be used afterwards.")]
    public static void Destroy()
    {
        try
        {
            lock (InitLock)
            {
                using var held = RaceDetector.Holding(InitLock);
                if (InitCount == 0) return;
                if (--InitCount > 0) return;
                NativeRegistry.Clear();
                ModuleApi.ClearRegisteredModules();
                RuntimeAllocator.Current = new SystemAllocator();
            }
        }
        catch (Exception e) { Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_malloc")]
    [CApi(CHeader.WasmExport, "Allocates @p size bytes from the runtime allocator chosen at initialization.\n@return the memory, or NULL")]
    public static void* Malloc([CType("unsigned int")] uint size)
    {
        try { return RuntimeAllocator.Current.Allocate(size); }
        catch (Exception e) { Errors.Fail(e); return null; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_realloc")]
    [CApi(CHeader.WasmExport, "Reallocates memory from wasm_runtime_malloc.\n@return the memory, or NULL (then @p ptr is unchanged)")]
    public static void* Realloc(void* ptr, [CType("unsigned int")] uint size)
    {
        try { return RuntimeAllocator.Current.Reallocate(ptr, size); }
        catch (Exception e) { Errors.Fail(e); return null; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_free")]
    [CApi(CHeader.WasmExport, "Frees memory from wasm_runtime_malloc or wasm_runtime_realloc.")]
    public static void Free(void* ptr)
    {
        try { RuntimeAllocator.Current.Free(ptr); }
        catch (Exception e) { Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_mem_alloc_info")]
    [CApi(CHeader.WasmExport, "Usage of the pool allocator (only the pool mode keeps these numbers).\n@return true if success, false otherwise")]
    public static bool GetMemAllocInfo(MemAllocInfo* mem_alloc_info)
    {
        try
        {
            if (mem_alloc_info is null || !RuntimeAllocator.Current.TryGetInfo(out var info)) return false;
            *mem_alloc_info = info;
            return true;
        }
        catch (Exception e) { return Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_version")]
    [CApi(CHeader.WasmExport, "The WAMR API level this library implements (2.4.0); microwasm_get_version gives MicroWasm's own version.")]
    public static void GetVersion(uint* major, uint* minor, uint* patch)
    {
        try
        {
            if (major is not null) *major = 2;
            if (minor is not null) *minor = 4;
            if (patch is not null) *patch = 0;
        }
        catch (Exception e) { Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_set_log_level")]
    [CApi(CHeader.WasmExport, "Sets which runtime messages are printed (to stderr); warnings and worse by default.")]
    public static void SetLogLevel(LogLevel level)
    {
        try { Log.Level = (int)level; }
        catch (Exception e) { Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_is_running_mode_supported")]
    [CApi(CHeader.WasmExport, "Whether @p running_mode is available: only Mode_Interp.")]
    public static bool IsRunningModeSupported(RunningMode running_mode) => running_mode == RunningMode.Mode_Interp;

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_set_default_running_mode")]
    [CApi(CHeader.WasmExport, "Sets the running mode new instances get; only Mode_Interp is accepted.\n@return true if success, false otherwise")]
    public static bool SetDefaultRunningMode(RunningMode running_mode)
    {
        if (running_mode != RunningMode.Mode_Interp) return false;
        DefaultRunningMode = running_mode;
        return true;
    }

    [ThreadStatic] private static bool t_threadEnv;

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_init_thread_env")]
    [CApi(CHeader.WasmExport, "Prepares the calling thread, created by the host, to call WebAssembly. Pair with wasm_runtime_destroy_thread_env.\n@return true if success, false otherwise")]
    public static bool InitThreadEnv()
    {
        try
        {
            t_threadEnv = true;
            return true;
        }
        catch (Exception e) { return Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_destroy_thread_env")]
    [CApi(CHeader.WasmExport, "Ends what wasm_runtime_init_thread_env began on the calling thread.")]
    public static void DestroyThreadEnv()
    {
        try { t_threadEnv = false; }
        catch (Exception e) { Errors.Fail(e); }
    }

    /// <summary>What wasm_runtime_init_thread_env and wasm_runtime_destroy_thread_env do, for threads the runtime starts itself.</summary>
    internal static void MarkThreadEnv(bool inited) => t_threadEnv = inited;

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_thread_env_inited")]
    [CApi(CHeader.WasmExport, "Whether wasm_runtime_init_thread_env was called on this thread (and not yet destroyed).")]
    public static bool ThreadEnvInited() => t_threadEnv;
}

/// <summary>The "failed" path of exports without an error buffer: the message goes to microwasm_last_error().</summary>
internal static unsafe class Errors
{
    [ThreadStatic] private static byte* t_lastError;

    public static bool Fail(string message)
    {
        Set(message);
        return false;
    }

    public static bool Fail(Exception e) => Fail(e is WasmException ? e.Message : $"internal error: {e.GetType().Name}: {e.Message}");

    public static void Set(string message)
    {
        if (t_lastError is not null) CString.Free(t_lastError);
        t_lastError = CString.Allocate(message);
    }

    public static byte* Last => t_lastError;

    public static void Clear()
    {
        if (t_lastError is not null) CString.Free(t_lastError);
        t_lastError = null;
    }
}
