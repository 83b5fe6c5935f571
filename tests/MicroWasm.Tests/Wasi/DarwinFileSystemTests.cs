using System.Buffers.Binary;
using System.Text;
using MicroWasm.Wasi;

namespace MicroWasm.Tests.Wasi;

/// <summary>
/// What of the macOS port can be checked off a Mac: its records, read from bytes laid out as Apple's headers declare them
/// (&lt;sys/stat.h&gt; <c>__DARWIN_STRUCT_STAT64</c>, &lt;sys/dirent.h&gt; <c>__DARWIN_STRUCT_DIRENTRY</c>), its errno
/// numbering (&lt;sys/errno.h&gt;) and the open(2) flags it passes (&lt;sys/fcntl.h&gt;). No call reaches a C library here.
/// </summary>
public class DarwinFileSystemTests
{
    /// <summary>struct stat (64-bit inodes): st_dev @0, st_mode @4, st_nlink @6, st_ino @8, timespecs @32/@48/@64/@80, st_size @96.</summary>
    private static byte[] Stat(int device, ushort mode, ushort links, ulong inode, long size,
        (long Seconds, long Nanoseconds) access, (long, long) modification, (long, long) change)
    {
        var b = new byte[144];
        BinaryPrimitives.WriteInt32LittleEndian(b, device);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(4), mode);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(6), links);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(8), inode);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(16), 501);  // st_uid
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(20), 20);   // st_gid
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(24), 0);     // st_rdev
        void Time(int at, (long s, long ns) t)
        {
            BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(at), t.s);
            BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(at + 8), t.ns);
        }
        Time(32, access);
        Time(48, modification);
        Time(64, change);
        Time(80, (1, 0));                                             // st_birthtimespec: not reported by WASI
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(96), size);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(104), (size + 511) / 512); // st_blocks
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(112), 4096); // st_blksize
        return b;
    }

    [Fact]
    public void A_stat_record_is_read_at_the_offsets_of_apples_struct_stat()
    {
        var bytes = Stat(0x0100_0004, 0x81a4 /* S_IFREG | 0644 */, 3, 0x0123_4567_89ab_cdef, 123_456_789,
            (1_700_000_000, 5), (1_700_000_001, 999_999_999), (1_700_000_002, 0));
        Assert.Equal(new FileStat(0x0100_0004, 0x0123_4567_89ab_cdef, Filetype.RegularFile, 3, 123_456_789,
            1_700_000_000_000_000_005, 1_700_000_001_999_999_999, 1_700_000_002_000_000_000), DarwinStat.Read(bytes));
    }

    [Theory]
    [InlineData(0x41ed, Filetype.Directory)]       // S_IFDIR  0040000
    [InlineData(0xa1ff, Filetype.SymbolicLink)]    // S_IFLNK  0120000
    [InlineData(0x21b6, Filetype.CharacterDevice)] // S_IFCHR  0020000
    [InlineData(0x61b0, Filetype.BlockDevice)]     // S_IFBLK  0060000
    [InlineData(0xc1ed, Filetype.SocketStream)]    // S_IFSOCK 0140000
    [InlineData(0x11b6, Filetype.Unknown)]         // S_IFIFO  0010000: WASI has no type for it
    [InlineData(0xe000, Filetype.Unknown)]         // S_IFWHT  0160000
    public void The_file_type_comes_from_st_mode(ushort mode, Filetype expected) =>
        Assert.Equal(expected, DarwinStat.Read(Stat(1, mode, 1, 1, 0, (0, 0), (0, 0), (0, 0))).Filetype);

    [Fact]
    public void A_short_stat_record_is_refused() => Assert.Throws<ArgumentException>(() => DarwinStat.Read(new byte[143]));

    /// <summary>struct dirent (64-bit inodes): d_ino @0, d_seekoff @8, d_reclen @16, d_namlen @18, d_type @20, d_name @21.</summary>
    private static byte[] Dirent(ulong inode, byte type, string name, int? recordLength = null, int? nameLength = null)
    {
        byte[] nameBytes = Encoding.UTF8.GetBytes(name);
        int length = recordLength ?? ((21 + nameBytes.Length + 1 + 3) & ~3); // NUL-terminated, padded to 4 as the kernel does
        var b = new byte[Math.Max(length, 21 + nameBytes.Length + 1)];
        BinaryPrimitives.WriteUInt64LittleEndian(b, inode);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(8), 0x7fff_0000);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(16), (ushort)length);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(18), (ushort)(nameLength ?? nameBytes.Length));
        b[20] = type;
        nameBytes.CopyTo(b, 21);
        return b;
    }

    [Theory]
    [InlineData(8, "notes.txt", Filetype.RegularFile)]  // DT_REG
    [InlineData(4, "sub", Filetype.Directory)]          // DT_DIR
    [InlineData(10, "link", Filetype.SymbolicLink)]     // DT_LNK
    [InlineData(1, "fifo", Filetype.Unknown)]           // DT_FIFO
    [InlineData(0, "unknown", Filetype.Unknown)]        // DT_UNKNOWN: the listing stats the entry then
    [InlineData(4, ".", Filetype.Directory)]
    [InlineData(8, "naïve–ünïcode", Filetype.RegularFile)]
    public void A_dirent_record_gives_the_inode_the_type_and_the_name_by_its_length(byte type, string name, Filetype filetype)
    {
        Assert.True(DarwinDirent.TryRead(Dirent(0xfeed_0000_0000_0042, type, name), out ulong inode, out byte readType, out var readName));
        Assert.Equal(0xfeed_0000_0000_0042UL, inode);
        Assert.Equal(type, readType);
        Assert.Equal(name, Encoding.UTF8.GetString(readName));
        Assert.Equal(filetype, PosixFileSystem.FiletypeOfDirentType(readType));
    }

    [Fact]
    public void A_dirent_record_whose_lengths_do_not_fit_is_refused()
    {
        Assert.False(DarwinDirent.TryRead(Dirent(1, 8, "abc", nameLength: 200), out _, out _, out _));
        Assert.False(DarwinDirent.TryRead(Dirent(1, 8, "abc").AsSpan(0, 24), out _, out _, out _)); // d_reclen 28 > 24 bytes
        Assert.False(DarwinDirent.TryRead(Dirent(1, 8, "abcdef", recordLength: 24), out _, out _, out _)); // name past d_reclen
        Assert.False(DarwinDirent.TryRead(new byte[20], out _, out _, out _));
    }

    [Theory]
    [InlineData(0, Errno.Success)]
    [InlineData(1, Errno.Perm)]
    [InlineData(2, Errno.NoEnt)]
    [InlineData(11, Errno.Deadlk)]        // EDEADLK, where Linux has EAGAIN
    [InlineData(13, Errno.Acces)]
    [InlineData(17, Errno.Exist)]
    [InlineData(20, Errno.NotDir)]
    [InlineData(21, Errno.IsDir)]
    [InlineData(35, Errno.Again)]         // EAGAIN, where Linux has EDEADLK
    [InlineData(45, Errno.NotSup)]        // ENOTSUP
    [InlineData(62, Errno.Loop)]          // ELOOP: what O_NOFOLLOW gives on a link
    [InlineData(63, Errno.NameTooLong)]
    [InlineData(66, Errno.NotEmpty)]
    [InlineData(69, Errno.Dquot)]
    [InlineData(78, Errno.NoSys)]
    [InlineData(84, Errno.Overflow)]
    [InlineData(92, Errno.Ilseq)]
    [InlineData(102, Errno.NotSup)]       // EOPNOTSUPP
    [InlineData(105, Errno.OwnerDead)]
    [InlineData(9999, Errno.Io)]
    public void Darwin_errnos_map_to_wasi_errnos(int error, Errno expected) => Assert.Equal(expected, DarwinFileSystem.FromErrorNumber(error));

    [Fact]
    public void Darwin_and_Linux_errno_numbers_differ_where_the_headers_do()
    {
        Assert.Equal(Errno.Again, LinuxFileSystem.FromErrorNumber(11));
        Assert.Equal(Errno.Deadlk, DarwinFileSystem.FromErrorNumber(11));
        Assert.Equal(Errno.Loop, LinuxFileSystem.FromErrorNumber(40));
        Assert.Equal(Errno.MsgSize, DarwinFileSystem.FromErrorNumber(40));
    }

    // <sys/fcntl.h>: O_WRONLY 0x1, O_RDWR 0x2, O_NONBLOCK 0x4, O_APPEND 0x8, O_SYNC 0x80, O_NOFOLLOW 0x100, O_CREAT 0x200,
    // O_TRUNC 0x400, O_EXCL 0x800, O_DIRECTORY 0x100000, O_DSYNC 0x400000, O_CLOEXEC 0x1000000.
    [Theory]
    [InlineData(OFlags.None, FdFlags.None, true, false, 0x0100_0100)]
    [InlineData(OFlags.Creat | OFlags.Excl, FdFlags.None, false, true, 0x0100_0100 | 0x1 | 0x200 | 0x800)]
    [InlineData(OFlags.Creat | OFlags.Trunc, FdFlags.None, true, true, 0x0100_0100 | 0x2 | 0x200 | 0x400)]
    [InlineData(OFlags.Directory, FdFlags.None, true, false, 0x0100_0100 | 0x10_0000)]
    [InlineData(OFlags.None, FdFlags.Append | FdFlags.NonBlock, false, true, 0x0100_0100 | 0x1 | 0x8 | 0x4)]
    [InlineData(OFlags.None, FdFlags.Dsync, false, true, 0x0100_0100 | 0x1 | 0x40_0000)]
    [InlineData(OFlags.None, FdFlags.Rsync, false, true, 0x0100_0100 | 0x1 | 0x80)]
    [InlineData(OFlags.None, FdFlags.Sync, false, true, 0x0100_0100 | 0x1 | 0x80)]
    public void Path_open_passes_apples_open_flags_and_never_follows_a_link(OFlags oflags, FdFlags fdflags, bool read, bool write, int expected) =>
        Assert.Equal(expected, DarwinFileSystem.Instance.OpenFlags(oflags, fdflags, read, write));

    [Fact]
    public void Linux_keeps_its_open_flags()
    {
        bool arm = System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture
            is System.Runtime.InteropServices.Architecture.Arm or System.Runtime.InteropServices.Architecture.Arm64;
        int noFollow = arm ? 0x8000 : 0x20000, directory = arm ? 0x4000 : 0x10000;
        const int CloExec = 0x80000;
        Assert.Equal(CloExec | noFollow | 0x1 | 0x40 | 0x80, LinuxFileSystem.Instance.OpenFlags(OFlags.Creat | OFlags.Excl, FdFlags.None, false, true));
        Assert.Equal(CloExec | noFollow | directory, LinuxFileSystem.Instance.OpenFlags(OFlags.Directory, FdFlags.None, true, false));
        Assert.Equal(CloExec | noFollow | 0x2 | 0x400 | 0x101000, LinuxFileSystem.Instance.OpenFlags(OFlags.None, FdFlags.Append | FdFlags.Sync, true, true));
    }
}
