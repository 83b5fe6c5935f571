namespace MicroWasm;

/// <summary>A WebAssembly value type (spec 2.3.4), numbered by its binary encoding.</summary>
public enum ValueType : byte
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
}

public static class ValueTypeExtensions
{
    public static bool IsReference(this ValueType type) => type is ValueType.FuncRef or ValueType.ExternRef or ValueType.ExnRef;

    public static bool IsNumeric(this ValueType type) => type is ValueType.I32 or ValueType.I64 or ValueType.F32 or ValueType.F64;

    /// <summary>The text-format name (spec 6.4.1), used in messages.</summary>
    public static string ToText(this ValueType type) => type switch
    {
        ValueType.I32 => "i32",
        ValueType.I64 => "i64",
        ValueType.F32 => "f32",
        ValueType.F64 => "f64",
        ValueType.V128 => "v128",
        ValueType.FuncRef => "funcref",
        ValueType.ExternRef => "externref",
        ValueType.ExnRef => "exnref",
        _ => $"<type 0x{(byte)type:x2}>",
    };
}
