namespace MicroWasm.Text;

/// <summary>
/// An annotation <c>(@name token*)</c> (annotations proposal, WebAssembly 3.0 text format) whose meaning the parser knows:
/// <c>@custom</c>, <c>@name</c> and <c>@metadata.code.branch_hint</c>. Others are checked for syntax and dropped by the lexer.
/// <see cref="TokenIndex"/> is the index of the token that follows it, which is how the parser finds the annotations at the
/// place it is reading; a parser that gives one meaning marks it <see cref="Claimed"/>, and any left unclaimed inside a
/// module is misplaced.
/// </summary>
internal sealed class Annotation(string name, int offset, int tokenIndex, List<Token> tokens)
{
    public const string Custom = "custom";
    public const string Name = "name";
    public const string BranchHint = "metadata.code.branch_hint";

    /// <summary>The annotations the parser gives meaning to; the lexer keeps only these.</summary>
    public static bool IsKnown(string name) => name is Custom or Name or BranchHint;

    public string Id { get; } = name;

    /// <summary>Where its '(' is in the source.</summary>
    public int Offset { get; } = offset;

    public int TokenIndex { get; } = tokenIndex;

    /// <summary>The tokens between its id and its closing ')' (nested parentheses included).</summary>
    public List<Token> Tokens { get; } = tokens;

    public bool Claimed { get; set; }
}
