using MicroWasm.Tests.Binary;
using MicroWasm.Validation;

namespace MicroWasm.Tests.Validation;

/// <summary>
/// Spec 3.3: type checking of instruction sequences. Each case is the body of a function of type
/// [i32 i64] -> [i32] in a module that also has: type 1 = [i32] -> [i32]; global 0, an immutable
/// imported i32; global 1, a mutable i64; function 1 of type 1, declared by element segment 0
/// (passive funcref); table 0 of funcref; memory 0; and one passive data segment.
/// </summary>
public class FunctionBodyValidationTests
{
    private const ValueType I32 = ValueType.I32, I64 = ValueType.I64;
    private static readonly byte[] V128Zero = [Op.Simd, 0x0C, .. new byte[16]];

    private static byte[] ModuleWithBody(byte[] code, params (uint, ValueType)[] locals) => new TestModule()
        .Type([I32, I64], [I32])
        .Type([I32], [I32])
        .ImportGlobal("env", "immutable", I32, mutable: false)
        .Function(0, code, locals)
        .Function(1, [Op.LocalGet, 0, Op.End])
        .Table(ValueType.FuncRef, 1)
        .Memory(1)
        .Global(I64, mutable: true, [Op.I64Const, 0, Op.End])
        .Element(0x01, 0x00, 0x01, 0x01)
        .DataCount(1)
        .Data(0x01, 0x00)
        .Build();

    public static TheoryData<string, byte[]> ValidBodies => new()
    {
        { "parameter returned", [Op.LocalGet, 0, Op.End] },
        { "arithmetic", [Op.LocalGet, 0, Op.I32Const, 1, Op.I32Add, Op.End] },
        { "anything after unreachable", [Op.Unreachable, Op.I32Add, Op.End] },
        { "anything after br", [Op.Block, 0x7F, Op.I32Const, 1, Op.Br, 0, Op.I32Add, Op.End, Op.End] },
        { "unknown operands take the type an instruction needs", [Op.Unreachable, Op.F32Add, Op.Drop, Op.I32Const, 0, Op.End] },
        { "return with the result", [Op.I32Const, 1, Op.Return, Op.End] },
        { "block with parameters by type index", [Op.I32Const, 5, Op.Block, 0x01, Op.I32Const, 1, Op.I32Add, Op.End, Op.End] },
        { "loop branching back with its parameter", [Op.I32Const, 5, Op.Loop, 0x01, Op.LocalGet, 0, Op.BrIf, 0, Op.End, Op.End] },
        { "if with else", [Op.LocalGet, 0, Op.If, 0x7F, Op.I32Const, 1, Op.Else, Op.I32Const, 2, Op.End, Op.End] },
        { "if without else passing its parameter through", [Op.I32Const, 3, Op.LocalGet, 0, Op.If, 0x01, Op.I32Const, 1, Op.I32Add, Op.End, Op.End] },
        { "br_table to labels of one arity", [Op.Block, 0x7F, Op.I32Const, 1, Op.LocalGet, 0, Op.BrTable, 1, 0, 1, Op.End, Op.End] },
        { "br_table after unreachable", [Op.Unreachable, Op.BrTable, 1, 0, 0, Op.End] },
        { "select of i64", [Op.LocalGet, 1, Op.LocalGet, 1, Op.LocalGet, 0, Op.Select, Op.Drop, Op.LocalGet, 0, Op.End] },
        { "typed select of funcref", [Op.RefNull, Op.FuncRef, Op.RefFunc, 1, Op.LocalGet, 0, Op.SelectTyped, 1, Op.FuncRef, Op.RefIsNull, Op.End] },
        { "declared locals", [Op.LocalGet, 2, Op.LocalSet, 3, Op.LocalGet, 0, Op.End] },
        { "global.set of the mutable global", [Op.I64Const, 1, Op.GlobalSet, 1, Op.GlobalGet, 0, Op.End] },
        { "call and call_indirect", [Op.I32Const, 1, Op.Call, 1, Op.I32Const, 0, Op.CallIndirect, 1, 0, Op.End] },
        { "load and store", [Op.I32Const, 0, Op.I32Const, 0, Op.I32Load, 2, 0, Op.I32Store, 2, 0, Op.MemorySize, 0, Op.End] },
        { "bulk memory and table ops", [Op.I32Const, 0, Op.I32Const, 0, Op.I32Const, 0, Op.Prefix, 0x08, 0, 0, Op.Prefix, 0x09, 0, Op.Prefix, 0x0D, 0, Op.Prefix, 0x10, 0, Op.End] },
        { "table.get and table.set", [Op.I32Const, 0, Op.I32Const, 0, Op.TableGet, 0, Op.TableSet, 0, Op.LocalGet, 0, Op.End] },
        { "SIMD lanes", [.. V128Zero, Op.Simd, 0x15, 15, .. V128Zero, Op.Simd, 0x1D, 1, Op.Drop, Op.LocalGet, 0, Op.I32Add, Op.End] },
        { "SIMD shuffle", [.. V128Zero, .. V128Zero, Op.Simd, 0x0D, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 31, Op.Simd, 0x53, Op.End] },
    };

    [Theory]
    [MemberData(nameof(ValidBodies))]
    public void Valid_bodies_validate(string description, byte[] code)
    {
        _ = description;
        ModuleValidator.DecodeAndValidate(ModuleWithBody(code, (2, I32)));
    }

    public static TheoryData<string, byte[], string> InvalidBodies => new()
    {
        // Operand types (spec 3.3, appendix 7.3).
        { "i32.add of i32 and i64", [Op.LocalGet, 0, Op.LocalGet, 1, Op.I32Add, Op.End], "type mismatch" },
        { "i32.add of nothing", [Op.I32Add, Op.End], "type mismatch" },
        { "missing result", [Op.End], "type mismatch" },
        { "extra value at the end", [Op.LocalGet, 0, Op.LocalGet, 0, Op.End], "type mismatch" },
        { "result of the wrong type", [Op.LocalGet, 1, Op.End], "type mismatch" },
        { "block may not read outer operands", [Op.LocalGet, 0, Op.Block, 0x7F, Op.End, Op.End], "type mismatch" },
        { "if without else cannot produce a result", [Op.LocalGet, 0, Op.If, 0x7F, Op.I32Const, 1, Op.End, Op.End], "type mismatch" },
        { "br_if carries the label's types", [Op.Block, 0x7F, Op.LocalGet, 1, Op.I32Const, 0, Op.BrIf, 0, Op.End, Op.End], "type mismatch" },
        { "br_table targets of different arities", [Op.Block, 0x7F, Op.Block, Op.EmptyBlock, Op.I32Const, 0, Op.I32Const, 0, Op.BrTable, 1, 0, 1, Op.End, Op.Unreachable, Op.End, Op.End], "type mismatch" },
        { "untyped select of references", [Op.RefNull, Op.FuncRef, Op.RefNull, Op.FuncRef, Op.I32Const, 0, Op.Select, Op.Drop, Op.LocalGet, 0, Op.End], "type mismatch" },
        { "untyped select of different types", [Op.LocalGet, 0, Op.LocalGet, 1, Op.I32Const, 0, Op.Select, Op.End], "type mismatch" },
        { "typed select with two types", [Op.LocalGet, 0, Op.LocalGet, 0, Op.I32Const, 0, Op.SelectTyped, 2, 0x7F, 0x7F, Op.End], "invalid result arity" },
        { "ref.is_null of an i32", [Op.LocalGet, 0, Op.RefIsNull, Op.End], "type mismatch" },
        { "a result of the wrong type after br", [Op.Block, 0x7F, Op.I32Const, 1, Op.Br, 0, Op.F32Add, Op.End, Op.End], "type mismatch" },
        { "unreachable code is still typed", [Op.Unreachable, Op.I64Const, 0, Op.I32Add, Op.End], "type mismatch" },

        // Indices (spec 3.1.1); messages name the index.
        { "unknown local", [Op.LocalGet, 5, Op.End], "unknown local 5" },
        { "unknown global", [Op.GlobalGet, 9, Op.End], "unknown global 9" },
        { "unknown function", [Op.Call, 9, Op.End], "unknown function 9" },
        { "unknown label", [Op.Br, 3, Op.End], "unknown label 3" },
        { "unknown type", [Op.I32Const, 0, Op.CallIndirect, 9, 0, Op.End], "unknown type 9" },
        { "unknown table", [Op.I32Const, 0, Op.TableGet, 3, Op.End], "unknown table 3" },
        { "unknown elem segment", [Op.Prefix, 0x0D, 2, Op.LocalGet, 0, Op.End], "unknown elem segment 2" },
        { "unknown data segment", [Op.Prefix, 0x09, 1, Op.LocalGet, 0, Op.End], "unknown data segment 1" },
        { "unknown block type", [Op.Block, 0x09, Op.End, Op.End], "unknown type 9" },

        // Other rules.
        { "global.set of an immutable global", [Op.I32Const, 0, Op.GlobalSet, 0, Op.LocalGet, 0, Op.End], "global is immutable" },
        { "alignment beyond the access size", [Op.I32Const, 0, Op.I32Load, 3, 0, Op.End], "alignment must not be larger than natural" },
        { "ref.func of an undeclared function", [Op.RefFunc, 0, Op.Drop, Op.LocalGet, 0, Op.End], "undeclared function reference" },
        { "extract_lane beyond the lanes", [.. V128Zero, Op.Simd, 0x15, 16, Op.End], "invalid lane index" },
        { "load64_lane beyond the lanes", [Op.I32Const, 0, .. V128Zero, Op.Simd, 0x57, 3, 0, 2, Op.Drop, Op.LocalGet, 0, Op.End], "invalid lane index" },
        { "shuffle lane 32", [.. V128Zero, .. V128Zero, Op.Simd, 0x0D, 32, .. new byte[15], Op.Drop, Op.LocalGet, 0, Op.End], "invalid lane index" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public void Invalid_bodies_are_rejected_with_the_spec_message(string description, byte[] code, string message)
    {
        _ = description;
        var e = Assert.Throws<InvalidModuleException>(() => ModuleValidator.DecodeAndValidate(ModuleWithBody(code, (2, I32))));
        Assert.StartsWith(message, e.Reason);
    }

    [Fact]
    public void Memory_instructions_need_a_memory()
    {
        byte[] bytes = new TestModule().Type([], []).Function(0, [Op.MemorySize, 0, Op.Drop, Op.End]).Build();
        var e = Assert.Throws<InvalidModuleException>(() => ModuleValidator.DecodeAndValidate(bytes));
        Assert.Equal("unknown memory 0", e.Reason);
    }

    [Fact]
    public void The_error_offset_is_the_offending_instruction()
    {
        byte[] bytes = ModuleWithBody([Op.LocalGet, 0, Op.LocalGet, 1, Op.I32Add, Op.End]);
        var e = Assert.Throws<InvalidModuleException>(() => ModuleValidator.DecodeAndValidate(bytes));
        Assert.Equal(Op.I32Add, bytes[e.Offset]);
    }
}
