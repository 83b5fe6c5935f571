using System.Text;

namespace MicroWasm.Text;

/// <summary>
/// The entry point for spec scripts (<c>.wast</c>, the reference interpreter's script format):
/// modules (encoded now, except quoted ones), registrations, actions and assertions.
/// </summary>
public static class WastParser
{
    /// <exception cref="MalformedModuleException">The script, or one of its non-quoted modules, does not parse.</exception>
    /// <exception cref="UnsupportedFeatureException">The script uses a command this parser does not support.</exception>
    public static WastScript Parse(string text, string fileName) => Parse(text, fileName, WasmFeatures.All);

    /// <summary>Parses a script whose modules are written for the proposals <paramref name="features"/> enables.</summary>
    public static WastScript Parse(string text, string fileName, WasmFeatures features)
    {
        var source = new SourceText(text, fileName);
        var reader = new TokenReader(source) { Features = features };
        var commands = new List<WastCommand>();
        if (reader.PeekKind(TokenKind.LeftParen) && reader.Peek(1).Text is "type" or "rec" or "import" or "func" or "table"
            or "memory" or "global" or "tag" or "export" or "start" or "elem" or "data")
        {
            // A script may be just the fields of one module (the spec interpreter's inline module).
            var module = new WastModule(null, WastModuleKind.Text, ModuleParser.Parse(reader, null), LineOf(reader, reader.Peek()));
            if (!reader.AtEnd) throw reader.Unexpected(reader.Peek());
            commands.Add(new ModuleCommand(module.Line, module));
            return new WastScript(fileName, commands);
        }
        while (!reader.AtEnd) commands.Add(ParseCommand(reader));
        return new WastScript(fileName, commands);
    }

    private static int LineOf(TokenReader reader, Token token) => reader.Source.LineColumn(token.Offset).Line;

    private static WastCommand ParseCommand(TokenReader reader)
    {
        var open = reader.Peek();
        int line = LineOf(reader, open);
        if (reader.Peek(1).IsKeyword("module"))
        {
            if (reader.Peek(2).IsKeyword("definition")) return new ModuleDefinitionCommand(line, ParseModule(reader, definition: true));
            if (reader.Peek(2).IsKeyword("instance")) return ParseModuleInstance(reader, line);
            return new ModuleCommand(line, ParseModule(reader));
        }
        if (reader.PeekList("invoke") || reader.PeekList("get")) return new ActionCommand(line, ParseAction(reader));
        reader.ExpectLeftParen();
        var keyword = reader.Next();
        WastCommand command;
        switch (keyword.Text)
        {
            case "register":
            {
                var name = reader.ExpectName();
                command = new RegisterCommand(line, name, reader.TryId());
                break;
            }
            case "assert_return":
            {
                var action = ParseAction(reader);
                var expected = new List<WastExpectedValue>();
                while (reader.PeekKind(TokenKind.LeftParen)) expected.Add(ParseExpected(reader));
                command = new AssertReturnCommand(line, action, expected);
                break;
            }
            case "assert_trap":
                command = reader.Peek(1).IsKeyword("module")
                    ? new AssertTrapCommand(line, null, ParseModule(reader), ParseMessage(reader))
                    : new AssertTrapCommand(line, ParseAction(reader), null, ParseMessage(reader));
                break;
            case "assert_exhaustion":
                command = new AssertExhaustionCommand(line, ParseAction(reader), ParseMessage(reader));
                break;
            case "assert_exception":
                command = new AssertExceptionCommand(line, ParseAction(reader));
                break;
            // The _custom forms are about custom sections and annotations; we check those as strictly as the rest.
            case "assert_malformed" or "assert_malformed_custom":
                command = new AssertMalformedCommand(line, ParseModule(reader), ParseMessage(reader));
                break;
            case "assert_invalid" or "assert_invalid_custom":
                command = new AssertInvalidCommand(line, ParseModule(reader), ParseMessage(reader));
                break;
            case "assert_unlinkable":
                command = new AssertUnlinkableCommand(line, ParseModule(reader), ParseMessage(reader));
                break;
            case "assert_uninstantiable":
                command = new AssertUninstantiableCommand(line, ParseModule(reader), ParseMessage(reader));
                break;
            case "script" or "input" or "output":
                throw Unsupported(reader, keyword, $"script command '{keyword.Text}'");
            default:
                throw reader.Unexpected(keyword);
        }
        reader.ExpectRightParen();
        return command;
    }

    private static UnsupportedFeatureException Unsupported(TokenReader reader, Token at, string what)
    {
        var (l, c) = reader.Source.LineColumn(at.Offset);
        return new UnsupportedFeatureException($"{what} ({reader.Source.FileName}:{l}:{c})");
    }

    private static string ParseMessage(TokenReader reader)
    {
        var token = reader.Expect(TokenKind.String);
        return Encoding.UTF8.GetString(token.Bytes!);
    }

    /// <summary><c>(module $id? field*)</c>, <c>(module $id? binary "..."*)</c> or <c>(module $id? quote "..."*)</c>.</summary>
    /// <summary><c>(module instance $instance? $definition?)</c>.</summary>
    private static ModuleInstanceCommand ParseModuleInstance(TokenReader reader, int line)
    {
        reader.ExpectList("module");
        reader.Next(); // instance
        var instance = reader.TryId();
        var definition = reader.TryId();
        reader.ExpectRightParen();
        return new ModuleInstanceCommand(line, instance, definition);
    }

    private static WastModule ParseModule(TokenReader reader, bool definition = false)
    {
        var open = reader.Peek();
        int line = LineOf(reader, open);
        reader.ExpectList("module");
        if (definition) reader.Next();
        else if (reader.PeekKeyword("definition") || reader.PeekKeyword("instance"))
            throw Unsupported(reader, reader.Peek(), $"module {reader.Peek().Text} here");
        var name = reader.TryId();
        WastModule module;
        if (reader.PeekKeyword("binary") || reader.PeekKeyword("quote"))
        {
            var kind = reader.Next().Text == "binary" ? WastModuleKind.Binary : WastModuleKind.Quote;
            var bytes = new List<byte>();
            while (reader.PeekKind(TokenKind.String)) bytes.AddRange(reader.ExpectString());
            module = new WastModule(name, kind, bytes.ToArray(), line) { Features = reader.Features };
        }
        else
        {
            int fieldsAt = reader.Position;
            try
            {
                module = new WastModule(name, WastModuleKind.Text, ModuleParser.Parse(reader, name), line);
            }
            catch (InvalidModuleException e)
            {
                // Text that is well formed but invalid, which the text parser can tell (a branch hint on an instruction that
                // is no branch): the module fails when used, as modules that fail validation do.
                reader.Position = fieldsAt;
                reader.SkipToClose();
                return WastModule.Invalid(name, line, e);
            }
        }
        reader.ExpectRightParen();
        return module;
    }

    /// <summary><c>(invoke $m? "name" const*)</c> or <c>(get $m? "name")</c>.</summary>
    private static WastAction ParseAction(TokenReader reader)
    {
        reader.ExpectLeftParen();
        var keyword = reader.Next();
        if (keyword.Text is not ("invoke" or "get")) throw reader.Unexpected(keyword);
        var module = reader.TryId();
        var name = reader.ExpectName();
        WastAction action;
        if (keyword.Text == "get") action = new GetAction(module, name);
        else
        {
            var arguments = new List<WastValue>();
            while (reader.PeekKind(TokenKind.LeftParen)) arguments.Add(ParseConstant(reader));
            action = new InvokeAction(module, name, arguments);
        }
        reader.ExpectRightParen();
        return action;
    }

    /// <summary>An argument constant: <c>(t.const c)</c>, <c>(ref.null func|extern)</c>, <c>(ref.extern n)</c>.</summary>
    private static WastValue ParseConstant(TokenReader reader)
    {
        reader.ExpectLeftParen();
        var keyword = reader.Next();
        WastValue value = keyword.Text switch
        {
            "i32.const" => WastValue.I32((uint)ConstantParser.ParseInteger(reader, 32)),
            "i64.const" => WastValue.I64(ConstantParser.ParseInteger(reader, 64)),
            "f32.const" => WastValue.F32(ConstantParser.ParseF32(reader)),
            "f64.const" => WastValue.F64(ConstantParser.ParseF64(reader)),
            "v128.const" => V128(ConstantParser.ParseV128(reader)),
            "ref.null" => WastValue.NullRef(ParseHeapType(reader)),
            "ref.extern" => WastValue.ExternRef(ConstantParser.ParseInteger(reader, 32)),
            "ref.host" => WastValue.HostRef(ConstantParser.ParseInteger(reader, 32)),
            _ => throw reader.Unexpected(keyword),
        };
        reader.ExpectRightParen();
        return value;
    }

    private static WastValue V128(byte[] bytes) =>
        WastValue.V128(BitConverter.ToUInt64(bytes, 0), BitConverter.ToUInt64(bytes, 8));

    // A null's heap type, as the runtime holds it (ReferenceTypes.StorageOf); (ref.null) alone, an expected result,
    // is any null reference (type 0).
    private static ValueType ParseHeapType(TokenReader reader)
    {
        if (reader.PeekKind(TokenKind.RightParen)) return 0;
        var token = reader.Next();
        return token.Text switch
        {
            "func" or "nofunc" => ValueType.FuncRef,
            "extern" or "noextern" => ValueType.ExternRef,
            "exn" or "noexn" => ValueType.ExnRef,
            "any" or "eq" or "i31" or "struct" or "array" or "none" => ValueType.AnyRef,
            _ => throw reader.Unexpected(token),
        };
    }

    /// <summary>An expected result: a constant, a NaN pattern, a non-null reference, or <c>(either ...)</c>.</summary>
    private static WastExpectedValue ParseExpected(TokenReader reader)
    {
        var keyword = reader.Peek(1);
        switch (keyword.Text)
        {
            case "either":
            {
                reader.Next();
                reader.Next();
                var alternatives = new List<WastExpectedValue>();
                while (reader.PeekKind(TokenKind.LeftParen)) alternatives.Add(ParseExpected(reader));
                reader.ExpectRightParen();
                return new ExpectedEither(alternatives);
            }
            case "f32.const" or "f64.const" when reader.Peek(2).Text is "nan:canonical" or "nan:arithmetic":
            {
                reader.Next();
                reader.Next();
                var kind = reader.Next().Text == "nan:canonical" ? NanKind.Canonical : NanKind.Arithmetic;
                reader.ExpectRightParen();
                return new ExpectedNan(keyword.Text == "f32.const" ? ValueType.F32 : ValueType.F64, kind);
            }
            case "v128.const":
                return ParseExpectedVector(reader);
            case "ref.extern" or "ref.func" when reader.Peek(2).Kind == TokenKind.RightParen:
                reader.Next();
                reader.Next();
                reader.Next();
                return new ExpectedNonNullRef(keyword.Text == "ref.func" ? ValueType.FuncRef : ValueType.ExternRef);
            case "ref.struct" or "ref.array" or "ref.eq" or "ref.i31" or "ref.any" when reader.Peek(2).Kind == TokenKind.RightParen:
                reader.Next();
                reader.Next();
                reader.Next();
                return new ExpectedReferenceOf(keyword.Text switch
                {
                    "ref.struct" => HeapType.Struct,
                    "ref.array" => HeapType.Array,
                    "ref.eq" => HeapType.Eq,
                    "ref.i31" => HeapType.I31,
                    _ => HeapType.Any,
                });
            default:
                return new ExpectedExact(ParseConstant(reader));
        }
    }

    /// <summary>A v128 result, whose float lanes may each be a NaN pattern.</summary>
    private static WastExpectedValue ParseExpectedVector(TokenReader reader)
    {
        reader.Next();
        reader.Next();
        var shapeToken = reader.Peek();
        var shape = ConstantParser.ParseShape(shapeToken) ?? throw reader.Unexpected(shapeToken);
        reader.Next();
        if (ConstantParser.CountLaneTokens(reader, allowNanPatterns: true) != shape.LaneCount())
            throw reader.Error(reader.Peek(), "wrong number of lane literals");
        var lanes = new List<ExpectedLane>();
        bool anyPattern = false;
        for (int i = 0; i < shape.LaneCount(); i++)
        {
            var token = reader.Peek();
            if (shape.IsFloat() && token.Text is "nan:canonical" or "nan:arithmetic")
            {
                reader.Next();
                lanes.Add(new ExpectedLane(0, token.Text == "nan:canonical" ? NanKind.Canonical : NanKind.Arithmetic));
                anyPattern = true;
                continue;
            }
            lanes.Add(new ExpectedLane(ConstantParser.ParseLane(reader, shape), null));
        }
        reader.ExpectRightParen();
        if (anyPattern) return new ExpectedVector(shape, lanes);
        int width = shape.LaneBits();
        ulong mask = width == 64 ? ulong.MaxValue : (1UL << width) - 1;
        ulong low = 0, high = 0;
        for (int i = 0; i < lanes.Count; i++)
        {
            int bit = i * width;
            if (bit < 64) low |= (lanes[i].Bits & mask) << bit;
            else high |= (lanes[i].Bits & mask) << (bit - 64);
        }
        return new ExpectedExact(WastValue.V128(low, high));
    }
}
