namespace MicroWasm;

/// <summary>
/// A WebAssembly value type (spec 2.3.4 / 3.0 2.3.3). One 32-bit number, so that types stay cheap to copy and compare:
/// the low byte is the binary type code; number types, <c>v128</c> and the nullable abstract reference types
/// (<c>funcref</c>, <c>externref</c>, <c>exnref</c>, <c>anyref</c>, ...) are that byte alone, exactly the shorthand
/// encoding, so <see cref="FuncRef"/> is <c>(ref null func)</c>. Every other reference type is 0x63 (<c>ref null</c>)
/// or 0x64 (<c>ref</c>) with its <see cref="HeapType"/> in the upper 24 bits (see <see cref="ReferenceTypes"/>).
/// </summary>
public enum ValueType : uint
{
    I32 = 0x7F,
    I64 = 0x7E,
    F32 = 0x7D,
    F64 = 0x7C,
    V128 = 0x7B,
    FuncRef = 0x70,
    ExternRef = 0x6F,
    /// <summary>A reference to an exception (WebAssembly 3.0 exception handling): <c>(ref null exn)</c>.</summary>
    ExnRef = 0x69,
    /// <summary>
    /// A reference in GC's any hierarchy (WebAssembly 3.0): <c>(ref null any)</c>, how the runtime holds structs, arrays,
    /// i31 values and host objects converted with <c>any.convert_extern</c>.
    /// </summary>
    AnyRef = 0x6E,
    /// <summary>A packed 8-bit storage type (GC): a struct field's or array element's type only, never a value's.</summary>
    I8 = 0x78,
    /// <summary>A packed 16-bit storage type (GC), as <see cref="I8"/>.</summary>
    I16 = 0x77,
}

public static class ValueTypeExtensions
{
    public static bool IsReference(this ValueType type) => ReferenceTypes.IsReference(type);

    public static bool IsNumeric(this ValueType type) => type is ValueType.I32 or ValueType.I64 or ValueType.F32 or ValueType.F64;

    /// <summary>The text-format name (spec 6.4.1), used in messages.</summary>
    public static string ToText(this ValueType type) => type switch
    {
        ValueType.I32 => "i32",
        ValueType.I64 => "i64",
        ValueType.F32 => "f32",
        ValueType.F64 => "f64",
        ValueType.V128 => "v128",
        ValueType.I8 => "i8",
        ValueType.I16 => "i16",
        _ when type.IsReference() => ReferenceTypes.ToText(type),
        _ => $"<type 0x{(uint)type:x2}>",
    };
}
