namespace MicroWasm.Binary;

/// <summary>
/// The binary encoding of reference and heap types (WebAssembly 3.0, spec 5.3.3): a shorthand byte for a nullable
/// abstract type, or 0x63 (<c>ref null</c>) / 0x64 (<c>ref</c>) then a heap type, which is an s33: negative for the
/// abstract codes (one byte 0x69-0x74), a type index otherwise. Without typed references (2.0) only the 2.0 and
/// exception-handling shorthands exist.
/// </summary>
internal static class ReferenceTypeEncoding
{
    /// <summary>Whether <paramref name="b"/> starts a reference type.</summary>
    public static bool StartsReferenceType(byte b, bool typed) =>
        b is 0x70 or 0x6F or 0x69 || typed && (b is ReferenceTypes.NullablePrefix or ReferenceTypes.NonNullablePrefix || ReferenceTypes.IsAbstractHeapTypeByte(b));

    /// <summary>The reference type at <paramref name="pos"/>, whose first byte <see cref="StartsReferenceType"/> accepted.</summary>
    public static ValueType Read(ReadOnlySpan<byte> data, ref int pos, int baseOffset)
    {
        byte b = data[pos++];
        if (b is not (ReferenceTypes.NullablePrefix or ReferenceTypes.NonNullablePrefix)) return (ValueType)b;
        return ReferenceTypes.Reference(ReadHeapType(data, ref pos, baseOffset), nullable: b == ReferenceTypes.NullablePrefix);
    }

    /// <summary>A heap type (s33), as <c>ref.null</c> and the ref type prefixes carry it.</summary>
    public static HeapType ReadHeapType(ReadOnlySpan<byte> data, ref int pos, int baseOffset)
    {
        int at = pos;
        long value = Leb128.ReadS33(data, ref pos, baseOffset);
        if (value >= 0)
        {
            // Indices past what a heap type holds name no type: kept as the largest, so validation says "unknown type".
            return ReferenceTypes.Concrete((int)Math.Min(value, ReferenceTypes.MaxConcreteIndex));
        }
        byte code = (byte)(value & 0x7F);
        if (pos - at != 1 || !ReferenceTypes.IsAbstractHeapTypeByte(code))
            throw new MalformedModuleException("malformed heap type", baseOffset + at);
        return (HeapType)code;
    }
}
