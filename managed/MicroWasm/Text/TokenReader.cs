using System.Collections.Frozen;
using MicroWasm.Instructions;

namespace MicroWasm.Text;

/// <summary>
/// A cursor over the tokens of one source, with the expectations the grammar needs and the reference
/// interpreter's error wording: a keyword the text format does not know is an "unknown operator";
/// a known token in the wrong place is an "unexpected token".
/// </summary>
internal sealed class TokenReader
{
    private readonly List<Token> _tokens;
    private readonly List<Annotation> _annotations = [];

    public TokenReader(SourceText source)
    {
        Source = source;
        _tokens = Lexer.Tokenize(source, _annotations);
    }

    public SourceText Source { get; }

    /// <summary>
    /// The proposals the text may use: where a later one widens the grammar (memory64's u64 limits and offsets, i64
    /// address types), text for the narrower one keeps the 2.0 parse errors.
    /// </summary>
    public WasmFeatures Features { get; init; } = WasmFeatures.All;

    public int Position { get; set; }

    public Token Peek(int ahead = 0) => _tokens[Math.Min(Position + ahead, _tokens.Count - 1)];

    public Token Next()
    {
        var token = Peek();
        if (Position < _tokens.Count - 1) Position++;
        return token;
    }

    public bool AtEnd => Peek().Kind == TokenKind.EndOfInput;

    public bool PeekKind(TokenKind kind) => Peek().Kind == kind;

    public bool PeekKeyword(string keyword) => Peek().IsKeyword(keyword);

    /// <summary>Is the next thing <c>( keyword</c>?</summary>
    public bool PeekList(string keyword) => Peek().Kind == TokenKind.LeftParen && Peek(1).IsKeyword(keyword);

    public void ExpectLeftParen() => Expect(TokenKind.LeftParen);

    public void ExpectRightParen() => Expect(TokenKind.RightParen);

    public Token Expect(TokenKind kind)
    {
        var token = Peek();
        if (token.Kind != kind) throw Unexpected(token);
        return Next();
    }

    public void ExpectKeyword(string keyword)
    {
        if (!PeekKeyword(keyword)) throw Unexpected(Peek());
        Next();
    }

    /// <summary>Consumes <c>( keyword</c>.</summary>
    public void ExpectList(string keyword)
    {
        ExpectLeftParen();
        ExpectKeyword(keyword);
    }

    public string? TryId() => PeekKind(TokenKind.Id) ? Next().Text : null;

    public byte[] ExpectString() => Expect(TokenKind.String).Bytes!;

    /// <summary>A name (spec 6.3.4): a string that must be valid UTF-8.</summary>
    public string ExpectName()
    {
        var token = Expect(TokenKind.String);
        return Utf8.Decode(token.Bytes!) ?? throw Error(token, "malformed UTF-8 encoding");
    }

    /// <summary>
    /// A natural number of at most 32 bits, where the spec's parser reads a u32 (limits, memarg
    /// offsets, indices): out of range is "i32 constant out of range".
    /// </summary>
    public uint ExpectU32() => (uint)ExpectNat(32);

    public uint ParseU32(Token token) => (uint)ParseNat(token, 32);

    /// <summary>A natural number of at most <paramref name="bits"/> bits (32 or 64).</summary>
    public ulong ExpectNat(int bits)
    {
        var token = Peek();
        if (token.Kind != TokenKind.Number) throw Unexpected(token);
        return ParseNat(Next(), bits);
    }

    private ulong ParseNat(Token token, int bits)
    {
        var status = NumberLiterals.ParseNat(token.Text, bits, out ulong value);
        return status switch
        {
            NumberStatus.Ok => value,
            NumberStatus.OutOfRange => throw Error(token, $"i{bits} constant out of range"),
            _ => throw Unexpected(token),
        };
    }

    /// <summary>Skips to just after the ')' that closes the list whose '(' was already consumed.</summary>
    public void SkipToClose()
    {
        int depth = 1;
        while (true)
        {
            var token = Next();
            if (token.Kind == TokenKind.EndOfInput) throw Unexpected(token);
            if (token.Kind == TokenKind.LeftParen) depth++;
            else if (token.Kind == TokenKind.RightParen && --depth == 0) return;
        }
    }

    /// <summary>The unclaimed annotations named <paramref name="id"/> just before the next token, now claimed.</summary>
    public List<Annotation> TakeAnnotations(string id)
    {
        var found = new List<Annotation>(0);
        for (int i = FirstAnnotationAt(Position); i < _annotations.Count && _annotations[i].TokenIndex == Position; i++)
        {
            var annotation = _annotations[i];
            if (annotation.Id != id || annotation.Claimed) continue;
            annotation.Claimed = true;
            found.Add(annotation);
        }
        return found;
    }

    /// <summary>
    /// Every annotation with a meaning between token <paramref name="from"/> and the current position (both included) must
    /// have been claimed by the parser: one that was not stands where its meaning does not apply.
    /// </summary>
    public void CheckAnnotationsPlaced(int from)
    {
        for (int i = FirstAnnotationAt(from); i < _annotations.Count && _annotations[i].TokenIndex <= Position; i++)
        {
            var annotation = _annotations[i];
            if (!annotation.Claimed) throw Source.Error(annotation.Offset, $"misplaced @{annotation.Id} annotation");
        }
    }

    /// <summary>The index of the first annotation at or after token <paramref name="tokenIndex"/> (the lexer adds them in token order).</summary>
    private int FirstAnnotationAt(int tokenIndex)
    {
        int low = 0, high = _annotations.Count;
        while (low < high)
        {
            int middle = (low + high) / 2;
            if (_annotations[middle].TokenIndex < tokenIndex) low = middle + 1;
            else high = middle;
        }
        return low;
    }

    public MalformedModuleException Error(Token token, string reason) => Source.Error(token.Offset, reason);

    public MalformedModuleException Unexpected(Token token) => token.Kind switch
    {
        TokenKind.EndOfInput => Error(token, "unexpected end of input"),
        TokenKind.Reserved => Error(token, $"unknown operator {token.Text}"),
        TokenKind.Number when !LooksNumeric(token.Text) => Error(token, $"unknown operator {token.Text}"),
        TokenKind.Keyword when !IsKnownKeyword(token.Text) => Error(token, $"unknown operator {token.Text}"),
        _ => Error(token, $"unexpected token {token}"),
    };

    private static bool LooksNumeric(string text) =>
        NumberLiterals.ParseInt(text, 64, out _) != NumberStatus.Malformed;

    /// <summary>Whether the lexer of the reference interpreter has a token for this keyword.</summary>
    public static bool IsKnownKeyword(string text)
    {
        if (GrammarKeywords.Contains(text) || InstructionTable.TryGet(text, out _)) return true;
        if (text.StartsWith("offset=", StringComparison.Ordinal) || text.StartsWith("align=", StringComparison.Ordinal)) return true;
        return text.StartsWith("nan:0x", StringComparison.Ordinal);
    }

    private static readonly FrozenSet<string> GrammarKeywords = new[]
    {
        "module", "type", "func", "param", "result", "local", "import", "export", "table", "memory",
        "global", "mut", "elem", "data", "start", "offset", "item", "declare", "then", "else", "end",
        "block", "loop", "if", "funcref", "externref", "i32", "i64", "f32", "f64", "v128", "extern",
        "ref", "null", "binary", "quote", "register", "invoke", "get", "assert_return", "assert_trap",
        "assert_exhaustion", "assert_malformed", "assert_invalid", "assert_unlinkable",
        "assert_uninstantiable", "i8x16", "i16x8", "i32x4", "i64x2", "f32x4", "f64x2", "inf", "nan",
        "nan:canonical", "nan:arithmetic", "either", "definition", "instance", "script", "input", "output",
    }.ToFrozenSet(StringComparer.Ordinal);
}
