using MicroWasm.Native.Interop;
using MicroWasm.Runtime;

namespace MicroWasm.Native.WasmCApi;

/// <summary>Calls between C and WebAssembly through wasm.h: wasm_func_call, and host functions made with wasm_func_new.</summary>
internal static unsafe class Calls
{
    /// <summary>Carries a host function's own trap through the engine, so the caller sees the host's message.</summary>
    private sealed class HostTrap(TrapInfo trap) : Exception(trap.Text)
    {
        public TrapInfo Trap { get; } = trap;
    }

    public static string TrapText(TrapException e) => e.InnerException is HostTrap h ? h.Trap.Text : e.Message;

    /// <summary>
    /// The trap to hand to C: a host function's own trap as it is (no frames, as wasm_trap_new made it), otherwise the
    /// engine's message with its WebAssembly frames.
    /// </summary>
    public static TrapInfo TrapOf(TrapException e) => e.InnerException is HostTrap h ? h.Trap : TrapInfo.FromText(e.Message, e.Frames);

    /// <summary>wasm_func_call: the trap (a new reference), or 0 with the results written.</summary>
    public static nint Call(WasmRef func, FunctionInstance function, ValVec* args, ValVec* results)
    {
        var type = function.Type;
        int argCount = args is null ? 0 : (int)args->size;
        int resultCount = results is null ? 0 : (int)results->size;
        if (argCount != type.Parameters.Length)
            return NewTrap($"wasm_func_call: {argCount} argument(s) given, the function has {type.Parameters.Length} parameter(s)", func.Store);
        if (resultCount != type.Results.Length)
            return NewTrap($"wasm_func_call: room for {resultCount} result(s) given, the function has {type.Results.Length}", func.Store);
        var values = new Value[argCount];
        for (int i = 0; i < argCount; i++)
        {
            if (!CConvert.TryFromC(args->data[i], type.Parameters[i], out values[i], out var error))
                return NewTrap($"wasm_func_call: argument {i}: {error}", func.Store);
        }
        Value[] r;
        try
        {
            r = function.Invoke(values);
        }
        catch (TrapException e)
        {
            return WasmRef.New(TrapOf(e), func.Store);
        }
        catch (WasmException e)
        {
            return NewTrap(e.Message, func.Store);
        }
        for (int i = 0; i < r.Length; i++) results->data[i] = CConvert.ToC(r[i], func.Store);
        return 0;
    }

    private static nint NewTrap(string message, CStore? store) => WasmRef.New(TrapInfo.FromText(message), store);

    /// <summary>An engine host function that calls <paramref name="callback"/> (a wasm_func_callback_t, or a wasm_func_callback_with_env_t when <paramref name="withEnv"/>).</summary>
    public static HostFunction NewHostFunction(FuncType type, CStore store, void* callback, bool withEnv, void* env)
    {
        nint fn = (nint)callback;
        nint environment = (nint)env;
        return new HostFunction(type, (arguments, results) => Invoke(type, store, fn, withEnv, environment, arguments, results), "host function");
    }

    private static void Invoke(FuncType type, CStore store, nint fn, bool withEnv, nint env, ReadOnlySpan<Value> arguments, Span<Value> results)
    {
        int n = arguments.Length, m = results.Length;
        var args = new ValVec { size = (nuint)n, data = n == 0 ? null : (WasmVal*)NativeMemory.AllocZeroed((nuint)n, (nuint)sizeof(WasmVal)) };
        var res = new ValVec { size = (nuint)m, data = m == 0 ? null : (WasmVal*)NativeMemory.AllocZeroed((nuint)m, (nuint)sizeof(WasmVal)) };
        try
        {
            for (int i = 0; i < n; i++) args.data[i] = CConvert.ToC(arguments[i], store);
            for (int i = 0; i < m; i++) res.data[i].kind = CConvert.ToC(type.Results[i]);
            nint trap = withEnv
                ? ((delegate* unmanaged<void*, ValVec*, ValVec*, nint>)fn)((void*)env, &args, &res)
                : ((delegate* unmanaged<ValVec*, ValVec*, nint>)fn)(&args, &res);
            if (trap != 0)
            {
                var info = WasmRef.Get(trap)?.Target as TrapInfo ?? TrapInfo.FromText("host function returned an invalid trap");
                Objects.Delete(trap);
                throw new TrapException(TrapKind.HostError, info.Text, new HostTrap(info));
            }
            for (int i = 0; i < m; i++)
            {
                if (!CConvert.TryFromC(res.data[i], type.Results[i], out results[i], out var error))
                    throw new TrapException(TrapKind.HostError, $"result {i} of the host function: {error}");
            }
        }
        finally
        {
            for (int i = 0; i < n; i++) CConvert.Delete(args.data[i]);
            for (int i = 0; i < m; i++) CConvert.Delete(res.data[i]);
            NativeMemory.Free(args.data);
            NativeMemory.Free(res.data);
        }
    }
}
