namespace MicroWasm.Text;

/// <summary>
/// The annotations with a meaning (WebAssembly 3.0 text format): <c>(@custom "name" (before|after section)? "bytes"*)</c>
/// between module fields makes a custom section; <c>(@name "text")</c> after a module's or function's id names it in the
/// name section; <c>(@metadata.code.branch_hint "\00"|"\01")</c> before an <c>if</c> or <c>br_if</c> makes a branch hint.
/// Errors use the reference interpreter's wording.
/// </summary>
internal sealed partial class ModuleParser
{
    /// <summary>The section keywords of a custom section's placement, indexed like <see cref="ModuleEncoder.SectionOrder"/>.</summary>
    private static readonly string[] SectionKeywords =
        ["type", "import", "func", "table", "memory", "tag", "global", "export", "start", "elem", "datacount", "code", "data"];

    // The hint of the if or br_if being read, until its opcode's offset is known; and the hints of the function being read
    // (null outside function bodies), by offset in its body.
    private byte? _pendingBranchHint;
    private List<(uint Offset, byte Hint)>? _functionBranchHints;

    /// <summary>The <c>@custom</c> annotations just before the next token, which must stand between module fields.</summary>
    private void TakeCustomAnnotations()
    {
        foreach (var annotation in _r.TakeAnnotations(Annotation.Custom))
            _out.CustomSections.Add(ParseCustomAnnotation(annotation));
    }

    private (int Slot, string Name, byte[] Contents) ParseCustomAnnotation(Annotation annotation)
    {
        var tokens = annotation.Tokens;
        if (tokens.Count == 0 || tokens[0].Kind != TokenKind.String)
            throw _r.Source.Error(annotation.Offset, "@custom annotation: missing section name");
        string name = Utf8.Decode(tokens[0].Bytes!) ?? throw _r.Error(tokens[0], "@custom annotation: malformed UTF-8 encoding");
        int i = 1;
        int slot = 2 * SectionKeywords.Length; // after the last section
        if (i < tokens.Count && tokens[i].Kind == TokenKind.LeftParen) slot = ParseCustomPlacement(tokens, ref i);
        var contents = new ByteWriter();
        for (; i < tokens.Count; i++)
        {
            if (tokens[i].Kind != TokenKind.String) throw _r.Error(tokens[i], "@custom annotation: unexpected token");
            contents.WriteBytes(tokens[i].Bytes!);
        }
        return (slot, name, contents.ToArray());
    }

    /// <summary><c>(before section)</c> or <c>(after section)</c>, section also <c>first</c> (before) or <c>last</c> (after): its slot.</summary>
    private int ParseCustomPlacement(List<Token> tokens, ref int i)
    {
        var open = tokens[i];
        Token At(int k) => k < tokens.Count ? tokens[k] : open;
        var direction = At(i + 1);
        if (!direction.IsKeyword("before") && !direction.IsKeyword("after")) throw _r.Error(direction, "@custom annotation: malformed placement");
        bool before = direction.Text == "before";
        var section = At(i + 2);
        int index = section.Kind == TokenKind.Keyword ? Array.IndexOf(SectionKeywords, section.Text) : -1;
        bool edge = section.IsKeyword("first") || section.IsKeyword("last");
        if (index < 0 && !edge) throw _r.Error(section, "@custom annotation: malformed section kind");
        if (edge && before != section.IsKeyword("first")) throw _r.Error(section, "@custom annotation: malformed placement");
        if (At(i + 3).Kind != TokenKind.RightParen || i + 3 >= tokens.Count) throw _r.Error(At(i + 3), "@custom annotation: malformed placement");
        i += 4;
        if (edge) return before ? 0 : 2 * SectionKeywords.Length;
        return before ? 2 * index : 2 * index + 2;
    }

    /// <summary>The name an <c>@name</c> annotation just before the next token gives (at most one), or null.</summary>
    private string? TakeNameAnnotation(string what)
    {
        var found = _r.TakeAnnotations(Annotation.Name);
        if (found.Count == 0) return null;
        if (found.Count > 1) throw _r.Source.Error(found[1].Offset, $"@name annotation: multiple {what} names");
        var tokens = found[0].Tokens;
        if (tokens.Count == 0 || tokens[0].Kind != TokenKind.String) throw _r.Source.Error(found[0].Offset, "@name annotation: string expected");
        if (tokens.Count > 1) throw _r.Error(tokens[1], "@name annotation: unexpected token");
        return Utf8.Decode(tokens[0].Bytes!) ?? throw _r.Error(tokens[0], "malformed UTF-8 encoding");
    }

    /// <summary>
    /// A branch hint just before the next instruction: it must be one byte, 0 or 1, in a function body, and the instruction
    /// an <c>if</c> or <c>br_if</c>; a hint on another instruction is an invalid module, not a malformed one.
    /// </summary>
    private void TakeBranchHintAnnotation()
    {
        var found = _r.TakeAnnotations(Annotation.BranchHint);
        if (found.Count == 0) return;
        const string what = "@metadata.code.branch_hint annotation";
        if (found.Count > 1) throw _r.Source.Error(found[1].Offset, $"{what}: duplicate annotation");
        var annotation = found[0];
        if (_functionBranchHints is null) throw _r.Source.Error(annotation.Offset, $"{what}: not in a function");
        var tokens = annotation.Tokens;
        if (tokens.Count != 1 || tokens[0].Kind != TokenKind.String || tokens[0].Bytes is not [var hint and (0 or 1)])
            throw _r.Source.Error(annotation.Offset, $"{what}: invalid hint value");
        var target = _r.PeekKind(TokenKind.LeftParen) ? _r.Peek(1) : _r.Peek();
        if (!target.IsKeyword("if") && !target.IsKeyword("br_if"))
        {
            var (line, column) = _r.Source.LineColumn(annotation.Offset);
            throw new InvalidModuleException($"{what}: invalid target (line {line}, column {column})");
        }
        _pendingBranchHint = hint;
    }

    /// <summary>The hint for the instruction about to be read, handed over once (nested instructions have their own).</summary>
    private byte? TakePendingBranchHint()
    {
        var hint = _pendingBranchHint;
        _pendingBranchHint = null;
        return hint;
    }

    /// <summary>Records a hint for the instruction whose opcode is written next at <paramref name="offset"/> of the body.</summary>
    private void AddBranchHint(byte? hint, int offset)
    {
        if (hint is byte value) _functionBranchHints!.Add(((uint)offset, value));
    }
}
