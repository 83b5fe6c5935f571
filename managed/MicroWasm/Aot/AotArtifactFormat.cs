using System.Buffers.Binary;
using System.Text;

namespace MicroWasm.Aot;

/// <summary>
/// The artifact's file format. Little-endian throughout:
/// <code>
/// magic "\0aot" (WAMR's, so tools that sniff the package type see an AOT file), "MWAF", format version u32,
/// context ABI version u32, architecture u16, OS ABI u16, CPU features u32,
/// compiler description (u32 length + UTF-8), wasm (u32 length + bytes), image size u64, entry offset u64,
/// offsets (u64 each) of the entry's return address, the interrupt word, the fault handler and the fault registry pointer,
/// segments (u32 count; each: offset u64, memory size u64, protection u32, u32 length + bytes),
/// fix-ups (u32 count; each: offset u64, addend u64), functions (u32 count; each: wrapper u64, code u64, size u64),
/// SHA-256 of everything before it (32 bytes).
/// </code>
/// The reader checks the hash first, so any changed byte is reported as corruption before anything is interpreted.
/// </summary>
public static class AotArtifactFormat
{
    /// <summary>WAMR's AOT magic: <c>wasm_runtime_get_file_package_type</c> reports an AOT package for it.</summary>
    public static ReadOnlySpan<byte> Magic => "\0aot"u8;

    private static ReadOnlySpan<byte> Tag => "MWAF"u8;

    public const uint FormatVersion = 2;

    /// <summary>Whether <paramref name="bytes"/> start like an AOT file (ours or WAMR's).</summary>
    public static bool LooksLikeArtifact(ReadOnlySpan<byte> bytes) => bytes.StartsWith(Magic);

    public static byte[] Write(AotArtifact artifact)
    {
        var output = new MemoryStream();
        var w = new BinaryWriter(output);
        w.Write(Magic);
        w.Write(Tag);
        w.Write(FormatVersion);
        w.Write(AotContextLayout.AbiVersion);
        w.Write((ushort)artifact.Architecture);
        w.Write((ushort)artifact.OsAbi);
        w.Write((uint)artifact.Features);
        WriteBytes(w, Encoding.UTF8.GetBytes(artifact.CompilerDescription));
        WriteBytes(w, artifact.WasmBytes);
        w.Write(artifact.ImageSize);
        w.Write(artifact.EntryOffset);
        w.Write(artifact.EnterReturnOffset);
        w.Write(artifact.InterruptOffset);
        w.Write(artifact.FaultHandlerOffset);
        w.Write(artifact.FaultRegistryOffset);
        w.Write((uint)artifact.Segments.Length);
        foreach (var s in artifact.Segments)
        {
            w.Write(s.Offset);
            w.Write(s.MemorySize);
            w.Write((uint)s.Protection);
            WriteBytes(w, s.Bytes);
        }
        w.Write((uint)artifact.Fixups.Length);
        foreach (var f in artifact.Fixups)
        {
            w.Write(f.Offset);
            w.Write(f.Addend);
        }
        w.Write((uint)artifact.Functions.Length);
        foreach (var f in artifact.Functions)
        {
            w.Write(f.WrapperOffset);
            w.Write(f.CodeOffset);
            w.Write(f.CodeSize);
        }
        w.Flush();
        var body = output.ToArray();
        var file = new byte[body.Length + Sha256.HashSize];
        body.CopyTo(file, 0);
        Sha256.Hash(body).CopyTo(file, body.Length);
        return file;
    }

    /// <summary>Reads and checks an artifact: integrity, format, target, and that every segment, fix-up and entry lies inside the image.</summary>
    /// <exception cref="AotArtifactException">The file is not a usable artifact for this runtime; the message says why.</exception>
    public static AotArtifact Read(ReadOnlySpan<byte> file)
    {
        if (!file.StartsWith(Magic)) throw new AotArtifactException("not an AOT artifact (no \\0aot magic)");
        if (file.Length < 8) throw new AotArtifactException("truncated artifact");
        if (!file.Slice(4, 4).SequenceEqual(Tag))
        {
            // WAMR's own .aot files carry a version number here.
            string wamrVersion = $" (version {BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(4))})";
            throw new AotArtifactException($"not a MicroWasm artifact: this looks like a WAMR AOT file{wamrVersion}; compile the module with `microwasm compile`");
        }
        if (file.Length < 12 + Sha256.HashSize) throw new AotArtifactException("truncated artifact");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(8));
        if (version != FormatVersion)
            throw new AotArtifactException($"artifact format version {version} is not supported (this runtime reads version {FormatVersion}); compile the module again");

        var body = file[..^Sha256.HashSize];
        if (!Sha256.Hash(body).AsSpan().SequenceEqual(file[^Sha256.HashSize..]))
            throw new AotArtifactException("artifact is corrupted or truncated (checksum mismatch)");

        var r = new Reader(body) { Position = 12 };
        uint abi = r.U32();
        if (abi != AotContextLayout.AbiVersion)
            throw new AotArtifactException($"artifact was made for runtime ABI {abi}, this runtime has ABI {AotContextLayout.AbiVersion}; compile the module again");
        var architecture = (AotArchitecture)r.U16();
        var osAbi = (AotOsAbi)r.U16();
        var features = (AotCpuFeatures)r.U32();
        string compiler = Encoding.UTF8.GetString(r.Bytes());
        byte[] wasm = r.Bytes().ToArray();
        ulong imageSize = r.U64();
        ulong entry = r.U64();
        ulong enterReturn = r.U64(), interrupt = r.U64(), faultHandler = r.U64(), faultRegistry = r.U64();
        var segments = new AotSegment[r.Count(28)];
        for (int i = 0; i < segments.Length; i++)
        {
            ulong offset = r.U64(), memorySize = r.U64();
            var protection = (AotProtection)r.U32();
            var bytes = r.Bytes().ToArray();
            segments[i] = new AotSegment(offset, memorySize, protection, bytes);
        }
        var fixups = new AotFixup[r.Count(16)];
        for (int i = 0; i < fixups.Length; i++) fixups[i] = new AotFixup(r.U64(), r.U64());
        var functions = new AotFunction[r.Count(24)];
        for (int i = 0; i < functions.Length; i++) functions[i] = new AotFunction(r.U64(), r.U64(), r.U64());
        if (r.Position != body.Length) throw new AotArtifactException("malformed artifact: unexpected bytes after the function table");

        var artifact = new AotArtifact
        {
            Architecture = architecture,
            OsAbi = osAbi,
            Features = features,
            CompilerDescription = compiler,
            WasmBytes = wasm,
            ImageSize = imageSize,
            EntryOffset = entry,
            EnterReturnOffset = enterReturn,
            InterruptOffset = interrupt,
            FaultHandlerOffset = faultHandler,
            FaultRegistryOffset = faultRegistry,
            Segments = segments,
            Fixups = fixups,
            Functions = functions,
        };
        CheckImage(artifact);
        return artifact;
    }

    /// <summary>Everything the loader will write or jump to must lie inside the image, and no page may be writable and executable.</summary>
    private static void CheckImage(AotArtifact a)
    {
        const ulong MaxImage = 1UL << 32;
        if (a.ImageSize == 0 || a.ImageSize > MaxImage || a.ImageSize % 4096 != 0)
            throw new AotArtifactException($"malformed artifact: image size {a.ImageSize}");
        ulong previousEnd = 0;
        foreach (var s in a.Segments)
        {
            if (s.Offset % 4096 != 0 || s.Offset < previousEnd || (ulong)s.Bytes.Length > s.MemorySize
                || s.MemorySize > a.ImageSize || s.Offset > a.ImageSize - s.MemorySize)
                throw new AotArtifactException($"malformed artifact: segment at {s.Offset:x} lies outside the image or overlaps another");
            if ((s.Protection & ~(AotProtection.Read | AotProtection.Write | AotProtection.Execute)) != 0
                || (s.Protection & (AotProtection.Write | AotProtection.Execute)) == (AotProtection.Write | AotProtection.Execute))
                throw new AotArtifactException($"malformed artifact: segment at {s.Offset:x} has protection {s.Protection}");
            previousEnd = AlignUp(s.Offset + s.MemorySize);
        }
        foreach (var f in a.Fixups)
            if (!Inside(a, f.Offset, 8, writable: true) || f.Addend >= a.ImageSize)
                throw new AotArtifactException($"malformed artifact: fix-up at {f.Offset:x} points outside its segment");
        if (!InsideCode(a, a.EntryOffset) || !InsideCode(a, a.EnterReturnOffset) || !InsideCode(a, a.FaultHandlerOffset))
            throw new AotArtifactException("malformed artifact: the entry point or the fault handler is not in a code segment");
        if (!InsideWritable(a, a.InterruptOffset, 4) || !InsideWritable(a, a.FaultRegistryOffset, 8))
            throw new AotArtifactException("malformed artifact: the interrupt word or the fault registry pointer is not in a writable segment");
        foreach (var f in a.Functions)
        {
            if (f.HasWrapper && !InsideCode(a, f.WrapperOffset))
                throw new AotArtifactException($"malformed artifact: a function entry at {f.WrapperOffset:x} is not in a code segment");
            if (f.CodeSize > a.ImageSize || f.CodeOffset > a.ImageSize - f.CodeSize)
                throw new AotArtifactException("malformed artifact: a function's code range lies outside the image");
        }
    }

    public static ulong AlignUp(ulong value) => (value + 4095) & ~4095UL;

    private static bool Inside(AotArtifact a, ulong offset, ulong size, bool writable)
    {
        foreach (var s in a.Segments)
            if (offset >= s.Offset && size <= s.MemorySize && offset - s.Offset <= s.MemorySize - size)
                // A fix-up writes before protections are applied, but only data segments may hold addresses.
                return !writable || (s.Protection & AotProtection.Execute) == 0;
        return false;
    }

    /// <summary>A word the runtime writes while the image runs: inside a segment that stays writable (and so is not code).</summary>
    private static bool InsideWritable(AotArtifact a, ulong offset, ulong size)
    {
        foreach (var s in a.Segments)
            if ((s.Protection & AotProtection.Write) != 0 && offset >= s.Offset && size <= s.MemorySize && offset - s.Offset <= s.MemorySize - size)
                return true;
        return false;
    }

    private static bool InsideCode(AotArtifact a, ulong offset)
    {
        foreach (var s in a.Segments)
            if ((s.Protection & AotProtection.Execute) != 0 && offset >= s.Offset && offset - s.Offset < s.MemorySize)
                return true;
        return false;
    }

    private static void WriteBytes(BinaryWriter w, byte[] bytes)
    {
        w.Write((uint)bytes.Length);
        w.Write(bytes);
    }

    /// <summary>Bounds-checked little-endian reads: running off the end is a truncated artifact, never an exception of another kind.</summary>
    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        public int Position;

        private ReadOnlySpan<byte> Take(int n)
        {
            if (n < 0 || n > _data.Length - Position) throw new AotArtifactException("malformed artifact: truncated section");
            var s = _data.Slice(Position, n);
            Position += n;
            return s;
        }

        public ushort U16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));
        public uint U32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));
        public ulong U64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

        public ReadOnlySpan<byte> Bytes()
        {
            uint n = U32();
            return n > int.MaxValue ? throw new AotArtifactException("malformed artifact: truncated section") : Take((int)n);
        }

        /// <summary>A count of records of at least <paramref name="recordSize"/> bytes each, bounded by what is left.</summary>
        public int Count(int recordSize)
        {
            uint n = U32();
            if (n > (uint)((_data.Length - Position) / recordSize)) throw new AotArtifactException("malformed artifact: truncated section");
            return (int)n;
        }
    }
}

/// <summary>An artifact cannot be loaded: corrupted, truncated, for another target, another version or malformed.</summary>
public sealed class AotArtifactException(string message) : WasmException(message);
