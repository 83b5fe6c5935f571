using System.Buffers.Binary;
using System.Text;
using MicroWasm.Wasi;

namespace MicroWasm.Tests.Wasi;

/// <summary>
/// The Win32 records the Windows port reads, built here byte by byte at the offsets of Microsoft's documented layouts
/// (winbase.h, minwinbase.h, ntifs.h; x64, little-endian) and read back through <see cref="WindowsFileRecords"/>.
/// </summary>
public class WindowsFileRecordsTests
{
    private const long UnixEpochFileTime = 116_444_736_000_000_000; // 1970-01-01 in 100 ns units since 1601
    private const uint Directory = 0x10, Archive = 0x20, ReparsePoint = 0x400;
    private const uint SymlinkTag = 0xA000000C, MountPointTag = 0xA0000003, DedupTag = 0x80000013;

    /// <summary>FILE_ID_BOTH_DIR_INFO: FileAttributes @56, FileNameLength @60, EaSize @64, FileId @96, FileName @104.</summary>
    private static byte[] DirectoryInfo(params (string Name, uint Attributes, uint EaSize, ulong FileId)[] entries)
    {
        var records = new List<byte[]>();
        foreach (var (name, attributes, eaSize, fileId) in entries)
        {
            byte[] nameBytes = Encoding.Unicode.GetBytes(name);
            var record = new byte[(104 + nameBytes.Length + 7) & ~7]; // Records start 8-aligned.
            BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(8), UnixEpochFileTime); // CreationTime
            BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(56), attributes);
            BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(60), (uint)nameBytes.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(64), eaSize);
            record[68] = 0; // ShortNameLength; ShortName[12] at 70 stays empty
            BinaryPrimitives.WriteUInt64LittleEndian(record.AsSpan(96), fileId);
            nameBytes.CopyTo(record, 104);
            records.Add(record);
        }
        var buffer = new byte[records.Sum(r => r.Length) + 64]; // Trailing bytes the system leaves unused.
        int offset = 0;
        for (int i = 0; i < records.Count; i++)
        {
            records[i].CopyTo(buffer, offset);
            uint next = i == records.Count - 1 ? 0 : (uint)records[i].Length;
            BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(offset), next); // NextEntryOffset
            offset += records[i].Length;
        }
        return buffer;
    }

    [Fact]
    public void A_directory_listing_gives_names_file_ids_and_types()
    {
        var buffer = DirectoryInfo(
            (".", Directory, 0, 5),
            ("..", Directory, 0, 4),
            ("notes.txt", Archive, 0, 0x0001_0000_0000_1234),
            ("sub", Directory, 0, 77),
            ("link", ReparsePoint | Archive, SymlinkTag, 78),        // EaSize holds the reparse tag ([MS-FSCC])
            ("dirlink", ReparsePoint | Directory, SymlinkTag, 79),
            ("junction", ReparsePoint | Directory, MountPointTag, 80),
            ("deduplicated", ReparsePoint | Archive, DedupTag, 81),  // a reparse point that is the file itself
            ("große Datei", Archive, 12, 82));                       // EaSize is an EA size when not a reparse point
        var entries = new List<DirectoryEntry>();
        Assert.True(WindowsFileRecords.ReadDirectory(buffer, entries));
        Assert.Equal(
        [
            new(".", 5, Filetype.Directory),
            new("..", 4, Filetype.Directory),
            new("notes.txt", 0x0001_0000_0000_1234, Filetype.RegularFile),
            new("sub", 77, Filetype.Directory),
            new("link", 78, Filetype.SymbolicLink),
            new("dirlink", 79, Filetype.SymbolicLink),
            new("junction", 80, Filetype.SymbolicLink),
            new("deduplicated", 81, Filetype.RegularFile),
            new("große Datei", 82, Filetype.RegularFile),
        ], entries);
    }

    [Fact]
    public void A_listing_whose_chain_leaves_the_buffer_is_refused()
    {
        var buffer = DirectoryInfo(("a", Archive, 0, 1), ("b", Archive, 0, 2));
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, (uint)buffer.Length + 8);
        Assert.False(WindowsFileRecords.ReadDirectory(buffer, []));
    }

    [Fact]
    public void A_listing_whose_name_length_leaves_the_buffer_is_refused()
    {
        var buffer = DirectoryInfo(("a", Archive, 0, 1));
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(60), 4096);
        Assert.False(WindowsFileRecords.ReadDirectory(buffer, []));
        Assert.False(WindowsFileRecords.ReadDirectory(new byte[50], []));
    }

    /// <summary>REPARSE_DATA_BUFFER: tag @0, data length @4; name offsets/lengths @8..@14; Flags @16 for symlinks; PathBuffer @20 or @16.</summary>
    private static byte[] ReparseData(uint tag, string substitute, string print, uint? symlinkFlags)
    {
        int pathBuffer = symlinkFlags is null ? 16 : 20;
        byte[] sub = Encoding.Unicode.GetBytes(substitute), pr = Encoding.Unicode.GetBytes(print);
        var buffer = new byte[pathBuffer + sub.Length + pr.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, tag);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(4), (ushort)(buffer.Length - 8));
        BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(8), 0);                       // SubstituteNameOffset
        BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(10), (ushort)sub.Length);     // SubstituteNameLength
        BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(12), (ushort)sub.Length);     // PrintNameOffset
        BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(14), (ushort)pr.Length);      // PrintNameLength
        if (symlinkFlags is uint flags) BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(16), flags);
        sub.CopyTo(buffer, pathBuffer);
        pr.CopyTo(buffer, pathBuffer + sub.Length);
        return buffer;
    }

    [Fact]
    public void A_relative_symbolic_link_reads_as_its_target_with_slashes()
    {
        var data = ReparseData(SymlinkTag, @"..\shared\f.txt", @"..\shared\f.txt", symlinkFlags: 1);
        Assert.Equal(Errno.Success, WindowsFileRecords.ReadLinkTarget(data, out string target));
        Assert.Equal("../shared/f.txt", target);
    }

    [Fact]
    public void An_absolute_symbolic_link_reads_as_an_absolute_path_the_sandbox_refuses()
    {
        var data = ReparseData(SymlinkTag, @"\??\C:\Users\me\secret", @"C:\Users\me\secret", symlinkFlags: 0);
        Assert.Equal(Errno.Success, WindowsFileRecords.ReadLinkTarget(data, out string target));
        Assert.Equal("/C:/Users/me/secret", target);
    }

    [Fact]
    public void A_junction_reads_as_an_absolute_path_even_without_a_print_name()
    {
        var data = ReparseData(MountPointTag, @"\??\D:\volume\", "", symlinkFlags: null);
        Assert.Equal(Errno.Success, WindowsFileRecords.ReadLinkTarget(data, out string target));
        Assert.Equal("/D:/volume/", target);
        Assert.StartsWith("/", target);
    }

    [Fact]
    public void Other_reparse_points_and_broken_buffers_are_not_links()
    {
        Assert.Equal(Errno.Inval, WindowsFileRecords.ReadLinkTarget(ReparseData(DedupTag, "x", "x", null), out _));
        var data = ReparseData(SymlinkTag, "target", "target", symlinkFlags: 1);
        Assert.Equal(Errno.Inval, WindowsFileRecords.ReadLinkTarget(data.AsSpan(0, data.Length - 2), out _));
        Assert.Equal(Errno.Inval, WindowsFileRecords.ReadLinkTarget(data.AsSpan(0, 12), out _));
        Assert.Equal(Errno.Inval, WindowsFileRecords.ReadLinkTarget([], out _));
    }

    /// <summary>BY_HANDLE_FILE_INFORMATION: attributes @0, volume serial @28, size high/low @32/@36, links @40, index high/low @44/@48.</summary>
    private static byte[] ByHandleInformation(uint attributes, uint volume, ulong size, uint links, ulong index)
    {
        var b = new byte[52];
        BinaryPrimitives.WriteUInt32LittleEndian(b, attributes);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(28), volume);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(32), (uint)(size >> 32));
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(36), (uint)size);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(40), links);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(44), (uint)(index >> 32));
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(48), (uint)index);
        return b;
    }

    /// <summary>FILE_BASIC_INFO: CreationTime @0, LastAccessTime @8, LastWriteTime @16, ChangeTime @24, FileAttributes @32.</summary>
    private static byte[] BasicInformation(long access, long write, long change, uint attributes)
    {
        var b = new byte[40];
        BinaryPrimitives.WriteInt64LittleEndian(b, UnixEpochFileTime);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(8), access);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(16), write);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(24), change);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(32), attributes);
        return b;
    }

    [Fact]
    public void A_stat_takes_identity_size_and_links_from_the_handle_information_and_times_from_the_basic_information()
    {
        var stat = WindowsFileRecords.ReadStat(
            ByHandleInformation(Archive, 0xCAFE_BABE, (5UL << 32) | 7, 2, 0x0003_0000_0000_0011),
            BasicInformation(UnixEpochFileTime + 10_000_000, UnixEpochFileTime + 20_000_001, UnixEpochFileTime + 30_000_000, Archive),
            reparseTag: 0);
        Assert.Equal(new FileStat(0xCAFE_BABE, 0x0003_0000_0000_0011, Filetype.RegularFile, 2, (5UL << 32) | 7,
            1_000_000_000, 2_000_000_100, 3_000_000_000), stat);
    }

    [Theory]
    [InlineData(Directory, 0u, Filetype.Directory)]
    [InlineData(Archive, 0u, Filetype.RegularFile)]
    [InlineData(ReparsePoint | Archive, SymlinkTag, Filetype.SymbolicLink)]
    [InlineData(ReparsePoint | Directory, SymlinkTag, Filetype.SymbolicLink)]
    [InlineData(ReparsePoint | Directory, MountPointTag, Filetype.SymbolicLink)]
    [InlineData(ReparsePoint | Archive, DedupTag, Filetype.RegularFile)]
    [InlineData(ReparsePoint | Directory, DedupTag, Filetype.Directory)]
    public void The_file_type_comes_from_the_attributes_and_the_reparse_tag(uint attributes, uint tag, Filetype expected)
    {
        var stat = WindowsFileRecords.ReadStat(ByHandleInformation(attributes, 1, 0, 1, 1), BasicInformation(0, 0, 0, attributes), tag);
        Assert.Equal(expected, stat.Filetype);
    }

    [Fact]
    public void File_times_convert_to_unix_nanoseconds_and_back()
    {
        Assert.Equal(0UL, WindowsFileRecords.ToUnixNanoseconds(UnixEpochFileTime));
        Assert.Equal(100UL, WindowsFileRecords.ToUnixNanoseconds(UnixEpochFileTime + 1));
        Assert.Equal(0UL, WindowsFileRecords.ToUnixNanoseconds(0)); // 1601: before what WASI's unsigned times hold
        Assert.Equal(UnixEpochFileTime + 10_000_001, WindowsFileRecords.ToFileTime(1_000_000_199));
        ulong y2038 = 2_147_483_648UL * 1_000_000_000;
        Assert.Equal(y2038, WindowsFileRecords.ToUnixNanoseconds(WindowsFileRecords.ToFileTime(y2038)));
    }

    [Fact]
    public void Short_stat_records_are_refused() =>
        Assert.Throws<ArgumentException>(() => WindowsFileRecords.ReadStat(new byte[51], new byte[40], 0));
}
