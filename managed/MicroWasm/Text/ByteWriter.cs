using System.Text;

namespace MicroWasm.Text;

/// <summary>A growable byte buffer with the binary format's primitive encodings (spec 5.2).</summary>
internal sealed class ByteWriter
{
    private byte[] _buffer = new byte[64];

    public int Length { get; private set; }

    public void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[Length++] = value;
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(Length));
        Length += bytes.Length;
    }

    public void WriteBytes(ByteWriter other) => WriteBytes(other.AsSpan());

    /// <summary>Unsigned LEB128 (spec 5.2.2), in the fewest bytes.</summary>
    public void WriteU32(uint value) => WriteU64(value);

    public void WriteU64(ulong value)
    {
        do
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            if (value != 0) b |= 0x80;
            WriteByte(b);
        } while (value != 0);
    }

    /// <summary>Signed LEB128 (spec 5.2.2), in the fewest bytes; also used for s33 block types.</summary>
    public void WriteS64(long value)
    {
        while (true)
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            bool done = (value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0);
            if (!done) b |= 0x80;
            WriteByte(b);
            if (done) return;
        }
    }

    public void WriteS32(int value) => WriteS64(value);

    /// <summary>A value type (spec 5.3): its code byte, and for a typed reference 0x63/0x64 then the heap type.</summary>
    public void WriteValueType(ValueType type)
    {
        if (!ReferenceTypes.IsTyped(type))
        {
            WriteByte((byte)type);
            return;
        }
        WriteByte(ReferenceTypes.IsNullable(type) ? ReferenceTypes.NullablePrefix : ReferenceTypes.NonNullablePrefix);
        WriteHeapType(ReferenceTypes.HeapOf(type));
    }

    /// <summary>A heap type as an s33: a type index, or the abstract type's code (a one-byte negative number).</summary>
    public void WriteHeapType(HeapType heap)
    {
        if (ReferenceTypes.IsConcrete(heap)) WriteS64(ReferenceTypes.TypeIndexOf(heap));
        else WriteByte((byte)heap);
    }

    public void WriteU32LittleEndian(uint value)
    {
        for (int i = 0; i < 4; i++) WriteByte((byte)(value >> (8 * i)));
    }

    public void WriteU64LittleEndian(ulong value)
    {
        for (int i = 0; i < 8; i++) WriteByte((byte)(value >> (8 * i)));
    }

    /// <summary>A name (spec 5.2.4): its UTF-8 length, then the bytes.</summary>
    public void WriteName(ReadOnlySpan<byte> utf8)
    {
        WriteU32((uint)utf8.Length);
        WriteBytes(utf8);
    }

    public void WriteName(string name) => WriteName(Encoding.UTF8.GetBytes(name));

    /// <summary>Drops everything written after the first <paramref name="length"/> bytes.</summary>
    public void Truncate(int length) => Length = Math.Min(Length, length);

    public ReadOnlySpan<byte> AsSpan() => _buffer.AsSpan(0, Length);

    public byte[] ToArray() => AsSpan().ToArray();

    private void Ensure(int more)
    {
        if (Length + more <= _buffer.Length) return;
        Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + more));
    }
}
