using System.Text;
using MicroWasm.Native.Interop;
using MicroWasm.Runtime;

namespace MicroWasm.Native.WasmCApi;

/// <summary>wasm.h's C representations of limits, value kinds, names and values, to and from the engine's.</summary>
internal static unsafe class CConvert
{
    public static WasmLimits ToC(Limits limits) => new()
    {
        min = (uint)Math.Min(limits.Min, uint.MaxValue),
        max = limits.Max is { } max ? (uint)Math.Min(max, uint.MaxValue - 1) : uint.MaxValue,
    };

    public static Limits FromC(WasmLimits limits) => new(limits.min, limits.max == uint.MaxValue ? null : limits.max);

    // A typed reference (WebAssembly 3.0) has the kind of the funcref or externref value that carries it.
    public static ValKind ToC(ValueType type) => ReferenceTypes.StorageOf(type) switch
    {
        ValueType.I32 => ValKind.WASM_I32,
        ValueType.I64 => ValKind.WASM_I64,
        ValueType.F32 => ValKind.WASM_F32,
        ValueType.F64 => ValKind.WASM_F64,
        ValueType.V128 => ValKind.WASM_V128,
        ValueType.FuncRef => ValKind.WASM_FUNCREF,
        _ => ValKind.WASM_EXTERNREF,
    };

    public static bool TryFromC(ValKind kind, out ValueType type)
    {
        type = kind switch
        {
            ValKind.WASM_I32 => ValueType.I32,
            ValKind.WASM_I64 => ValueType.I64,
            ValKind.WASM_F32 => ValueType.F32,
            ValKind.WASM_F64 => ValueType.F64,
            ValKind.WASM_V128 => ValueType.V128,
            ValKind.WASM_FUNCREF => ValueType.FuncRef,
            ValKind.WASM_EXTERNREF => ValueType.ExternRef,
            _ => 0,
        };
        return type != 0;
    }

    public static WasmExternKind ToC(ExternalKind kind) => kind switch
    {
        ExternalKind.Function => WasmExternKind.WASM_EXTERN_FUNC,
        ExternalKind.Global => WasmExternKind.WASM_EXTERN_GLOBAL,
        ExternalKind.Table => WasmExternKind.WASM_EXTERN_TABLE,
        _ => WasmExternKind.WASM_EXTERN_MEMORY,
    };

    /// <summary>A name (no NUL) in native memory: the struct and its data, freed with <see cref="FreeName"/>.</summary>
    public static ByteVec* NewName(string text)
    {
        int length = Encoding.UTF8.GetByteCount(text);
        var vec = (ByteVec*)NativeMemory.AllocZeroed((nuint)sizeof(ByteVec));
        vec->size = (nuint)length;
        vec->data = length == 0 ? null : (byte*)NativeMemory.Alloc((nuint)length);
        if (length > 0) Encoding.UTF8.GetBytes(text, new Span<byte>(vec->data, length));
        return vec;
    }

    /// <summary>A new struct that takes over <paramref name="source"/>'s data (an <c>own wasm_name_t*</c> parameter).</summary>
    public static ByteVec* TakeName(ByteVec* source)
    {
        var vec = (ByteVec*)NativeMemory.AllocZeroed((nuint)sizeof(ByteVec));
        if (source is not null)
        {
            *vec = *source;
            source->size = 0;
            source->data = null;
        }
        return vec;
    }

    public static ByteVec* CopyName(ByteVec* source)
    {
        var vec = (ByteVec*)NativeMemory.AllocZeroed((nuint)sizeof(ByteVec));
        vec->size = source->size;
        vec->data = source->size == 0 ? null : (byte*)NativeMemory.Alloc(source->size);
        if (source->size > 0) Buffer.MemoryCopy(source->data, vec->data, source->size, source->size);
        return vec;
    }

    public static void FreeName(ByteVec* vec)
    {
        if (vec is null) return;
        NativeMemory.Free(vec->data);
        NativeMemory.Free(vec);
    }

    public static ReadOnlySpan<byte> Bytes(ByteVec* vec) =>
        vec is null || vec->data is null ? [] : new ReadOnlySpan<byte>(vec->data, checked((int)vec->size));

    public static string Text(ByteVec* vec) => Encoding.UTF8.GetString(Bytes(vec));

    /// <summary>Fills <paramref name="out"/> with a copy of <paramref name="bytes"/> (malloc'd, freed by wasm_byte_vec_delete).</summary>
    public static void Fill(ByteVec* @out, ReadOnlySpan<byte> bytes)
    {
        if (@out is null) return;
        @out->size = (nuint)bytes.Length;
        @out->data = bytes.Length == 0 ? null : (byte*)NativeMemory.Alloc((nuint)bytes.Length);
        if (bytes.Length > 0) bytes.CopyTo(new Span<byte>(@out->data, bytes.Length));
    }

    /// <summary>Fills <paramref name="out"/> with a new vector of the given handles (owned by the vector).</summary>
    public static void Fill(HandleVec* @out, IReadOnlyList<nint> handles)
    {
        if (@out is null) return;
        @out->size = (nuint)handles.Count;
        @out->data = handles.Count == 0 ? null : (nint*)NativeMemory.AllocZeroed((nuint)handles.Count, (nuint)sizeof(nint));
        for (int i = 0; i < handles.Count; i++) @out->data[i] = handles[i];
    }

    /// <summary>A C value for <paramref name="value"/>; a reference becomes a new <c>wasm_ref_t*</c> the receiver owns.</summary>
    public static WasmVal ToC(Value value, CStore? store)
    {
        var v = new WasmVal { kind = ToC(value.Type) };
        switch (value.Type)
        {
            case ValueType.I32: v.of.i32 = value.AsI32(); break;
            case ValueType.I64: v.of.i64 = value.AsI64(); break;
            case ValueType.F32: v.of.f32 = value.AsF32(); break;
            case ValueType.F64: v.of.f64 = value.AsF64(); break;
            case ValueType.FuncRef or ValueType.ExternRef:
                v.of.@ref = value.Reference is null ? null : (void*)WasmRef.New(value.Reference, store);
                break;
            default: throw new TrapException(TrapKind.HostError, $"a {value.Type.ToText()} value has no wasm.h representation");
        }
        return v;
    }

    /// <summary>The engine value of <paramref name="v"/>, which must be of <paramref name="expected"/> type.</summary>
    public static bool TryFromC(in WasmVal v, ValueType expected, out Value value, out string error)
    {
        value = default;
        error = "";
        if (!TryFromC(v.kind, out var type) || type != expected)
        {
            error = $"type mismatch: value of kind {(int)v.kind} given, {expected.ToText()} expected";
            return false;
        }
        switch (type)
        {
            case ValueType.I32: value = Value.I32(v.of.i32); return true;
            case ValueType.I64: value = Value.I64(v.of.i64); return true;
            case ValueType.F32: value = Value.F32(v.of.f32); return true;
            case ValueType.F64: value = Value.F64(v.of.f64); return true;
            case ValueType.FuncRef:
            {
                if (v.of.@ref is null) { value = Value.FuncRef(null); return true; }
                if (WasmRef.Get((nint)v.of.@ref)?.Target is FunctionInstance f) { value = Value.FuncRef(f); return true; }
                error = "type mismatch: a funcref value must be a function reference";
                return false;
            }
            case ValueType.ExternRef:
            {
                if (v.of.@ref is null) { value = Value.ExternRef(null); return true; }
                if (WasmRef.Get((nint)v.of.@ref) is { } r) { value = Value.ExternRef(r.Target); return true; }
                error = "invalid reference";
                return false;
            }
            default:
                error = $"a {type.ToText()} value has no wasm.h representation";
                return false;
        }
    }

    /// <summary>Deletes the reference a C value holds, if any (wasm_val_delete).</summary>
    public static void Delete(in WasmVal v)
    {
        if ((byte)v.kind >= (byte)ValKind.WASM_EXTERNREF && v.of.@ref is not null) Objects.Delete((nint)v.of.@ref);
    }
}
