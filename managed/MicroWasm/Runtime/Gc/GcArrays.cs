using System.Buffers.Binary;

namespace MicroWasm.Runtime;

/// <summary>Reading and writing a numeric array's elements: packed ones are stored at their width, v128 in 16 bytes.</summary>
internal static class GcArrays
{
    public static (ulong Low, ulong High) ReadElement(ArrayInstance array, uint index)
    {
        var data = array.Data.AsSpan();
        return array.Element.Storage switch
        {
            ValueType.I8 => (data[(int)index], 0),
            ValueType.I16 => (BinaryPrimitives.ReadUInt16LittleEndian(data[(int)(index * 2)..]), 0),
            ValueType.I32 or ValueType.F32 => (BinaryPrimitives.ReadUInt32LittleEndian(data[(int)(index * 4)..]), 0),
            ValueType.V128 => (BinaryPrimitives.ReadUInt64LittleEndian(data[(int)(index * 16)..]), BinaryPrimitives.ReadUInt64LittleEndian(data[(int)(index * 16 + 8)..])),
            _ => (BinaryPrimitives.ReadUInt64LittleEndian(data[(int)(index * 8)..]), 0),
        };
    }

    public static void WriteElement(ArrayInstance array, uint index, ulong low, ulong high)
    {
        var data = array.Data.AsSpan();
        switch (array.Element.Storage)
        {
            case ValueType.I8: data[(int)index] = (byte)low; break;
            case ValueType.I16: BinaryPrimitives.WriteUInt16LittleEndian(data[(int)(index * 2)..], (ushort)low); break;
            case ValueType.I32 or ValueType.F32: BinaryPrimitives.WriteUInt32LittleEndian(data[(int)(index * 4)..], (uint)low); break;
            case ValueType.V128:
                BinaryPrimitives.WriteUInt64LittleEndian(data[(int)(index * 16)..], low);
                BinaryPrimitives.WriteUInt64LittleEndian(data[(int)(index * 16 + 8)..], high);
                break;
            default: BinaryPrimitives.WriteUInt64LittleEndian(data[(int)(index * 8)..], low); break;
        }
    }
}
