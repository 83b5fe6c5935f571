namespace MicroWasm;

using MicroWasm.Runtime;

/// <summary>
/// A typed WebAssembly value as the embedding API sees it (spec 4.2.1). Numbers are kept as raw bits
/// so NaN payloads survive; references are the objects themselves (a <see cref="FunctionInstance"/>
/// for funcref, any host object for externref, an <see cref="ExceptionInstance"/> for exnref, a struct, array, i31 or
/// converted host object for anyref; null is the null reference).
/// </summary>
public readonly struct Value : IEquatable<Value>
{
    private Value(ValueType type, ulong bits, ulong highBits = 0, object? reference = null)
    {
        Type = type;
        Bits = bits;
        HighBits = highBits;
        Reference = reference;
    }

    public ValueType Type { get; }

    /// <summary>The value's bits: i32 and f32 zero-extended, i64 and f64 as they are, the low half of a v128.</summary>
    public ulong Bits { get; }

    /// <summary>The high 64 bits of a v128; zero for every other type.</summary>
    public ulong HighBits { get; }

    /// <summary>The referenced object of a funcref or externref; null for the null reference and for numbers.</summary>
    public object? Reference { get; }

    public static Value I32(int value) => new(ValueType.I32, (uint)value);
    public static Value I64(long value) => new(ValueType.I64, (ulong)value);
    public static Value F32(float value) => new(ValueType.F32, BitConverter.SingleToUInt32Bits(value));
    public static Value F64(double value) => new(ValueType.F64, BitConverter.DoubleToUInt64Bits(value));
    public static Value F32FromBits(uint bits) => new(ValueType.F32, bits);
    public static Value F64FromBits(ulong bits) => new(ValueType.F64, bits);
    public static Value V128(ulong low, ulong high) => new(ValueType.V128, low, high);
    public static Value FuncRef(FunctionInstance? function) => new(ValueType.FuncRef, 0, 0, function);
    public static Value ExternRef(object? value) => new(ValueType.ExternRef, 0, 0, value);
    public static Value ExnRef(ExceptionInstance? exception) => new(ValueType.ExnRef, 0, 0, exception);

    /// <summary>
    /// A reference of GC's any hierarchy: a <see cref="StructInstance"/>, an <see cref="ArrayInstance"/>, an
    /// <see cref="I31Reference"/>, or a host object as <c>any.convert_extern</c> makes it.
    /// </summary>
    public static Value AnyRef(object? value) => new(ValueType.AnyRef, 0, 0, value);

    /// <summary>An i31 reference (GC): the low 31 bits of <paramref name="value"/>.</summary>
    public static Value I31(int value) => AnyRef(new I31Reference(value));

    /// <summary>The default value of a type (spec 4.2.1): zero, or the null reference.</summary>
    public static Value Default(ValueType type) => new(ReferenceTypes.StorageOf(type), 0);

    /// <summary>The default value of a type of a module, whose <paramref name="types"/> say which hierarchy a concrete reference type is in.</summary>
    public static Value Default(ValueType type, IReadOnlyList<DefinedType> types) => new(ReferenceTypes.StorageOf(type, types), 0);

    /// <summary>A value of the given type from raw bits (references excluded).</summary>
    public static Value FromBits(ValueType type, ulong bits, ulong highBits = 0) => type switch
    {
        ValueType.I32 or ValueType.F32 => new(type, (uint)bits),
        ValueType.V128 => new(type, bits, highBits),
        ValueType.FuncRef or ValueType.ExternRef or ValueType.ExnRef => throw new ArgumentException("references are not made from bits"),
        _ => new(type, bits),
    };

    public int AsI32() => (int)(uint)Bits;
    public long AsI64() => (long)Bits;
    public float AsF32() => BitConverter.UInt32BitsToSingle((uint)Bits);
    public double AsF64() => BitConverter.UInt64BitsToDouble(Bits);
    public bool IsNullReference => Type.IsReference() && Reference is null;

    /// <summary>
    /// Whether the value may be given where <paramref name="type"/> is expected. A reference is held as funcref,
    /// externref or exnref (<see cref="ReferenceTypes.StorageOf"/>), which suits the typed references of its hierarchy,
    /// except that null does not suit a non-nullable one and a function suits a concrete <c>(ref $t)</c> only if it has
    /// type <c>$t</c> of <paramref name="types"/> or a subtype of it (without them, only null does): call_ref trusts that type.
    /// </summary>
    public bool IsOfType(ValueType type, IReadOnlyList<DefinedType>? types = null)
    {
        if (Type == type) return true;
        if (!ReferenceTypes.IsReference(type) || Type != ReferenceTypes.StorageOf(type, types)) return false;
        if (Reference is null) return ReferenceTypes.IsNullable(type);
        return GcCasts.IsInstanceOf(Reference, ReferenceTypes.HeapOf(type), types ?? []);
    }

    /// <summary>Bitwise equality, references by identity (so NaNs with equal payloads are equal).</summary>
    public bool Equals(Value other) =>
        Type == other.Type && Bits == other.Bits && HighBits == other.HighBits && ReferenceEquals(Reference, other.Reference);

    public override bool Equals(object? obj) => obj is Value v && Equals(v);
    public override int GetHashCode() => HashCode.Combine(Type, Bits, HighBits, Reference);
    public static bool operator ==(Value a, Value b) => a.Equals(b);
    public static bool operator !=(Value a, Value b) => !a.Equals(b);

    public override string ToString() => Type switch
    {
        ValueType.I32 => $"i32:{AsI32()}",
        ValueType.I64 => $"i64:{AsI64()}",
        ValueType.F32 => $"f32:{AsF32():R} (0x{(uint)Bits:x8})",
        ValueType.F64 => $"f64:{AsF64():R} (0x{Bits:x16})",
        ValueType.V128 => $"v128:0x{HighBits:x16}{Bits:x16}",
        _ => Reference is null ? $"{Type.ToText()}:null" : $"{Type.ToText()}:{Reference}",
    };
}
