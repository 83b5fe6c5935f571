using System.Runtime.InteropServices;

namespace MicroWasm.Wasi;

/// <summary>
/// <see cref="PosixFileSystem"/> on Linux: its flag and errno numbers, statx (one layout on every architecture, unlike
/// struct stat), glibc's struct dirent, and the calls macOS lacks (fdatasync, posix_fadvise, posix_fallocate).
/// </summary>
internal sealed unsafe partial class LinuxFileSystem : PosixFileSystem
{
    // open(2) flags that differ between architectures: ARM keeps O_DIRECTORY/O_NOFOLLOW where others have O_DIRECT/O_LARGEFILE.
    private static readonly bool IsArm = RuntimeInformation.ProcessArchitecture is Architecture.Arm or Architecture.Arm64;

    public static readonly LinuxFileSystem Instance = new();

    private const int AT_SYMLINK_NOFOLLOW = 0x100, AT_EMPTY_PATH = 0x1000;
    private const uint STATX_BASIC_STATS = 0x7ff;

    private LinuxFileSystem() : base(new PosixConstants
    {
        AtFdCwd = -100,
        Directory = IsArm ? 0x4000 : 0x10000,
        NoFollow = IsArm ? 0x8000 : 0x20000,
        Creat = 0x40,
        Excl = 0x80,
        Trunc = 0x200,
        Append = 0x400,
        NonBlock = 0x800,
        DSync = 0x1000,
        Sync = 0x101000,
        CloExec = 0x80000,
        LookupDirectory = 0x200000, // O_PATH: searching a directory needs only execute permission, not read.
        AtSymlinkNoFollow = AT_SYMLINK_NOFOLLOW,
        AtRemoveDir = 0x200,
        DupFdCloExec = 1030,
        UtimeNow = (1L << 30) - 1,
        UtimeOmit = (1L << 30) - 2,
    })
    {
    }

    public override Errno Stat(long handle, out FileStat stat) => StatX((int)handle, "", AT_EMPTY_PATH, out stat);

    public override Errno StatAt(long directory, string name, out FileStat stat) => StatX((int)directory, name, AT_SYMLINK_NOFOLLOW, out stat);

    private Errno StatX(int dirfd, string path, int flags, out FileStat stat)
    {
        // statx has one layout on every architecture, unlike struct stat.
        byte* b = stackalloc byte[256];
        if (statx(dirfd, path, flags, STATX_BASIC_STATS, b) < 0)
        {
            stat = default;
            return LastErrno();
        }
        static ulong U64(byte* p) => *(ulong*)p;
        static ulong Time(byte* p) => (ulong)(*(long*)p * 1_000_000_000L + *(uint*)(p + 8));
        ushort mode = *(ushort*)(b + 28);
        ulong device = ((ulong)*(uint*)(b + 136) << 32) | *(uint*)(b + 140);
        stat = new FileStat(device, U64(b + 32), FiletypeOfMode(mode), *(uint*)(b + 16), U64(b + 40),
            Time(b + 64), Time(b + 112), Time(b + 96));
        return Errno.Success;
    }

    public override Errno DataSync(long handle) => fdatasync((int)handle) < 0 ? LastErrno() : Errno.Success;

    public override Errno Advise(long handle, ulong offset, ulong length, Advice advice)
    {
        // POSIX numbers SEQUENTIAL and RANDOM the other way round from WASI.
        int hostAdvice = advice switch { Advice.Sequential => 2, Advice.Random => 1, _ => (int)advice };
        return FromErrorNumber(posix_fadvise((int)handle, (long)offset, (long)length, hostAdvice));
    }

    public override Errno Allocate(long handle, ulong offset, ulong length) =>
        FromErrorNumber(posix_fallocate((int)handle, (long)offset, (long)length));

    protected override nint OpenDirectoryStream(int fd) => fdopendir(fd);

    protected override byte* NextDirectoryEntry(nint dir) => readdir(dir);

    protected override void CloseDirectoryStream(nint dir) => closedir(dir);

    protected override bool TryReadDirectoryEntry(byte* entry, out ulong inode, out byte type, out ReadOnlySpan<byte> name)
    {
        // struct dirent on Linux: d_ino (8), d_off (8), d_reclen (2), d_type (1), d_name.
        inode = *(ulong*)entry;
        type = entry[18];
        name = new ReadOnlySpan<byte>(entry + 19, 256);
        name = name[..name.IndexOf((byte)0)];
        return true;
    }

    // x86-64 and AArch64 (AAPCS64) pass a variadic argument as they would a named one, so a fixed prototype is exact.
    protected override int HostOpenAt(int dirfd, string path, int flags, int mode) => openat(dirfd, path, flags, mode);

    protected override int HostFcntl(int fd, int command, int argument) => fcntl(fd, command, argument);

    protected override Errno FromHostErrno(int error) => FromErrorNumber(error);

    /// <summary>A Linux errno (asm-generic numbering, shared by x86-64 and ARM64) as a WASI errno.</summary>
    internal static Errno FromErrorNumber(int error) => error switch
    {
        0 => Errno.Success,
        1 => Errno.Perm,
        2 => Errno.NoEnt,
        3 => Errno.Srch,
        4 => Errno.Intr,
        5 => Errno.Io,
        6 => Errno.Nxio,
        7 => Errno.TooBig,
        8 => Errno.NoExec,
        9 => Errno.Badf,
        10 => Errno.Child,
        11 => Errno.Again,
        12 => Errno.NoMem,
        13 => Errno.Acces,
        14 => Errno.Fault,
        16 => Errno.Busy,
        17 => Errno.Exist,
        18 => Errno.Xdev,
        19 => Errno.NoDev,
        20 => Errno.NotDir,
        21 => Errno.IsDir,
        22 => Errno.Inval,
        23 => Errno.Nfile,
        24 => Errno.Mfile,
        25 => Errno.NoTty,
        26 => Errno.TxtBsy,
        27 => Errno.Fbig,
        28 => Errno.NoSpc,
        29 => Errno.Spipe,
        30 => Errno.Rofs,
        31 => Errno.Mlink,
        32 => Errno.Pipe,
        33 => Errno.Dom,
        34 => Errno.Range,
        35 => Errno.Deadlk,
        36 => Errno.NameTooLong,
        37 => Errno.NoLck,
        38 => Errno.NoSys,
        39 => Errno.NotEmpty,
        40 => Errno.Loop,
        42 => Errno.NoMsg,
        43 => Errno.Idrm,
        67 => Errno.NoLink,
        71 => Errno.Proto,
        72 => Errno.Multihop,
        74 => Errno.BadMsg,
        75 => Errno.Overflow,
        84 => Errno.Ilseq,
        88 => Errno.NotSock,
        89 => Errno.DestAddrReq,
        90 => Errno.MsgSize,
        91 => Errno.ProtoType,
        92 => Errno.NoProtoOpt,
        93 => Errno.ProtoNoSupport,
        95 => Errno.NotSup,
        97 => Errno.AfNoSupport,
        98 => Errno.AddrInUse,
        99 => Errno.AddrNotAvail,
        100 => Errno.NetDown,
        101 => Errno.NetUnreach,
        102 => Errno.NetReset,
        103 => Errno.ConnAborted,
        104 => Errno.ConnReset,
        105 => Errno.NoBufs,
        106 => Errno.IsConn,
        107 => Errno.NotConn,
        110 => Errno.TimedOut,
        111 => Errno.ConnRefused,
        113 => Errno.HostUnreach,
        114 => Errno.Already,
        115 => Errno.InProgress,
        116 => Errno.Stale,
        122 => Errno.Dquot,
        125 => Errno.Canceled,
        130 => Errno.OwnerDead,
        131 => Errno.NotRecoverable,
        _ => Errno.Io,
    };

    private const string Libc = "libc";

    [LibraryImport(Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int openat(int dirfd, string path, int flags, int mode);

    [LibraryImport(Libc, SetLastError = true)]
    private static partial int fcntl(int fd, int command, int argument);

    [LibraryImport(Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statx(int dirfd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport(Libc, SetLastError = true)]
    private static partial int fdatasync(int fd);

    [LibraryImport(Libc)]
    private static partial int posix_fadvise(int fd, long offset, long length, int advice);

    [LibraryImport(Libc)]
    private static partial int posix_fallocate(int fd, long offset, long length);

    [LibraryImport(Libc, SetLastError = true)]
    private static partial nint fdopendir(int fd);

    [LibraryImport(Libc, SetLastError = true)]
    private static partial byte* readdir(nint dir);

    [LibraryImport(Libc)]
    private static partial int closedir(nint dir);
}
