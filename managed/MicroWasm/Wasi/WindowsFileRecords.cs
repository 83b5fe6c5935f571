using System.Buffers.Binary;
using System.Text;

namespace MicroWasm.Wasi;

/// <summary>
/// Reads the Win32 records <see cref="WindowsFileSystem"/> gets from the system, as bytes laid out per Microsoft's
/// documentation (all little-endian, natural alignment, x64):
/// <list type="bullet">
/// <item>BY_HANDLE_FILE_INFORMATION (GetFileInformationByHandle, 52 bytes): dwFileAttributes @0, three FILETIMEs @4/@12/@20,
/// dwVolumeSerialNumber @28, nFileSizeHigh @32, nFileSizeLow @36, nNumberOfLinks @40, nFileIndexHigh @44, nFileIndexLow @48;</item>
/// <item>FILE_BASIC_INFO (FileBasicInfo, 40 bytes): CreationTime @0, LastAccessTime @8, LastWriteTime @16, ChangeTime @24
/// (LARGE_INTEGER FILETIMEs), FileAttributes @32;</item>
/// <item>FILE_ID_BOTH_DIR_INFO (FileIdBothDirectoryInfo), chained by NextEntryOffset @0: FileAttributes @56,
/// FileNameLength @60 (bytes), EaSize @64 (the reparse tag when FileAttributes has FILE_ATTRIBUTE_REPARSE_POINT, per
/// [MS-FSCC]), ShortNameLength @68, ShortName[12] @70, FileId @96, FileName @104 (UTF-16, not NUL-terminated);</item>
/// <item>REPARSE_DATA_BUFFER (FSCTL_GET_REPARSE_POINT): ReparseTag @0, ReparseDataLength @4, then for a symbolic link
/// SubstituteNameOffset @8, SubstituteNameLength @10, PrintNameOffset @12, PrintNameLength @14, Flags @16, PathBuffer @20,
/// and for a mount point (junction) the same without Flags, PathBuffer @16; offsets and lengths in bytes within PathBuffer.</item>
/// </list>
/// </summary>
internal static class WindowsFileRecords
{
    public const uint FILE_ATTRIBUTE_DIRECTORY = 0x10;
    public const uint FILE_ATTRIBUTE_REPARSE_POINT = 0x400;
    public const uint IO_REPARSE_TAG_MOUNT_POINT = 0xA0000003;
    public const uint IO_REPARSE_TAG_SYMLINK = 0xA000000C;
    private const uint SYMLINK_FLAG_RELATIVE = 1;

    public const int ByHandleFileInformationSize = 52;
    public const int FileBasicInfoSize = 40;
    public const int DirectoryInfoNameOffset = 104;

    /// <summary>1970-01-01 as a FILETIME (100 ns units since 1601-01-01).</summary>
    private const long UnixEpochFileTime = 116_444_736_000_000_000;

    /// <summary>
    /// Whether a reparse tag makes its file stand for another name (a symbolic link, a junction): the name-surrogate bit
    /// of the tag. Other reparse points (deduplicated or cloud files) are the file itself and are opened as such.
    /// </summary>
    public static bool IsNameSurrogate(uint reparseTag) => (reparseTag & 0x20000000) != 0;

    /// <summary>The WASI file type of a file by its attributes and, when it is a reparse point, its tag.</summary>
    public static Filetype FiletypeOf(uint attributes, uint reparseTag) =>
        (attributes & FILE_ATTRIBUTE_REPARSE_POINT) != 0 && IsNameSurrogate(reparseTag) ? Filetype.SymbolicLink
        : (attributes & FILE_ATTRIBUTE_DIRECTORY) != 0 ? Filetype.Directory
        : Filetype.RegularFile;

    /// <summary>Nanoseconds since the Unix epoch of a FILETIME; 0 for times before 1970, which WASI's unsigned times cannot hold.</summary>
    public static ulong ToUnixNanoseconds(long fileTime) =>
        fileTime <= UnixEpochFileTime ? 0 : (ulong)(fileTime - UnixEpochFileTime) * 100;

    /// <summary>The FILETIME of nanoseconds since the Unix epoch (to the 100 ns FILETIME resolution, rounding down).</summary>
    public static long ToFileTime(ulong unixNanoseconds) => UnixEpochFileTime + (long)(unixNanoseconds / 100);

    /// <summary>A <see cref="FileStat"/> from BY_HANDLE_FILE_INFORMATION, FILE_BASIC_INFO (for the change time) and the reparse tag.</summary>
    public static FileStat ReadStat(ReadOnlySpan<byte> byHandleInformation, ReadOnlySpan<byte> basicInformation, uint reparseTag)
    {
        if (byHandleInformation.Length < ByHandleFileInformationSize || basicInformation.Length < FileBasicInfoSize)
            throw new ArgumentException("short BY_HANDLE_FILE_INFORMATION or FILE_BASIC_INFO");
        uint attributes = BinaryPrimitives.ReadUInt32LittleEndian(byHandleInformation);
        uint volume = BinaryPrimitives.ReadUInt32LittleEndian(byHandleInformation[28..]);
        ulong size = ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(byHandleInformation[32..]) << 32)
            | BinaryPrimitives.ReadUInt32LittleEndian(byHandleInformation[36..]);
        uint links = BinaryPrimitives.ReadUInt32LittleEndian(byHandleInformation[40..]);
        ulong index = ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(byHandleInformation[44..]) << 32)
            | BinaryPrimitives.ReadUInt32LittleEndian(byHandleInformation[48..]);
        long accessTime = BinaryPrimitives.ReadInt64LittleEndian(basicInformation[8..]);
        long writeTime = BinaryPrimitives.ReadInt64LittleEndian(basicInformation[16..]);
        long changeTime = BinaryPrimitives.ReadInt64LittleEndian(basicInformation[24..]);
        return new FileStat(volume, index, FiletypeOf(attributes, reparseTag), links, size,
            ToUnixNanoseconds(accessTime), ToUnixNanoseconds(writeTime), ToUnixNanoseconds(changeTime));
    }

    /// <summary>
    /// Adds the entries of a buffer of FILE_ID_BOTH_DIR_INFO records; false (and nothing more added) at a record whose
    /// offsets or lengths leave the buffer.
    /// </summary>
    public static bool ReadDirectory(ReadOnlySpan<byte> buffer, List<DirectoryEntry> entries)
    {
        int offset = 0;
        while (true)
        {
            if (offset < 0 || buffer.Length - offset < DirectoryInfoNameOffset) return false;
            var record = buffer[offset..];
            uint next = BinaryPrimitives.ReadUInt32LittleEndian(record);
            uint attributes = BinaryPrimitives.ReadUInt32LittleEndian(record[56..]);
            uint nameBytes = BinaryPrimitives.ReadUInt32LittleEndian(record[60..]);
            uint eaSizeOrTag = BinaryPrimitives.ReadUInt32LittleEndian(record[64..]);
            ulong fileId = BinaryPrimitives.ReadUInt64LittleEndian(record[96..]);
            if (nameBytes % 2 != 0 || nameBytes > (uint)(record.Length - DirectoryInfoNameOffset)) return false;
            string name = Encoding.Unicode.GetString(record.Slice(DirectoryInfoNameOffset, (int)nameBytes));
            uint tag = (attributes & FILE_ATTRIBUTE_REPARSE_POINT) != 0 ? eaSizeOrTag : 0;
            entries.Add(new DirectoryEntry(name, fileId, FiletypeOf(attributes, tag)));
            if (next == 0) return true;
            if (next > (uint)(buffer.Length - offset)) return false;
            offset += (int)next;
        }
    }

    /// <summary>
    /// The target of a symbolic link or junction, in WASI's form: a relative link's target with '/' for '\'; an absolute
    /// one (every junction, and a link without SYMLINK_FLAG_RELATIVE) as "/" followed by its Windows path with '/' for '\'
    /// ("/C:/data"), so that the sandbox sees an absolute path and refuses to follow it. <see cref="Errno.Inval"/> for any
    /// other reparse point (not a link, as readlink says of what is not a link) and for a malformed buffer.
    /// </summary>
    public static Errno ReadLinkTarget(ReadOnlySpan<byte> reparseData, out string target)
    {
        target = "";
        if (reparseData.Length < 8) return Errno.Inval;
        uint tag = BinaryPrimitives.ReadUInt32LittleEndian(reparseData);
        int pathBuffer;
        bool relative;
        if (tag == IO_REPARSE_TAG_SYMLINK)
        {
            if (reparseData.Length < 20) return Errno.Inval;
            relative = (BinaryPrimitives.ReadUInt32LittleEndian(reparseData[16..]) & SYMLINK_FLAG_RELATIVE) != 0;
            pathBuffer = 20;
        }
        else if (tag == IO_REPARSE_TAG_MOUNT_POINT)
        {
            if (reparseData.Length < 16) return Errno.Inval;
            relative = false;
            pathBuffer = 16;
        }
        else
        {
            return Errno.Inval;
        }
        if (!TryReadName(reparseData, pathBuffer, 8, out string substitute) || !TryReadName(reparseData, pathBuffer, 12, out string print))
            return Errno.Inval;
        if (relative)
        {
            target = substitute.Replace('\\', '/');
            return Errno.Success;
        }
        // The print name is the path as a user writes it; the substitute name is the NT path ("\??\C:\data").
        string path = print.Length > 0 ? print : substitute.StartsWith(@"\??\", StringComparison.Ordinal) ? substitute[4..] : substitute;
        target = "/" + path.Replace('\\', '/');
        return Errno.Success;
    }

    /// <summary>The UTF-16 name whose offset and length (in bytes, within PathBuffer) are at <paramref name="field"/>.</summary>
    private static bool TryReadName(ReadOnlySpan<byte> reparseData, int pathBuffer, int field, out string name)
    {
        name = "";
        int offset = BinaryPrimitives.ReadUInt16LittleEndian(reparseData[field..]);
        int length = BinaryPrimitives.ReadUInt16LittleEndian(reparseData[(field + 2)..]);
        if (length % 2 != 0 || pathBuffer + offset + length > reparseData.Length) return false;
        name = Encoding.Unicode.GetString(reparseData.Slice(pathBuffer + offset, length));
        return true;
    }
}
