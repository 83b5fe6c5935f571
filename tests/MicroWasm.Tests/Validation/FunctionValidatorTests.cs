using MicroWasm.Binary;
using MicroWasm.Instructions;
using MicroWasm.Tests.Binary;
using MicroWasm.Validation;

namespace MicroWasm.Tests.Validation;

/// <summary>The step-by-step API that a compiler can drive: the stacks are observable between instructions.</summary>
public class FunctionValidatorTests
{
    private static (FunctionValidator Validator, Module Module) Prepare(byte[] code)
    {
        var module = ModuleDecoder.Decode(new TestModule().Type([ValueType.I32], [ValueType.I64]).Function(0, code, (1, ValueType.F64)).Build());
        var context = ModuleValidator.ValidateAndGetContext(module);
        return (new FunctionValidator(context), module);
    }

    [Fact]
    public void Operand_types_and_frames_can_be_queried_after_each_instruction()
    {
        byte[] code = [Op.LocalGet, 0, Op.Block, 0x7E, Op.I64Const, 1, Op.End, Op.Return, Op.End];
        var (validator, module) = Prepare(code);
        var body = module.Codes[0];
        validator.Begin(module.Types[0], body.Locals, body.CodeOffset);
        var reader = new InstructionReader(body.Code.Span, body.CodeOffset);
        var observed = new List<string>();
        while (!reader.AtEnd)
        {
            reader.Read(out var instr);
            validator.Validate(in instr, reader.BranchTargets);
            observed.Add($"{InstructionTable.MnemonicOf(instr.Opcode)}: {validator.OperandCount} [{(validator.OperandCount > 0 ? validator.PeekOperand(0).ToText() : "")}] depth {validator.ControlDepth}{(validator.IsUnreachable ? " unreachable" : "")}");
        }
        validator.Finish(reader.Offset);
        Assert.Equal(
            [
                "local.get: 1 [i32] depth 1",
                "block: 1 [i32] depth 2",
                "i64.const: 2 [i64] depth 2",
                "end: 2 [i64] depth 1",
                "return: 0 [] depth 1 unreachable",
                "end: 1 [i64] depth 0",
            ],
            observed);
        Assert.True(validator.IsFinished);
    }

    [Fact]
    public void Local_types_include_parameters_then_declared_locals()
    {
        var (validator, module) = Prepare([Op.I64Const, 0, Op.End]);
        validator.Begin(module.Types[0], module.Codes[0].Locals);
        Assert.True(validator.TryGetLocalType(0, out var first));
        Assert.True(validator.TryGetLocalType(1, out var second));
        Assert.False(validator.TryGetLocalType(2, out _));
        Assert.Equal((ValueType.I32, ValueType.F64), (first, second));
    }

    [Fact]
    public void Frames_report_their_kind_and_label_types()
    {
        var (validator, module) = Prepare([Op.I64Const, 0, Op.End]);
        validator.Begin(module.Types[0], []);
        var loop = new Instruction { Opcode = Opcode.Loop, Block = new BlockType(BlockTypeKind.Value, ValueType.I32) };
        validator.Validate(in loop, []);
        ref readonly var frame = ref validator.GetFrame(0);
        Assert.Equal(Opcode.Loop, frame.Kind);
        Assert.Empty(frame.LabelTypes);
        Assert.Equal([ValueType.I64], validator.GetFrame(1).LabelTypes);
    }
}
