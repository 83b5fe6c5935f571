namespace MicroWasm.Text;

internal sealed partial class ModuleParser
{
    /// <summary>
    /// A type definition's body (3.0, spec 6.4.9): <c>(sub final? typeidx* comptype)</c>, or a composite type alone
    /// (final, without supertypes). Field identifiers of a struct are recorded for <paramref name="typeIndex"/>.
    /// </summary>
    private SubType ParseSubType(uint typeIndex)
    {
        if (!_r.PeekList("sub")) return SubType.Final(ParseCompositeType(typeIndex));
        _r.Next();
        _r.Next();
        bool isFinal = _r.PeekKeyword("final");
        if (isFinal) _r.Next();
        var supertypes = new List<int>();
        while (_r.PeekKind(TokenKind.Id) || _r.PeekKind(TokenKind.Number)) supertypes.Add((int)_types.Resolve(_r));
        var composite = ParseCompositeType(typeIndex);
        _r.ExpectRightParen();
        return new SubType(composite, isFinal, [.. supertypes]);
    }

    /// <summary><c>(func ...)</c>, <c>(struct (field ...)*)</c> or <c>(array fieldtype)</c>.</summary>
    private CompositeType ParseCompositeType(uint typeIndex)
    {
        var open = _r.Next();
        if (open.Kind != TokenKind.LeftParen) throw _r.Unexpected(open);
        var keyword = _r.Next();
        CompositeType composite;
        switch (keyword.Text)
        {
            case "func" when keyword.Kind == TokenKind.Keyword:
                var (parameters, results, _) = ParseSignature(allowNames: true);
                composite = new FuncType(parameters.Select(p => p.Type).ToArray(), results.ToArray());
                break;
            case "struct" when keyword.Kind == TokenKind.Keyword && _r.Features.Gc:
                composite = new StructType([.. ParseFields(typeIndex)]);
                break;
            case "array" when keyword.Kind == TokenKind.Keyword && _r.Features.Gc:
                composite = new ArrayType(ParseFieldType());
                break;
            default:
                throw _r.Unexpected(keyword);
        }
        _r.ExpectRightParen();
        return composite;
    }

    /// <summary><c>(field $id fieldtype)</c> or <c>(field fieldtype*)</c>, any number of them.</summary>
    private List<FieldType> ParseFields(uint typeIndex)
    {
        var fields = new List<FieldType>();
        while (_r.PeekList("field"))
        {
            var at = _r.Next();
            _r.Next();
            if (_r.TryId() is string id)
            {
                FieldNames(typeIndex).Add(id, _r, at);
                fields.Add(ParseFieldType());
            }
            else
            {
                while (!_r.PeekKind(TokenKind.RightParen))
                {
                    FieldNames(typeIndex).Add(null, _r, at);
                    fields.Add(ParseFieldType());
                }
            }
            _r.ExpectRightParen();
        }
        return fields;
    }

    /// <summary>A storage type (<c>i8</c>, <c>i16</c> or a value type), in <c>(mut ...)</c> when mutable.</summary>
    private FieldType ParseFieldType()
    {
        bool mutable = _r.PeekList("mut");
        if (mutable)
        {
            _r.Next();
            _r.Next();
        }
        ValueType storage;
        if (_r.PeekKeyword("i8") || _r.PeekKeyword("i16"))
            storage = _r.Next().Text == "i8" ? ValueType.I8 : ValueType.I16;
        else storage = ParseValueType();
        if (mutable) _r.ExpectRightParen();
        return new FieldType(storage, mutable);
    }

    /// <summary>The field identifiers of struct type <paramref name="typeIndex"/> (spec 6.6.1: each type has its own).</summary>
    private IndexSpace FieldNames(uint typeIndex)
    {
        if (!_fieldNames.TryGetValue(typeIndex, out var space)) _fieldNames[typeIndex] = space = new IndexSpace("field");
        return space;
    }

    /// <summary>Value types (spec 6.4.1-3): number, vector and reference types.</summary>
    private ValueType ParseValueType()
    {
        var token = _r.Peek();
        if (token.Kind == TokenKind.LeftParen && _r.Peek(1).IsKeyword("ref")) return ParseRefType();
        ValueType? type = token.Kind == TokenKind.Keyword ? token.Text switch
        {
            "i32" => ValueType.I32,
            "i64" => ValueType.I64,
            "f32" => ValueType.F32,
            "f64" => ValueType.F64,
            "v128" => ValueType.V128,
            "funcref" => ValueType.FuncRef,
            "externref" => ValueType.ExternRef,
            "exnref" => ValueType.ExnRef,
            _ => AbbreviatedReferenceType(token.Text),
        } : null;
        if (type is null) throw _r.Unexpected(token);
        _r.Next();
        return type.Value;
    }

    /// <summary>The nullable abstract reference types' short names (3.0, spec 6.4.2) beyond 2.0's and exnref.</summary>
    private ValueType? AbbreviatedReferenceType(string keyword)
    {
        if (!_r.Features.FunctionReferences || !keyword.EndsWith("ref", StringComparison.Ordinal)) return null;
        string name = keyword[..^3];
        // nullfuncref is (ref null nofunc), nullref (ref null none).
        if (name.StartsWith("null", StringComparison.Ordinal)) name = name.Length == 4 ? "none" : "no" + name[4..];
        return AbstractHeapType(name) is { } heap ? ReferenceTypes.Reference(heap, nullable: true) : null;
    }

    /// <summary>
    /// <c>(ref null? heaptype)</c> (3.0, spec 6.4.2). Without typed references (2.0 scripts) only the types 2.0 and
    /// exception handling have: the nullable func, extern and exn, and <c>(ref exn)</c> read as exnref.
    /// </summary>
    private ValueType ParseRefType()
    {
        _r.Next();
        _r.Next();
        bool nullable = _r.PeekKeyword("null");
        if (nullable) _r.Next();
        var at = _r.Peek();
        if (!_r.Features.FunctionReferences)
        {
            _r.Next();
            ValueType? type = at.Text switch
            {
                "func" when nullable => ValueType.FuncRef,
                "extern" when nullable => ValueType.ExternRef,
                "exn" => ValueType.ExnRef,
                _ => null,
            };
            if (type is null || at.Kind != TokenKind.Keyword) throw _r.Unexpected(at);
            _r.ExpectRightParen();
            return type.Value;
        }
        var heap = ParseHeapType();
        _r.ExpectRightParen();
        return ReferenceTypes.Reference(heap, nullable);
    }

    /// <summary>A heap type (spec 6.4.2): an abstract type's keyword or a type index (number or <c>$id</c>).</summary>
    private HeapType ParseHeapType()
    {
        var token = _r.Peek();
        if (token.Kind == TokenKind.Keyword && AbstractHeapType(token.Text) is { } heap)
        {
            _r.Next();
            return heap;
        }
        if (token.Kind is not (TokenKind.Id or TokenKind.Number)) throw _r.Unexpected(token);
        return ReferenceTypes.Concrete((int)Math.Min(_types.Resolve(_r), (uint)ReferenceTypes.MaxConcreteIndex));
    }

    private static HeapType? AbstractHeapType(string keyword) => keyword switch
    {
        "func" => HeapType.Func,
        "extern" => HeapType.Extern,
        "exn" => HeapType.Exn,
        "any" => HeapType.Any,
        "eq" => HeapType.Eq,
        "i31" => HeapType.I31,
        "struct" => HeapType.Struct,
        "array" => HeapType.Array,
        "none" => HeapType.None,
        "nofunc" => HeapType.NoFunc,
        "noextern" => HeapType.NoExtern,
        "noexn" => HeapType.NoExn,
        _ => null,
    };

    private ValueType ParseReferenceType()
    {
        var token = _r.Peek();
        var type = ParseValueType();
        if (!type.IsReference()) throw _r.Unexpected(token);
        return type;
    }

    /// <summary>
    /// <c>(param ...)* (result ...)*</c> (spec 6.4.5 and 6.6.12): a named parameter is <c>(param $id t)</c>;
    /// an unnamed list may hold several types. Parameters cannot follow results.
    /// </summary>
    private (List<ParamDeclaration> Params, List<ValueType> Results, bool Any) ParseSignature(bool allowNames)
    {
        var parameters = new List<ParamDeclaration>();
        var results = new List<ValueType>();
        bool any = false;
        while (_r.PeekList("param"))
        {
            any = true;
            _r.Next();
            var at = _r.Next();
            if (allowNames && _r.TryId() is string id)
                parameters.Add(new ParamDeclaration(id, ParseValueType(), at));
            else
                while (!_r.PeekKind(TokenKind.RightParen))
                    parameters.Add(new ParamDeclaration(null, ParseValueType(), at));
            _r.ExpectRightParen();
        }
        while (_r.PeekList("result"))
        {
            any = true;
            _r.Next();
            _r.Next();
            while (!_r.PeekKind(TokenKind.RightParen)) results.Add(ParseValueType());
            _r.ExpectRightParen();
        }
        return (parameters, results, any);
    }

    /// <summary>
    /// A type use (spec 6.6.12). With both an explicit type and inline declarations, they must describe
    /// the same function type ("inline function type"). With only inline declarations the caller decides
    /// whether a type must be inserted (functions always; blocks only when not expressible as a value type).
    /// </summary>
    private TypeUse ParseTypeUse(bool allowNames)
    {
        var at = _r.Peek();
        uint? explicitIndex = null;
        if (_r.PeekList("type"))
        {
            _r.Next();
            _r.Next();
            explicitIndex = _types.Resolve(_r);
            _r.ExpectRightParen();
        }
        var (parameters, results, any) = ParseSignature(allowNames);
        if (_r.PeekList("param")) throw _r.Unexpected(_r.Peek(1));
        var inline = new FuncType(parameters.Select(p => p.Type).ToArray(), results.ToArray());
        if (explicitIndex is uint index && index < _out.Types.Count)
        {
            // A struct or array type is left for validation to refuse, unless declarations make it inline text's error.
            var declared = _out.FunctionTypeAt(index);
            if (any && !inline.Equals(declared)) throw _r.Error(at, "inline function type");
            return new TypeUse(explicitIndex, declared ?? FuncType.Empty, parameters);
        }
        // Inline declarations cannot be checked against a type that does not exist; without them, an
        // index past the type section is left for validation to reject.
        if (explicitIndex is not null && any) throw _r.Error(at, "unknown type");
        return new TypeUse(explicitIndex, inline, parameters);
    }

    /// <summary>
    /// A memory type (spec 6.4.7): an address type, limits, then <c>shared</c> for a shared memory (threads proposal:
    /// flag bit 1).
    /// </summary>
    private void WriteMemoryType(ByteWriter writer)
    {
        var limits = new ByteWriter();
        WriteLimits(limits, ParseAddressType());
        byte[] bytes = limits.ToArray();
        if (_r.PeekKeyword("shared"))
        {
            _r.Next();
            bytes[0] |= 0x02;
        }
        writer.WriteBytes(bytes);
    }

    /// <summary>
    /// The optional address type before a memory's or table's limits (WebAssembly 3.0: <c>i64</c> for memory64 and
    /// table64); i32 when absent, and in text written for 2.0, where <c>i64</c> is an unexpected token.
    /// </summary>
    private ValueType ParseAddressType()
    {
        if (!_r.Features.Memory64) return ValueType.I32;
        if (_r.PeekKeyword("i64"))
        {
            _r.Next();
            return ValueType.I64;
        }
        if (_r.PeekKeyword("i32")) _r.Next();
        return ValueType.I32;
    }

    /// <summary>
    /// Limits (spec 6.4.6): a minimum and an optional maximum, each a u32 in 2.0 and a u64 with memory64 (validation
    /// holds them to the address type's range); the flags byte carries bit 2 for a 64-bit address type.
    /// </summary>
    private void WriteLimits(ByteWriter writer, ValueType addressType)
    {
        int bits = _r.Features.Memory64 ? 64 : 32;
        byte addressFlag = addressType == ValueType.I64 ? (byte)0x04 : (byte)0x00;
        ulong min = _r.ExpectNat(bits);
        if (_r.PeekKind(TokenKind.Number))
        {
            ulong max = _r.ExpectNat(bits);
            writer.WriteByte((byte)(0x01 | addressFlag));
            writer.WriteU64(min);
            writer.WriteU64(max);
        }
        else
        {
            writer.WriteByte(addressFlag);
            writer.WriteU64(min);
        }
    }

    /// <summary>Table type (spec 6.4.8): an address type, limits then the element reference type; binary order puts the type first.</summary>
    private void WriteTableType(ByteWriter writer)
    {
        var limits = new ByteWriter();
        WriteLimits(limits, ParseAddressType());
        writer.WriteValueType(ParseReferenceType());
        writer.WriteBytes(limits);
    }

    /// <summary>Global type (spec 6.4.9): <c>t</c> or <c>(mut t)</c>.</summary>
    private void WriteGlobalType(ByteWriter writer)
    {
        bool mutable = _r.PeekList("mut");
        if (mutable)
        {
            _r.Next();
            _r.Next();
        }
        writer.WriteValueType(ParseValueType());
        if (mutable) _r.ExpectRightParen();
        writer.WriteByte(mutable ? (byte)1 : (byte)0);
    }
}
