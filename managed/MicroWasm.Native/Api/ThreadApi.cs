using MicroWasm.Native.Interop;
using MicroWasm.Native.Wamr;

namespace MicroWasm.Native.Api;

/// <summary>Threads the host creates itself on an instance (WAMR's spawned exec envs), and threads the runtime creates for it.</summary>
public static unsafe class ThreadApi
{
    /// <summary>WAMR's CLUSTER_MAX_THREAD_NUM: spawned exec envs alive at once per instance, the main one not counted.</summary>
    internal static volatile uint MaxThreadNum = 4;

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_set_max_thread_num")]
    [CApi(CHeader.WasmExport, """
        Sets how many spawned exec envs (wasm_runtime_spawn_exec_env, wasm_runtime_spawn_thread) may be alive at once on
        one instance, its own exec envs not counted; 0 is ignored. The default is 4, as in WAMR.
        """)]
    public static void SetMaxThreadNum(uint num)
    {
        if (num > 0) MaxThreadNum = num;
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_spawn_exec_env")]
    [CApi(CHeader.WasmExport, """
        An exec env for another thread, on the same instance as @p exec_env (WAMR gives the thread an instance of its own
        that shares the memory; here the instance itself is shared: memory, globals and tables). Calls through different
        exec envs may run at once: the interpreter's stacks are per thread, and the instance's shared state (tables,
        growth of memory, references) is safe under concurrent use; plain (non-atomic) accesses to memory and globals
        race as they do in C. Call wasm_runtime_init_thread_env on the new thread first, and destroy the exec env with
        wasm_runtime_destroy_spawned_exec_env.
        @return the exec env, or NULL (beyond wasm_runtime_set_max_thread_num's limit; the reason in microwasm_last_error())
        """)]
    public static ExecEnvHandle SpawnExecEnv(ExecEnvHandle exec_env)
    {
        try
        {
            var env = Spawn(exec_env, "wasm_runtime_spawn_exec_env");
            return env is null ? default : new ExecEnvHandle(env.Handle);
        }
        catch (Exception e) { Errors.Fail(e); return default; }
    }

    private static ExecEnv? Spawn(ExecEnvHandle exec_env, string function)
    {
        var parent = InstanceApi.Get(exec_env);
        if (parent is null)
        {
            Errors.Fail($"{function}: invalid exec env");
            return null;
        }
        var env = parent.Instance.TrySpawn(parent, out string? refusal);
        if (env is null) Errors.Fail($"{function}: {refusal}");
        return env;
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_destroy_spawned_exec_env")]
    [CApi(CHeader.WasmExport, "Destroys an exec env made by wasm_runtime_spawn_exec_env; other exec envs are left alone.")]
    public static void DestroySpawnedExecEnv(ExecEnvHandle exec_env)
    {
        try
        {
            if (InstanceApi.Get(exec_env) is { Spawned: true } env) env.Owner.ReleaseSpawned(env);
        }
        catch (Exception e) { Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_spawn_thread")]
    [CApi(CHeader.WasmExport, """
        Starts a thread that calls @p callback(spawned_exec_env, @p arg) with an exec env spawned from @p exec_env (as
        wasm_runtime_spawn_exec_env makes one, counted against wasm_runtime_set_max_thread_num's limit) and destroys that
        exec env when the callback returns. The thread is already set up to call WebAssembly. Join it with
        wasm_runtime_join_thread; deinstantiating the instance terminates what still runs on it and waits for the thread.
        @param tid receives the thread's id
        @return 0 if success, -1 otherwise (the reason in microwasm_last_error())
        """)]
    public static int SpawnThread(ExecEnvHandle exec_env, [CType("wasm_thread_t *")] nuint* tid,
        [CType("wasm_thread_callback_t")] delegate* unmanaged<nint, void*, void*> callback, void* arg)
    {
        try
        {
            if (tid is null || callback is null)
            {
                Errors.Fail("wasm_runtime_spawn_thread: tid and callback must not be NULL");
                return -1;
            }
            var env = Spawn(exec_env, "wasm_runtime_spawn_thread");
            if (env is null) return -1;
            var thread = new SpawnedThread(env, callback, arg);
            if (!env.Owner.AddThread(thread))
            {
                env.Owner.ReleaseSpawned(env);
                Errors.Fail("wasm_runtime_spawn_thread: the instance is being deinstantiated");
                return -1;
            }
            thread.Handle = HandleTable.Add(thread);
            *tid = (nuint)thread.Handle;
            thread.Start();
            return 0;
        }
        catch (Exception e) { Errors.Fail(e); return -1; }
    }

    /// <summary>POSIX's numbers, which WAMR's join returns (from pthread_join).</summary>
    private const int Esrch = 3, Einval = 22, Edeadlk = 35;

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_join_thread")]
    [CApi(CHeader.WasmExport, """
        Waits for a thread of wasm_runtime_spawn_thread to end; its id is invalid afterwards.
        @param retval if not NULL, receives what the callback returned
        @return 0 if success, otherwise an errno as pthread_join gives: ESRCH for an unknown or already joined id, EINVAL
        when another join is waiting for it, EDEADLK when the thread joins itself
        """)]
    public static int JoinThread([CType("wasm_thread_t")] nuint tid, void** retval)
    {
        try
        {
            var thread = HandleTable.Get<SpawnedThread>((nint)tid);
            if (thread is null) return Esrch;
            if (thread.IsCurrentThread) return Edeadlk;
            if (!thread.TryClaimJoin()) return Einval;
            thread.Join();
            if (retval is not null) *retval = (void*)thread.Result;
            thread.Env.Owner.RemoveThread(thread);
            HandleTable.Remove(thread.Handle);
            return 0;
        }
        catch (Exception e) { Errors.Fail(e); return Einval; }
    }
}
