using MicroWasm.Instructions;

namespace MicroWasm.Text;

// Exception handling's block instructions (WebAssembly 3.0 text format): try_table with its catch clauses, and the legacy
// try with catch, catch_all and delegate, each flat (ending in `end`) or folded.
internal sealed partial class ModuleParser
{
    /// <summary>
    /// <c>try_table label? blocktype catch* instr* end</c>, or folded <c>(try_table label? blocktype catch* instr*)</c>, after
    /// "try_table". The clauses' labels are resolved outside the try_table, as the binary format counts them.
    /// </summary>
    private void ParseTryTable(FunctionContext context, ByteWriter code, bool folded)
    {
        var label = _r.TryId();
        code.WriteByte((byte)Opcode.TryTable);
        WriteBlockType(code);
        var clauses = new ByteWriter();
        uint count = 0;
        while (_r.PeekKind(TokenKind.LeftParen) && _r.Peek(1).Text is "catch" or "catch_ref" or "catch_all" or "catch_all_ref")
        {
            _r.Next();
            var kind = _r.Next().Text switch
            {
                "catch" => CatchKind.Catch,
                "catch_ref" => CatchKind.CatchRef,
                "catch_all" => CatchKind.CatchAll,
                _ => CatchKind.CatchAllRef,
            };
            clauses.WriteByte((byte)kind);
            if (kind is CatchKind.Catch or CatchKind.CatchRef) clauses.WriteU32(_tags.Resolve(_r));
            clauses.WriteU32(ResolveLabel(context));
            _r.ExpectRightParen();
            count++;
        }
        code.WriteU32(count);
        code.WriteBytes(clauses);
        ParseBlockBody(context, code, label, folded);
        code.WriteByte((byte)Opcode.End);
    }

    /// <summary>A block's instructions in its label's scope, up to its <c>end</c> (flat) or closing parenthesis (folded).</summary>
    private void ParseBlockBody(FunctionContext context, ByteWriter code, string? label, bool folded)
    {
        context.Labels.Add(label);
        EnterNesting();
        ParseInstructions(context, code);
        _nesting--;
        if (folded) _r.ExpectRightParen();
        else ExpectEnd(label);
        context.Labels.RemoveAt(context.Labels.Count - 1);
    }

    /// <summary>
    /// The legacy <c>try label? blocktype instr* (catch tag instr*)* (catch_all instr*)? end</c> or
    /// <c>try label? blocktype instr* delegate label</c>; folded, <c>(try label? blocktype (do instr*) (catch tag instr*)*
    /// (catch_all instr*)?)</c> or <c>(try label? blocktype (do instr*) (delegate label))</c>. A delegate's label is
    /// counted from outside the try.
    /// </summary>
    private void ParseLegacyTry(FunctionContext context, ByteWriter code, bool folded)
    {
        var label = _r.TryId();
        code.WriteByte((byte)Opcode.Try);
        WriteBlockType(code);
        context.Labels.Add(label);
        EnterNesting();
        if (folded)
        {
            _r.ExpectList("do");
            ParseInstructions(context, code);
            _r.ExpectRightParen();
        }
        else ParseInstructions(context, code);

        bool delegated = false;
        if (PeekHandlerKeyword(folded) == "delegate")
        {
            if (folded) _r.Next();
            _r.Next();
            context.Labels.RemoveAt(context.Labels.Count - 1);
            code.WriteByte((byte)Opcode.Delegate);
            code.WriteU32(ResolveLabel(context));
            if (folded) _r.ExpectRightParen();
            delegated = true;
        }
        else
        {
            bool catchAll = false;
            while (!catchAll && PeekHandlerKeyword(folded) is "catch" or "catch_all")
            {
                if (folded) _r.Next();
                catchAll = _r.Next().Text == "catch_all";
                code.WriteByte(catchAll ? (byte)Opcode.CatchAll : (byte)Opcode.Catch);
                if (!catchAll) code.WriteU32(_tags.Resolve(_r));
                ParseInstructions(context, code);
                if (folded) _r.ExpectRightParen();
            }
        }
        _nesting--;
        if (delegated)
        {
            if (folded) _r.ExpectRightParen();
            return;
        }
        if (folded) _r.ExpectRightParen();
        else ExpectEnd(label);
        context.Labels.RemoveAt(context.Labels.Count - 1);
        code.WriteByte((byte)Opcode.End);
    }

    /// <summary>The keyword of the next handler (<c>catch</c>, <c>catch_all</c>, <c>delegate</c>), in parentheses when folded; null if none.</summary>
    private string? PeekHandlerKeyword(bool folded)
    {
        if (folded && !_r.PeekKind(TokenKind.LeftParen)) return null;
        var token = _r.Peek(folded ? 1 : 0);
        return token.Kind == TokenKind.Keyword && token.Text is "catch" or "catch_all" or "delegate" ? token.Text : null;
    }
}
