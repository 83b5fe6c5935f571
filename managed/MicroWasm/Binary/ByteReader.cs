using System.Buffers.Binary;
using System.Text;
using MicroWasm.Instructions;

namespace MicroWasm.Binary;

/// <summary>
/// A cursor over a module's bytes that reads the spec's basic encodings (spec 5.1-5.3): bytes,
/// LEB128 integers, vector lengths, names and types.
/// </summary>
/// <remarks>
/// Like the reference interpreter, the cursor is bounded by the end of the whole module, not by
/// the end of the section being read: a section that claims fewer bytes than its contents use is
/// found out afterwards ("section size mismatch"), and a length is checked against what is left of
/// the module ("length out of bounds"). That is what makes our messages the spec tests' messages.
/// </remarks>
internal ref struct ByteReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _pos;

    /// <summary>Whether reference types may be WebAssembly 3.0's typed references (0x63/0x64 and the GC shorthands).</summary>
    public bool TypedReferences { get; set; } = true;

    public ByteReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _pos = 0;
    }

    public readonly int Position => _pos;
    public readonly int Length => _data.Length;
    public readonly int Remaining => _data.Length - _pos;
    public readonly bool AtEnd => _pos >= _data.Length;
    public readonly ReadOnlySpan<byte> Data => _data;

    /// <summary>The next byte, or -1 at the end.</summary>
    public readonly int Peek() => _pos < _data.Length ? _data[_pos] : -1;

    public void Advance(int count)
    {
        if (count < 0 || count > Remaining)
            throw UnexpectedEnd();
        _pos += count;
    }

    public byte ReadByte()
    {
        if (_pos >= _data.Length)
            throw UnexpectedEnd();
        return _data[_pos++];
    }

    public uint ReadU32() => Leb128.ReadU32(_data, ref _pos);

    /// <summary>A fixed-size little-endian u32, as the preamble uses (spec 5.5.16).</summary>
    public uint ReadFixedU32() => BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4));

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count < 0 || count > Remaining)
            throw UnexpectedEnd();
        var slice = _data.Slice(_pos, count);
        _pos += count;
        return slice;
    }

    /// <summary>
    /// A vector length or byte count (spec 5.1.3). Every element takes at least one byte, so a length
    /// beyond the remaining bytes cannot be right; rejecting it here also keeps a huge declared count
    /// from allocating anything. The reference interpreter counts the remaining bytes from the start
    /// of the length itself, and so do we, so that the same inputs give the same message.
    /// </summary>
    public int ReadLength()
    {
        int at = _pos;
        uint n = ReadU32();
        if (n > (uint)(_data.Length - at))
            throw new MalformedModuleException("length out of bounds", at);
        return (int)n;
    }

    /// <summary>An index (spec 5.5.1), kept as an int: indices beyond int.MaxValue wrap to negative numbers, which no index space contains.</summary>
    public int ReadIndex() => unchecked((int)ReadU32());

    /// <summary>A name (spec 5.2.4): a byte vector that must be valid UTF-8.</summary>
    public string ReadName()
    {
        int at = _pos;
        var bytes = ReadBytes(ReadLength());
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
            throw new MalformedModuleException("malformed UTF-8 encoding", at);
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>A value type (spec 5.3.4).</summary>
    public ValueType ReadValueType()
    {
        int at = _pos;
        if (Peek() is >= 0 and var first && ReferenceTypeEncoding.StartsReferenceType((byte)first, TypedReferences))
            return ReferenceTypeEncoding.Read(_data, ref _pos, 0);
        byte b = ReadByte();
        if (!InstructionReader.IsValueTypeByte(b))
            throw new MalformedModuleException(InstructionReader.ValueTypeError(b), at);
        return (ValueType)b;
    }

    /// <summary>A reference type (spec 5.3.3).</summary>
    public ValueType ReadReferenceType()
    {
        int at = _pos;
        if (Peek() is >= 0 and var first && ReferenceTypeEncoding.StartsReferenceType((byte)first, TypedReferences))
            return ReferenceTypeEncoding.Read(_data, ref _pos, 0);
        byte b = ReadByte();
        if (!InstructionReader.IsReferenceTypeByte(b))
            throw new MalformedModuleException(InstructionReader.ReferenceTypeError(b), at);
        return (ValueType)b;
    }

    /// <summary>Limits (spec 5.3.7): a flag (0: no maximum, 1: maximum) read as a 1-bit LEB128 integer, then u32 bounds.</summary>
    public Limits ReadLimits() => ReadLimits(allowShared: false, out _);

    /// <summary>
    /// Limits whose flag may also have bit 1 set when <paramref name="allowShared"/> (threads proposal: 2 is shared
    /// without a maximum, which validation refuses, and 3 shared with one).
    /// </summary>
    public Limits ReadLimits(bool allowShared, out bool shared)
    {
        int at = _pos;
        byte flag = ReadByte();
        if ((flag & (allowShared ? 0x7C : 0x7E)) != 0)
            throw new MalformedModuleException("integer too large", at);
        if ((flag & 0x80) != 0)
            throw new MalformedModuleException("integer representation too long", at + 1);
        shared = (flag & 2) != 0;
        uint min = ReadU32();
        return (flag & 1) != 0 ? new Limits(min, ReadU32()) : new Limits(min, null);
    }

    /// <summary>
    /// WebAssembly 3.0 limits (spec 5.3.7 with memory64): a flags byte (bit 0 a maximum follows, bit 1 shared when
    /// <paramref name="allowShared"/>, bit 2 i64 addresses), then u64 bounds, which validation holds to the address
    /// type's range. Any other flags value is "malformed limits flags".
    /// </summary>
    public Limits ReadLimits64(bool allowShared, out bool shared, out ValueType addressType)
    {
        int at = _pos;
        byte flag = ReadByte();
        if ((flag & (allowShared ? ~0x07 : ~0x05)) != 0)
            throw new MalformedModuleException("malformed limits flags", at);
        shared = (flag & 2) != 0;
        addressType = (flag & 4) != 0 ? ValueType.I64 : ValueType.I32;
        ulong min = ReadU64();
        return (flag & 1) != 0 ? new Limits(min, ReadU64()) : new Limits(min, null);
    }

    public ulong ReadU64() => Leb128.ReadU64(_data, ref _pos);

    public readonly MalformedModuleException UnexpectedEnd() => new(Leb128.UnexpectedEnd, _data.Length);
}
