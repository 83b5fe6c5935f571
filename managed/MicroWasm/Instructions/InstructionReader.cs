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
    private CatchClause[] _catchClauses;
    private int _catchClauseCount;
    private readonly bool _singleMemory;
    private readonly bool _u32Offsets;
    private readonly bool _typedReferences;

    /// <param name="code">The instruction bytes.</param>
    /// <param name="baseOffset">Where <paramref name="code"/> starts in the module, so errors give module offsets.</param>
    /// <param name="multiMemory">
    /// Whether memory indices are read as WebAssembly 3.0 encodes them (multiple memories: a memarg flag, u32 indices);
    /// otherwise as 2.0 does, a single zero byte. 2.0 encodings read the same either way, so only the decoder, which
    /// sees the bytes first, needs false.
    /// </param>
    /// <param name="memory64">
    /// Whether memarg offsets are u64 (WebAssembly 3.0, for memory64; the validator bounds a 32-bit memory's offsets);
    /// otherwise u32, as in 2.0. Only the decoder needs false, for the same reason.
    /// </param>
    /// <param name="typedReferences">Whether reference types are read as WebAssembly 3.0 encodes them (0x63/0x64 and heap types); only the decoder needs false.</param>
    public InstructionReader(ReadOnlySpan<byte> code, int baseOffset = 0, bool multiMemory = true, bool memory64 = true, bool typedReferences = true)
    {
        _typedReferences = typedReferences;
        _u32Offsets = !memory64;
        _code = code;
        _baseOffset = baseOffset;
        _pos = 0;
        _branchTargets = [];
        _branchTargetCount = 0;
        _catchClauses = [];
        _catchClauseCount = 0;
        _singleMemory = !multiMemory;
    }

    public readonly bool AtEnd => _pos >= _code.Length;

    /// <summary>Position in the module's bytes of the next instruction.</summary>
    public readonly int Offset => _baseOffset + _pos;

    /// <summary>The explicit targets of the last <c>br_table</c> read (the default label is in <see cref="Instruction.Index"/>).</summary>
    public readonly ReadOnlySpan<uint> BranchTargets => _branchTargets.AsSpan(0, _branchTargetCount);

    /// <summary>The catch clauses of the last <c>try_table</c> read, in order.</summary>
    public readonly ReadOnlySpan<CatchClause> CatchClauses => _catchClauses.AsSpan(0, _catchClauseCount);

    public void Read(out Instruction instr)
    {
        instr = default;
        instr.Offset = _baseOffset + _pos;
        byte first = Byte();
        Opcode opcode;
        OpcodeInfo info;
        if (first is 0xFB or 0xFC or 0xFD or AtomicOperators.Prefix)
        {
            uint sub = U32();
            opcode = (Opcode)((first << 16) | (int)Math.Min(sub, 0xFFFF));
            if (sub > 0xFFFF || !InstructionTable.TryGet(opcode, out info))
                throw new MalformedModuleException($"illegal opcode {first:x2} {sub:x2}", instr.Offset);
        }
        else
        {
            opcode = (Opcode)first;
            if (!InstructionTable.TryGet(opcode, out info))
                throw new MalformedModuleException($"illegal opcode {first:x2}", instr.Offset);
        }
        instr.Opcode = opcode;
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
            case ImmediateKind.TagIndex:
            case ImmediateKind.TypeIndex:
                instr.Index = U32();
                break;
            case ImmediateKind.BranchTable:
                ReadBranchTable(ref instr);
                break;
            case ImmediateKind.TryTable:
                instr.Block = ReadBlockType();
                ReadCatchClauses();
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
            case ImmediateKind.ZeroByte:
                ReadZeroByte();
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
                instr.Index = Length();
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
            case ImmediateKind.TypeAndField:
            case ImmediateKind.TypeAndCount:
            case ImmediateKind.TypeAndData:
            case ImmediateKind.TypeAndElement:
            case ImmediateKind.TypeAndType:
                instr.Index = U32();
                instr.Index2 = U32();
                break;
            case ImmediateKind.CastType:
                instr.ValueType = ReferenceTypes.Reference(ReadHeapType(), nullable: instr.Opcode is Opcode.RefTestNull or Opcode.RefCastNull);
                break;
            case ImmediateKind.BrOnCast:
                ReadBrOnCast(ref instr);
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

    // br_on_cast flags (bit 0: source nullable, bit 1: target nullable), label, source and target heap types.
    private void ReadBrOnCast(ref Instruction instr)
    {
        int at = _baseOffset + _pos;
        byte flags = Byte();
        if (flags > 3) throw new MalformedModuleException("malformed br_on_cast flags", at);
        instr.Index = U32();
        instr.ValueType = ReferenceTypes.Reference(ReadHeapType(), nullable: (flags & 1) != 0);
        instr.TargetType = ReferenceTypes.Reference(ReadHeapType(), nullable: (flags & 2) != 0);
    }

    private HeapType ReadHeapType() => ReferenceTypeEncoding.ReadHeapType(_code, ref _pos, _baseOffset);

    private BlockType ReadBlockType()
    {
        // Spec 5.4.1: 0x40 is the empty type; a byte of the form 0b01xxxxxx is a value type; anything
        // else starts an s33 type index.
        if (_pos < _code.Length)
        {
            byte b = _code[_pos];
            if (b == 0x40) { _pos++; return BlockType.Empty; }
            if ((b & 0xC0) == 0x40 || ReferenceTypeEncoding.StartsReferenceType(b, _typedReferences)) return new BlockType(BlockTypeKind.Value, ReadValueType());
        }
        long index = Leb128.ReadS33(_code, ref _pos, _baseOffset);
        // A negative index names no type; it is kept (as a huge index) so that validation reports
        // "unknown type" as the reference interpreter does.
        return new BlockType(BlockTypeKind.TypeIndex, default, index < 0 ? uint.MaxValue : (uint)index);
    }

    private void ReadBranchTable(ref Instruction instr)
    {
        // Each target takes at least one byte, so a count beyond the remaining bytes is malformed.
        uint count = Length();
        if (_branchTargets.Length < count)
            _branchTargets = new uint[Math.Max(count, 16)];
        for (int i = 0; i < count; i++)
            _branchTargets[i] = U32();
        _branchTargetCount = (int)count;
        instr.Index = U32();
    }

    // WebAssembly 3.0 (5.4.1): a vector of clauses, each a kind byte (0-3), a tag index for catch and catch_ref, a label.
    private void ReadCatchClauses()
    {
        uint count = Length();
        if (_catchClauses.Length < count)
            _catchClauses = new CatchClause[Math.Max(count, 4)];
        for (int i = 0; i < count; i++)
        {
            int at = _baseOffset + _pos;
            byte kind = Byte();
            if (kind > (byte)CatchKind.CatchAllRef)
                throw new MalformedModuleException("malformed catch clause", at);
            uint tag = kind <= (byte)CatchKind.CatchRef ? U32() : 0;
            _catchClauses[i] = new CatchClause((CatchKind)kind, tag, U32());
        }
        _catchClauseCount = (int)count;
    }

    private void ReadMemArg(ref Instruction instr)
    {
        // Spec 5.4.7: the alignment exponent, then the offset. In 3.0 flags 64-127 say that a memory index follows
        // the alignment exponent (flags - 64); 128 and up are malformed. Wasm 2.0 has one memory, so the flag is not
        // recognised: like the reference interpreter, an exponent of 32 or more is "malformed memop flags". Exponents
        // too large for the access are invalid (the validator's business).
        int at = _baseOffset + _pos;
        uint flags = U32();
        if (flags >= (_singleMemory ? 32u : 128u))
            throw new MalformedModuleException("malformed memop flags", at);
        if (flags >= 64)
        {
            flags -= 64;
            instr.Index = U32();
        }
        instr.Align = flags;
        instr.MemoryOffset = _u32Offsets ? U32() : Leb128.ReadU64(_code, ref _pos, _baseOffset);
    }

    private uint ReadMemoryIndexByte()
    {
        // Wasm 2.0 encodes the memory index of memory.size/grow/fill/copy/init as a single zero byte; 3.0 as a u32.
        if (!_singleMemory) return U32();
        ReadZeroByte();
        return 0;
    }

    private void ReadZeroByte()
    {
        int at = _baseOffset + _pos;
        if (Byte() != 0)
            throw new MalformedModuleException("zero byte expected", at);
    }

    private ValueType ReadValueType()
    {
        int at = _baseOffset + _pos;
        byte b = _pos < _code.Length ? _code[_pos] : Byte();
        if (ReferenceTypeEncoding.StartsReferenceType(b, _typedReferences)) return ReferenceTypeEncoding.Read(_code, ref _pos, _baseOffset);
        _pos++;
        if (!IsValueTypeByte(b))
            throw new MalformedModuleException(ValueTypeError(b), at);
        return (ValueType)b;
    }

    /// <summary>
    /// Type codes are one-byte signed LEB128 numbers (spec 5.3). The reference interpreter reads
    /// them as such (a continuation bit makes the number too long), and reads bytes from 0x7C up as
    /// number types and the rest as reference types, so that is how it names a byte that is neither.
    /// </summary>
    internal static string ValueTypeError(byte b) =>
        b >= 0x80 ? "integer representation too long" : b >= 0x7C ? "malformed number type" : "malformed reference type";

    internal static string ReferenceTypeError(byte b) =>
        b >= 0x80 ? "integer representation too long" : "malformed reference type";

    // ref.null's heap type: without typed references, func, extern, exn, or noexn (the bottom of exn's hierarchy, which
    // 2.0's type model folds into exnref); with them any heap type, and the instruction's type is (ref null ht).
    private ValueType ReadReferenceType()
    {
        int at = _baseOffset + _pos;
        if (_typedReferences) return ReferenceTypes.Reference(ReferenceTypeEncoding.ReadHeapType(_code, ref _pos, _baseOffset), nullable: true);
        byte b = Byte();
        if (b == NoExnHeapType) return ValueType.ExnRef;
        if (!IsReferenceTypeByte(b))
            throw new MalformedModuleException(ReferenceTypeError(b), at);
        return (ValueType)b;
    }

    /// <summary>The heap type <c>noexn</c> (WebAssembly 3.0).</summary>
    internal const byte NoExnHeapType = 0x74;

    internal static bool IsReferenceTypeByte(byte b) => b is 0x70 or 0x6F or 0x69;

    /// <summary>A vector length (spec 5.1.3); like the reference, one beyond the remaining bytes is "length out of bounds".</summary>
    private uint Length()
    {
        int start = _pos;
        uint n = U32();
        // Counted from the start of the length, as the reference interpreter does.
        if (n > (uint)(_code.Length - start))
            throw new MalformedModuleException("length out of bounds", _baseOffset + start);
        return n;
    }

    internal static bool IsValueTypeByte(byte b) => b is 0x7F or 0x7E or 0x7D or 0x7C or 0x7B || IsReferenceTypeByte(b);

    private uint U32() => Leb128.ReadU32(_code, ref _pos, _baseOffset);

    private byte Byte()
    {
        if (_pos >= _code.Length)
            throw new MalformedModuleException(Leb128.UnexpectedEnd, _baseOffset + _pos);
        return _code[_pos++];
    }

    private ReadOnlySpan<byte> Take(int n)
    {
        if (_code.Length - _pos < n)
            throw new MalformedModuleException(Leb128.UnexpectedEnd, _baseOffset + _pos);
        var s = _code.Slice(_pos, n);
        _pos += n;
        return s;
    }
}
