using MicroWasm.Binary;
using static MicroWasm.Tests.Binary.TestModule;

namespace MicroWasm.Tests.Binary;

/// <summary>
/// Inputs that are not modules, and the message the spec's reference interpreter gives for each
/// (the spec tests compare messages by prefix, so "unexpected end" also accepts the longer form).
/// </summary>
public class MalformedModuleTests
{
    private static readonly byte[] OneFunctionType = Section(SectionId.Type, Vec([[0x60, 0, 0]]));
    private static readonly byte[] OneFunction = Section(SectionId.Function, Vec([[0]]));

    private static byte[] Body(params byte[] code) => Section(SectionId.Code, Vec([[.. U32((uint)(code.Length + 1)), 0x00, .. code]]));

    private static byte[] WithBody(params byte[] code) => Module(OneFunctionType, OneFunction, Body(code));

    private static byte[] WithMemoryAndBody(params byte[] code) =>
        Module(OneFunctionType, OneFunction, Section(SectionId.Memory, Vec([[0x00, 0x01]])), Body(code));

    public static TheoryData<string, byte[], string> Cases => new()
    {
        // Spec 5.5.16: the preamble.
        { "empty input", [], "unexpected end" },
        { "truncated magic", [0x00, 0x61, 0x73], "unexpected end" },
        { "wrong magic", [0x00, 0x41, 0x53, 0x4D, 1, 0, 0, 0], "magic header not detected" },
        { "version 2", [0x00, 0x61, 0x73, 0x6D, 2, 0, 0, 0], "unknown binary version" },
        { "truncated version", [0x00, 0x61, 0x73, 0x6D, 1, 0], "unexpected end" },

        // Spec 5.5.2: sections, their ids, sizes and order.
        { "section id 13", Module([13, 0]), "malformed section id" },
        { "section size beyond the input", Module([1, 10, 0]), "length out of bounds" },
        { "section larger than its contents", Module([1, 5, 1, 0x60, 0, 0, 0]), "section size mismatch" },
        { "section smaller than its contents", Module([1, 3, 1, 0x60, 0, 0]), "section size mismatch" },
        { "type section after function section", Module(OneFunction, OneFunctionType), "unexpected content after last section" },
        { "repeated type section", Module(OneFunctionType, OneFunctionType), "unexpected content after last section" },
        { "vector count beyond the input", Module([1, 2, 0xFF, 0x01]), "length out of bounds" },
        { "name of a custom section longer than the section", Module([0, 2, 5, (byte)'a']), "length out of bounds" },
        { "custom section name runs past the section", Module([0, 1, 1, (byte)'a']), "unexpected end" },

        // Spec 5.2.4: names are UTF-8.
        { "import module name not UTF-8", Module(Section(SectionId.Import, [1, 1, 0xFF, 1, (byte)'f', 0x03, 0x7F, 0x00])), "malformed UTF-8 encoding" },
        { "export name with a surrogate", Module(Section(SectionId.Export, [1, 3, 0xED, 0xA0, 0x80, 0x00, 0x00])), "malformed UTF-8 encoding" },
        { "overlong UTF-8 in a custom section name", Module([0, 3, 2, 0xC0, 0x80]), "malformed UTF-8 encoding" },

        // Spec 5.3 and 5.5.4-5.5.10: types and section entries.
        { "function type form 0x61", Module(Section(SectionId.Type, Vec([[0x61, 0, 0]]))), "malformed function type" },
        { "value type 0x7A", Module(Section(SectionId.Type, Vec([[0x60, 1, 0x7A, 0]]))), "malformed reference type" },
        { "import kind 4", Module(Section(SectionId.Import, [1, .. Name("m"), .. Name("f"), 0x04, 0x00])), "malformed import kind" },
        { "global mutability 2", Module(Section(SectionId.Global, Vec([[0x7F, 0x02, Op.I32Const, 0, Op.End]]))), "malformed mutability" },
        { "table of i32", Module(Section(SectionId.Table, Vec([[0x7F, 0x00, 0x00]]))), "malformed reference type" },
        { "limits flag 4", Module(Section(SectionId.Memory, Vec([[0x04, 0x00]]))), "integer too large" },
        { "limits flag with continuation", Module(Section(SectionId.Memory, Vec([[0x80, 0x00, 0x00]]))), "integer representation too long" },
        { "export kind 4", Module(Section(SectionId.Export, Vec([[.. Name("x"), 0x04, 0x00]]))), "malformed export kind" },
        { "element flags 8", Module(Section(SectionId.Element, Vec([[0x08]]))), "malformed elements segment kind" },
        { "element kind 1", Module(Section(SectionId.Element, Vec([[0x01, 0x01, 0x00]]))), "malformed element kind" },
        { "data flags 3", Module(Section(SectionId.Data, Vec([[0x03]]))), "malformed data segment kind" },
        { "index with six LEB128 bytes", Module(Section(SectionId.Function, [6, 1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00])), "integer representation too long" },
        { "constant expression without end", Module(Section(SectionId.Global, Vec([[0x7F, 0x00, Op.I32Const, 0]]))), "unexpected end" },

        // Spec 5.5.13: code.
        { "function without a body", Module(OneFunctionType, OneFunction), "function and code section have inconsistent lengths" },
        { "body without a function", Module(OneFunctionType, Body(Op.End)), "function and code section have inconsistent lengths" },
        { "locals adding up to 2^32", Module(OneFunctionType, OneFunction, Section(SectionId.Code, Vec([[10, 2, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F, 0x01, 0x7E, Op.End]]))), "too many locals" },
        { "body missing its end", Module(OneFunctionType, OneFunction, Section(SectionId.Code, Vec([[3, 0, Op.I32Const, 0]]))), "unexpected end of section or function" },
        { "body longer than its size", Module(OneFunctionType, OneFunction, Section(SectionId.Code, Vec([[1, 0, Op.End]]))), "section size mismatch" },
        { "else inside a block", WithBody(Op.Block, Op.EmptyBlock, Op.Else, Op.End, Op.End), "END opcode expected" },
        { "else at function level", WithBody(Op.Else, Op.End), "END opcode expected" },
        { "second else", WithBody(Op.I32Const, 0, Op.If, Op.EmptyBlock, Op.Else, Op.Else, Op.End, Op.End), "END opcode expected" },

        // Spec 5.4: instructions.
        { "reserved opcode 0x06", WithBody(0x06, Op.End), "illegal opcode 06" },
        { "unknown 0xFC sub-opcode", WithBody(Op.Prefix, 0x12, Op.End), "illegal opcode fc 12" },
        { "unknown SIMD sub-opcode", WithBody(Op.Simd, 0x9A, 0x01, Op.End), "illegal opcode fd 9a" },
        { "memory.size with a non-zero byte", WithMemoryAndBody(Op.MemorySize, 0x01, Op.Drop, Op.End), "zero byte expected" },
        { "memory.grow with a long zero", WithMemoryAndBody(Op.I32Const, 0, Op.MemoryGrow, 0x80, 0x00, Op.Drop, Op.End), "zero byte expected" },
        { "alignment exponent 32", WithMemoryAndBody(Op.I32Const, 0, Op.I32Load, 0x20, 0x00, Op.Drop, Op.End), "malformed memop flags" },
        { "select with a bad value type", WithBody(Op.SelectTyped, 1, 0x40, Op.End), "malformed reference type" },
        { "ref.null of i32", WithBody(Op.RefNull, 0x7F, Op.Drop, Op.End), "malformed reference type" },
        { "br_table count beyond the input", WithBody(Op.I32Const, 0, Op.BrTable, 0xFF, 0xFF, 0x03, Op.End), "length out of bounds" },
        { "i32.const too large", WithBody(Op.I32Const, 0xFF, 0xFF, 0xFF, 0xFF, 0x4F, Op.Drop, Op.End), "integer too large" },

        // Spec 5.5.16: data count.
        { "data count without data", Module(Section(SectionId.DataCount, [1])), "data count and data section have inconsistent lengths" },
        {
            "data.drop without data count",
            Module(OneFunctionType, OneFunction, Section(SectionId.Code, Vec([[5, 0, Op.Prefix, 0x09, 0, Op.End]])), Section(SectionId.Data, Vec([[0x01, 0x00]]))),
            "data count section required"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Malformed_input_is_reported_with_the_spec_message(string description, byte[] bytes, string message)
    {
        _ = description;
        // The 2.0 rules: 3.0's multiple memories give memory-index bytes and memarg flags 32-127 a meaning.
        var e = Assert.Throws<MalformedModuleException>(() => ModuleDecoder.Decode(bytes, WasmFeatures.Wasm20));
        Assert.StartsWith(message, e.Reason);
    }

    [Fact]
    public void Errors_carry_the_offset_of_the_fault()
    {
        // 0x27 is no instruction (0x06, used here before, is exception handling's try in 3.0).
        byte[] bytes = WithBody(0x27, Op.End);
        var e = Assert.Throws<MalformedModuleException>(() => ModuleDecoder.Decode(bytes));
        Assert.Equal(Array.LastIndexOf(bytes, (byte)0x27), e.Offset);
    }
}
