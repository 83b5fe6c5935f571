namespace MicroWasm.Text;

/// <summary>
/// Collects the encoded pieces of a module as the parser produces them and writes the binary module
/// (spec 5.5): the preamble, then each non-empty section in the order the spec fixes, then a
/// <c>name</c> custom section (spec 7.4) when the text gave the module or its functions identifiers.
/// </summary>
internal sealed class ModuleEncoder
{
    public List<FuncType> Types { get; } = [];
    public List<byte[]> Imports { get; } = [];
    public List<uint> FunctionTypes { get; } = [];
    public List<byte[]> Tables { get; } = [];
    public List<byte[]> Memories { get; } = [];
    public List<byte[]> Globals { get; } = [];
    /// <summary>Each defined tag's type index (exception handling).</summary>
    public List<uint> Tags { get; } = [];
    public List<byte[]> Exports { get; } = [];
    public uint? Start { get; set; }
    public List<byte[]> Elements { get; } = [];
    public List<byte[]> Codes { get; } = [];
    public List<byte[]> Data { get; } = [];

    /// <summary>Whether some body uses memory.init or data.drop, which needs a data count section.</summary>
    public bool UsesDataIndices { get; set; }

    public string? ModuleName { get; set; }
    public SortedDictionary<uint, string> FunctionNames { get; } = [];

    /// <summary>The index of a function type, added at the end unless an equal one exists (spec 6.6.12: type uses).</summary>
    public uint TypeIndexOf(FuncType type)
    {
        for (int i = 0; i < Types.Count; i++)
            if (Types[i].Equals(type)) return (uint)i;
        Types.Add(type);
        return (uint)(Types.Count - 1);
    }

    public byte[] Encode()
    {
        var module = new ByteWriter();
        module.WriteBytes([0x00, 0x61, 0x73, 0x6D]); // magic "\0asm"
        module.WriteBytes([0x01, 0x00, 0x00, 0x00]); // version 1

        if (Types.Count > 0)
        {
            WriteSection(module, 1, Types.Count, section =>
            {
                foreach (var type in Types)
                {
                    section.WriteByte(0x60);
                    WriteValueTypes(section, type.Parameters);
                    WriteValueTypes(section, type.Results);
                }
            });
        }
        WriteVectorSection(module, 2, Imports);
        if (FunctionTypes.Count > 0)
            WriteSection(module, 3, FunctionTypes.Count, section => { foreach (var t in FunctionTypes) section.WriteU32(t); });
        WriteVectorSection(module, 4, Tables);
        WriteVectorSection(module, 5, Memories);
        // The tag section (13) comes between the memory and global sections; each tag is attribute 0 and a type index.
        if (Tags.Count > 0)
            WriteSection(module, 13, Tags.Count, section => { foreach (var t in Tags) { section.WriteByte(0x00); section.WriteU32(t); } });
        WriteVectorSection(module, 6, Globals);
        WriteVectorSection(module, 7, Exports);
        if (Start is uint start)
        {
            var section = new ByteWriter();
            section.WriteU32(start);
            WriteRawSection(module, 8, section);
        }
        WriteVectorSection(module, 9, Elements);
        // The data count section (spec 5.5.16) lets memory.init and data.drop be validated in one pass;
        // it is required when code uses data indices (spec 5.5.16) and harmless otherwise, so it is
        // written whenever there are data segments or such uses, as the reference encoder does.
        if (Data.Count > 0 || UsesDataIndices)
        {
            var section = new ByteWriter();
            section.WriteU32((uint)Data.Count);
            WriteRawSection(module, 12, section);
        }
        WriteVectorSection(module, 10, Codes);
        WriteVectorSection(module, 11, Data);
        WriteNameSection(module);
        return module.ToArray();
    }

    private void WriteNameSection(ByteWriter module)
    {
        if (ModuleName is null && FunctionNames.Count == 0) return;
        var contents = new ByteWriter();
        contents.WriteName("name");
        if (ModuleName is not null)
        {
            var sub = new ByteWriter();
            sub.WriteName(ModuleName);
            WriteRawSection(contents, 0, sub);
        }
        if (FunctionNames.Count > 0)
        {
            var sub = new ByteWriter();
            sub.WriteU32((uint)FunctionNames.Count);
            foreach (var (index, name) in FunctionNames)
            {
                sub.WriteU32(index);
                sub.WriteName(name);
            }
            WriteRawSection(contents, 1, sub);
        }
        WriteRawSection(module, 0, contents);
    }

    private static void WriteValueTypes(ByteWriter writer, ValueType[] types)
    {
        writer.WriteU32((uint)types.Length);
        foreach (var t in types) writer.WriteValueType(t);
    }

    private static void WriteVectorSection(ByteWriter module, byte id, List<byte[]> entries)
    {
        if (entries.Count == 0) return;
        WriteSection(module, id, entries.Count, section => { foreach (var e in entries) section.WriteBytes(e); });
    }

    private static void WriteSection(ByteWriter module, byte id, int count, Action<ByteWriter> writeEntries)
    {
        var section = new ByteWriter();
        section.WriteU32((uint)count);
        writeEntries(section);
        WriteRawSection(module, id, section);
    }

    private static void WriteRawSection(ByteWriter module, byte id, ByteWriter contents)
    {
        module.WriteByte(id);
        module.WriteU32((uint)contents.Length);
        module.WriteBytes(contents);
    }
}
