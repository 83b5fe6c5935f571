using System.Buffers.Binary;

namespace MicroWasm.Wasi;

/// <summary>
/// macOS's <c>struct dirent</c> as readdir returns it: the 64-bit-inode layout (Apple's <c>__DARWIN_STRUCT_DIRENTRY</c> in
/// &lt;sys/dirent.h&gt;), the only one on arm64 and the one of <c>readdir$INODE64</c> on x86-64:
/// <code>
///   0 uint64 d_ino   8 uint64 d_seekoff   16 uint16 d_reclen   18 uint16 d_namlen   20 uint8 d_type   21 char d_name[1024]
/// </code>
/// d_name is NUL-terminated, and d_namlen is its length; d_reclen is the length of the whole record.
/// </summary>
internal static class DarwinDirent
{
    public const int NameOffset = 21;
    public const int RecordLengthOffset = 16;

    /// <summary>Reads one record; false when its lengths do not fit in it (a record the C library would never return).</summary>
    public static bool TryRead(ReadOnlySpan<byte> record, out ulong inode, out byte type, out ReadOnlySpan<byte> name)
    {
        inode = 0;
        type = 0;
        name = default;
        if (record.Length < NameOffset) return false;
        int recordLength = BinaryPrimitives.ReadUInt16LittleEndian(record[RecordLengthOffset..]);
        int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(record[18..]);
        if (recordLength > record.Length || NameOffset + nameLength > recordLength) return false;
        inode = BinaryPrimitives.ReadUInt64LittleEndian(record);
        type = record[20];
        name = record.Slice(NameOffset, nameLength);
        return true;
    }
}
