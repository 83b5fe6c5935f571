using MicroWasm.Binary;
using static MicroWasm.Tests.Binary.TestModule;

namespace MicroWasm.Tests.Binary;

/// <summary>Spec 5.5: what each section decodes to.</summary>
public class ModuleDecoderTests
{
    private const ValueType I32 = ValueType.I32, I64 = ValueType.I64, F32 = ValueType.F32, F64 = ValueType.F64;

    [Fact]
    public void The_empty_module_is_a_module()
    {
        var module = ModuleDecoder.Decode(Header);
        Assert.Empty(module.Types);
        Assert.Empty(module.Codes);
        Assert.Null(module.StartFunctionIndex);
        Assert.Null(module.DataCount);
    }

    [Fact]
    public void Type_section_gives_function_types()
    {
        var module = new TestModule().Type([I32, I64], [F32]).Type([], []).Type([], [F64, I32]).Decode();
        Assert.Equal([new FuncType([I32, I64], [F32]), FuncType.Empty, new FuncType([], [F64, I32])], module.Types);
    }

    [Fact]
    public void Import_section_gives_each_kind_of_import()
    {
        var module = new TestModule()
            .Type([], [])
            .ImportFunction("env", "f", 0)
            .ImportMemory("env", "mem", 1, 2)
            .ImportGlobal("env", "g", I64, mutable: true)
            .Decode();
        Assert.Equal(3, module.Imports.Length);
        Assert.Equal(new Import("env", "f", ExternalKind.Function) { FunctionTypeIndex = 0 }, module.Imports[0]);
        Assert.Equal(new MemoryType(new Limits(1, 2)), module.Imports[1].Memory);
        Assert.Equal(new GlobalType(I64, true), module.Imports[2].Global);
        Assert.Equal(1, module.ImportedFunctionCount);
        Assert.Equal(1, module.ImportedMemoryCount);
    }

    [Fact]
    public void Function_and_code_sections_give_bodies_with_their_locals()
    {
        var module = new TestModule()
            .Type([I32], [I32])
            .Function(0, [Op.LocalGet, 0, Op.End], (2, I64), (1, F32))
            .Decode();
        Assert.Equal([0], module.FunctionTypeIndices);
        var body = Assert.Single(module.Codes);
        Assert.Equal([new LocalDeclaration(2, I64), new LocalDeclaration(1, F32)], body.Locals);
        Assert.Equal(3ul, body.LocalCount);
        Assert.Equal(new byte[] { Op.LocalGet, 0, Op.End }, body.Code.ToArray());
    }

    [Fact]
    public void Code_is_a_slice_of_the_input_not_a_copy()
    {
        byte[] bytes = new TestModule().Type([], []).Function(0, [Op.Nop, Op.End]).Build();
        var module = ModuleDecoder.Decode(bytes);
        var body = module.Codes[0];
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(body.Code, out var segment));
        Assert.Same(bytes, segment.Array);
        Assert.Equal(Op.Nop, bytes[body.CodeOffset]);
    }

    [Fact]
    public void Table_memory_global_export_and_start_sections()
    {
        var module = new TestModule()
            .Type([], [])
            .Function(0, [Op.End])
            .Table(ValueType.FuncRef, 1, 10)
            .Memory(1)
            .Global(I32, mutable: false, [Op.I32Const, 42, Op.End])
            .Export("run", ExternalKind.Function, 0)
            .Start(0)
            .Decode();
        Assert.Equal(new TableType(ValueType.FuncRef, new Limits(1, 10)), Assert.Single(module.Tables));
        Assert.Equal(new MemoryType(new Limits(1, null)), Assert.Single(module.Memories));
        var global = Assert.Single(module.Globals);
        Assert.Equal(new GlobalType(I32, false), global.Type);
        Assert.Equal(new byte[] { Op.I32Const, 42, Op.End }, global.Init.Code.ToArray());
        Assert.Equal(new Export("run", ExternalKind.Function, 0), Assert.Single(module.Exports));
        Assert.Equal(0, module.StartFunctionIndex);
    }

    public static TheoryData<string, byte[], SegmentMode, int, ValueType, bool> ElementEncodings => new()
    {
        // flags, then the fields that flag says are present (spec 5.5.12).
        { "0: active table 0, function indices", [0x00, Op.I32Const, 0, Op.End, 0x01, 0x00], SegmentMode.Active, 0, ValueType.FuncRef, false },
        { "1: passive, element kind, function indices", [0x01, 0x00, 0x01, 0x00], SegmentMode.Passive, 0, ValueType.FuncRef, false },
        { "2: active table x, element kind, function indices", [0x02, 0x01, Op.I32Const, 0, Op.End, 0x00, 0x01, 0x00], SegmentMode.Active, 1, ValueType.FuncRef, false },
        { "3: declarative, element kind, function indices", [0x03, 0x00, 0x01, 0x00], SegmentMode.Declarative, 0, ValueType.FuncRef, false },
        { "4: active table 0, expressions", [0x04, Op.I32Const, 0, Op.End, 0x01, Op.RefFunc, 0, Op.End], SegmentMode.Active, 0, ValueType.FuncRef, true },
        { "5: passive, reference type, expressions", [0x05, Op.ExternRef, 0x01, Op.RefNull, Op.ExternRef, Op.End], SegmentMode.Passive, 0, ValueType.ExternRef, true },
        { "6: active table x, reference type, expressions", [0x06, 0x01, Op.I32Const, 0, Op.End, Op.FuncRef, 0x01, Op.RefNull, Op.FuncRef, Op.End], SegmentMode.Active, 1, ValueType.FuncRef, true },
        { "7: declarative, reference type, expressions", [0x07, Op.FuncRef, 0x01, Op.RefFunc, 0, Op.End], SegmentMode.Declarative, 0, ValueType.FuncRef, true },
    };

    [Theory]
    [MemberData(nameof(ElementEncodings))]
    public void Element_section_decodes_all_eight_encodings(string encoding, byte[] segment, SegmentMode mode, int table, ValueType type, bool expressions)
    {
        _ = encoding;
        var module = new TestModule().Type([], []).Function(0, [Op.End]).Element(segment).Decode();
        var decoded = Assert.Single(module.Elements);
        Assert.Equal(mode, decoded.Mode);
        Assert.Equal(table, decoded.TableIndex);
        // WebAssembly 3.0 types function indices (ref func): ref.func is never null.
        Assert.Equal(expressions ? type : ReferenceTypes.Reference(HeapType.Func, nullable: false), decoded.ElementType);
        Assert.Equal(1, decoded.Count);
        Assert.Equal(expressions, decoded.Expressions is not null);
        Assert.Equal(mode == SegmentMode.Active, decoded.Offset is not null);
    }

    public static TheoryData<string, byte[], SegmentMode, int> DataEncodings => new()
    {
        { "0: active memory 0", [0x00, Op.I32Const, 8, Op.End, 0x02, 0xAA, 0xBB], SegmentMode.Active, 0 },
        { "1: passive", [0x01, 0x02, 0xAA, 0xBB], SegmentMode.Passive, 0 },
        { "2: active memory x", [0x02, 0x00, Op.I32Const, 8, Op.End, 0x02, 0xAA, 0xBB], SegmentMode.Active, 0 },
    };

    [Theory]
    [MemberData(nameof(DataEncodings))]
    public void Data_section_decodes_all_three_encodings(string encoding, byte[] segment, SegmentMode mode, int memory)
    {
        _ = encoding;
        var module = new TestModule().Memory(1).Data(segment).Decode();
        var decoded = Assert.Single(module.Data);
        Assert.Equal(mode, decoded.Mode);
        Assert.Equal(memory, decoded.MemoryIndex);
        Assert.Equal(new byte[] { 0xAA, 0xBB }, decoded.Data.ToArray());
    }

    [Fact]
    public void Data_count_section_gives_the_count()
    {
        var module = new TestModule().Memory(1).DataCount(1).Data(0x01, 0x00).Decode();
        Assert.Equal(1u, module.DataCount);
    }

    [Fact]
    public void Custom_sections_are_kept_wherever_they_appear()
    {
        byte[] bytes = Module(
            Section(SectionId.Custom, [.. Name("first"), 1, 2]),
            Section(SectionId.Type, Vec([[0x60, 0, 0]])),
            Section(SectionId.Custom, [.. Name("second")]));
        var module = ModuleDecoder.Decode(bytes);
        Assert.Equal(["first", "second"], module.CustomSections.Select(c => c.Name));
        Assert.Equal(new byte[] { 1, 2 }, module.CustomSections[0].Contents.ToArray());
        Assert.Single(module.Types);
    }

    [Fact]
    public void Memory_init_with_a_data_count_section_decodes()
    {
        byte[] code = [Op.I32Const, 0, Op.I32Const, 0, Op.I32Const, 0, Op.Prefix, 0x08, 0x00, 0x00, Op.End];
        var module = new TestModule().Type([], []).Function(0, code).Memory(1).DataCount(1).Data(0x01, 0x00).Decode();
        Assert.Single(module.Codes);
    }

    [Fact]
    public void Deeply_nested_blocks_do_not_use_the_native_stack()
    {
        const int depth = 200_000;
        var code = new List<byte>();
        for (int i = 0; i < depth; i++) code.AddRange([Op.Block, Op.EmptyBlock]);
        for (int i = 0; i < depth; i++) code.Add(Op.End);
        code.Add(Op.End);
        var module = new TestModule().Type([], []).Function(0, [.. code]).Decode();
        Assert.Equal(2 * depth + depth + 1, module.Codes[0].Code.Length);
    }
}
