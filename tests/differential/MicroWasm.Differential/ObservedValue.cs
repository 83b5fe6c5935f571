namespace MicroWasm.Differential;

/// <summary>
/// A value one engine produced (a result, a logged argument, a global), reduced to what two engines can be compared
/// on: the bits of a number or vector, and only whether a reference is null (functions and host objects have no
/// identity that crosses engines).
/// </summary>
internal readonly record struct ObservedValue(ValueType Type, ulong Low, ulong High, bool IsNull)
{
    public static ObservedValue Number(ValueType type, ulong bits) => new(type, bits, 0, false);

    public static ObservedValue Vector(ulong low, ulong high) => new(ValueType.V128, low, high, false);

    public static ObservedValue Reference(ValueType type, bool isNull) => new(type, 0, 0, isNull);

    /// <summary>
    /// Whether two engines agree as the spec lets them (spec 4.3.3, NaN propagation): a NaN result may be any NaN
    /// (its sign and payload are not determined), so two NaNs match whatever their bits. The same holds, lane by lane,
    /// for a vector whose lanes may be f32 or f64 (the type does not say which), and for an integer that holds the
    /// bits of a NaN (the result of a reinterpretation, or of a load of a stored NaN): an i32 is tolerated as an f32,
    /// an i64 as an f64. A real integer divergence between two NaN bit patterns (-1 is one) would be missed.
    /// </summary>
    public bool Matches(ObservedValue other)
    {
        if (Type != other.Type) return false;
        if (Type is ValueType.FuncRef or ValueType.ExternRef) return IsNull == other.IsNull;
        return Type switch
        {
            ValueType.I32 or ValueType.F32 => Low == other.Low || (NanBits.IsF32((uint)Low) && NanBits.IsF32((uint)other.Low)),
            ValueType.I64 or ValueType.F64 => Low == other.Low || (NanBits.IsF64(Low) && NanBits.IsF64(other.Low)),
            _ => NanBits.LaneMatch(Low, other.Low) && NanBits.LaneMatch(High, other.High),
        };
    }

    public override string ToString() => Type switch
    {
        ValueType.I32 => $"i32:0x{(uint)Low:x8}",
        ValueType.I64 => $"i64:0x{Low:x16}",
        ValueType.F32 => $"f32:0x{(uint)Low:x8} ({BitConverter.UInt32BitsToSingle((uint)Low):R})",
        ValueType.F64 => $"f64:0x{Low:x16} ({BitConverter.UInt64BitsToDouble(Low):R})",
        ValueType.V128 => $"v128:0x{High:x16}{Low:x16}",
        _ => $"{Type.ToString().ToLowerInvariant()}:{(IsNull ? "null" : "non-null")}",
    };
}
