namespace MicroWasm.Text;

/// <summary>
/// A constant in a script (an argument, or an exact expected result). Numbers are raw bits so NaN
/// payloads survive: <see cref="Bits"/> holds i32/f32 in the low 32 bits, i64/f64 in all 64, and the
/// low half of a v128 (lanes 0.., little-endian) with <see cref="HighBits"/> the high half.
/// A reference is null when <see cref="IsNull"/>; <c>ref.extern N</c> is an externref with host value N in <see cref="Bits"/>,
/// <c>ref.host N</c> the same host value as an anyref.
/// </summary>
public readonly record struct WastValue(ValueType Type, ulong Bits, ulong HighBits = 0, bool IsNull = false)
{
    public static WastValue I32(uint value) => new(ValueType.I32, value);
    public static WastValue I64(ulong value) => new(ValueType.I64, value);
    public static WastValue F32(uint bits) => new(ValueType.F32, bits);
    public static WastValue F64(ulong bits) => new(ValueType.F64, bits);
    public static WastValue V128(ulong low, ulong high) => new(ValueType.V128, low, high);
    public static WastValue NullRef(ValueType type) => new(type, 0, 0, IsNull: true);
    public static WastValue ExternRef(ulong hostValue) => new(ValueType.ExternRef, hostValue);

    /// <summary><c>ref.host N</c> (GC scripts): host value N in GC's any hierarchy, as <c>any.convert_extern</c> makes it.</summary>
    public static WastValue HostRef(ulong hostValue) => new(ValueType.AnyRef, hostValue);

    public override string ToString() => Type switch
    {
        ValueType.I32 => $"i32:0x{(uint)Bits:x8}",
        ValueType.I64 => $"i64:0x{Bits:x16}",
        ValueType.F32 => $"f32:0x{(uint)Bits:x8}",
        ValueType.F64 => $"f64:0x{Bits:x16}",
        ValueType.V128 => $"v128:0x{HighBits:x16}{Bits:x16}",
        _ => IsNull ? $"{Type.ToText()}:null" : $"{Type.ToText()}:{Bits}",
    };
}
