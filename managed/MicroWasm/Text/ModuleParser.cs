namespace MicroWasm.Text;

/// <summary>
/// Parses the fields of one text module (spec 6.6) and encodes it to the binary format.
/// Two passes over the tokens: the first declares every identifier (and reads the explicit type
/// definitions, which implicit type uses are matched against), so that references may point forward;
/// the second encodes each field as it reads it.
/// </summary>
internal sealed partial class ModuleParser
{
    private readonly TokenReader _r;
    private readonly ModuleEncoder _out = new();
    private readonly IndexSpace _types = new("type");
    private readonly IndexSpace _funcs = new("func", "function");
    private readonly IndexSpace _tables = new("table");
    private readonly IndexSpace _memories = new("memory");
    private readonly IndexSpace _globals = new("global");
    private readonly IndexSpace _tags = new("tag");
    private readonly IndexSpace _elems = new("elem", "elem segment");
    private readonly IndexSpace _datas = new("data", "data segment");
    // Struct field identifiers, per type index (each struct type has its own space).
    private readonly Dictionary<uint, IndexSpace> _fieldNames = [];

    // The index each space's next entry gets in the encoding pass (text order is index order,
    // because imports must precede definitions).
    private uint _nextFunc, _nextTable, _nextMemory, _nextGlobal, _nextTag, _nextType;

    private ModuleParser(TokenReader reader) => _r = reader;

    /// <summary>
    /// Reads module fields from the reader's position up to (not including) the closing ')' or the end
    /// of input, and returns the binary module. <paramref name="moduleId"/> is the module's <c>$id</c>, if any.
    /// </summary>
    public static byte[] Parse(TokenReader reader, string? moduleId)
    {
        var parser = new ModuleParser(reader);
        int start = reader.Position;
        parser.DeclareTypeIds();
        reader.Position = start;
        parser.DeclareFields();
        reader.Position = start;
        // An @name annotation names the module in place of its id.
        string? name = parser.TakeNameAnnotation("module");
        parser.DefineFields();
        reader.CheckAnnotationsPlaced(start);
        parser._out.ModuleName = name ?? moduleId?[1..];
        return parser._out.Encode();
    }

    // ---- Pass 1: identifiers and explicit types -------------------------------------------

    /// <summary>Type identifiers first: a type definition's reference types may name itself or a later type.</summary>
    private void DeclareTypeIds()
    {
        while (_r.PeekKind(TokenKind.LeftParen))
        {
            var at = _r.Next();
            if (_r.PeekKeyword("type"))
            {
                _r.Next();
                _types.Add(_r.TryId(), _r, at);
            }
            else if (_r.PeekKeyword("rec"))
            {
                // (rec (type $id? ...)*): each member is a type of its own.
                _r.Next();
                while (_r.PeekList("type"))
                {
                    var member = _r.Next();
                    _r.Next();
                    _types.Add(_r.TryId(), _r, member);
                    _r.SkipToClose();
                }
            }
            _r.SkipToClose();
        }
    }

    private void DeclareFields()
    {
        string? firstDefinition = null;
        while (_r.PeekKind(TokenKind.LeftParen))
        {
            _r.Next();
            var keyword = _r.Peek();
            if (keyword.Kind != TokenKind.Keyword) throw _r.Unexpected(keyword);
            _r.Next();
            switch (keyword.Text)
            {
                case "type":
                    _out.AddGroup([DeclareType()], isExplicit: false);
                    continue; // DeclareType consumed the closing ')'
                case "rec":
                {
                    var group = new List<SubType>();
                    while (_r.PeekList("type"))
                    {
                        _r.Next();
                        _r.Next();
                        group.Add(DeclareType());
                    }
                    _out.AddGroup(group, isExplicit: true);
                    _r.ExpectRightParen();
                    continue;
                }
                case "import":
                {
                    _r.ExpectString();
                    _r.ExpectString();
                    _r.ExpectLeftParen();
                    var kind = _r.Next();
                    var space = kind.Kind == TokenKind.Keyword ? SpaceOf(kind.Text) : null;
                    if (space is null) throw _r.Unexpected(kind);
                    CheckImportOrder(firstDefinition, kind);
                    space.Add(_r.TryId(), _r, kind);
                    _r.SkipToClose();
                    break;
                }
                case "func" or "table" or "memory" or "global" or "tag":
                {
                    var id = _r.TryId();
                    while (_r.PeekList("export"))
                    {
                        _r.Next();
                        _r.SkipToClose();
                    }
                    if (_r.PeekList("import")) CheckImportOrder(firstDefinition, keyword);
                    else firstDefinition ??= keyword.Text;
                    SpaceOf(keyword.Text)!.Add(id, _r, keyword);
                    // Inline segments (spec 6.6.6, 6.6.7) are segments of their own, in this field's place.
                    if (keyword.Text == "table" && _r.Peek(1).Kind == TokenKind.LeftParen && _r.Peek(2).IsKeyword("elem"))
                        _elems.Add(null, _r, keyword);
                    if (keyword.Text == "memory" && _r.PeekList("data"))
                        _datas.Add(null, _r, keyword);
                    break;
                }
                case "elem":
                    _elems.Add(_r.TryId(), _r, keyword);
                    break;
                case "data":
                    _datas.Add(_r.TryId(), _r, keyword);
                    break;
                case "export" or "start":
                    break;
                default:
                    throw _r.Unexpected(keyword);
            }
            _r.SkipToClose();
        }
    }

    private IndexSpace? SpaceOf(string kind) => kind switch
    {
        "func" => _funcs,
        "table" => _tables,
        "memory" => _memories,
        "global" => _globals,
        "tag" => _tags,
        _ => null,
    };

    /// <summary>All imports precede the definitions of functions, tables, memories and globals (spec 6.6.13).</summary>
    private void CheckImportOrder(string? firstDefinition, Token at)
    {
        if (firstDefinition is not null)
            throw _r.Error(at, $"import after {(firstDefinition == "func" ? "function" : firstDefinition)}");
    }

    /// <summary><c>(type id? subtype)</c> (spec 6.6.2), after "type", through its closing parenthesis.</summary>
    private SubType DeclareType()
    {
        uint index = _nextType++;
        _r.TryId();
        var definition = ParseSubType(index);
        _r.ExpectRightParen();
        return definition;
    }

    // ---- Pass 2: encoding -----------------------------------------------------------------

    private void DefineFields()
    {
        while (true)
        {
            TakeCustomAnnotations();
            if (_r.TakeAnnotations(Annotation.BranchHint) is [var hint, ..])
                throw _r.Source.Error(hint.Offset, "@metadata.code.branch_hint annotation: not in a function");
            if (!_r.PeekKind(TokenKind.LeftParen)) return;
            _r.Next();
            var keyword = _r.Next();
            switch (keyword.Text)
            {
                case "type" or "rec": _r.SkipToClose(); break;
                case "import": DefineImport(); break;
                case "func": DefineFunc(); break;
                case "table": DefineTable(); break;
                case "memory": DefineMemory(); break;
                case "global": DefineGlobal(); break;
                case "tag": DefineTag(); break;
                case "export": DefineExport(); break;
                case "start": DefineStart(keyword); break;
                case "elem": DefineElem(); break;
                case "data": DefineData(); break;
                default: throw _r.Unexpected(keyword);
            }
        }
    }

    /// <summary><c>(import "module" "name" importdesc)</c> (spec 6.6.4), after "import".</summary>
    private void DefineImport()
    {
        var module = _r.ExpectName();
        var name = _r.ExpectName();
        _r.ExpectLeftParen();
        var kind = _r.Next();
        var id = _r.TryId();
        switch (kind.Text)
        {
            case "func":
                uint index = _nextFunc++;
                if ((TakeNameAnnotation("function") ?? id?[1..]) is string funcName) _out.FunctionNames[index] = funcName;
                AddImport(module, name, ExternalKind.Function, WriteFunctionTypeIndex);
                break;
            case "table":
                _nextTable++;
                AddImport(module, name, ExternalKind.Table, WriteTableType);
                break;
            case "memory":
                _nextMemory++;
                AddImport(module, name, ExternalKind.Memory, WriteMemoryType);
                break;
            case "global":
                _nextGlobal++;
                AddImport(module, name, ExternalKind.Global, WriteGlobalType);
                break;
            case "tag":
                _nextTag++;
                AddImport(module, name, ExternalKind.Tag, WriteTagType);
                break;
            default:
                throw _r.Unexpected(kind);
        }
        _r.ExpectRightParen();
        _r.ExpectRightParen();
    }

    /// <summary>An imported function's descriptor: the index of its type use (parameter names are allowed and ignored).</summary>
    private void WriteFunctionTypeIndex(ByteWriter writer)
    {
        var use = ParseTypeUse(allowNames: true);
        writer.WriteU32(use.ExplicitIndex ?? _out.TypeIndexOf(use.Type));
    }

    /// <summary>Inline exports (spec 6.6.14 abbreviation): <c>(export "name")</c>* on a definition.</summary>
    private void ParseInlineExports(ExternalKind kind, uint index)
    {
        while (_r.PeekList("export"))
        {
            _r.Next();
            _r.Next();
            var name = _r.ExpectName();
            _r.ExpectRightParen();
            AddExport(name, kind, index);
        }
    }

    /// <summary>An inline import (spec 6.6.13 abbreviation): <c>(import "module" "name")</c> on a definition, or null.</summary>
    private (string Module, string Name)? ParseInlineImport()
    {
        if (!_r.PeekList("import")) return null;
        _r.Next();
        _r.Next();
        var module = _r.ExpectName();
        var name = _r.ExpectName();
        _r.ExpectRightParen();
        return (module, name);
    }

    /// <summary>Encodes an import (spec 5.5.5): module name, name, kind, then the descriptor the callback reads.</summary>
    private void AddImport(string module, string name, ExternalKind kind, Action<ByteWriter> writeDescriptor)
    {
        var import = new ByteWriter();
        import.WriteName(module);
        import.WriteName(name);
        import.WriteByte((byte)kind);
        writeDescriptor(import);
        _out.Imports.Add(import.ToArray());
    }

    private void AddExport(string name, ExternalKind kind, uint index)
    {
        var export = new ByteWriter();
        export.WriteName(name);
        export.WriteByte((byte)kind);
        export.WriteU32(index);
        _out.Exports.Add(export.ToArray());
    }

    /// <summary>
    /// <c>(func id? export* import? typeuse local* instr*)</c> (spec 6.6.5), after "func".
    /// Parameters and locals share the local index space; their identifiers must be unique.
    /// </summary>
    private void DefineFunc()
    {
        var id = _r.TryId();
        uint index = _nextFunc++;
        if ((TakeNameAnnotation("function") ?? id?[1..]) is string funcName) _out.FunctionNames[index] = funcName;
        ParseInlineExports(ExternalKind.Function, index);
        if (ParseInlineImport() is var (module, name))
        {
            AddImport(module, name, ExternalKind.Function, WriteFunctionTypeIndex);
            _r.ExpectRightParen();
            return;
        }
        var use = ParseTypeUse(allowNames: true);
        _out.FunctionTypes.Add(use.ExplicitIndex ?? _out.TypeIndexOf(use.Type));

        var context = new FunctionContext();
        uint localIndex = 0;
        foreach (var p in use.Params)
            context.DeclareLocal(p.Id, localIndex++, _r, p.At);
        // Explicit type without inline params: the parameters are unnamed but still take local indices.
        localIndex = Math.Max(localIndex, (uint)use.Type.Parameters.Length);
        var locals = new List<ValueType>();
        while (_r.PeekList("local"))
        {
            _r.Next();
            var at = _r.Next();
            if (_r.TryId() is string localId)
            {
                context.DeclareLocal(localId, localIndex++, _r, at);
                locals.Add(ParseValueType());
            }
            else
            {
                while (!_r.PeekKind(TokenKind.RightParen))
                {
                    locals.Add(ParseValueType());
                    localIndex++;
                }
            }
            _r.ExpectRightParen();
        }

        var body = new ByteWriter();
        _functionBranchHints = [];
        ParseInstructions(context, body);
        var branchHints = _functionBranchHints;
        _functionBranchHints = null;
        _r.ExpectRightParen();
        body.WriteByte(0x0B);

        // Locals are encoded as runs of one type (spec 5.5.13).
        var func = new ByteWriter();
        var runs = new List<(uint Count, ValueType Type)>();
        foreach (var t in locals)
        {
            if (runs.Count > 0 && runs[^1].Type == t) runs[^1] = (runs[^1].Count + 1, t);
            else runs.Add((1, t));
        }
        func.WriteU32((uint)runs.Count);
        foreach (var (count, type) in runs)
        {
            func.WriteU32(count);
            func.WriteValueType(type);
        }
        // Branch hint offsets count from the start of the code entry's contents, the locals included.
        if (branchHints.Count > 0) _out.BranchHints[index] = branchHints.Select(h => ((uint)func.Length + h.Offset, h.Hint)).ToList();
        func.WriteBytes(body);
        var code = new ByteWriter();
        code.WriteU32((uint)func.Length);
        code.WriteBytes(func);
        _out.Codes.Add(code.ToArray());
    }

    /// <summary>
    /// <c>(table id? export* import? tabletype)</c> or <c>(table id? export* reftype (elem ...))</c>
    /// (spec 6.6.6), after "table". The inline form sizes the table to its elements and adds an active
    /// element segment at offset 0.
    /// </summary>
    private void DefineTable()
    {
        _r.TryId();
        TakeNameAnnotation("table"); // accepted; the name section gets only module and function names
        uint index = _nextTable++;
        ParseInlineExports(ExternalKind.Table, index);
        if (ParseInlineImport() is var (module, name))
        {
            AddImport(module, name, ExternalKind.Table, WriteTableType);
            _r.ExpectRightParen();
            return;
        }
        var table = new ByteWriter();
        int typeAt = _r.Position;
        var addressType = ParseAddressType();
        if (_r.PeekKind(TokenKind.Keyword) || _r.PeekList("ref"))
        {
            var elementType = ParseReferenceType();
            if (!_r.PeekList("elem"))
            {
                // (table limits reftype expr?): the type, then an initializer expression (3.0, binary 0x40 0x00).
                _r.Position = typeAt;
                DefineTableWithType(table);
                return;
            }
            _r.ExpectList("elem");
            var items = ParseElementItems(elementType, allowFunctionIndices: true);
            _r.ExpectRightParen();
            table.WriteValueType(elementType);
            table.WriteByte(addressType == ValueType.I64 ? (byte)0x05 : (byte)0x01);
            table.WriteU32((uint)items.Count);
            table.WriteU32((uint)items.Count);
            var offset = new ByteWriter();
            WriteZeroAddress(offset, addressType);
            _out.Elements.Add(EncodeElementSegment(SegmentMode.Active, index, offset, elementType, items));
        }
        else
        {
            _r.Position = typeAt;
            DefineTableWithType(table);
            return;
        }
        _r.ExpectRightParen();
        _out.Tables.Add(table.ToArray());
    }

    /// <summary>
    /// <c>tabletype expr?</c>: a table whose elements start as the expression's value (3.0: binary 0x40 0x00 before
    /// the type) or as null without one.
    /// </summary>
    private void DefineTableWithType(ByteWriter table)
    {
        var type = new ByteWriter();
        WriteTableType(type);
        if (!_r.PeekKind(TokenKind.RightParen))
        {
            table.WriteBytes([0x40, 0x00]);
            table.WriteBytes(type);
            ParseInstructions(new FunctionContext(), table);
            table.WriteByte(0x0B);
        }
        else table.WriteBytes(type);
        _r.ExpectRightParen();
        _out.Tables.Add(table.ToArray());
    }

    /// <summary>The constant expression <c>(i32.const 0)</c>, or <c>(i64.const 0)</c> for a 64-bit address type.</summary>
    private static void WriteZeroAddress(ByteWriter expression, ValueType addressType)
    {
        expression.WriteBytes(addressType == ValueType.I64 ? [0x42, 0x00, 0x0B] : [0x41, 0x00, 0x0B]);
    }

    /// <summary>
    /// <c>(memory id? export* import? limits)</c> or <c>(memory id? export* (data "..."*))</c>
    /// (spec 6.6.7), after "memory". The inline form sizes the memory in whole pages to fit the data.
    /// </summary>
    private void DefineMemory()
    {
        _r.TryId();
        TakeNameAnnotation("memory"); // accepted; the name section gets only module and function names
        uint index = _nextMemory++;
        ParseInlineExports(ExternalKind.Memory, index);
        if (ParseInlineImport() is var (module, name))
        {
            AddImport(module, name, ExternalKind.Memory, WriteMemoryType);
            _r.ExpectRightParen();
            return;
        }
        var memory = new ByteWriter();
        int typeAt = _r.Position;
        var addressType = ParseAddressType();
        if (_r.PeekList("data"))
        {
            _r.Next();
            _r.Next();
            var bytes = new ByteWriter();
            while (_r.PeekKind(TokenKind.String)) bytes.WriteBytes(_r.ExpectString());
            _r.ExpectRightParen();
            uint pages = (uint)((bytes.Length + MemoryType.PageSize - 1) / MemoryType.PageSize);
            memory.WriteByte(addressType == ValueType.I64 ? (byte)0x05 : (byte)0x01);
            memory.WriteU32(pages);
            memory.WriteU32(pages);
            var data = new ByteWriter();
            if (index == 0) data.WriteByte(0x00);
            else
            {
                data.WriteByte(0x02);
                data.WriteU32(index);
            }
            WriteZeroAddress(data, addressType);
            data.WriteU32((uint)bytes.Length);
            data.WriteBytes(bytes);
            _out.Data.Add(data.ToArray());
        }
        else
        {
            _r.Position = typeAt;
            WriteMemoryType(memory);
        }
        _r.ExpectRightParen();
        _out.Memories.Add(memory.ToArray());
    }

    /// <summary><c>(global id? export* import? globaltype expr)</c> (spec 6.6.8), after "global".</summary>
    private void DefineGlobal()
    {
        _r.TryId();
        TakeNameAnnotation("global"); // accepted; the name section gets only module and function names
        uint index = _nextGlobal++;
        ParseInlineExports(ExternalKind.Global, index);
        if (ParseInlineImport() is var (module, name))
        {
            AddImport(module, name, ExternalKind.Global, WriteGlobalType);
            _r.ExpectRightParen();
            return;
        }
        var global = new ByteWriter();
        WriteGlobalType(global);
        ParseInstructions(new FunctionContext(), global);
        global.WriteByte(0x0B);
        _r.ExpectRightParen();
        _out.Globals.Add(global.ToArray());
    }

    /// <summary><c>(tag id? export* import? typeuse)</c> (exception handling), after "tag".</summary>
    private void DefineTag()
    {
        _r.TryId();
        TakeNameAnnotation("tag"); // accepted; the name section gets only module and function names
        ParseInlineExports(ExternalKind.Tag, _nextTag++);
        if (ParseInlineImport() is var (module, name))
        {
            AddImport(module, name, ExternalKind.Tag, WriteTagType);
            _r.ExpectRightParen();
            return;
        }
        var use = ParseTypeUse(allowNames: false);
        _r.ExpectRightParen();
        _out.Tags.Add(use.ExplicitIndex ?? _out.TypeIndexOf(use.Type));
    }

    /// <summary>A tag import's descriptor (attribute 0, type index), after the tag's optional identifier.</summary>
    private void WriteTagType(ByteWriter writer)
    {
        var use = ParseTypeUse(allowNames: false);
        writer.WriteByte(0x00);
        writer.WriteU32(use.ExplicitIndex ?? _out.TypeIndexOf(use.Type));
    }

    /// <summary><c>(export "name" (kind index))</c> (spec 6.6.14), after "export".</summary>
    private void DefineExport()
    {
        var name = _r.ExpectName();
        _r.ExpectLeftParen();
        var kind = _r.Next();
        (ExternalKind external, IndexSpace space) = kind.Text switch
        {
            "func" => (ExternalKind.Function, _funcs),
            "table" => (ExternalKind.Table, _tables),
            "memory" => (ExternalKind.Memory, _memories),
            "global" => (ExternalKind.Global, _globals),
            "tag" => (ExternalKind.Tag, _tags),
            _ => throw _r.Unexpected(kind),
        };
        uint index = space.Resolve(_r);
        _r.ExpectRightParen();
        _r.ExpectRightParen();
        AddExport(name, external, index);
    }

    /// <summary><c>(start funcidx)</c> (spec 6.6.9), after "start". A module has at most one.</summary>
    private void DefineStart(Token at)
    {
        uint index = _funcs.Resolve(_r);
        _r.ExpectRightParen();
        if (_out.Start is not null) throw _r.Error(at, "multiple start sections");
        _out.Start = index;
    }
}
