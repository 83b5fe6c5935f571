namespace MicroWasm.Text;

/// <summary>The kinds of token of the text format (spec 6.3.1).</summary>
internal enum TokenKind : byte
{
    LeftParen,
    RightParen,
    /// <summary>An idchar run starting with a lowercase letter: instruction names, <c>func</c>, <c>offset=4</c>, <c>nan:0x1</c>, <c>inf</c>.</summary>
    Keyword,
    /// <summary>An identifier: <c>$</c> followed by idchars (spec 6.3.5).</summary>
    Id,
    /// <summary>An idchar run starting with a digit or sign: a number if it parses as one (spec 6.3.3).</summary>
    Number,
    /// <summary>A string literal, decoded to bytes (spec 6.3.4).</summary>
    String,
    /// <summary>
    /// Anything else the spec calls reserved: idchars and strings run together without a separator
    /// (<c>0$l</c>, <c>$l"a"</c>), or a lone <c>$</c>. Using one is always an error ("unknown operator").
    /// </summary>
    Reserved,
    EndOfInput,
}
