namespace MicroWasm.Text;

/// <summary>One token: its kind, where it is in the source, and (for strings) its decoded bytes.</summary>
internal readonly record struct Token(TokenKind Kind, int Offset, int Length, string Text, byte[]? Bytes = null)
{
    public bool IsKeyword(string keyword) => Kind == TokenKind.Keyword && Text == keyword;

    public override string ToString() => Kind switch
    {
        TokenKind.LeftParen => "(",
        TokenKind.RightParen => ")",
        TokenKind.EndOfInput => "end of input",
        _ => Text,
    };
}
