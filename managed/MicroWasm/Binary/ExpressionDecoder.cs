using MicroWasm.Instructions;

namespace MicroWasm.Binary;

/// <summary>
/// Decodes an expression (spec 5.4.9): instructions up to the <c>end</c> that closes it, checking
/// every opcode and immediate and the nesting of <c>block</c>/<c>loop</c>/<c>if</c>/<c>try_table</c>, <c>else</c> and
/// <c>end</c>, and of the legacy <c>try</c> with its <c>catch</c>, <c>catch_all</c> and <c>delegate</c>. Types are the validator's business; the bytes are not copied.
/// </summary>
/// <remarks>
/// The nesting is kept on an explicit stack, not by recursion, so that deep nesting cannot exhaust
/// the native stack. One decoder serves all expressions of a module and reuses its stack.
/// </remarks>
internal sealed class ExpressionDecoder(WasmFeatures features)
{
    // One entry per open block: what may still continue it before its `end`.
    private enum Open : byte { Block, IfWithoutElse, Try, TryAfterCatchAll }

    private Open[] _open = new Open[16];
    private int _depth;

    /// <summary>How many legacy <c>try</c> blocks the last expression decoded has.</summary>
    public int LegacyTryCount { get; private set; }

    /// <summary>Reads one expression from <paramref name="reader"/>, which is left after its final <c>end</c>.</summary>
    /// <returns>Whether the expression uses <c>memory.init</c> or <c>data.drop</c>, which in a function body need the data count section (spec 5.5.16).</returns>
    public bool Decode(ref ByteReader reader)
    {
        bool usesDataIndices = false;
        int start = reader.Position;
        var instructions = new InstructionReader(reader.Data[start..], start, features.MultiMemory, features.Memory64, features.FunctionReferences);
        _depth = 0;
        LegacyTryCount = 0;
        while (true)
        {
            // The reference decoder reads an instruction sequence until it sees `else`, `end` or the
            // end of the input, and then requires `end`: so running out of bytes is an unexpected end.
            if (instructions.AtEnd)
                throw reader.UnexpectedEnd();
            instructions.Read(out var instr);
            if (!features.Threads && AtomicOperators.IsAtomic(instr.Opcode))
                throw new MalformedModuleException("illegal opcode fe", instr.Offset);
            if (!features.RelaxedSimd && RelaxedSimd.IsRelaxed(instr.Opcode))
                throw new MalformedModuleException($"illegal opcode fd {(int)instr.Opcode & 0xFFFF:x2} (relaxed SIMD is not enabled)", instr.Offset);
            if (!features.TailCalls && instr.Opcode is Opcode.ReturnCall or Opcode.ReturnCallIndirect)
                throw new MalformedModuleException($"illegal opcode {(int)instr.Opcode:x2}", instr.Offset);
            if (!features.FunctionReferences && instr.Opcode is Opcode.CallRef or Opcode.ReturnCallRef or Opcode.RefAsNonNull or Opcode.BrOnNull or Opcode.BrOnNonNull)
                throw new MalformedModuleException($"illegal opcode {(int)instr.Opcode:x2} (typed function references are not enabled)", instr.Offset);
            if (!features.Gc && IsGc(instr.Opcode))
                throw new MalformedModuleException($"illegal opcode {(int)instr.Opcode:x2} (GC is not enabled)", instr.Offset);
            if (!features.ExceptionHandling && IsExceptionHandling(instr.Opcode))
                throw new MalformedModuleException($"illegal opcode {(int)instr.Opcode:x2} (exception handling is not enabled)", instr.Offset);
            switch (instr.Opcode)
            {
                case Opcode.Block:
                case Opcode.Loop:
                case Opcode.TryTable:
                    Push(Open.Block);
                    break;
                case Opcode.If:
                    Push(Open.IfWithoutElse);
                    break;
                case Opcode.Try:
                    Push(Open.Try);
                    LegacyTryCount++;
                    break;
                case Opcode.Else:
                    // Only an `if` without an `else` yet may continue with `else`; anywhere else the
                    // block's instruction sequence ends here and an `end` was required.
                    Continue(Open.IfWithoutElse, Open.Block, instr.Offset);
                    break;
                case Opcode.Catch:
                    Continue(Open.Try, Open.Try, instr.Offset);
                    break;
                case Opcode.CatchAll:
                    Continue(Open.Try, Open.TryAfterCatchAll, instr.Offset);
                    break;
                case Opcode.Delegate:
                    // Ends a `try` that has no handler (legacy exception handling).
                    Continue(Open.Try, Open.Block, instr.Offset);
                    _depth--;
                    break;
                case Opcode.End:
                    if (_depth == 0)
                    {
                        reader.Advance(instructions.Offset - start);
                        return usesDataIndices;
                    }
                    _depth--;
                    break;
                case Opcode.MemoryInit:
                case Opcode.DataDrop:
                case Opcode.ArrayNewData:
                case Opcode.ArrayInitData:
                    usesDataIndices = true;
                    break;
            }
        }
    }

    private void Push(Open open)
    {
        if (_depth == _open.Length)
            Array.Resize(ref _open, _depth * 2);
        _open[_depth++] = open;
    }

    /// <summary>An instruction that continues the innermost block (else, catch, catch_all, delegate) if it is <paramref name="expected"/>.</summary>
    private void Continue(Open expected, Open next, int offset)
    {
        if (_depth == 0 || _open[_depth - 1] != expected)
            throw new MalformedModuleException("END opcode expected", offset);
        _open[_depth - 1] = next;
    }

    private static bool IsExceptionHandling(Opcode opcode) => opcode is Opcode.Try or Opcode.Catch or Opcode.Throw
        or Opcode.Rethrow or Opcode.ThrowRef or Opcode.Delegate or Opcode.CatchAll or Opcode.TryTable;

    /// <summary>The GC instructions: the 0xFB prefix and <c>ref.eq</c>.</summary>
    public static bool IsGc(Opcode opcode) => opcode == Opcode.RefEq || ((int)opcode >> 16) == 0xFB;
}
