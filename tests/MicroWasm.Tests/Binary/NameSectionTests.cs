using static MicroWasm.Tests.Binary.TestModule;

namespace MicroWasm.Tests.Binary;

/// <summary>Spec 7.4: the name section is debug information; a bad one never makes a module fail.</summary>
public class NameSectionTests
{
    private static byte[] Subsection(byte id, byte[] contents) => [id, .. U32((uint)contents.Length), .. contents];

    private static byte[] NameMap(params (uint Index, string Name)[] entries) =>
        Vec(entries.Select(e => (byte[])[.. U32(e.Index), .. Name(e.Name)]));

    [Fact]
    public void Module_and_function_names_are_read()
    {
        var module = new TestModule()
            .Type([], []).Function(0, [Op.End]).Function(0, [Op.End])
            .Custom("name", [.. Subsection(0, Name("demo")), .. Subsection(1, NameMap((0, "start"), (1, "π")))])
            .Decode();
        Assert.Equal("demo", module.Name);
        Assert.Equal("start", module.FunctionNames[0]);
        Assert.Equal("π", module.FunctionNames[1]);
    }

    [Fact]
    public void Local_names_are_skipped()
    {
        var module = new TestModule()
            .Custom("name", [.. Subsection(1, NameMap((0, "f"))), .. Subsection(2, [0])])
            .Decode();
        Assert.Equal("f", module.FunctionNames[0]);
    }

    public static TheoryData<string, byte[]> MalformedNameSections => new()
    {
        { "truncated subsection", [0x01, 0x05, 0x01] },
        { "invalid UTF-8 in a name", Subsection(0, [0x01, 0xFF]) },
        { "subsections out of order", [.. Subsection(1, NameMap((0, "f"))), .. Subsection(0, Name("m"))] },
        { "function indices out of order", Subsection(1, NameMap((1, "b"), (0, "a"))) },
        { "subsection with trailing bytes", Subsection(0, [.. Name("m"), 0x00]) },
    };

    [Theory]
    [MemberData(nameof(MalformedNameSections))]
    public void A_malformed_name_section_is_ignored_not_fatal(string description, byte[] contents)
    {
        _ = description;
        var module = new TestModule().Custom("name", contents).Decode();
        Assert.Null(module.Name);
        Assert.Empty(module.FunctionNames);
        Assert.Equal("name", Assert.Single(module.CustomSections).Name);
    }
}
