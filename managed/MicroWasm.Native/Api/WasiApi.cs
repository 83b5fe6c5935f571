using MicroWasm.Native.Interop;
using MicroWasm.Native.Wamr;
using MicroWasm.Runtime;

namespace MicroWasm.Native.Api;

/// <summary>WASI (preview1) through WAMR's API: arguments per module, WASI mode, the start function, main and exit codes.</summary>
public static unsafe class WasiApi
{
    private static WasiArgs? ArgsOf(ModuleHandle module, string function)
    {
        var m = ModuleApi.Get(module);
        if (m is null)
        {
            Errors.Fail($"{function}: invalid module");
            return null;
        }
        // Each setter replaces its part only, as WAMR's do; instances made earlier keep what they had.
        var current = m.Wasi ?? new WasiArgs();
        return m.Wasi = current;
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_set_wasi_args_ex")]
    [CApi(CHeader.WasmExport, """
        Sets the WASI arguments of the instances @p module will have (the strings are copied now; WAMR reads them at
        instantiation). Directories of @p dir_list are preopened under the name given, then each "GUEST::HOST" entry of
        @p map_dir_list is preopened as GUEST, from descriptor 3 on. @p env entries are "NAME=VALUE". @p argv is the
        program's argv, its name first. @p stdinfd, @p stdoutfd and @p stderrfd are host descriptors for the guest's 0, 1
        and 2 (-1: the host's own); the host keeps them open while the instances live.
        A module that imports wasi_snapshot_preview1 gets WASI even without this call: no arguments, the host's stdio.
        A directory that cannot be opened fails the instantiation ("error while pre-opening directory ...").
        """)]
    public static void SetWasiArgsEx(ModuleHandle module, [CType("const char *[]")] byte** dir_list, uint dir_count,
        [CType("const char *[]")] byte** map_dir_list, uint map_dir_count, [CType("const char *[]")] byte** env, uint env_count,
        [CType("char *[]")] byte** argv, [CType("int")] int argc, long stdinfd, long stdoutfd, long stderrfd)
    {
        try { SetArgs(module, "wasm_runtime_set_wasi_args_ex", dir_list, dir_count, map_dir_list, map_dir_count, env, env_count, argv, argc, stdinfd, stdoutfd, stderrfd); }
        catch (Exception e) { Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_set_wasi_args")]
    [CApi(CHeader.WasmExport, "wasm_runtime_set_wasi_args_ex with the host's stdin, stdout and stderr.")]
    public static void SetWasiArgs(ModuleHandle module, [CType("const char *[]")] byte** dir_list, uint dir_count,
        [CType("const char *[]")] byte** map_dir_list, uint map_dir_count, [CType("const char *[]")] byte** env, uint env_count,
        [CType("char *[]")] byte** argv, [CType("int")] int argc)
    {
        try { SetArgs(module, "wasm_runtime_set_wasi_args", dir_list, dir_count, map_dir_list, map_dir_count, env, env_count, argv, argc, -1, -1, -1); }
        catch (Exception e) { Errors.Fail(e); }
    }

    private static void SetArgs(ModuleHandle module, string function, byte** dirs, uint dirCount, byte** maps, uint mapCount,
        byte** env, uint envCount, byte** argv, int argc, long stdin, long stdout, long stderr)
    {
        if (ArgsOf(module, function) is not { } args) return;
        args.Dirs = WasiArgs.ReadList(dirs, dirCount);
        args.MapDirs = WasiArgs.ReadList(maps, mapCount);
        args.Env = WasiArgs.ReadList(env, envCount);
        args.Argv = WasiArgs.ReadList(argv, argc);
        args.Stdin = stdin;
        args.Stdout = stdout;
        args.Stderr = stderr;
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_set_wasi_addr_pool")]
    [CApi(CHeader.WasmExport, "Stores the addresses (\"ADDR/MASK\") WAMR's socket extension may use. MicroWasm provides preview1's sock_accept/recv/send/shutdown only, on sockets the embedder hands in, so the pool is kept but nothing reads it: WAMR's extension imports (sock_open, sock_bind, sock_connect, ...) stay unlinked and fail when called.")]
    public static void SetWasiAddrPool(ModuleHandle module, [CType("const char *[]")] byte** addr_pool, uint addr_pool_size)
    {
        try
        {
            if (ArgsOf(module, "wasm_runtime_set_wasi_addr_pool") is { } args) args.AddrPool = WasiArgs.ReadList(addr_pool, addr_pool_size);
        }
        catch (Exception e) { Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_set_wasi_ns_lookup_pool")]
    [CApi(CHeader.WasmExport, "Stores the host names WAMR's sock_addr_resolve may look up. Kept but unused, as the address pool: name resolution is not provided.")]
    public static void SetWasiNsLookupPool(ModuleHandle module, [CType("const char *[]")] byte** ns_lookup_pool, uint ns_lookup_pool_size)
    {
        try
        {
            if (ArgsOf(module, "wasm_runtime_set_wasi_ns_lookup_pool") is { } args) args.NsLookupPool = WasiArgs.ReadList(ns_lookup_pool, ns_lookup_pool_size);
        }
        catch (Exception e) { Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_is_wasi_mode")]
    [CApi(CHeader.WasmExport, "Whether the instance's module imports WASI (wasi_snapshot_preview1 or wasi_unstable), which gives it a WASI context.")]
    public static bool IsWasiMode(InstanceHandle module_inst)
    {
        try { return InstanceApi.Get(module_inst) is { } i && WasiLink.ImportsWasi(i.Module.Compiled); }
        catch (Exception e) { return Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_wasi_exit_code")]
    [CApi(CHeader.WasmExport, "The code the program gave proc_exit; 0 while it has not exited (or returned from _start).")]
    public static uint GetWasiExitCode(InstanceHandle module_inst)
    {
        try { return InstanceApi.Get(module_inst)?.WasiExitCode ?? 0; }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }

    /// <summary>WAMR's rule: an exported <c>_start</c> of type [] → [], whether or not the module imports WASI.</summary>
    private static FunctionInstance? StartFunction(WamrInstance instance)
    {
        if (!instance.Instance.TryGetExport("_start", out var e) || e is not FunctionInstance start) return null;
        if (start.Type.Parameters.Length != 0 || start.Type.Results.Length != 0)
        {
            Log.Error("Lookup wasi _start function failed: invalid function type.");
            return null;
        }
        return start;
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_lookup_wasi_start_function")]
    [CApi(CHeader.WasmExport, "The exported _start function of a WASI command (type [] -> []).\n@return the function, or NULL")]
    public static FunctionHandle LookupWasiStartFunction(InstanceHandle module_inst)
    {
        try { return InstanceApi.Get(module_inst) is { } i && StartFunction(i) is { } f ? new FunctionHandle(i.FunctionHandle(f)) : default; }
        catch (Exception e) { Errors.Fail(e); return default; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_application_execute_main")]
    [CApi(CHeader.WasmExport, """
        Runs the program: a WASI command's _start (then @p argc and @p argv are ignored: the program's arguments are those
        of wasm_runtime_set_wasi_args), else the exported main, __main_argc_argv or _main. A main of type (i32, i32) gets
        @p argv copied into the instance's memory with wasm_runtime_module_malloc (an app heap or the module's malloc);
        its i32 result is stored in *(int *)argv when @p argc > 0, as WAMR does.
        proc_exit ends the program without an exception: the call returns true and wasm_runtime_get_wasi_exit_code gives
        the code.
        @return true if the program ran to its end or exited, false with the instance's exception set
        """)]
    public static bool ApplicationExecuteMain(InstanceHandle module_inst, int argc, [CType("char *[]")] byte** argv)
    {
        try
        {
            var instance = InstanceApi.Get(module_inst);
            if (instance is null) return Errors.Fail("wasm_application_execute_main: invalid instance");
            var env = Instantiator.GetSingleton(instance);
            if (StartFunction(instance) is { } start) return Invoker.Call(env, start, [], out _);
            return ExecuteMain(instance, env, argc, argv);
        }
        catch (Exception e) { return Errors.Fail(e); }
    }

    private static bool ExecuteMain(WamrInstance instance, ExecEnv env, int argc, byte** argv)
    {
        FunctionInstance? main = null;
        foreach (var name in (ReadOnlySpan<string>)["main", "__main_argc_argv", "_main"])
        {
            if (instance.Instance.TryGetExport(name, out var e) && e is FunctionInstance f)
            {
                main = f;
                break;
            }
        }
        if (main is null)
        {
            instance.SetException("lookup the entry point symbol (like _start, main, _main, __main_argc_argv) failed");
            return false;
        }
        if (main is not WasmFunction)
        {
            instance.SetException("lookup main function failed");
            return false;
        }
        var type = main.Type;
        bool withArgs = type.Parameters is [ValueType.I32, ValueType.I32];
        if (!(type.Parameters.Length == 0 || withArgs) || type.Results.Length > 1 || (type.Results.Length == 1 && type.Results[0] != ValueType.I32))
        {
            Log.Error("WASM execute application failed: invalid main function type.");
            instance.SetException("invalid function type of main function");
            return false;
        }
        if (argc < 0 || (argc > 0 && argv is null)) argc = 0;

        Value[] args = [];
        ulong block = 0;
        if (withArgs)
        {
            // The strings, NUL-terminated, then the i32 array of their app addresses (WAMR's layout).
            ulong stringBytes = 0;
            for (int i = 0; i < argc; i++) stringBytes += (ulong)new ReadOnlySpan<byte>(argv[i], int.MaxValue).IndexOf((byte)0) + 1;
            stringBytes = (stringBytes + 3) & ~3ul;
            ulong total = stringBytes + 4ul * (ulong)argc;
            byte* native = null;
            if (total >= uint.MaxValue || (block = MemoryApi.Allocate(instance, Math.Max(total, 1), (void**)&native)) == 0)
            {
                instance.SetException("allocate memory failed");
                return false;
            }
            byte* p = native;
            uint* offsets = (uint*)(native + stringBytes);
            for (int i = 0; i < argc; i++)
            {
                int length = new ReadOnlySpan<byte>(argv[i], int.MaxValue).IndexOf((byte)0) + 1;
                new ReadOnlySpan<byte>(argv[i], length).CopyTo(new Span<byte>(p, length));
                offsets[i] = (uint)(block + (ulong)(p - native));
                p += length;
            }
            args = [Value.I32(argc), Value.I32((int)(uint)(block + stringBytes))];
        }
        bool ok = Invoker.Call(env, main, args, out var results);
        if (ok && results.Length > 0 && argc > 0) *(int*)argv = results[0].AsI32();
        if (block != 0) MemoryApi.Release(instance, block);
        return ok;
    }
}
