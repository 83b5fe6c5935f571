using System.Buffers.Binary;
using System.Text;
using MicroWasm.Aot;

namespace MicroWasm.Compiler;

/// <summary>
/// Reads what the artifact needs from the shared object the C compiler linked (ELF64, little-endian; the gABI and the
/// x86-64/AArch64 psABIs): loadable segments, dynamic relocations (only base-relative ones are allowed: the image
/// imports nothing), and the symbol table's function addresses.
/// </summary>
internal sealed class ElfSharedObject
{
    private const int PT_LOAD = 1, PT_DYNAMIC = 2;
    private const long DT_NULL = 0, DT_PLTRELSZ = 2, DT_RELA = 7, DT_RELASZ = 8, DT_RELAENT = 9, DT_RELSZ = 18, DT_TEXTREL = 22, DT_RELRSZ = 35;
    private const uint SHT_SYMTAB = 2;
    private const ushort EM_X86_64 = 62, EM_AARCH64 = 183;
    private const uint R_X86_64_RELATIVE = 8, R_AARCH64_RELATIVE = 1027;

    private readonly byte[] _file;

    public byte[] FileBytes => _file;

    public ElfSharedObject(byte[] file, AotArchitecture architecture)
    {
        _file = file;
        if (file.Length < 64 || !file.AsSpan(0, 4).SequenceEqual("\u007fELF"u8))
            throw Fail("not an ELF file");
        if (file[4] != 2 || file[5] != 1) throw Fail("not a 64-bit little-endian ELF file");
        ushort machine = U16(18);
        ushort expected = architecture == AotArchitecture.X86_64 ? EM_X86_64 : EM_AARCH64;
        if (machine != expected) throw Fail($"machine {machine}, expected {expected}");
        ReadSegments();
        ReadRelocations();
        ReadSymbols();
    }

    public List<(ulong VirtualAddress, ulong FileOffset, ulong FileSize, ulong MemorySize, AotProtection Protection)> Loads { get; } = [];
    public List<AotFixup> Fixups { get; } = [];
    public Dictionary<string, (ulong Value, ulong Size)> Symbols { get; } = new(StringComparer.Ordinal);

    private static CompileException Fail(string message) => new($"the linked image is not usable: {message}");

    private ushort U16(long at) => BinaryPrimitives.ReadUInt16LittleEndian(Slice(at, 2));
    private uint U32(long at) => BinaryPrimitives.ReadUInt32LittleEndian(Slice(at, 4));
    private ulong U64(long at) => BinaryPrimitives.ReadUInt64LittleEndian(Slice(at, 8));

    private ReadOnlySpan<byte> Slice(long at, long length)
    {
        if (at < 0 || length < 0 || at > _file.Length - length) throw Fail("truncated");
        return _file.AsSpan((int)at, (int)length);
    }

    private void ReadSegments()
    {
        long phoff = (long)U64(0x20);
        int phentsize = U16(0x36), phnum = U16(0x38);
        for (int i = 0; i < phnum; i++)
        {
            long h = phoff + (long)i * phentsize;
            uint type = U32(h), flags = U32(h + 4);
            if (type != PT_LOAD) continue;
            var protection = ((flags & 4) != 0 ? AotProtection.Read : 0) | ((flags & 2) != 0 ? AotProtection.Write : 0) | ((flags & 1) != 0 ? AotProtection.Execute : 0);
            Loads.Add((U64(h + 16), U64(h + 8), U64(h + 32), U64(h + 40), protection));
        }
        if (Loads.Count == 0) throw Fail("no loadable segment");
    }

    /// <summary>The file offset of a virtual address inside a loadable segment's file bytes.</summary>
    private long FileOffsetOf(ulong address)
    {
        foreach (var l in Loads)
            if (address >= l.VirtualAddress && address - l.VirtualAddress < l.FileSize) return (long)(l.FileOffset + (address - l.VirtualAddress));
        throw Fail($"address {address:x} is in no segment");
    }

    private void ReadRelocations()
    {
        long phoff = (long)U64(0x20);
        int phentsize = U16(0x36), phnum = U16(0x38);
        ulong rela = 0, relaSize = 0, relaEntry = 24;
        for (int i = 0; i < phnum; i++)
        {
            long h = phoff + (long)i * phentsize;
            if (U32(h) != PT_DYNAMIC) continue;
            long at = (long)U64(h + 8), end = at + (long)U64(h + 32);
            for (; at + 16 <= end; at += 16)
            {
                long tag = (long)U64(at);
                ulong value = U64(at + 8);
                if (tag == DT_NULL) break;
                switch (tag)
                {
                    case DT_RELA: rela = value; break;
                    case DT_RELASZ: relaSize = value; break;
                    case DT_RELAENT: relaEntry = value; break;
                    case DT_PLTRELSZ or DT_RELSZ or DT_RELRSZ when value != 0:
                        throw Fail($"dynamic relocations of kind {tag}: the generated code imports a symbol");
                    case DT_TEXTREL:
                        throw Fail("relocations in code (text relocations)");
                }
            }
        }
        if (relaSize == 0) return;
        if (relaEntry != 24) throw Fail($"relocation entries of {relaEntry} bytes");
        long table = FileOffsetOf(rela);
        for (ulong r = 0; r < relaSize; r += 24)
        {
            long at = table + (long)r;
            ulong offset = U64(at), info = U64(at + 8), addend = U64(at + 16);
            uint type = (uint)info;
            if (type != R_X86_64_RELATIVE && type != R_AARCH64_RELATIVE)
                throw Fail($"relocation of type {type} at {offset:x}: the generated code needs a symbol from outside the image (symbol #{info >> 32})");
            Fixups.Add(new AotFixup(offset, addend));
        }
    }

    private void ReadSymbols()
    {
        long shoff = (long)U64(0x28);
        int shentsize = U16(0x3A), shnum = U16(0x3C);
        for (int i = 0; i < shnum; i++)
        {
            long h = shoff + (long)i * shentsize;
            if (U32(h + 4) != SHT_SYMTAB) continue;
            long offset = (long)U64(h + 24), size = (long)U64(h + 32);
            uint link = U32(h + 40);
            long strtab = (long)U64(shoff + link * (long)shentsize + 24);
            for (long s = offset; s + 24 <= offset + size; s += 24)
            {
                uint name = U32(s);
                byte info = _file[s + 4];
                // Functions, data objects (the interrupt word) and plain labels (the trampoline's return address).
                if ((info & 0xF) > 2 /* STT_NOTYPE, STT_OBJECT, STT_FUNC */) continue;
                Symbols[ReadName(strtab + name)] = (U64(s + 8), U64(s + 16));
            }
        }
        if (Symbols.Count == 0) throw Fail("no symbol table (was the image stripped?)");
    }

    private string ReadName(long at)
    {
        int end = (int)at;
        while (end < _file.Length && _file[end] != 0) end++;
        return Encoding.UTF8.GetString(_file, (int)at, end - (int)at);
    }
}
