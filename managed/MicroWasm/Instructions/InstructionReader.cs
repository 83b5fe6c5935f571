using MicroWasm.Binary;

namespace MicroWasm.Instructions;

/// <summary>
/// Reads encoded instructions one at a time (spec 5.4) without allocating. Encoding errors throw
/// <see cref="MalformedModuleException"/>; typing is the validator's business.
/// </summary>
public ref struct InstructionReader
{
    private readonly ReadOnlySpan<byte> _code;
    private readonly int _baseOffset;
    private int _pos;
    private uint[] _branchTargets;
    private int _branchTargetCount;

    /// <param name="code">The instruction bytes.</param>
    /// <param name="baseOffset">Where <paramref name="code"/> starts in the module, so errors give module offsets.</param>
    public InstructionReader(ReadOnlySpan<byte> code, int baseOffset = 0)
    {
        _code = code;
        _baseOffset = baseOffset;
        _pos = 0;
        _branchTargets = [];
        _branchTargetCount = 0;
    }

    public readonly bool AtEnd => _pos >= _code.Length;

    /// <summary>Position in the module's bytes of the next instruction.</summary>
    public readonly int Offset => _baseOffset + _pos;

    /// <summary>The explicit targets of the last <c>br_table</c> read (the default label is in <see cref="Instruction.Index"/>).</summary>
    public readonly ReadOnlySpan<uint> BranchTargets => _branchTargets.AsSpan(0, _branchTargetCount);

    public void Read(out Instruction instr)
    {
        instr = default;
        instr.Offset = _baseOffset + _pos;
        byte first = Byte();
        Opcode opcode;
        if (first is 0xFC or 0xFD)
        {
            uint sub = U32();
            opcode = (Opcode)((first << 16) | (int)Math.Min(sub, 0xFFFF));
            if (sub > 0xFFFF || !InstructionTable.TryGet(opcode, out _))
                throw new MalformedModuleException("illegal opcode", instr.Offset);
        }
        else
        {
            opcode = (Opcode)first;
            if (!InstructionTable.TryGet(opcode, out _))
                throw new MalformedModuleException("illegal opcode", instr.Offset);
        }
        instr.Opcode = opcode;
        InstructionTable.TryGet(opcode, out var info);
        ReadImmediates(info.Immediate, ref instr);
    }

    private void ReadImmediates(ImmediateKind kind, ref Instruction instr)
    {
        switch (kind)
        {
            case ImmediateKind.None:
                break;
            case ImmediateKind.BlockType:
                instr.Block = ReadBlockType();
                break;
            case ImmediateKind.LabelIndex:
            case ImmediateKind.FunctionIndex:
            case ImmediateKind.LocalIndex:
            case ImmediateKind.GlobalIndex:
            case ImmediateKind.TableIndex:
            case ImmediateKind.DataIndex:
            case ImmediateKind.ElementIndex:
                instr.Index = U32();
                break;
            case ImmediateKind.BranchTable:
                ReadBranchTable(ref instr);
                break;
            case ImmediateKind.CallIndirect:
                instr.Index = U32();
                instr.Index2 = U32();
                break;
            case ImmediateKind.MemArg:
                ReadMemArg(ref instr);
                break;
            case ImmediateKind.MemArgLane:
                ReadMemArg(ref instr);
                instr.Lane = Byte();
                break;
            case ImmediateKind.MemoryIndex:
                instr.Index = ReadMemoryIndexByte();
                break;
            case ImmediateKind.I32:
                instr.Bits = (ulong)(long)Leb128.ReadS32(_code, ref _pos, _baseOffset);
                break;
            case ImmediateKind.I64:
                instr.Bits = (ulong)Leb128.ReadS64(_code, ref _pos, _baseOffset);
                break;
            case ImmediateKind.F32:
                instr.Bits = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(Take(4));
                break;
            case ImmediateKind.F64:
                instr.Bits = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(Take(8));
                break;
            case ImmediateKind.SelectTypes:
                instr.Index = U32();
                for (uint i = 0; i < instr.Index; i++)
                {
                    var t = ReadValueType();
                    if (i == 0) instr.ValueType = t;
                }
                break;
            case ImmediateKind.HeapType:
                instr.ValueType = ReadReferenceType();
                break;
            case ImmediateKind.MemoryInit:
                instr.Index = U32();
                instr.Index2 = ReadMemoryIndexByte();
                break;
            case ImmediateKind.MemoryCopy:
                instr.Index = ReadMemoryIndexByte();
                instr.Index2 = ReadMemoryIndexByte();
                break;
            case ImmediateKind.TableInit:
                instr.Index = U32();
                instr.Index2 = U32();
                break;
            case ImmediateKind.TableCopy:
                instr.Index = U32();
                instr.Index2 = U32();
                break;
            case ImmediateKind.V128:
            case ImmediateKind.Shuffle:
                Take(16).CopyTo(instr.V128);
                break;
            case ImmediateKind.Lane:
                instr.Lane = Byte();
                break;
            default:
                throw new InvalidOperationException($"no reader for immediate kind {kind}");
        }
    }

    private BlockType ReadBlockType()
    {
        if (_pos < _code.Length)
        {
            byte b = _code[_pos];
            if (b == 0x40) { _pos++; return BlockType.Empty; }
            if (IsValueTypeByte(b)) { _pos++; return new BlockType(BlockTypeKind.Value, (ValueType)b); }
        }
        int start = _pos;
        long index = Leb128.ReadS33(_code, ref _pos, _baseOffset);
        if (index < 0)
            throw new MalformedModuleException("malformed value type", _baseOffset + start);
        return new BlockType(BlockTypeKind.TypeIndex, default, (uint)index);
    }

    private void ReadBranchTable(ref Instruction instr)
    {
        uint count = U32();
        // Each target takes at least one byte, so a count beyond the remaining bytes is malformed.
        if (count > (uint)(_code.Length - _pos))
            throw new MalformedModuleException("unexpected end", _baseOffset + _pos);
        if (_branchTargets.Length < count)
            _branchTargets = new uint[Math.Max(count, 16)];
        for (int i = 0; i < count; i++)
            _branchTargets[i] = U32();
        _branchTargetCount = (int)count;
        instr.Index = U32();
    }

    private void ReadMemArg(ref Instruction instr)
    {
        // Multi-memory: bit 6 of the alignment field says a memory index follows (spec 3.0, 5.4.7).
        uint align = U32();
        if ((align & 0x40) != 0)
        {
            align &= ~0x40u;
            instr.Index = U32();
        }
        instr.Align = align;
        instr.MemoryOffset = U32();
    }

    private uint ReadMemoryIndexByte()
    {
        // Wasm 2.0 encodes the memory index of memory.size/grow/fill/copy/init as a single zero byte.
        int at = _baseOffset + _pos;
        byte b = Byte();
        if (b != 0)
            throw new MalformedModuleException("zero byte expected", at);
        return 0;
    }

    private ValueType ReadValueType()
    {
        int at = _baseOffset + _pos;
        byte b = Byte();
        if (!IsValueTypeByte(b))
            throw new MalformedModuleException("malformed value type", at);
        return (ValueType)b;
    }

    private ValueType ReadReferenceType()
    {
        int at = _baseOffset + _pos;
        byte b = Byte();
        if (b is not (0x70 or 0x6F))
            throw new MalformedModuleException("malformed reference type", at);
        return (ValueType)b;
    }

    private static bool IsValueTypeByte(byte b) => b is 0x7F or 0x7E or 0x7D or 0x7C or 0x7B or 0x70 or 0x6F;

    private uint U32() => Leb128.ReadU32(_code, ref _pos, _baseOffset);

    private byte Byte()
    {
        if (_pos >= _code.Length)
            throw new MalformedModuleException("unexpected end", _baseOffset + _pos);
        return _code[_pos++];
    }

    private ReadOnlySpan<byte> Take(int n)
    {
        if (_code.Length - _pos < n)
            throw new MalformedModuleException("unexpected end", _baseOffset + _pos);
        var s = _code.Slice(_pos, n);
        _pos += n;
        return s;
    }
}
