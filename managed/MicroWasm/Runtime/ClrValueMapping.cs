namespace MicroWasm.Runtime;

/// <summary>
/// How typed host lambdas see WebAssembly values: <c>int</c>/<c>uint</c> are i32, <c>long</c>/<c>ulong</c> i64,
/// <c>float</c> f32, <c>double</c> f64, <see cref="FunctionInstance"/> funcref and <see cref="object"/> externref.
/// </summary>
/// <remarks>
/// The <c>typeof(T)</c> tests are constants per instantiation, so each generic use compiles down to one conversion
/// (also under NativeAOT, with no reflection).
/// </remarks>
internal static class ClrValueMapping
{
    public static ValueType TypeOf<T>()
    {
        if (typeof(T) == typeof(int) || typeof(T) == typeof(uint)) return ValueType.I32;
        if (typeof(T) == typeof(long) || typeof(T) == typeof(ulong)) return ValueType.I64;
        if (typeof(T) == typeof(float)) return ValueType.F32;
        if (typeof(T) == typeof(double)) return ValueType.F64;
        if (typeof(T) == typeof(FunctionInstance)) return ValueType.FuncRef;
        if (typeof(T) == typeof(object)) return ValueType.ExternRef;
        throw new NotSupportedException($"{typeof(T)} has no WebAssembly value type; use int, uint, long, ulong, float, double, FunctionInstance or object");
    }

    public static T FromValue<T>(in Value value)
    {
        if (typeof(T) == typeof(int)) return (T)(object)value.AsI32();
        if (typeof(T) == typeof(uint)) return (T)(object)(uint)value.AsI32();
        if (typeof(T) == typeof(long)) return (T)(object)value.AsI64();
        if (typeof(T) == typeof(ulong)) return (T)(object)(ulong)value.AsI64();
        if (typeof(T) == typeof(float)) return (T)(object)value.AsF32();
        if (typeof(T) == typeof(double)) return (T)(object)value.AsF64();
        return (T)value.Reference!;
    }

    public static Value ToValue<T>(T value)
    {
        if (typeof(T) == typeof(int)) return Value.I32((int)(object)value!);
        if (typeof(T) == typeof(uint)) return Value.I32((int)(uint)(object)value!);
        if (typeof(T) == typeof(long)) return Value.I64((long)(object)value!);
        if (typeof(T) == typeof(ulong)) return Value.I64((long)(ulong)(object)value!);
        if (typeof(T) == typeof(float)) return Value.F32((float)(object)value!);
        if (typeof(T) == typeof(double)) return Value.F64((double)(object)value!);
        if (typeof(T) == typeof(FunctionInstance)) return Value.FuncRef((FunctionInstance?)(object?)value);
        return Value.ExternRef(value);
    }
}
