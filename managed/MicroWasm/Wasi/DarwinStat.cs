using System.Buffers.Binary;

namespace MicroWasm.Wasi;

/// <summary>
/// macOS's <c>struct stat</c> as fstat/fstatat fill it: the 64-bit-inode layout (Apple's <c>__DARWIN_STRUCT_STAT64</c> in
/// &lt;sys/stat.h&gt;), which is the only one on arm64 and the one the <c>$INODE64</c> entry points use on x86-64. Both
/// architectures are little-endian with 8-byte-aligned 64-bit fields, so the offsets are the same:
/// <code>
///   0 dev_t st_dev (int32)        4 mode_t st_mode (uint16)    6 nlink_t st_nlink (uint16)
///   8 ino64_t st_ino              16 uid_t st_uid, 20 gid_t st_gid, 24 dev_t st_rdev, 28 (padding)
///  32 st_atimespec   48 st_mtimespec   64 st_ctimespec   80 st_birthtimespec (timespec: int64 tv_sec, int64 tv_nsec)
///  96 off_t st_size  104 blkcnt_t st_blocks  112 blksize_t st_blksize (int32)  116 st_flags  120 st_gen  124 st_lspare
/// 128 int64 st_qspare[2]                                                              (144 bytes in all)
/// </code>
/// </summary>
internal static class DarwinStat
{
    public const int Size = 144;

    public static FileStat Read(ReadOnlySpan<byte> stat)
    {
        if (stat.Length < Size) throw new ArgumentException($"struct stat is {Size} bytes", nameof(stat));
        uint device = BinaryPrimitives.ReadUInt32LittleEndian(stat);
        ushort mode = BinaryPrimitives.ReadUInt16LittleEndian(stat[4..]);
        ushort links = BinaryPrimitives.ReadUInt16LittleEndian(stat[6..]);
        ulong inode = BinaryPrimitives.ReadUInt64LittleEndian(stat[8..]);
        long size = BinaryPrimitives.ReadInt64LittleEndian(stat[96..]);
        return new FileStat(device, inode, PosixFileSystem.FiletypeOfMode(mode), links, (ulong)size,
            Time(stat[32..]), Time(stat[48..]), Time(stat[64..]));
    }

    /// <summary>A timespec as nanoseconds since the epoch (wrapping before 1970, as the Linux port's statx reading does).</summary>
    private static ulong Time(ReadOnlySpan<byte> timespec) =>
        (ulong)(BinaryPrimitives.ReadInt64LittleEndian(timespec) * 1_000_000_000L + BinaryPrimitives.ReadInt64LittleEndian(timespec[8..]));
}
