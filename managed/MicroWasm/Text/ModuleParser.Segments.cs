namespace MicroWasm.Text;

internal sealed partial class ModuleParser
{
    /// <summary>One element of an element segment: its constant expression, and the function index when it is just <c>ref.func</c>.</summary>
    private readonly record struct ElementItem(byte[] Expression, uint? FunctionIndex);

    /// <summary>
    /// <c>(elem id? declare? elemlist)</c>, <c>(elem id? (table x)? offset elemlist)</c>, or the
    /// abbreviation <c>(elem id? offset funcidx*)</c> (spec 6.6.10), after "elem"; also the MVP's
    /// <c>(elem tableidx offset funcidx*)</c>.
    /// </summary>
    private void DefineElem()
    {
        _r.TryId();
        if (_r.PeekKeyword("declare"))
        {
            _r.Next();
            var (type, items) = ParseElementList();
            _r.ExpectRightParen();
            _out.Elements.Add(EncodeElementSegment(SegmentMode.Declarative, 0, null, type, items));
            return;
        }
        uint table = 0;
        bool active = false;
        if (_r.PeekKind(TokenKind.Number))
        {
            // The MVP's form (elem tableidx offset funcidx*), which the threads proposal's scripts still use.
            table = _r.ExpectU32();
            active = true;
        }
        else if (_r.PeekList("table"))
        {
            _r.Next();
            _r.Next();
            table = _tables.Resolve(_r);
            _r.ExpectRightParen();
            active = true;
        }
        ByteWriter? offset = null;
        if (_r.PeekKind(TokenKind.LeftParen) && !_r.PeekList("ref"))
        {
            offset = ParseOffset();
            active = true;
        }
        else if (active) throw _r.Unexpected(_r.Peek());
        if (!active)
        {
            var (type, items) = ParseElementList();
            _r.ExpectRightParen();
            _out.Elements.Add(EncodeElementSegment(SegmentMode.Passive, 0, null, type, items));
            return;
        }
        if (_r.PeekKeyword("func") || _r.PeekKind(TokenKind.Keyword) && _r.Peek().Text.EndsWith("ref", StringComparison.Ordinal) || _r.PeekList("ref"))
        {
            var (type, items) = ParseElementList();
            _r.ExpectRightParen();
            _out.Elements.Add(EncodeElementSegment(SegmentMode.Active, table, offset, type, items));
        }
        else
        {
            var items = ParseElementItems(ValueType.FuncRef, allowFunctionIndices: true, onlyFunctionIndices: true);
            _r.ExpectRightParen();
            _out.Elements.Add(EncodeElementSegment(SegmentMode.Active, table, offset, ValueType.FuncRef, items));
        }
    }

    /// <summary>An offset (spec 6.6.10-11): <c>(offset instr*)</c>, or a single folded instruction. Ends with <c>end</c>.</summary>
    private ByteWriter ParseOffset()
    {
        var offset = new ByteWriter();
        if (_r.PeekList("offset"))
        {
            _r.Next();
            _r.Next();
            ParseInstructions(new FunctionContext(), offset);
            _r.ExpectRightParen();
        }
        else ParseFoldedInstruction(new FunctionContext(), offset);
        offset.WriteByte(0x0B);
        return offset;
    }

    /// <summary><c>func funcidx*</c> or <c>reftype elemexpr*</c> (spec 6.6.10).</summary>
    private (ValueType Type, List<ElementItem> Items) ParseElementList()
    {
        if (_r.PeekKeyword("func"))
        {
            _r.Next();
            return (ValueType.FuncRef, ParseElementItems(ValueType.FuncRef, allowFunctionIndices: true, onlyFunctionIndices: true));
        }
        var type = ParseReferenceType();
        return (type, ParseElementItems(type, allowFunctionIndices: false));
    }

    /// <summary>
    /// Element items: function indices, or expressions written <c>(item instr*)</c> or as one folded
    /// instruction (spec 6.6.10 abbreviation).
    /// </summary>
    private List<ElementItem> ParseElementItems(ValueType type, bool allowFunctionIndices, bool onlyFunctionIndices = false)
    {
        var items = new List<ElementItem>();
        if (allowFunctionIndices && (onlyFunctionIndices || PeekIndex()))
        {
            while (PeekIndex())
            {
                uint index = _funcs.Resolve(_r);
                var expression = new ByteWriter();
                expression.WriteByte(0xD2); // ref.func
                expression.WriteU32(index);
                expression.WriteByte(0x0B);
                items.Add(new ElementItem(expression.ToArray(), index));
            }
            return items;
        }
        while (_r.PeekKind(TokenKind.LeftParen))
        {
            var expression = new ByteWriter();
            if (_r.PeekList("item"))
            {
                _r.Next();
                _r.Next();
                ParseInstructions(new FunctionContext(), expression);
                _r.ExpectRightParen();
            }
            else ParseFoldedInstruction(new FunctionContext(), expression);
            expression.WriteByte(0x0B);
            // With typed references an expression keeps its encoding: a funcref segment of them is not (ref func).
            items.Add(new ElementItem(expression.ToArray(), _r.Features.FunctionReferences ? null : SingleRefFunc(expression.AsSpan())));
        }
        return items;
    }

    /// <summary>The function index if the expression is exactly <c>ref.func x end</c>.</summary>
    private static uint? SingleRefFunc(ReadOnlySpan<byte> expression)
    {
        if (expression.Length < 3 || expression[0] != 0xD2) return null;
        uint index = 0;
        int shift = 0, i = 1;
        while (i < expression.Length - 1)
        {
            byte b = expression[i++];
            index |= (uint)(b & 0x7F) << shift;
            shift += 7;
            if ((b & 0x80) == 0) break;
        }
        return i == expression.Length - 1 && expression[i] == 0x0B ? index : null;
    }

    /// <summary>
    /// An element segment in the binary format (spec 5.5.12), choosing among the eight encodings: the
    /// compact function-index forms when every item is a plain <c>ref.func</c> of a funcref segment, and an
    /// explicit table index only when it is not table 0 with funcref elements.
    /// </summary>
    private static byte[] EncodeElementSegment(SegmentMode mode, uint table, ByteWriter? offset, ValueType type, List<ElementItem> items)
    {
        bool useExpressions = type != ValueType.FuncRef || items.Exists(i => i.FunctionIndex is null);
        bool explicitTable = mode == SegmentMode.Active && (table != 0 || type != ValueType.FuncRef);
        uint flags = mode switch
        {
            SegmentMode.Active => explicitTable ? 2u : 0u,
            SegmentMode.Passive => 1u,
            _ => 3u,
        };
        if (useExpressions) flags |= 4;
        var segment = new ByteWriter();
        segment.WriteU32(flags);
        if (explicitTable) segment.WriteU32(table);
        if (offset is not null) segment.WriteBytes(offset);
        // Flags 0 and 4 imply funcref; the others say the element kind (0x00: funcref) or reference type.
        if ((flags & 3) != 0)
        {
            if (useExpressions) segment.WriteValueType(type);
            else segment.WriteByte(0x00);
        }
        segment.WriteU32((uint)items.Count);
        foreach (var item in items)
        {
            if (useExpressions) segment.WriteBytes(item.Expression);
            else segment.WriteU32(item.FunctionIndex!.Value);
        }
        return segment.ToArray();
    }

    /// <summary>
    /// <c>(data id? string*)</c> (passive) or <c>(data id? (memory x)? offset string*)</c> (active)
    /// (spec 6.6.11), after "data".
    /// </summary>
    private void DefineData()
    {
        _r.TryId();
        var segment = new ByteWriter();
        uint memory = 0;
        bool explicitMemory = false;
        if (_r.PeekKind(TokenKind.Number))
        {
            // The MVP's form (data memidx offset string*), which the threads proposal's scripts still use.
            memory = _r.ExpectU32();
            explicitMemory = true;
        }
        else if (_r.PeekList("memory"))
        {
            _r.Next();
            _r.Next();
            memory = _memories.Resolve(_r);
            _r.ExpectRightParen();
            explicitMemory = true;
        }
        if (_r.PeekKind(TokenKind.LeftParen))
        {
            var offset = ParseOffset();
            if (memory == 0) segment.WriteU32(0);
            else
            {
                segment.WriteU32(2);
                segment.WriteU32(memory);
            }
            segment.WriteBytes(offset);
        }
        else if (explicitMemory) throw _r.Unexpected(_r.Peek());
        else segment.WriteU32(1);
        var bytes = new ByteWriter();
        while (_r.PeekKind(TokenKind.String)) bytes.WriteBytes(_r.ExpectString());
        _r.ExpectRightParen();
        segment.WriteU32((uint)bytes.Length);
        segment.WriteBytes(bytes);
        _out.Data.Add(segment.ToArray());
    }
}
