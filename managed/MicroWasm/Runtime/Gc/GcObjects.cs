namespace MicroWasm.Runtime;

/// <summary>
/// A struct or array that WebAssembly code allocated (GC, WebAssembly 3.0): a .NET object, so .NET's collector frees
/// it once nothing references it. Objects reference each other directly; the interpreter's value slots hold handles to
/// them (see README, "Garbage collection").
/// </summary>
public abstract class GcObject
{
    private protected GcObject(DefinedType type) => Type = type;

    /// <summary>The object's canonical type, which casts test.</summary>
    public DefinedType Type { get; }
}

/// <summary>A struct (GC): its fields' values, numbers and references apart.</summary>
public sealed class StructInstance : GcObject
{
    internal StructInstance(DefinedType type, GcLayout layout) : base(type)
    {
        Layout = layout;
        Numbers = layout.NumberSlots == 0 ? [] : new ulong[layout.NumberSlots];
        References = layout.ReferenceCount == 0 ? [] : new object?[layout.ReferenceCount];
    }

    internal GcLayout Layout { get; }

    /// <summary>Numeric fields, one slot each (two for v128), packed ones masked to their width.</summary>
    internal ulong[] Numbers { get; }

    /// <summary>Reference fields (null is the null reference).</summary>
    internal object?[] References { get; }

    public int FieldCount => Layout.Fields.Length;

    /// <summary>Field <paramref name="index"/> as a value (packed fields zero-extended to i32).</summary>
    public Value GetField(int index)
    {
        var field = Layout.Fields[index];
        return field.IsReference
            ? GcValues.ReferenceValue(field.Type.Storage, References[field.Slot], Type.Context)
            : Value.FromBits(field.Type.Unpacked, Numbers[field.Slot], field.Type.Storage == ValueType.V128 ? Numbers[field.Slot + 1] : 0);
    }

    /// <summary>Sets field <paramref name="index"/> from a value of its type (a packed field keeps the low bits).</summary>
    internal void SetField(int index, in Value value)
    {
        var field = Layout.Fields[index];
        if (field.IsReference)
        {
            References[field.Slot] = value.Reference;
            return;
        }
        Numbers[field.Slot] = field.Type.Storage switch
        {
            ValueType.I8 => (byte)value.Bits,
            ValueType.I16 => (ushort)value.Bits,
            _ => value.Bits,
        };
        if (field.Type.Storage == ValueType.V128) Numbers[field.Slot + 1] = value.HighBits;
    }

    public override string ToString() => $"struct {Type}";
}

/// <summary>An array (GC): a fixed length of elements of one field type.</summary>
public sealed class ArrayInstance : GcObject
{
    internal ArrayInstance(DefinedType type, FieldType element, int length) : base(type)
    {
        Element = element;
        Length = length;
        if (GcLayout.IsReference(element)) References = new object?[length];
        else Data = new byte[(long)length * GcLayout.ElementSize(element)];
    }

    internal FieldType Element { get; }

    public int Length { get; }

    /// <summary>
    /// A new array of <paramref name="type"/> with <paramref name="length"/> default elements, or null when that is more
    /// than <see cref="RuntimeOptions.MaxArrayLength"/> elements, more bytes than a .NET array holds, or more memory than
    /// the process can get (the instruction then traps "array too large"; nothing else fails).
    /// </summary>
    internal static ArrayInstance? Allocate(DefinedType type, uint length, RuntimeOptions options)
    {
        var element = ((ArrayType)type.Composite).Element;
        ulong bytes = (ulong)length * (ulong)(GcLayout.IsReference(element) ? 1 : GcLayout.ElementSize(element));
        if (length > (uint)options.MaxArrayLength || bytes > (ulong)Array.MaxLength) return null;
        try
        {
            return new ArrayInstance(type, element, (int)length);
        }
        catch (OutOfMemoryException)
        {
            return null;
        }
    }

    /// <summary>The elements of a numeric array, little-endian, <see cref="GcLayout.ElementSize"/> bytes each; empty for references.</summary>
    internal byte[] Data { get; } = [];

    /// <summary>The elements of a reference array; empty for numbers.</summary>
    internal object?[] References { get; } = [];

    /// <summary>Element <paramref name="index"/> as a value (packed elements zero-extended to i32).</summary>
    public Value GetElement(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Length, nameof(index));
        if (GcLayout.IsReference(Element))
            return GcValues.ReferenceValue(Element.Storage, References[index], Type.Context);
        var (low, high) = GcArrays.ReadElement(this, (uint)index);
        return Value.FromBits(Element.Unpacked, low, high);
    }

    /// <summary>Sets element <paramref name="index"/> from a value of the element type (a packed element keeps the low bits).</summary>
    internal void SetElement(int index, in Value value)
    {
        if (GcLayout.IsReference(Element)) References[index] = value.Reference;
        else GcArrays.WriteElement(this, (uint)index, value.Bits, value.HighBits);
    }

    public override string ToString() => $"array {Type} [{Length}]";
}

/// <summary>An i31 reference (GC) as the host sees it: a 31-bit integer boxed as a reference. Equal when the numbers are.</summary>
public sealed record I31Reference
{
    public I31Reference(int value) => Value = value << 1 >> 1;

    /// <summary>The number, sign-extended from 31 bits.</summary>
    public int Value { get; }

    public override string ToString() => $"i31 {Value}";
}
