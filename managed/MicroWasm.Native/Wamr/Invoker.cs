using MicroWasm.Native.Interop;
using MicroWasm.Runtime;

namespace MicroWasm.Native.Wamr;

/// <summary>Calls from C into WebAssembly through an exec env, with WAMR's outcome: true, or false and the exception set.</summary>
internal static unsafe class Invoker
{
    /// <summary>WAMR's words for traps where they differ from the spec's.</summary>
    public static string TrapMessage(TrapException trap) => trap.Kind switch
    {
        TrapKind.CallStackExhausted => "wasm operand stack overflow",
        TrapKind.Terminated => "terminated by user",
        TrapKind.HostError => trap.Message,
        _ => trap.Kind.Message(),
    };

    public static bool Call(ExecEnv env, FunctionInstance function, ReadOnlySpan<Value> args, out Value[] results)
    {
        var instance = env.Instance;
        results = [];
        var saved = ExecEnv.Current;
        // A top-level call starts clean; a nested one (a native calling back) keeps the outer call's state.
        if (saved is null) instance.ClearException();
        if (instance.Terminated)
        {
            instance.SetException("terminated by user");
            return false;
        }
        ExecEnv.Current = env;
        try
        {
            results = function.Invoke(args);
            return true;
        }
        catch (TrapException trap) when (MicroWasm.Wasi.WasiExitException.TryGetExitCode(trap, out int code))
        {
            instance.WasiExitCode = (uint)code;
            // proc_exit ends a wasi-threads program's other threads too (WAMR terminates the cluster).
            instance.WasiThreads?.Exit(code);
            return ProcExited(instance, function, saved is null, out results);
        }
        catch (TrapException trap) when (trap.Kind == TrapKind.Terminated && instance.WasiThreads is { } threads
                                         && threads.HasEnded(out int code, out var failure))
        {
            // Another thread of a wasi-threads program ended it: with proc_exit's code, or with its trap, which this
            // thread then reports as its own (WAMR spreads the exception over the cluster).
            if (failure is null)
            {
                instance.WasiExitCode = (uint)code;
                return ProcExited(instance, function, saved is null, out results);
            }
            instance.SetException(failure is TrapException t ? TrapMessage(t) : failure.Message);
            return false;
        }
        catch (TrapException trap)
        {
            if (instance.ExceptionMessage == "Exception: " + WasiLink.ProcExitException)
                return ProcExited(instance, function, saved is null, out results);
            // A native or an address check has already set the exception; otherwise it is the trap's.
            if (!(trap.Kind == TrapKind.HostError && trap.InnerException is NativeBinding.ExceptionAlreadySet && instance.HasException))
                instance.SetException(TrapMessage(trap));
            env.LastCallStack = trap.WasmStackTrace;
            return false;
        }
        catch (NativeBinding.ExceptionAlreadySet)
        {
            if (instance.ExceptionMessage == "Exception: " + WasiLink.ProcExitException)
                return ProcExited(instance, function, saved is null, out results);
            return false;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or WasmException)
        {
            instance.SetException(e.Message);
            return false;
        }
        finally
        {
            ExecEnv.Current = saved;
        }
    }

    /// <summary>
    /// proc_exit ended the program: as in WAMR, the outermost call succeeds with no exception (the code is in
    /// wasm_runtime_get_wasi_exit_code); a call nested in a native fails with "wasi proc exit" so the native's caller
    /// unwinds too, up to the outermost call.
    /// </summary>
    private static bool ProcExited(WamrInstance instance, FunctionInstance function, bool outermost, out Value[] results)
    {
        results = [];
        if (!outermost)
        {
            instance.SetException(WasiLink.ProcExitException);
            return false;
        }
        instance.ClearException();
        var types = function.Type.Results;
        results = new Value[types.Length];
        for (int i = 0; i < types.Length; i++) results[i] = Value.Default(types[i]);
        return true;
    }

    /// <summary>Arguments from WAMR's 32-bit cells (i64 and f64 take two, low word first).</summary>
    public static Value[] FromCells(FuncType type, uint* argv, uint argc, WamrInstance instance, out bool ok)
    {
        var parameters = type.Parameters;
        int needed = CellCount(parameters);
        ok = argc >= needed && (argv is not null || needed == 0);
        if (!ok)
        {
            instance.SetException($"invalid argument count {argc}, must be no smaller than {needed}");
            return [];
        }
        var values = new Value[parameters.Length];
        uint cell = 0;
        for (int i = 0; i < parameters.Length; i++)
        {
            switch (parameters[i])
            {
                case ValueType.I32: values[i] = Value.I32((int)argv[cell++]); break;
                case ValueType.F32: values[i] = Value.F32FromBits(argv[cell++]); break;
                case ValueType.I64: values[i] = Value.I64((long)(argv[cell] | (ulong)argv[cell + 1] << 32)); cell += 2; break;
                case ValueType.F64: values[i] = Value.F64FromBits(argv[cell] | (ulong)argv[cell + 1] << 32); cell += 2; break;
                case ValueType.ExternRef:
                    values[i] = ExternRefs.FromNative(sizeof(nint) == 8 ? (nint)(argv[cell] | (ulong)argv[cell + 1] << 32) : (nint)argv[cell]);
                    cell += (uint)(sizeof(nint) / 4);
                    break;
                default: values[i] = Value.Default(parameters[i]); cell += (uint)(sizeof(nint) / 4); break;
            }
        }
        return values;
    }

    /// <summary>Writes results to WAMR's cells from argv[0].</summary>
    public static void ToCells(Value[] results, uint* argv)
    {
        uint cell = 0;
        foreach (var r in results)
        {
            switch (r.Type)
            {
                case ValueType.I32 or ValueType.F32: argv[cell++] = (uint)r.Bits; break;
                case ValueType.I64 or ValueType.F64: argv[cell++] = (uint)r.Bits; argv[cell++] = (uint)(r.Bits >> 32); break;
                default:
                    nint p = ExternRefs.ToNative(r);
                    argv[cell++] = (uint)(ulong)p;
                    if (sizeof(nint) == 8) argv[cell++] = (uint)((ulong)p >> 32);
                    break;
            }
        }
    }

    public static int CellCount(ValueType[] types)
    {
        int n = 0;
        foreach (var t in types) n += t switch { ValueType.I64 or ValueType.F64 => 2, ValueType.I32 or ValueType.F32 => 1, _ => sizeof(nint) / 4 };
        return n;
    }

    // A typed reference (WebAssembly 3.0) has the kind of the funcref or externref value that carries it.
    public static ValKind KindOf(ValueType type) => ReferenceTypes.StorageOf(type) switch
    {
        ValueType.I32 => ValKind.WASM_I32,
        ValueType.I64 => ValKind.WASM_I64,
        ValueType.F32 => ValKind.WASM_F32,
        ValueType.F64 => ValKind.WASM_F64,
        ValueType.V128 => ValKind.WASM_V128,
        ValueType.FuncRef => ValKind.WASM_FUNCREF,
        _ => ValKind.WASM_EXTERNREF,
    };

    public static bool TryFromWasmVal(in WasmVal v, ValueType expected, out Value value)
    {
        value = default;
        if (v.kind != KindOf(expected)) return false;
        value = ReferenceTypes.StorageOf(expected) switch
        {
            ValueType.I32 => Value.I32(v.of.i32),
            ValueType.I64 => Value.I64(v.of.i64),
            ValueType.F32 => Value.F32(v.of.f32),
            ValueType.F64 => Value.F64(v.of.f64),
            ValueType.ExternRef => ExternRefs.FromNative((nint)v.of.foreign),
            _ => Value.Default(expected),
        };
        return true;
    }

    public static WasmVal ToWasmVal(Value value)
    {
        var v = new WasmVal { kind = KindOf(value.Type) };
        switch (value.Type)
        {
            case ValueType.I32: v.of.i32 = value.AsI32(); break;
            case ValueType.I64: v.of.i64 = value.AsI64(); break;
            case ValueType.F32: v.of.f32 = value.AsF32(); break;
            case ValueType.F64: v.of.f64 = value.AsF64(); break;
            case ValueType.ExternRef: v.of.foreign = (nuint)ExternRefs.ToNative(value); break;
        }
        return v;
    }
}
