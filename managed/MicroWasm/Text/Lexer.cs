using System.Text;

namespace MicroWasm.Text;

/// <summary>
/// Splits source text into tokens (spec 6.3): parentheses, keywords, identifiers, numbers, strings.
/// White space and comments (<c>;;</c> to end of line, nested <c>(; ;)</c>) separate tokens;
/// annotations <c>(@id ...)</c> (WebAssembly 3.0) may stand wherever white space may: their contents are any tokens with
/// balanced parentheses, and only the ones the parser gives meaning to (<see cref="Annotation"/>) are kept, aside.
/// </summary>
internal static class Lexer
{
    public static List<Token> Tokenize(SourceText source) => Tokenize(source, []);

    /// <summary>
    /// The tokens of <paramref name="source"/>; annotations the parser knows (<see cref="Annotation.IsKnown"/>) are added
    /// to <paramref name="annotations"/> with their tokens, in source order.
    /// </summary>
    public static List<Token> Tokenize(SourceText source, List<Annotation> annotations)
    {
        var tokens = new List<Token>();
        string text = source.Text;
        int pos = 0;
        // Inside an annotation: its nesting depth, and where its tokens go (null for the ones nobody reads).
        int annotationDepth = 0;
        List<Token>? annotationTokens = null;
        while (true)
        {
            SkipWhiteSpaceAndComments(source, ref pos);
            if (pos >= text.Length) break;
            int start = pos;
            char c = text[pos];
            if (c == '(')
            {
                pos++;
                if (annotationDepth > 0)
                {
                    annotationDepth++;
                    annotationTokens?.Add(new Token(TokenKind.LeftParen, start, 1, "("));
                }
                else if (pos < text.Length && text[pos] == '@')
                {
                    pos++;
                    string id = ReadAnnotationId(source, ref pos, start);
                    annotationDepth = 1;
                    annotationTokens = null;
                    if (Annotation.IsKnown(id))
                    {
                        annotationTokens = [];
                        annotations.Add(new Annotation(id, start, tokens.Count, annotationTokens));
                    }
                }
                else tokens.Add(new Token(TokenKind.LeftParen, start, 1, "("));
            }
            else if (c == ')')
            {
                pos++;
                if (annotationDepth == 0) tokens.Add(new Token(TokenKind.RightParen, start, 1, ")"));
                else if (--annotationDepth > 0) annotationTokens?.Add(new Token(TokenKind.RightParen, start, 1, ")"));
            }
            else if (c == '"' || IsIdChar(c) || IsReservedChar(c))
            {
                var token = ReadRun(source, ref pos);
                if (annotationDepth == 0) tokens.Add(token);
                else annotationTokens?.Add(token);
            }
            else
            {
                throw source.Error(pos, c < 0x20 || c == 0x7F ? "malformed input: illegal character" : $"malformed input: illegal character '{c}'");
            }
        }
        if (annotationDepth > 0) throw source.Error(text.Length, "unclosed annotation");
        tokens.Add(new Token(TokenKind.EndOfInput, text.Length, 0, ""));
        return tokens;
    }

    /// <summary>
    /// An annotation's id right after <c>(@</c>: idchars, or a string that is valid, non-empty UTF-8
    /// (annotations proposal). Anything else, such as white space, is "empty annotation id".
    /// </summary>
    private static string ReadAnnotationId(SourceText source, ref int pos, int start)
    {
        string text = source.Text;
        if (pos < text.Length && text[pos] == '"')
        {
            var bytes = ReadString(source, ref pos);
            string id = Utf8.Decode(bytes) ?? throw source.Error(start, "malformed UTF-8 encoding");
            return id.Length > 0 ? id : throw source.Error(start, "empty annotation id");
        }
        int from = pos;
        while (pos < text.Length && IsIdChar(text[pos])) pos++;
        return pos > from ? text.Substring(from, pos - from) : throw source.Error(start, "empty annotation id");
    }

    /// <summary>
    /// Characters that are no token of their own but may appear in a reserved token (WebAssembly 3.0, 6.3.1), as in
    /// the any-token contents of an annotation. A ';' that starts a line comment is not one.
    /// </summary>
    private static bool IsReservedChar(char c) => c is ',' or ';' or '[' or ']' or '{' or '}';

    /// <summary>idchar (spec 6.3.5): the printable ASCII characters that can make up keywords, ids and numbers.</summary>
    public static bool IsIdChar(char c) =>
        c is >= '0' and <= '9' or >= 'A' and <= 'Z' or >= 'a' and <= 'z'
        or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '/'
        or ':' or '<' or '=' or '>' or '?' or '@' or '\\' or '^' or '_' or '`' or '|' or '~';

    private static void SkipWhiteSpaceAndComments(SourceText source, ref int pos)
    {
        string text = source.Text;
        while (pos < text.Length)
        {
            char c = text[pos];
            if (c is ' ' or '\t' or '\n' or '\r') { pos++; continue; }
            if (c == ';' && pos + 1 < text.Length && text[pos + 1] == ';')
            {
                while (pos < text.Length && text[pos] is not ('\n' or '\r')) pos++; // spec 6.2.4: a line comment ends at LF or CR
                continue;
            }
            if (c == '(' && pos + 1 < text.Length && text[pos + 1] == ';')
            {
                SkipBlockComment(source, ref pos);
                continue;
            }
            break;
        }
    }

    private static void SkipBlockComment(SourceText source, ref int pos)
    {
        string text = source.Text;
        int start = pos;
        int depth = 0;
        while (pos < text.Length)
        {
            if (text[pos] == '(' && pos + 1 < text.Length && text[pos + 1] == ';') { depth++; pos += 2; }
            else if (text[pos] == ';' && pos + 1 < text.Length && text[pos + 1] == ')')
            {
                depth--;
                pos += 2;
                if (depth == 0) return;
            }
            else pos++;
        }
        throw source.Error(start, "unclosed comment");
    }

    /// <summary>
    /// Reads idchars, strings and reserved characters up to the next separator. The spec (6.3.1) requires separators
    /// between tokens, so a run of more than one piece (<c>0$l</c>, <c>$l"a"</c>, <c>a,b</c>) is one reserved token,
    /// except <c>$"..."</c>: an identifier written as a string (WebAssembly 3.0, 6.3.5).
    /// </summary>
    private static Token ReadRun(SourceText source, ref int pos)
    {
        string text = source.Text;
        int start = pos;
        int pieces = 0;
        byte[]? bytes = null;
        bool lastWasString = false, hasReservedChar = false;
        while (pos < text.Length)
        {
            char c = text[pos];
            if (c == '"')
            {
                bytes = ReadString(source, ref pos);
                pieces++;
                lastWasString = true;
            }
            else if (IsIdChar(c))
            {
                if (pieces == 0 || lastWasString) pieces++;
                while (pos < text.Length && IsIdChar(text[pos])) pos++;
                lastWasString = false;
            }
            else if (IsReservedChar(c) && !(c == ';' && pos + 1 < text.Length && text[pos + 1] == ';'))
            {
                hasReservedChar = true;
                pos++;
            }
            else break;
        }
        string tokenText = text.Substring(start, pos - start);
        if (hasReservedChar) return new Token(TokenKind.Reserved, start, pos - start, tokenText);
        if (pieces == 2 && bytes is not null && tokenText[0] == '$' && tokenText[1] == '"') return StringId(source, start, tokenText, bytes);
        if (pieces > 1) return new Token(TokenKind.Reserved, start, pos - start, tokenText);
        if (bytes is not null) return new Token(TokenKind.String, start, pos - start, tokenText, bytes);
        char first = tokenText[0];
        TokenKind kind =
            first == '$' ? (tokenText.Length > 1 ? TokenKind.Id : TokenKind.Reserved) :
            first is >= 'a' and <= 'z' ? TokenKind.Keyword :
            first is >= '0' and <= '9' or '+' or '-' ? TokenKind.Number :
            TokenKind.Reserved;
        return new Token(kind, start, pos - start, tokenText);
    }

    /// <summary>
    /// <c>$"..."</c>: the identifier named by the string's characters, so <c>$"a"</c> and <c>$a</c> are the same one. Its
    /// text is <c>$</c> and the decoded name; the name must be valid UTF-8 and not empty.
    /// </summary>
    private static Token StringId(SourceText source, int start, string tokenText, byte[] bytes)
    {
        string name = Utf8.Decode(bytes) ?? throw source.Error(start, "malformed UTF-8 encoding");
        if (name.Length == 0) throw source.Error(start, "empty identifier");
        return new Token(TokenKind.Id, start, tokenText.Length, "$" + name);
    }

    /// <summary>A string literal (spec 6.3.4): characters as UTF-8, plus escapes <c>\t \n \r \" \' \\ \hh \u{h+}</c>.</summary>
    private static byte[] ReadString(SourceText source, ref int pos)
    {
        string text = source.Text;
        int start = pos;
        pos++; // opening quote
        var bytes = new List<byte>();
        Span<byte> utf8 = stackalloc byte[4];
        while (true)
        {
            if (pos >= text.Length) throw source.Error(start, "unclosed string");
            char c = text[pos];
            if (c == '"') { pos++; return bytes.ToArray(); }
            if (c < 0x20 || c == 0x7F)
                throw source.Error(pos, c == '\n' ? "unclosed string" : "illegal control character in string");
            if (c != '\\')
            {
                if (!Rune.TryGetRuneAt(text, pos, out var rune)) throw source.Error(pos, "malformed UTF-8 encoding");
                int n = rune.EncodeToUtf8(utf8);
                for (int i = 0; i < n; i++) bytes.Add(utf8[i]);
                pos += rune.Utf16SequenceLength;
                continue;
            }
            int escape = pos;
            pos++;
            if (pos >= text.Length) throw source.Error(start, "unclosed string");
            char e = text[pos++];
            switch (e)
            {
                case 't': bytes.Add((byte)'\t'); break;
                case 'n': bytes.Add((byte)'\n'); break;
                case 'r': bytes.Add((byte)'\r'); break;
                case '"': bytes.Add((byte)'"'); break;
                case '\'': bytes.Add((byte)'\''); break;
                case '\\': bytes.Add((byte)'\\'); break;
                case 'u':
                {
                    if (pos >= text.Length || text[pos] != '{') throw source.Error(escape, "illegal escape");
                    int close = text.IndexOf('}', pos);
                    if (close < 0) throw source.Error(escape, "illegal escape");
                    string digits = text.Substring(pos + 1, close - pos - 1);
                    pos = close + 1;
                    if (!NumberLiterals.TryParseNat(digits, hex: true, out var value) || value >= 0x110000 || value is >= 0xD800 and < 0xE000)
                        throw source.Error(escape, "illegal escape");
                    int n = new Rune((int)value).EncodeToUtf8(utf8);
                    for (int i = 0; i < n; i++) bytes.Add(utf8[i]);
                    break;
                }
                default:
                    if (pos < text.Length && IsHexDigit(e) && IsHexDigit(text[pos]))
                    {
                        bytes.Add((byte)(HexValue(e) * 16 + HexValue(text[pos])));
                        pos++;
                        break;
                    }
                    throw source.Error(escape, "illegal escape");
            }
        }
    }

    public static bool IsHexDigit(char c) => c is >= '0' and <= '9' or >= 'a' and <= 'f' or >= 'A' and <= 'F';

    public static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
