using MicroWasm.Native.Interop;
using MicroWasm.Native.Wamr;

namespace MicroWasm.Native.Api;

/// <summary>Exec envs for threads the host creates itself (WAMR's spawned exec envs).</summary>
public static unsafe class ThreadApi
{
    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_spawn_exec_env")]
    [CApi(CHeader.WasmExport, """
        An exec env for another thread, on the same instance as @p exec_env (WAMR gives the thread an instance of its own
        that shares the memory; here the instance itself is shared: memory, globals and tables). The interpreter's stacks
        are per thread, so the two threads may call at once; the instance's own state is not locked, so they must not grow
        memory, use tables or pass references concurrently. Call wasm_runtime_init_thread_env on the new thread first, and
        destroy the exec env with wasm_runtime_destroy_spawned_exec_env.
        @return the exec env, or NULL
        """)]
    public static ExecEnvHandle SpawnExecEnv(ExecEnvHandle exec_env)
    {
        try
        {
            var parent = InstanceApi.Get(exec_env);
            if (parent is null)
            {
                Errors.Fail("wasm_runtime_spawn_exec_env: invalid exec env");
                return default;
            }
            var env = new ExecEnv(parent.Instance, parent.StackSize) { Spawned = true, UserData = parent.UserData };
            env.Handle = HandleTable.Add(env);
            return new ExecEnvHandle(env.Handle);
        }
        catch (Exception e) { Errors.Fail(e); return default; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_destroy_spawned_exec_env")]
    [CApi(CHeader.WasmExport, "Destroys an exec env made by wasm_runtime_spawn_exec_env; other exec envs are left alone.")]
    public static void DestroySpawnedExecEnv(ExecEnvHandle exec_env)
    {
        try
        {
            if (InstanceApi.Get(exec_env) is { Spawned: true } env) HandleTable.Remove(env.Handle);
        }
        catch (Exception e) { Errors.Fail(e); }
    }
}
