using MicroWasm.Native.Interop;
using MicroWasm.Runtime;

namespace MicroWasm.Native.Wamr;

/// <summary>
/// Host functions that call registered natives: arguments are converted as the WAMR signature says (pointers checked
/// and translated to native addresses), the native is called through native-shim (or directly, for raw natives), and
/// an exception the native set on the instance becomes a trap.
/// </summary>
internal static unsafe class NativeBinding
{
    /// <summary>Thrown through the interpreter when the instance's exception is already set (by a native or a check).</summary>
    public sealed class ExceptionAlreadySet() : Exception("exception set by host");

    public static HostFunction Bind(WamrInstance instance, string module, string name, FuncType type)
    {
        var native = NativeRegistry.Find(module, name);
        NativeSignature signature = default;
        if (native is not null && native.Signature is { } text && !native.Raw)
        {
            if (!NativeSignature.TryParse(text, out signature) || !signature.Matches(type))
            {
                Log.Warning($"failed to check signature '{text}' and resolve pointer params for import function ({module}, {name})");
                native = null;
            }
        }
        if (native is null)
        {
            Log.Warning($"failed to link import function ({module}, {name})");
            string message = $"failed to call unlinked import function ({module}, {name})";
            return new HostFunction(type, (_, _) =>
            {
                instance.SetException(message);
                throw new ExceptionAlreadySet();
            }, $"{module}.{name}");
        }
        if (native.Raw) return new HostFunction(type, (args, results) => CallRaw(instance, native, type, args, results), $"{module}.{name}");
        if (native.Signature is null) signature = SignatureOf(type);
        bool translate = native.Signature is not null;
        return new HostFunction(type, (args, results) => Call(instance, native, signature, translate, type, args, results), $"{module}.{name}");
    }

    /// <summary>A signature without pointers for a native registered with none (WAMR then passes values as they are).</summary>
    private static NativeSignature SignatureOf(FuncType type)
    {
        static char Letter(ValueType t) => t switch
        {
            ValueType.I64 => 'I',
            ValueType.F32 => 'f',
            ValueType.F64 => 'F',
            ValueType.ExternRef or ValueType.FuncRef => 'r',
            _ => 'i',
        };
        var parameters = new string(Array.ConvertAll(type.Parameters, Letter));
        return new NativeSignature(parameters, type.Results.Length == 0 ? '\0' : Letter(type.Results[0]));
    }

    private static ExecEnv EnvFor(WamrInstance instance)
    {
        var env = ExecEnv.Current;
        return env is not null && env.Instance == instance ? env : Instantiator.GetSingleton(instance);
    }

    private static void Call(WamrInstance instance, NativeFunction native, NativeSignature signature, bool translate,
        FuncType type, ReadOnlySpan<Value> args, Span<Value> results)
    {
        if (instance.Terminated) Terminate(instance);
        int n = args.Length;
        if (n > 64) throw new TrapException(TrapKind.HostError, "too many arguments for a native call");
        var env = EnvFor(instance);
        ulong* argv = stackalloc ulong[n + 1];
        byte* kinds = stackalloc byte[n + 1];
        argv[0] = (ulong)env.Handle;
        kinds[0] = NativeShim.ArgInteger;
        string p = signature.Parameters;
        for (int i = 0; i < n; i++)
        {
            var value = args[i];
            char c = p[i];
            kinds[i + 1] = c switch
            {
                'f' => NativeShim.ArgF32,
                'F' => NativeShim.ArgF64,
                'i' or '~' => NativeShim.ArgI32,
                '*' or '$' => translate ? NativeShim.ArgInteger : NativeShim.ArgI32, // a native pointer, or the raw offset
                _ => NativeShim.ArgInteger,
            };
            switch (c)
            {
                case '*' when translate:
                {
                    uint offset = (uint)value.AsI32();
                    ulong length = i + 1 < n && p[i + 1] == '~' ? (uint)args[i + 1].AsI32() : 1;
                    if (!instance.ValidateAppAddress(offset, length)) throw new ExceptionAlreadySet();
                    argv[i + 1] = (ulong)(instance.MemoryBase + offset);
                    break;
                }
                case '$' when translate:
                {
                    uint offset = (uint)value.AsI32();
                    if (!instance.ValidateAppString(offset)) throw new ExceptionAlreadySet();
                    argv[i + 1] = (ulong)(instance.MemoryBase + offset);
                    break;
                }
                case 'r':
                    argv[i + 1] = (ulong)ExternRefs.ToNative(value);
                    break;
                case 'i' or '~' or '*' or '$':
                    // Sign-extended, as a C int32_t argument would be.
                    argv[i + 1] = (ulong)(long)value.AsI32();
                    break;
                default:
                    argv[i + 1] = value.Bits;
                    break;
            }
        }
        byte resultKind = signature.Result switch
        {
            'i' => NativeShim.ResultI32,
            'I' or 'r' => NativeShim.ResultI64,
            'f' => NativeShim.ResultF32,
            'F' => NativeShim.ResultF64,
            _ => NativeShim.ResultVoid,
        };
        nint savedAttachment = env.Attachment;
        env.Attachment = native.Attachment;
        ulong bits;
        try
        {
            bits = NativeShim.InvokeNative((void*)native.Pointer, argv, (uint)n + 1, kinds, resultKind);
        }
        finally
        {
            env.Attachment = savedAttachment;
        }
        if (instance.HasException) throw new ExceptionAlreadySet();
        if (instance.Terminated) Terminate(instance);
        if (results.Length > 0) results[0] = ResultValue(type.Results[0], bits);
    }

    private static void CallRaw(WamrInstance instance, NativeFunction native, FuncType type, ReadOnlySpan<Value> args, Span<Value> results)
    {
        if (instance.Terminated) Terminate(instance);
        var env = EnvFor(instance);
        int n = Math.Max(args.Length, 1);
        ulong* argv = stackalloc ulong[n];
        for (int i = 0; i < args.Length; i++)
        {
            var value = args[i];
            argv[i] = value.Type.IsReference() ? (ulong)ExternRefs.ToNative(value) : value.Bits;
        }
        if (args.Length == 0) argv[0] = 0;
        nint savedAttachment = env.Attachment;
        env.Attachment = native.Attachment;
        try
        {
            ((delegate* unmanaged<nint, ulong*, void>)native.Pointer)(env.Handle, argv);
        }
        finally
        {
            env.Attachment = savedAttachment;
        }
        if (instance.HasException) throw new ExceptionAlreadySet();
        if (instance.Terminated) Terminate(instance);
        if (results.Length > 0) results[0] = ResultValue(type.Results[0], argv[0]);
    }

    private static Value ResultValue(ValueType type, ulong bits) => type switch
    {
        ValueType.I32 => Value.I32((int)(uint)bits),
        ValueType.I64 => Value.I64((long)bits),
        ValueType.F32 => Value.F32FromBits((uint)bits),
        ValueType.F64 => Value.F64FromBits(bits),
        ValueType.ExternRef => ExternRefs.FromNative((nint)bits),
        _ => Value.Default(type),
    };

    private static void Terminate(WamrInstance instance)
    {
        instance.SetException("terminated by user");
        throw new ExceptionAlreadySet();
    }
}

/// <summary>externref values crossing to C: a host's <c>uintptr_t</c> wrapped as a managed object, and back.</summary>
internal static class ExternRefs
{
    public sealed record NativeObject(nint Pointer);

    public static nint ToNative(Value value) => value.Reference is NativeObject o ? o.Pointer : 0;

    public static Value FromNative(nint pointer) => Value.ExternRef(pointer == 0 ? null : new NativeObject(pointer));
}
