using System.Text;

namespace MicroWasm.Interpreter;

/// <summary>Renders translated code as text, one instruction a line, for tests, tuning and debugging.</summary>
internal static class Disassembler
{
    /// <summary>How many words an instruction takes, the op included.</summary>
    public static int LengthOf(ReadOnlySpan<int> code, int at)
    {
        var op = (Op)code[at];
        switch (op)
        {
            case Op.Unreachable or Op.Return or Op.Exit or Op.RestoreInstance:
                return 1;
            case Op.Br or Op.BrBack or Op.Lazy or Op.ReturnMove or Op.MemorySize or Op.DataDrop or Op.ElemDrop or Op.SelectMemory or Op.ThrowRef or Op.RefAsNonNull:
                return 2;
            case Op.BrIfNez or Op.BrIfEqz or Op.BrIfNezBack or Op.BrIfEqzBack or Op.Move or Op.Const32 or Op.Call or Op.CallImport or Op.GlobalGet
                or Op.GlobalSet32 or Op.GlobalSet64 or Op.MemoryGrow or Op.RefIsNull or Op.RefFunc or Op.ZeroLocals or Op.TableSize or Op.Throw or Op.CallRef:
                return 3;
            case Op.BrTable:
                return 4 + code[at + 2];
            case Op.Const64 or Op.TableGet or Op.TableSet or Op.MemoryCopy or Op.MemoryFill or Op.ReturnCall or Op.ReturnCallImport or Op.ReturnCallRef:
                return 4;
            case Op.CallIndirect or Op.Select or Op.Move2 or Op.I32AddShlImm or Op.I32AddImmBrNezBack or Op.MemoryInit or Op.TableGrow or Op.TableFill:
                return 5;
            case Op.TableInit or Op.TableCopy or Op.ReturnCallIndirect or Op.MemoryCopyBetween:
                return 6;
            case Op.F32MulLoads or Op.F64MulLoads:
                return 8;
            case Op.F32MulLoadsAdd or Op.F64MulLoadsAdd or Op.F32MulLoadsAddR or Op.F64MulLoadsAddR:
                return 9;
            case Op.Store8Imm or Op.Store16Imm or Op.Store32Imm or Op.Store64Imm:
                return 5;
            case >= Op.I32AddImmBrEqBack and <= Op.I32AddBrGeUImmBack or Op.I32LoadShl:
                return 6;
            case >= Op.F32MulLoadsAddAddLL and <= Op.F64MulLoadsAddAddRR:
                return 15;
            case Op.MemorySize64 or Op.TableIndex64:
                return 3;
            case Op.MemoryGrow64:
                return 4;
            case Op.MemoryFill64:
                return 5;
            case Op.Address64 or Op.MemoryInit64:
                return 6;
            case Op.MemoryCopy64:
                return 7;
            case Op.Gc:
                return GcOperations.Length;
            case Op.GlobalGetRef or Op.GlobalSetRef:
                return 3;
        }
        int n = (int)op;
        if (op is Op.Move128 or Op.GlobalGet128 or Op.GlobalSet128) return 3;
        if (op is Op.Select128) return 5;
        if (op is >= Op.SimdBase and <= Op.SimdLast) return Translator.SimdLength(n - (int)Op.SimdBase);
        if (n is >= 0x28 and <= 0x3E) return 5; // loads and stores
        if (op is Op.I32Eqz or Op.I64Eqz) return 3;
        if (n is >= 0x45 and <= 0x66) return 4; // comparisons
        if (n is >= 0x67 and <= 0x69 or >= 0x79 and <= 0x7B or >= 0x8B and <= 0x91 or >= 0x99 and <= 0x9F) return 3;
        if (n is >= 0x6A and <= 0xA6) return 4; // binary operators
        if (n is >= 0xA7 and <= 0xC4) return 3; // conversions
        if (op is >= Op.I32TruncSatF32S and <= Op.I64TruncSatF64U) return 3;
        return 4; // immediate forms and fused branches
    }

    public static string Disassemble(CompiledFunction function)
    {
        var code = function.Code;
        var text = new StringBuilder();
        text.AppendLine($"func[{function.FunctionIndex}] {function.Type} frame={function.FrameSlots} slots");
        for (int at = 0; at < code.Length; at += LengthOf(code, at))
        {
            text.Append($"{at,5}: {(Op)code[at]}");
            int length = LengthOf(code, at);
            for (int i = 1; i < length; i++) text.Append(i == 1 ? " " : ", ").Append(code[at + i]);
            text.AppendLine();
        }
        return text.ToString();
    }
}
