using MicroWasm.Native.Interop;
using MicroWasm.Native.Wamr;
using MicroWasm.Runtime;

namespace MicroWasm.Native.Api;

/// <summary>Instances, exec envs, exceptions and per-instance data.</summary>
public static unsafe class InstanceApi
{
    internal static WamrInstance? Get(InstanceHandle inst) => HandleTable.Get<WamrInstance>(inst.Value);
    internal static ExecEnv? Get(ExecEnvHandle env) => HandleTable.Get<ExecEnv>(env.Value);

    private static InstanceHandle InstantiateCore(ModuleHandle module, uint stack, uint heap, uint maxPages, byte* error_buf, uint error_buf_size)
    {
        const string prefix = "WASM module instantiate failed: ";
        var m = ModuleApi.Get(module);
        if (m is null)
        {
            CString.WriteError(error_buf, error_buf_size, prefix + "invalid module");
            return default;
        }
        try
        {
            var instance = Instantiator.Instantiate(m, stack == 0 ? 16 * 1024 : stack, heap, maxPages);
            instance.Handle = HandleTable.Add(instance);
            Interlocked.Increment(ref m.InstanceCount);
            return new InstanceHandle(instance.Handle);
        }
        catch (TrapException trap)
        {
            CString.WriteError(error_buf, error_buf_size, prefix + "Exception: " + Invoker.TrapMessage(trap));
        }
        catch (Exception e)
        {
            CString.WriteError(error_buf, error_buf_size, prefix + e.Message);
        }
        return default;
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_instantiate")]
    [CApi(CHeader.WasmExport, "Instantiates @p module: links its imports to registered natives, runs its start function, and appends an app heap of @p host_managed_heap_size bytes to its memory (for wasm_runtime_module_malloc).\n@p default_stack_size sizes the interpreter stack (WAMR's 4-byte cells are 8-byte slots here, so it is doubled, at least 64 KiB).\n@return the instance, or NULL with \"WASM module instantiate failed: <reason>\" in @p error_buf")]
    public static InstanceHandle Instantiate(ModuleHandle module, uint default_stack_size, uint host_managed_heap_size, [CType("char *")] byte* error_buf, uint error_buf_size)
    {
        try { return InstantiateCore(module, default_stack_size, host_managed_heap_size, 0, error_buf, error_buf_size); }
        catch (Exception e) { Errors.Fail(e); return default; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_instantiate_ex")]
    [CApi(CHeader.WasmExport, "wasm_runtime_instantiate with InstantiationArgs; max_memory_pages, when not 0, caps every memory. Host-provided imports (import_count) are not supported yet and fail.")]
    public static InstanceHandle InstantiateEx(ModuleHandle module, [CType("const InstantiationArgs *")] InstantiationArgs* args, [CType("char *")] byte* error_buf, uint error_buf_size)
    {
        try
        {
            if (args is null)
            {
                CString.WriteError(error_buf, error_buf_size, "WASM module instantiate failed: args is NULL");
                return default;
            }
            if (args->import_count > 0)
            {
                CString.WriteError(error_buf, error_buf_size, "WASM module instantiate failed: unsupported: InstantiationArgs.imports");
                return default;
            }
            return InstantiateCore(module, args->default_stack_size, args->host_managed_heap_size, args->max_memory_pages, error_buf, error_buf_size);
        }
        catch (Exception e) { Errors.Fail(e); return default; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_deinstantiate")]
    [CApi(CHeader.WasmExport, "Destroys an instance: frees its memories, its function handles and its singleton exec env. Exec envs made with wasm_runtime_create_exec_env must be destroyed by the caller.")]
    public static void Deinstantiate(InstanceHandle module_inst)
    {
        try
        {
            var instance = Get(module_inst);
            if (instance is null) return;
            Interlocked.Decrement(ref instance.Module.InstanceCount);
            instance.Dispose();
        }
        catch (Exception e) { Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_module")]
    [CApi(CHeader.WasmExport, "The module @p module_inst was instantiated from.")]
    public static ModuleHandle GetModule(InstanceHandle module_inst) => Get(module_inst) is { } i ? new ModuleHandle(i.Module.Handle) : default;

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_set_running_mode")]
    [CApi(CHeader.WasmExport, "For an instance of bytecode only Mode_Interp is available; an instance of an AOT artifact runs its native code whatever the mode (WAMR ignores the mode of AOT instances too).\n@return true for Mode_Interp or an AOT instance, false otherwise")]
    public static bool SetRunningMode(InstanceHandle module_inst, RunningMode running_mode) => Get(module_inst) switch
    {
        null => false,
        { Module.Compiled.IsAot: true } => true,
        _ => running_mode == RunningMode.Mode_Interp,
    };

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_running_mode")]
    [CApi(CHeader.WasmExport, "Mode_Interp for an instance of bytecode; 0 for an instance of an AOT artifact, as WAMR returns for AOT instances.")]
    public static RunningMode GetRunningMode(InstanceHandle module_inst) =>
        Get(module_inst) is { Module.Compiled.IsAot: true } ? 0 : RunningMode.Mode_Interp;

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_lookup_function")]
    [CApi(CHeader.WasmExport, "The exported function @p name of @p module_inst; the handle lives as long as the instance.\n@return the function, or NULL")]
    public static FunctionHandle LookupFunction(InstanceHandle module_inst, [CType("const char *")] byte* name)
    {
        try
        {
            var instance = Get(module_inst);
            string? n = CString.Read(name);
            if (instance is null || n is null) return default;
            return instance.Instance.TryGetExport(n, out var e) && e is FunctionInstance f ? new FunctionHandle(instance.FunctionHandle(f)) : default;
        }
        catch (Exception e) { Errors.Fail(e); return default; }
    }

    internal static FunctionRef? GetFunction(FunctionHandle f) => HandleTable.Get<FunctionRef>(f.Value);

    [UnmanagedCallersOnly(EntryPoint = "wasm_func_get_param_count")]
    [CApi(CHeader.WasmExport, "The number of parameters of @p func_inst.")]
    public static uint FuncGetParamCount(FunctionHandle func_inst, InstanceHandle module_inst) => (uint)(GetFunction(func_inst)?.Function.Type.Parameters.Length ?? 0);

    [UnmanagedCallersOnly(EntryPoint = "wasm_func_get_result_count")]
    [CApi(CHeader.WasmExport, "The number of results of @p func_inst.")]
    public static uint FuncGetResultCount(FunctionHandle func_inst, InstanceHandle module_inst) => (uint)(GetFunction(func_inst)?.Function.Type.Results.Length ?? 0);

    [UnmanagedCallersOnly(EntryPoint = "wasm_func_get_param_types")]
    [CApi(CHeader.WasmExport, "Writes the kinds of @p func_inst's parameters to @p param_types (wasm_func_get_param_count entries).")]
    public static void FuncGetParamTypes(FunctionHandle func_inst, InstanceHandle module_inst, ValKind* param_types)
    {
        try
        {
            var f = GetFunction(func_inst);
            if (f is null || param_types is null) return;
            var p = f.Function.Type.Parameters;
            for (int i = 0; i < p.Length; i++) param_types[i] = Invoker.KindOf(p[i]);
        }
        catch (Exception e) { Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_func_get_result_types")]
    [CApi(CHeader.WasmExport, "Writes the kinds of @p func_inst's results to @p result_types (wasm_func_get_result_count entries).")]
    public static void FuncGetResultTypes(FunctionHandle func_inst, InstanceHandle module_inst, ValKind* result_types)
    {
        try
        {
            var f = GetFunction(func_inst);
            if (f is null || result_types is null) return;
            var r = f.Function.Type.Results;
            for (int i = 0; i < r.Length; i++) result_types[i] = Invoker.KindOf(r[i]);
        }
        catch (Exception e) { Errors.Fail(e); }
    }

    // --- exec envs ---

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_create_exec_env")]
    [CApi(CHeader.WasmExport, "Creates an exec env to call into @p module_inst from one thread at a time. The interpreter stack is per thread and sized at instantiation; @p stack_size is recorded only.\n@return the exec env, or NULL")]
    public static ExecEnvHandle CreateExecEnv(InstanceHandle module_inst, uint stack_size)
    {
        try
        {
            var instance = Get(module_inst);
            if (instance is null) return default;
            var env = new ExecEnv(instance, stack_size);
            env.Handle = HandleTable.Add(env);
            return new ExecEnvHandle(env.Handle);
        }
        catch (Exception e) { Errors.Fail(e); return default; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_destroy_exec_env")]
    [CApi(CHeader.WasmExport, "Destroys an exec env made by wasm_runtime_create_exec_env.")]
    public static void DestroyExecEnv(ExecEnvHandle exec_env)
    {
        try
        {
            var env = Get(exec_env);
            if (env is null || env == env.Instance.Singleton) return;
            HandleTable.Remove(env.Handle);
        }
        catch (Exception e) { Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_exec_env_singleton")]
    [CApi(CHeader.WasmExport, "The instance's own exec env (the one wasm_application_execute_* use); owned by the instance, not to be destroyed.")]
    public static ExecEnvHandle GetExecEnvSingleton(InstanceHandle module_inst)
    {
        try { return Get(module_inst) is { } i ? new ExecEnvHandle(Instantiator.GetSingleton(i).Handle) : default; }
        catch (Exception e) { Errors.Fail(e); return default; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_module_inst")]
    [CApi(CHeader.WasmExport, "The instance @p exec_env calls into.")]
    public static InstanceHandle GetModuleInst(ExecEnvHandle exec_env) => Get(exec_env) is { } e ? new InstanceHandle(e.Instance.Handle) : default;

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_set_module_inst")]
    [CApi(CHeader.WasmExport, "Points @p exec_env at another instance.")]
    public static void SetModuleInst(ExecEnvHandle exec_env, InstanceHandle module_inst)
    {
        try
        {
            if (Get(exec_env) is { } env && Get(module_inst) is { } instance) env.Instance = instance;
        }
        catch (Exception e) { Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_function_attachment")]
    [CApi(CHeader.WasmExport, "The attachment of the NativeSymbol whose function is running on @p exec_env.")]
    public static void* GetFunctionAttachment(ExecEnvHandle exec_env) => Get(exec_env) is { } e ? (void*)e.Attachment : null;

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_set_user_data")]
    [CApi(CHeader.WasmExport, "Stores a pointer in @p exec_env for the host.")]
    public static void SetUserData(ExecEnvHandle exec_env, void* user_data)
    {
        if (Get(exec_env) is { } e) e.UserData = (nint)user_data;
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_user_data")]
    [CApi(CHeader.WasmExport, "The pointer stored by wasm_runtime_set_user_data, or NULL.")]
    public static void* GetUserData(ExecEnvHandle exec_env) => Get(exec_env) is { } e ? (void*)e.UserData : null;

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_set_native_stack_boundary")]
    [CApi(CHeader.WasmExport, "Accepted and ignored: the interpreter keeps its own stack, and AOT code bounds its native stack from the thread's real stack bounds (pthread_getattr_np), keeping 256 KiB free below its limit for natives and the runtime.")]
    public static void SetNativeStackBoundary(ExecEnvHandle exec_env, byte* native_stack_boundary) { }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_detect_native_stack_overflow")]
    [CApi(CHeader.WasmExport, "For a native that recurses: whether the calling thread's native stack (its real bounds, from pthread_getattr_np) still has room. Interpreted calls do not grow the native stack; AOT code traps (\"wasm operand stack overflow\") before it reaches the 256 KiB it keeps free for natives and the runtime.\n@return true if so; false with the exception \"native stack overflow\" set")]
    public static bool DetectNativeStackOverflow(ExecEnvHandle exec_env) => NativeStackHasRoom(exec_env, 0);

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_detect_native_stack_overflow_size")]
    [CApi(CHeader.WasmExport, "wasm_runtime_detect_native_stack_overflow for a native that needs @p required_size bytes of native stack.\n@return true if they are free; false with the exception \"native stack overflow\" set")]
    public static bool DetectNativeStackOverflowSize(ExecEnvHandle exec_env, uint required_size) => NativeStackHasRoom(exec_env, required_size);

    /// <summary>Room the runtime keeps for itself below a native's frames: the way back out, the exception, the trap path.</summary>
    private const long NativeStackMargin = 16 * 1024;

    private static bool NativeStackHasRoom(ExecEnvHandle exec_env, uint required)
    {
        try
        {
            byte here;
            nint sp = (nint)(&here);
            if (!MicroWasm.Aot.NativeStack.TryGetLowest(out nint lowest)) return true; // bounds unknown: nothing to compare
            if ((long)sp - (long)lowest >= required + NativeStackMargin) return true;
            Get(exec_env)?.Instance.SetException("native stack overflow");
            return false;
        }
        catch (Exception e) { return Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_begin_blocking_op")]
    [CApi(CHeader.WasmExport, "Marks the start of a blocking host operation; false when the instance was terminated.")]
    public static bool BeginBlockingOp(ExecEnvHandle exec_env) => Get(exec_env) is { } e && !e.Instance.Terminated;

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_end_blocking_op")]
    [CApi(CHeader.WasmExport, "Marks the end of a blocking host operation.")]
    public static void EndBlockingOp(ExecEnvHandle exec_env) { }

    // --- exceptions ---

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_exception")]
    [CApi(CHeader.WasmExport, "The instance's exception, e.g. \"Exception: out of bounds memory access\", or NULL when there is none. Valid until the exception changes.")]
    [return: CType("const char *")]
    public static byte* GetException(InstanceHandle module_inst)
    {
        try { return Get(module_inst)?.ExceptionText; }
        catch (Exception e) { Errors.Fail(e); return null; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_set_exception")]
    [CApi(CHeader.WasmExport, "Sets the instance's exception to \"Exception: @p exception\" (NULL clears it). A native function that sets it makes the WebAssembly call trap when it returns.")]
    public static void SetException(InstanceHandle module_inst, [CType("const char *")] byte* exception)
    {
        try
        {
            var instance = Get(module_inst);
            if (instance is null) return;
            if (exception is null) instance.ClearException();
            else instance.SetException(CString.Read(exception)!);
        }
        catch (Exception e) { Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_clear_exception")]
    [CApi(CHeader.WasmExport, "Clears the instance's exception.")]
    public static void ClearException(InstanceHandle module_inst)
    {
        try { Get(module_inst)?.ClearException(); }
        catch (Exception e) { Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_terminate")]
    [CApi(CHeader.WasmExport, "Makes the instance fail as if it trapped (\"Exception: terminated by user\"): a running call stops at its next call or loop iteration (a native function that is running is not interrupted). Any thread may call it. Calls made afterwards fail the same way.")]
    public static void Terminate(InstanceHandle module_inst)
    {
        try
        {
            var instance = Get(module_inst);
            if (instance is not null)
            {
                instance.Terminated = true;
                instance.Store.Terminate(); // the interpreter checks it at calls and loop back-edges
            }
        }
        catch (Exception e) { Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_set_custom_data")]
    [CApi(CHeader.WasmExport, "Stores a pointer in the instance for the host.")]
    public static void SetCustomData(InstanceHandle module_inst, void* custom_data)
    {
        if (Get(module_inst) is { } i) i.CustomData = (nint)custom_data;
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_custom_data")]
    [CApi(CHeader.WasmExport, "The pointer stored by wasm_runtime_set_custom_data, or NULL.")]
    public static void* GetCustomData(InstanceHandle module_inst) => Get(module_inst) is { } i ? (void*)i.CustomData : null;

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_set_bounds_checks")]
    [CApi(CHeader.WasmExport, "Accepted and ignored: every memory access is checked, always.")]
    public static void SetBoundsChecks(InstanceHandle module_inst, bool enable) { }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_is_bounds_checks_enabled")]
    [CApi(CHeader.WasmExport, "Always true.")]
    public static bool IsBoundsChecksEnabled(InstanceHandle module_inst) => true;

    // --- context keys (per-instance data of native libraries) ---

    private static long s_nextKey;
    private static readonly Dictionary<nint, nint> s_keyDestructors = [];

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_create_context_key")]
    [CApi(CHeader.WasmExport, "A new key for wasm_runtime_set_context. @p dtor is recorded but not called yet: free contexts before deinstantiating.")]
    public static void* CreateContextKey([CType("void (*dtor)(wasm_module_inst_t inst, void *ctx)")] void* dtor)
    {
        try
        {
            nint key = (nint)(Interlocked.Increment(ref s_nextKey) << 4);
            lock (s_keyDestructors)
            {
                using var held = RaceDetector.Holding(s_keyDestructors);
                s_keyDestructors[key] = (nint)dtor;
            }
            return (void*)key;
        }
        catch (Exception e) { Errors.Fail(e); return null; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_destroy_context_key")]
    [CApi(CHeader.WasmExport, "Forgets a key made by wasm_runtime_create_context_key.")]
    public static void DestroyContextKey(void* key)
    {
        try
        {
            lock (s_keyDestructors)
            {
                using var held = RaceDetector.Holding(s_keyDestructors);
                s_keyDestructors.Remove((nint)key);
            }
        }
        catch (Exception e) { Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_set_context")]
    [CApi(CHeader.WasmExport, "Stores @p ctx in @p inst under @p key.")]
    public static void SetContext(InstanceHandle inst, void* key, void* ctx)
    {
        try
        {
            if (Get(inst) is not { } i) return;
            lock (i.Contexts)
            {
                using var held = RaceDetector.Holding(i.Contexts);
                i.Contexts[(nint)key] = (nint)ctx;
            }
        }
        catch (Exception e) { Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_set_context_spread")]
    [CApi(CHeader.WasmExport, "Same as wasm_runtime_set_context (an instance has no spawned threads here).")]
    public static void SetContextSpread(InstanceHandle inst, void* key, void* ctx)
    {
        try
        {
            if (Get(inst) is not { } i) return;
            lock (i.Contexts)
            {
                using var held = RaceDetector.Holding(i.Contexts);
                i.Contexts[(nint)key] = (nint)ctx;
            }
        }
        catch (Exception e) { Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_context")]
    [CApi(CHeader.WasmExport, "The context stored in @p inst under @p key, or NULL.")]
    public static void* GetContext(InstanceHandle inst, void* key)
    {
        try
        {
            if (Get(inst) is not { } i) return null;
            lock (i.Contexts)
            {
                using var held = RaceDetector.Holding(i.Contexts);
                return i.Contexts.TryGetValue((nint)key, out var v) ? (void*)v : null;
            }
        }
        catch (Exception e) { Errors.Fail(e); return null; }
    }

    // --- call stacks and diagnostics ---

    private static string CallStackText(ExecEnv env)
    {
        var frames = env.LastCallStack;
        if (frames.Count == 0) return "#00: (call stack not recorded)\n";
        var text = new System.Text.StringBuilder();
        for (int i = 0; i < frames.Count; i++) text.Append($"#{i:D2}: {frames[i]}\n");
        return text.ToString();
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_dump_call_stack")]
    [CApi(CHeader.WasmExport, "Prints the WebAssembly call stack of the last trap on @p exec_env to stdout.")]
    public static void DumpCallStack(ExecEnvHandle exec_env)
    {
        try
        {
            if (Get(exec_env) is { } env) Log.Stdout(CallStackText(env));
        }
        catch (Exception e) { Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_call_stack_buf_size")]
    [CApi(CHeader.WasmExport, "The buffer size wasm_runtime_dump_call_stack_to_buf needs, NUL included; 0 on error.")]
    public static uint GetCallStackBufSize(ExecEnvHandle exec_env)
    {
        try { return Get(exec_env) is { } env ? (uint)System.Text.Encoding.UTF8.GetByteCount(CallStackText(env)) + 1 : 0; }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_dump_call_stack_to_buf")]
    [CApi(CHeader.WasmExport, "Writes the call stack of the last trap to @p buf.\n@return the bytes written, NUL included; 0 on error")]
    public static uint DumpCallStackToBuf(ExecEnvHandle exec_env, [CType("char *")] byte* buf, uint len)
    {
        try
        {
            if (Get(exec_env) is not { } env || buf is null || len == 0) return 0;
            return (uint)CString.Copy(CallStackText(env), buf, len) + 1;
        }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_dump_mem_consumption")]
    [CApi(CHeader.WasmExport, "Prints the instance's memory use to stdout.")]
    public static void DumpMemConsumption(ExecEnvHandle exec_env)
    {
        try
        {
            if (Get(exec_env) is not { } env) return;
            var i = env.Instance;
            Log.Stdout($"Memory consumption of instance {i.Handle:x}:\n  linear memory: {i.MemorySize} bytes\n  app heap: {i.Heap?.Size ?? 0} bytes\n  managed heap (whole runtime): {GC.GetTotalMemory(false)} bytes\n");
        }
        catch (Exception e) { Errors.Fail(e); }
    }
}
