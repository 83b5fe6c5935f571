using System.Globalization;

namespace MicroWasm.Cli;

/// <summary>Command-line text for values: what <c>--invoke</c> arguments parse from and results print as.</summary>
internal static class ValueText
{
    public static Value Parse(ValueType type, string text)
    {
        var c = CultureInfo.InvariantCulture;
        bool ok;
        Value value;
        switch (type)
        {
            case ValueType.I32:
                ok = int.TryParse(text, NumberStyles.AllowLeadingSign, c, out var i32) ;
                if (!ok && uint.TryParse(text, NumberStyles.None, c, out var u32)) { ok = true; i32 = (int)u32; }
                value = Value.I32(i32);
                break;
            case ValueType.I64:
                ok = long.TryParse(text, NumberStyles.AllowLeadingSign, c, out var i64);
                if (!ok && ulong.TryParse(text, NumberStyles.None, c, out var u64)) { ok = true; i64 = (long)u64; }
                value = Value.I64(i64);
                break;
            case ValueType.F32:
                ok = float.TryParse(text, NumberStyles.Float, c, out var f32);
                value = Value.F32(f32);
                break;
            case ValueType.F64:
                ok = double.TryParse(text, NumberStyles.Float, c, out var f64);
                value = Value.F64(f64);
                break;
            default:
                throw new UsageException($"arguments of type {type.ToText()} cannot be given on the command line");
        }
        return ok ? value : throw new UsageException($"'{text}' is not a valid {type.ToText()}");
    }

    public static string Format(Value value) => value.Type switch
    {
        ValueType.I32 => value.AsI32().ToString(CultureInfo.InvariantCulture),
        ValueType.I64 => value.AsI64().ToString(CultureInfo.InvariantCulture),
        ValueType.F32 => value.AsF32().ToString("R", CultureInfo.InvariantCulture),
        ValueType.F64 => value.AsF64().ToString("R", CultureInfo.InvariantCulture),
        ValueType.V128 => $"0x{value.HighBits:x16}{value.Bits:x16}",
        _ => value.Reference is null ? "null" : value.Reference.ToString() ?? "ref",
    };
}
