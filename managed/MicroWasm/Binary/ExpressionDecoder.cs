using MicroWasm.Instructions;

namespace MicroWasm.Binary;

/// <summary>
/// Decodes an expression (spec 5.4.9): instructions up to the <c>end</c> that closes it, checking
/// every opcode and immediate and the nesting of <c>block</c>/<c>loop</c>/<c>if</c>, <c>else</c> and
/// <c>end</c>. Types are the validator's business; the bytes are not copied.
/// </summary>
/// <remarks>
/// The nesting is kept on an explicit stack, not by recursion, so that deep nesting cannot exhaust
/// the native stack. One decoder serves all expressions of a module and reuses its stack.
/// </remarks>
internal sealed class ExpressionDecoder(WasmFeatures features)
{
    // One entry per open block: whether it is an `if` that may still take an `else`.
    private bool[] _openIfs = new bool[16];
    private int _depth;

    /// <summary>Reads one expression from <paramref name="reader"/>, which is left after its final <c>end</c>.</summary>
    /// <returns>Whether the expression uses <c>memory.init</c> or <c>data.drop</c>, which in a function body need the data count section (spec 5.5.16).</returns>
    public bool Decode(ref ByteReader reader)
    {
        bool usesDataIndices = false;
        int start = reader.Position;
        var instructions = new InstructionReader(reader.Data[start..], start, features.MultiMemory);
        _depth = 0;
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
            switch (instr.Opcode)
            {
                case Opcode.Block:
                case Opcode.Loop:
                    Push(false);
                    break;
                case Opcode.If:
                    Push(true);
                    break;
                case Opcode.Else:
                    // Only an `if` without an `else` yet may continue with `else`; anywhere else the
                    // block's instruction sequence ends here and an `end` was required.
                    if (_depth == 0 || !_openIfs[_depth - 1])
                        throw new MalformedModuleException("END opcode expected", instr.Offset);
                    _openIfs[_depth - 1] = false;
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
                    usesDataIndices = true;
                    break;
            }
        }
    }

    private void Push(bool isIf)
    {
        if (_depth == _openIfs.Length)
            Array.Resize(ref _openIfs, _depth * 2);
        _openIfs[_depth++] = isIf;
    }
}
