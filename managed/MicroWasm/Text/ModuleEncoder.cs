using MicroWasm.Binary;

namespace MicroWasm.Text;

/// <summary>
/// Collects the encoded pieces of a module as the parser produces them and writes the binary module
/// (spec 5.5): the preamble, then each non-empty section in the order the spec fixes, with the custom sections of
/// <c>@custom</c> annotations where they were placed and branch hints before the code, then a <c>name</c> custom
/// section (spec 7.4) when the text gave the module or its functions identifiers or names.
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

    /// <summary>The standard sections in the order the binary format fixes (spec 5.5.2; the tag section between memory and global).</summary>
    public static readonly SectionId[] SectionOrder =
    [
        SectionId.Type, SectionId.Import, SectionId.Function, SectionId.Table, SectionId.Memory, SectionId.Tag,
        SectionId.Global, SectionId.Export, SectionId.Start, SectionId.Element, SectionId.DataCount, SectionId.Code, SectionId.Data,
    ];

    /// <summary>
    /// Custom sections from <c>@custom</c> annotations, in text order, each with its slot: slot 2i is just before
    /// <see cref="SectionOrder"/>[i] and after the section before it, so the last slot (2 * count) is after them all.
    /// </summary>
    public List<(int Slot, string Name, byte[] Contents)> CustomSections { get; } = [];

    /// <summary>Branch hints (<c>@metadata.code.branch_hint</c>) by function index: each hinted instruction's offset in the function's code entry, and the hint.</summary>
    public SortedDictionary<uint, List<(uint Offset, byte Hint)>> BranchHints { get; } = [];

    public byte[] Encode()
    {
        var module = new ByteWriter();
        module.WriteBytes([0x00, 0x61, 0x73, 0x6D]); // magic "\0asm"
        module.WriteBytes([0x01, 0x00, 0x00, 0x00]); // version 1
        for (int i = 0; i < SectionOrder.Length; i++)
        {
            WriteCustomSections(module, 2 * i);
            // Code metadata sections must come before the code section (code metadata proposal).
            if (SectionOrder[i] == SectionId.Code) WriteBranchHintSection(module);
            WriteStandardSection(module, SectionOrder[i]);
        }
        WriteCustomSections(module, 2 * SectionOrder.Length);
        WriteNameSection(module);
        return module.ToArray();
    }

    private void WriteStandardSection(ByteWriter module, SectionId id)
    {
        switch (id)
        {
            case SectionId.Type when Types.Count > 0:
                WriteSection(module, id, Types.Count, section =>
                {
                    foreach (var type in Types)
                    {
                        section.WriteByte(0x60);
                        WriteValueTypes(section, type.Parameters);
                        WriteValueTypes(section, type.Results);
                    }
                });
                break;
            case SectionId.Import: WriteVectorSection(module, id, Imports); break;
            case SectionId.Function when FunctionTypes.Count > 0:
                WriteSection(module, id, FunctionTypes.Count, section => { foreach (var t in FunctionTypes) section.WriteU32(t); });
                break;
            case SectionId.Table: WriteVectorSection(module, id, Tables); break;
            case SectionId.Memory: WriteVectorSection(module, id, Memories); break;
            // Each tag is attribute 0 and a type index.
            case SectionId.Tag when Tags.Count > 0:
                WriteSection(module, id, Tags.Count, section => { foreach (var t in Tags) { section.WriteByte(0x00); section.WriteU32(t); } });
                break;
            case SectionId.Global: WriteVectorSection(module, id, Globals); break;
            case SectionId.Export: WriteVectorSection(module, id, Exports); break;
            case SectionId.Start when Start is uint start:
            {
                var section = new ByteWriter();
                section.WriteU32(start);
                WriteRawSection(module, (byte)id, section);
                break;
            }
            case SectionId.Element: WriteVectorSection(module, id, Elements); break;
            // The data count section (spec 5.5.16) lets memory.init and data.drop be validated in one pass;
            // it is required when code uses data indices (spec 5.5.16) and harmless otherwise, so it is
            // written whenever there are data segments or such uses, as the reference encoder does.
            case SectionId.DataCount when Data.Count > 0 || UsesDataIndices:
            {
                var section = new ByteWriter();
                section.WriteU32((uint)Data.Count);
                WriteRawSection(module, (byte)id, section);
                break;
            }
            case SectionId.Code: WriteVectorSection(module, id, Codes); break;
            case SectionId.Data: WriteVectorSection(module, id, Data); break;
        }
    }

    private void WriteCustomSections(ByteWriter module, int slot)
    {
        foreach (var (s, name, contents) in CustomSections)
        {
            if (s != slot) continue;
            var section = new ByteWriter();
            section.WriteName(name);
            section.WriteBytes(contents);
            WriteRawSection(module, 0, section);
        }
    }

    /// <summary>
    /// The <c>metadata.code.branch_hint</c> section (code metadata proposal): per function in index order, its hints in
    /// offset order, each an offset, a payload size of 1 and the hint byte (0 unlikely, 1 likely).
    /// </summary>
    private void WriteBranchHintSection(ByteWriter module)
    {
        if (BranchHints.Count == 0) return;
        var section = new ByteWriter();
        section.WriteName(Annotation.BranchHint);
        section.WriteU32((uint)BranchHints.Count);
        foreach (var (function, hints) in BranchHints)
        {
            section.WriteU32(function);
            section.WriteU32((uint)hints.Count);
            foreach (var (offset, hint) in hints)
            {
                section.WriteU32(offset);
                section.WriteU32(1);
                section.WriteByte(hint);
            }
        }
        WriteRawSection(module, 0, section);
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

    private static void WriteVectorSection(ByteWriter module, SectionId id, List<byte[]> entries)
    {
        if (entries.Count == 0) return;
        WriteSection(module, id, entries.Count, section => { foreach (var e in entries) section.WriteBytes(e); });
    }

    private static void WriteSection(ByteWriter module, SectionId id, int count, Action<ByteWriter> writeEntries)
    {
        var section = new ByteWriter();
        section.WriteU32((uint)count);
        writeEntries(section);
        WriteRawSection(module, (byte)id, section);
    }

    private static void WriteRawSection(ByteWriter module, byte id, ByteWriter contents)
    {
        module.WriteByte(id);
        module.WriteU32((uint)contents.Length);
        module.WriteBytes(contents);
    }
}
