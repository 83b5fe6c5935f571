using MicroWasm.Instructions;

namespace MicroWasm.Text;

internal sealed partial class ModuleParser
{
    /// <summary>
    /// How deeply blocks and folded instructions may nest. They are parsed recursively, and a .NET stack overflow kills
    /// the process (architecture note 1), so deeper text is refused as malformed. One level takes well under 1 KiB of
    /// stack: 1000 levels fit in the 1.5 MiB of a secondary .NET thread; real modules nest a few dozen levels.
    /// </summary>
    internal const int MaxNesting = 1000;

    private int _nesting;

    private void EnterNesting()
    {
        if (++_nesting > MaxNesting || !System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw _r.Error(_r.Peek(), $"instructions nested more than {MaxNesting} deep");
    }

    /// <summary>
    /// A sequence of instructions (spec 6.5), plain or folded, up to a ')' or a block's
    /// <c>end</c>/<c>else</c>, which the caller consumes.
    /// </summary>
    private void ParseInstructions(FunctionContext context, ByteWriter code)
    {
        while (true)
        {
            TakeBranchHintAnnotation();
            var token = _r.Peek();
            if (token.Kind == TokenKind.LeftParen) ParseFoldedInstruction(context, code);
            else if (token.Kind == TokenKind.Keyword && !IsBlockContinuation(token.Text)) ParsePlainInstruction(context, code);
            else if (token.Kind is TokenKind.RightParen or TokenKind.Keyword or TokenKind.EndOfInput) return;
            else throw _r.Unexpected(token);
        }
    }

    /// <summary>The keywords that end a block's instruction sequence: <c>end</c>, <c>else</c>, and the legacy try's handlers.</summary>
    private static bool IsBlockContinuation(string keyword) => keyword is "end" or "else" or "catch" or "catch_all" or "delegate";

    /// <summary>A plain instruction (spec 6.5.1-9), including the flat block forms ending in <c>end</c>.</summary>
    private void ParsePlainInstruction(FunctionContext context, ByteWriter code)
    {
        // A plain instruction starts with its opcode.
        AddBranchHint(TakePendingBranchHint(), code.Length);
        var token = _r.Next();
        switch (token.Text)
        {
            case "block" or "loop":
            {
                var label = _r.TryId();
                code.WriteByte(token.Text == "block" ? (byte)Opcode.Block : (byte)Opcode.Loop);
                WriteBlockType(code);
                context.Labels.Add(label);
                EnterNesting();
                ParseInstructions(context, code);
                _nesting--;
                ExpectEnd(label);
                context.Labels.RemoveAt(context.Labels.Count - 1);
                code.WriteByte((byte)Opcode.End);
                return;
            }
            case "if":
            {
                var label = _r.TryId();
                code.WriteByte((byte)Opcode.If);
                WriteBlockType(code);
                context.Labels.Add(label);
                EnterNesting();
                ParseInstructions(context, code);
                if (_r.PeekKeyword("else"))
                {
                    _r.Next();
                    CheckClosingLabel(label);
                    WriteElse(context, code);
                }
                _nesting--;
                ExpectEnd(label);
                context.Labels.RemoveAt(context.Labels.Count - 1);
                code.WriteByte((byte)Opcode.End);
                return;
            }
            case "try_table":
                ParseTryTable(context, code, folded: false);
                return;
            case "try":
                ParseLegacyTry(context, code, folded: false);
                return;
        }
        if (!InstructionTable.TryGet(token.Text, out var info)) throw _r.Unexpected(token);
        WriteInstruction(info, context, code);
    }

    /// <summary>
    /// The else branch. An empty one is not encoded: <c>if ... end</c> means the same, and it is how the
    /// reference interpreter encodes it.
    /// </summary>
    private void WriteElse(FunctionContext context, ByteWriter code)
    {
        int elseAt = code.Length;
        code.WriteByte((byte)Opcode.Else);
        ParseInstructions(context, code);
        if (code.Length == elseAt + 1) code.Truncate(elseAt);
    }

    private void ExpectEnd(string? label)
    {
        _r.ExpectKeyword("end");
        CheckClosingLabel(label);
    }

    /// <summary>An identifier after <c>end</c> or <c>else</c> must repeat the block's label (spec 6.5.2).</summary>
    private void CheckClosingLabel(string? label)
    {
        var token = _r.Peek();
        if (token.Kind != TokenKind.Id) return;
        _r.Next();
        if (token.Text != label) throw _r.Error(token, "mismatching label");
    }

    /// <summary>
    /// A folded instruction (spec 6.5.10): <c>(plaininstr foldedinstr*)</c> is the operands' code
    /// followed by the instruction's; blocks and <c>if</c> have their own folded forms.
    /// </summary>
    private void ParseFoldedInstruction(FunctionContext context, ByteWriter code)
    {
        EnterNesting();
        ParseFoldedInstructionBody(context, code);
        _nesting--;
    }

    private void ParseFoldedInstructionBody(FunctionContext context, ByteWriter code)
    {
        // A folded instruction's opcode follows its operands, which may have hints of their own.
        var branchHint = TakePendingBranchHint();
        _r.ExpectLeftParen();
        var token = _r.Peek();
        if (token.Kind != TokenKind.Keyword) throw _r.Unexpected(token);
        _r.Next();
        switch (token.Text)
        {
            case "block" or "loop":
            {
                var label = _r.TryId();
                code.WriteByte(token.Text == "block" ? (byte)Opcode.Block : (byte)Opcode.Loop);
                WriteBlockType(code);
                context.Labels.Add(label);
                ParseInstructions(context, code);
                _r.ExpectRightParen();
                context.Labels.RemoveAt(context.Labels.Count - 1);
                code.WriteByte((byte)Opcode.End);
                return;
            }
            case "if":
            {
                var label = _r.TryId();
                var blockType = new ByteWriter();
                WriteBlockType(blockType);
                // The condition is outside the if's label scope.
                while (_r.PeekKind(TokenKind.LeftParen) && !_r.Peek(1).IsKeyword("then"))
                    ParseFoldedInstruction(context, code);
                AddBranchHint(branchHint, code.Length);
                code.WriteByte((byte)Opcode.If);
                code.WriteBytes(blockType);
                context.Labels.Add(label);
                _r.ExpectList("then");
                ParseInstructions(context, code);
                _r.ExpectRightParen();
                if (_r.PeekList("else"))
                {
                    _r.Next();
                    _r.Next();
                    WriteElse(context, code);
                    _r.ExpectRightParen();
                }
                _r.ExpectRightParen();
                context.Labels.RemoveAt(context.Labels.Count - 1);
                code.WriteByte((byte)Opcode.End);
                return;
            }
            case "try_table":
                ParseTryTable(context, code, folded: true);
                return;
            case "try":
                ParseLegacyTry(context, code, folded: true);
                return;
        }
        if (!InstructionTable.TryGet(token.Text, out var info)) throw _r.Unexpected(token);
        var instruction = new ByteWriter();
        WriteInstruction(info, context, instruction);
        while (_r.PeekKind(TokenKind.LeftParen)) ParseFoldedInstruction(context, code);
        _r.ExpectRightParen();
        AddBranchHint(branchHint, code.Length);
        code.WriteBytes(instruction);
    }

    /// <summary>
    /// A block type (spec 6.5.2): empty, one result type, or a type use; inline declarations that a value
    /// type cannot express become a (possibly inserted) type index.
    /// </summary>
    private void WriteBlockType(ByteWriter code)
    {
        if (!(_r.PeekList("type") || _r.PeekList("param") || _r.PeekList("result")))
        {
            code.WriteByte(0x40);
            return;
        }
        // The short encodings are used whenever they can express the type, even if it was named.
        var use = ParseTypeUse(allowNames: false);
        bool known = use.ExplicitIndex is not uint index || _out.FunctionTypeAt(index) is not null;
        if (known && use.Type.Parameters.Length == 0 && use.Type.Results.Length == 0) code.WriteByte(0x40);
        else if (known && use.Type.Parameters.Length == 0 && use.Type.Results.Length == 1) code.WriteValueType(use.Type.Results[0]);
        else code.WriteS64(use.ExplicitIndex ?? _out.TypeIndexOf(use.Type));
    }

    private static void WriteOpcode(OpcodeInfo info, ByteWriter code)
    {
        if (info.IsPrefixed)
        {
            code.WriteByte(info.Prefix);
            code.WriteU32(info.SubOpcode);
        }
        else code.WriteByte((byte)info.Opcode);
    }

    private bool PeekIndex() => IsIndex(_r.Peek());

    /// <summary>Can the token be an index (spec 6.6.1): an identifier or a natural number.</summary>
    private static bool IsIndex(Token token) =>
        token.Kind == TokenKind.Id ||
        (token.Kind == TokenKind.Number && NumberLiterals.ParseNat(token.Text, 64, out _) is NumberStatus.Ok or NumberStatus.OutOfRange);

    /// <summary>An instruction's opcode and immediates (spec 6.5, in the order of <see cref="ImmediateKind"/>).</summary>
    private void WriteInstruction(OpcodeInfo info, FunctionContext context, ByteWriter code)
    {
        if (info.Opcode == Opcode.Select && _r.PeekList("result"))
        {
            // Typed select (spec 6.5.4): select (result t)*.
            var (_, results, _) = ParseSignature(allowNames: false);
            code.WriteByte((byte)Opcode.SelectTyped);
            code.WriteU32((uint)results.Count);
            foreach (var t in results) code.WriteValueType(t);
            return;
        }
        if (info.Immediate == ImmediateKind.CastType)
        {
            WriteCast(info, code);
            return;
        }
        WriteOpcode(info, code);
        switch (info.Immediate)
        {
            case ImmediateKind.None:
                break;
            case ImmediateKind.BlockType:
                WriteBlockType(code);
                break;
            case ImmediateKind.LabelIndex:
                code.WriteU32(ResolveLabel(context));
                break;
            case ImmediateKind.BranchTable:
            {
                var labels = new List<uint> { ResolveLabel(context) };
                while (PeekIndex()) labels.Add(ResolveLabel(context));
                code.WriteU32((uint)labels.Count - 1);
                foreach (var l in labels) code.WriteU32(l);
                break;
            }
            case ImmediateKind.FunctionIndex:
                code.WriteU32(_funcs.Resolve(_r));
                break;
            case ImmediateKind.TagIndex:
                code.WriteU32(_tags.Resolve(_r));
                break;
            case ImmediateKind.TypeIndex:
                code.WriteU32(_types.Resolve(_r));
                break;
            case ImmediateKind.CallIndirect:
            {
                uint table = PeekIndex() ? _tables.Resolve(_r) : 0;
                var use = ParseTypeUse(allowNames: false);
                code.WriteU32(use.ExplicitIndex ?? _out.TypeIndexOf(use.Type));
                code.WriteU32(table);
                break;
            }
            case ImmediateKind.LocalIndex:
                code.WriteU32(ResolveLocal(context));
                break;
            case ImmediateKind.GlobalIndex:
                code.WriteU32(_globals.Resolve(_r));
                break;
            case ImmediateKind.TableIndex:
                code.WriteU32(PeekIndex() ? _tables.Resolve(_r) : 0);
                break;
            case ImmediateKind.MemoryIndex:
                code.WriteU32(PeekIndex() ? _memories.Resolve(_r) : 0);
                break;
            case ImmediateKind.ZeroByte:
                code.WriteByte(0);
                break;
            case ImmediateKind.MemArg:
                WriteMemArg(info, code, PeekIndex() ? _memories.Resolve(_r) : 0);
                break;
            case ImmediateKind.MemArgLane:
                // memidx? memarg laneidx: a lone number is the lane.
                WriteMemArg(info, code, _r.Peek().Kind == TokenKind.Id || PeekIndex() && (IsIndex(_r.Peek(1)) || IsMemArgField(_r.Peek(1))) ? _memories.Resolve(_r) : 0);
                code.WriteByte(ParseLaneIndex());
                break;
            case ImmediateKind.I32:
                code.WriteS32((int)ConstantParser.ParseInteger(_r, 32));
                break;
            case ImmediateKind.I64:
                code.WriteS64((long)ConstantParser.ParseInteger(_r, 64));
                break;
            case ImmediateKind.F32:
                code.WriteU32LittleEndian(ConstantParser.ParseF32(_r));
                break;
            case ImmediateKind.F64:
                code.WriteU64LittleEndian(ConstantParser.ParseF64(_r));
                break;
            case ImmediateKind.HeapType when _r.Features.FunctionReferences:
                code.WriteHeapType(ParseHeapType());
                break;
            case ImmediateKind.HeapType:
            {
                var token = _r.Next();
                code.WriteByte(token.Text switch
                {
                    "func" => (byte)ValueType.FuncRef,
                    "extern" => (byte)ValueType.ExternRef,
                    "exn" => (byte)ValueType.ExnRef,
                    "noexn" => InstructionReader.NoExnHeapType,
                    _ => throw _r.Unexpected(token),
                });
                break;
            }
            case ImmediateKind.MemoryInit:
            {
                // Text: memory.init memidx? dataidx; binary: dataidx then memidx.
                uint memory = PeekIndex() && IsIndex(_r.Peek(1)) ? _memories.Resolve(_r) : 0;
                code.WriteU32(ResolveDataIndex());
                code.WriteU32(memory);
                break;
            }
            case ImmediateKind.DataIndex:
                code.WriteU32(ResolveDataIndex());
                break;
            case ImmediateKind.ElementIndex:
                code.WriteU32(_elems.Resolve(_r));
                break;
            case ImmediateKind.MemoryCopy:
            {
                uint destination = 0, source = 0;
                if (PeekIndex())
                {
                    destination = _memories.Resolve(_r);
                    source = _memories.Resolve(_r);
                }
                code.WriteU32(destination);
                code.WriteU32(source);
                break;
            }
            case ImmediateKind.TableInit:
            {
                // Text: table.init tableidx? elemidx (spec 6.5.6); binary: elemidx then tableidx.
                uint table = PeekIndex() && IsIndex(_r.Peek(1)) ? _tables.Resolve(_r) : 0;
                uint element = _elems.Resolve(_r);
                code.WriteU32(element);
                code.WriteU32(table);
                break;
            }
            case ImmediateKind.TableCopy:
            {
                uint destination = 0, source = 0;
                if (PeekIndex())
                {
                    destination = _tables.Resolve(_r);
                    source = _tables.Resolve(_r);
                }
                code.WriteU32(destination);
                code.WriteU32(source);
                break;
            }
            case ImmediateKind.V128:
                code.WriteBytes(ConstantParser.ParseV128(_r));
                break;
            case ImmediateKind.Shuffle:
                WriteShuffleLanes(code);
                break;
            case ImmediateKind.Lane:
                code.WriteByte(ParseLaneIndex());
                break;
            case ImmediateKind.TypeAndField or ImmediateKind.TypeAndCount or ImmediateKind.TypeAndData or ImmediateKind.TypeAndElement or ImmediateKind.TypeAndType:
                WriteTypeAndSecondIndex(info.Immediate, code);
                break;
            case ImmediateKind.BrOnCast:
                WriteBranchOnCast(context, code);
                break;
            default:
                throw new InvalidOperationException($"immediate kind {info.Immediate} of {info.Mnemonic} has no text form");
        }
    }

    /// <summary>A label reference (spec 6.6.1): a relative depth, or the innermost block with that identifier.</summary>
    private uint ResolveLabel(FunctionContext context)
    {
        var token = _r.Peek();
        if (token.Kind != TokenKind.Id) return _r.ExpectU32();
        _r.Next();
        int depth = context.LabelDepth(token.Text);
        if (depth < 0) throw _r.Error(token, $"unknown label {token.Text}");
        return (uint)depth;
    }

    /// <summary>A data index in code, which makes the data count section necessary (spec 5.5.16).</summary>
    private uint ResolveDataIndex()
    {
        _out.UsesDataIndices = true;
        return _datas.Resolve(_r);
    }

    private uint ResolveLocal(FunctionContext context)
    {
        var token = _r.Peek();
        if (token.Kind != TokenKind.Id) return _r.ExpectU32();
        _r.Next();
        if (!context.TryGetLocal(token.Text, out uint index)) throw _r.Error(token, $"unknown local {token.Text}");
        return index;
    }

    private static bool IsMemArgField(Token token) =>
        token.Kind == TokenKind.Keyword && (token.Text.StartsWith("offset=", StringComparison.Ordinal) || token.Text.StartsWith("align=", StringComparison.Ordinal));

    /// <summary>
    /// <c>offset=n? align=m?</c> (spec 6.5.7): the offset defaults to 0 and the alignment to the access's
    /// natural alignment; the alignment must be a power of two and is encoded as its exponent. A memory other than 0
    /// (WebAssembly 3.0) sets bit 6 of the flags and follows them (spec 5.4.7).
    /// </summary>
    private void WriteMemArg(OpcodeInfo info, ByteWriter code, uint memory)
    {
        ulong offset = 0;
        ulong align = AtomicOperators.TryGet(info.Opcode, out var atomic) ? atomic.Width : NaturalAlignment.Of(info.Mnemonic);
        var token = _r.Peek();
        if (token.Kind == TokenKind.Keyword && token.Text.StartsWith("offset=", StringComparison.Ordinal))
        {
            _r.Next();
            // u64 with memory64 (validation bounds a 32-bit memory's offsets), else u32.
            offset = ParseMemArgValue(token, token.Text["offset=".Length..], _r.Features.Memory64 ? 64 : 32);
            token = _r.Peek();
        }
        if (token.Kind == TokenKind.Keyword && token.Text.StartsWith("align=", StringComparison.Ordinal))
        {
            _r.Next();
            align = ParseMemArgValue(token, token.Text["align=".Length..], _r.Features.Memory64 ? 64 : 32);
            if (align == 0 || (align & (align - 1)) != 0) throw _r.Error(token, "alignment must be a power of two");
        }
        uint flags = (uint)System.Numerics.BitOperations.Log2(align);
        if (memory == 0) code.WriteU32(flags);
        else
        {
            code.WriteU32(flags | 0x40);
            code.WriteU32(memory);
        }
        code.WriteU64(offset);
    }

    private ulong ParseMemArgValue(Token token, string text, int bits) =>
        NumberLiterals.ParseNat(text, bits, out ulong value) switch
        {
            NumberStatus.Ok => value,
            NumberStatus.OutOfRange => throw _r.Error(token, $"i{bits} constant out of range"),
            _ => throw _r.Error(token, $"unknown operator {token.Text}"),
        };

    /// <summary>A lane index (spec 6.5.8): a natural number that fits a byte.</summary>
    private byte ParseLaneIndex()
    {
        var token = _r.Peek();
        if (token.Kind != TokenKind.Number) throw _r.Unexpected(token);
        _r.Next();
        return NumberLiterals.ParseNat(token.Text, 8, out ulong lane) switch
        {
            NumberStatus.Ok => (byte)lane,
            NumberStatus.OutOfRange => throw _r.Error(token, "malformed lane index"),
            _ => throw _r.Unexpected(token),
        };
    }

    /// <summary>
    /// <c>i8x16.shuffle</c> takes exactly 16 lane indices (spec 6.5.8). As in the reference parser, the
    /// lane tokens are counted first ("invalid lane length"), then each must be a byte-sized natural.
    /// </summary>
    private void WriteShuffleLanes(ByteWriter code)
    {
        if (ConstantParser.CountLaneTokens(_r) != 16) throw _r.Error(_r.Peek(), "invalid lane length");
        for (int i = 0; i < 16; i++)
        {
            var token = _r.Next();
            if (NumberLiterals.ParseNat(token.Text, 8, out ulong lane) != NumberStatus.Ok)
                throw _r.Error(token, "malformed lane index");
            code.WriteByte((byte)lane);
        }
    }
}
