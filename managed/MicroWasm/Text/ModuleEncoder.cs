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
    /// <summary>The type definitions by type index; <see cref="RecGroups"/> groups them (a group of one unless the text said <c>rec</c>).</summary>
    public List<SubType> Types { get; } = [];

    /// <summary>Each recursive group in order, and whether the text wrote it with <c>rec</c> (so it is encoded with 0x4E).</summary>
    public List<(RecGroup Group, bool Explicit)> RecGroups { get; } = [];
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

    /// <summary>Adds a recursive group of the given definitions; with <paramref name="isExplicit"/>, a <c>(rec ...)</c>.</summary>
    public void AddGroup(IReadOnlyList<SubType> definitions, bool isExplicit)
    {
        RecGroups.Add((new RecGroup(Types.Count, definitions.Count), isExplicit));
        Types.AddRange(definitions);
    }

    /// <summary>The function type at <paramref name="index"/>, or null when there is no such type or it is a struct or array.</summary>
    public FuncType? FunctionTypeAt(uint index) => index < (uint)Types.Count ? Types[(int)index].Composite as FuncType : null;

    /// <summary>
    /// The index of a function type for a type use without an index (spec 6.6.12): the first final function type without
    /// supertypes that is alone in its group and equal, or a new such type at the end.
    /// </summary>
    public uint TypeIndexOf(FuncType type)
    {
        foreach (var (group, _) in RecGroups)
        {
            if (group.Count != 1) continue;
            var definition = Types[group.Start];
            if (definition.IsFinal && definition.Supertypes.Length == 0 && type.Equals(definition.Composite as FuncType)) return (uint)group.Start;
        }
        AddGroup([SubType.Final(type)], isExplicit: false);
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
            case SectionId.Type when RecGroups.Count > 0:
                WriteSection(module, id, RecGroups.Count, section =>
                {
                    foreach (var (group, isExplicit) in RecGroups)
                    {
                        if (isExplicit)
                        {
                            section.WriteByte(0x4E);
                            section.WriteU32((uint)group.Count);
                        }
                        for (int i = group.Start; i < group.End; i++) WriteSubType(section, Types[i]);
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

    // A final type without supertypes is its composite type alone, which is also how 2.0 encodes a function type.
    private static void WriteSubType(ByteWriter writer, SubType definition)
    {
        if (!definition.IsFinal || definition.Supertypes.Length != 0)
        {
            writer.WriteByte(definition.IsFinal ? (byte)0x4F : (byte)0x50);
            writer.WriteU32((uint)definition.Supertypes.Length);
            foreach (int super in definition.Supertypes) writer.WriteU32((uint)super);
        }
        switch (definition.Composite)
        {
            case FuncType f:
                writer.WriteByte(0x60);
                WriteValueTypes(writer, f.Parameters);
                WriteValueTypes(writer, f.Results);
                break;
            case StructType s:
                writer.WriteByte(0x5F);
                writer.WriteU32((uint)s.Fields.Length);
                foreach (var field in s.Fields) WriteFieldType(writer, field);
                break;
            case ArrayType a:
                writer.WriteByte(0x5E);
                WriteFieldType(writer, a.Element);
                break;
        }
    }

    private static void WriteFieldType(ByteWriter writer, FieldType field)
    {
        if (field.IsPacked) writer.WriteByte((byte)field.Storage);
        else writer.WriteValueType(field.Storage);
        writer.WriteByte(field.Mutable ? (byte)1 : (byte)0);
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
