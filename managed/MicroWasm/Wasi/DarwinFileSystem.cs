using System.Runtime.InteropServices;

namespace MicroWasm.Wasi;

/// <summary>
/// <see cref="PosixFileSystem"/> on macOS (arm64 and x86-64). The numbers are Apple's (&lt;sys/fcntl.h&gt;,
/// &lt;sys/errno.h&gt;, &lt;sys/stat.h&gt;); the differences from Linux that matter here:
/// <list type="bullet">
/// <item>no O_PATH: a directory is opened for lookup with O_RDONLY, so walking through one needs read permission on it,
/// not only search permission;</item>
/// <item>Apple's arm64 convention passes every variadic argument on the stack (in 8-byte slots), where a named argument
/// of the same position goes in a register, so openat's mode and fcntl's argument are passed after eight register-sized
/// arguments (<see cref="HostOpenAt"/>);</item>
/// <item>on x86-64 the C library keeps a 32-bit-inode <c>struct stat</c>/<c>struct dirent</c> under the plain names and the
/// 64-bit-inode ones under <c>$INODE64</c> names (what &lt;sys/cdefs.h&gt;'s <c>__DARWIN_INODE64</c> selects);
/// arm64 has only the 64-bit ones, under the plain names;</item>
/// <item>no fdatasync, posix_fadvise or posix_fallocate in the SDK: fsync, nothing (advice is a hint) and a size
/// extension (<see cref="Allocate"/>) stand in.</item>
/// </list>
/// </summary>
/// <remarks>
/// Written from Apple's headers and compiled for osx-arm64/osx-x64; never run on a Mac (see ports/macos/README.md). The
/// record readers (<see cref="DarwinStat"/>, <see cref="DarwinDirent"/>) and the constants are checked by tests on Linux.
/// </remarks>
internal sealed unsafe partial class DarwinFileSystem : PosixFileSystem
{
    private static readonly bool IsArm64 = RuntimeInformation.ProcessArchitecture == Architecture.Arm64;

    public static readonly DarwinFileSystem Instance = new();

    private const int AT_SYMLINK_NOFOLLOW = 0x20;

    private DarwinFileSystem() : base(new PosixConstants
    {
        AtFdCwd = -2,
        Directory = 0x100000,
        NoFollow = 0x100,
        Creat = 0x200,
        Excl = 0x800,
        Trunc = 0x400,
        Append = 0x8,
        NonBlock = 0x4,
        DSync = 0x400000,
        Sync = 0x80,
        CloExec = 0x1000000,
        LookupDirectory = 0, // O_RDONLY: there is no O_PATH.
        AtSymlinkNoFollow = AT_SYMLINK_NOFOLLOW,
        AtRemoveDir = 0x80,
        DupFdCloExec = 67,
        UtimeNow = -1,
        UtimeOmit = -2,
    })
    {
    }

    public override Errno Stat(long handle, out FileStat stat)
    {
        byte* buffer = stackalloc byte[DarwinStat.Size];
        int result = IsArm64 ? fstat((int)handle, buffer) : fstat_inode64((int)handle, buffer);
        return ReadStat(result, buffer, out stat);
    }

    public override Errno StatAt(long directory, string name, out FileStat stat)
    {
        byte* buffer = stackalloc byte[DarwinStat.Size];
        int result = IsArm64
            ? fstatat((int)directory, name, buffer, AT_SYMLINK_NOFOLLOW)
            : fstatat_inode64((int)directory, name, buffer, AT_SYMLINK_NOFOLLOW);
        return ReadStat(result, buffer, out stat);
    }

    private Errno ReadStat(int result, byte* buffer, out FileStat stat)
    {
        if (result < 0)
        {
            stat = default;
            return LastErrno();
        }
        stat = DarwinStat.Read(new ReadOnlySpan<byte>(buffer, DarwinStat.Size));
        return Errno.Success;
    }

    /// <summary>fsync: it flushes the data and the metadata, which is at least what fdatasync promises.</summary>
    public override Errno DataSync(long handle) => Sync(handle);

    /// <summary>Advice is a hint, and macOS has no posix_fadvise; accepting it and doing nothing is what POSIX allows.</summary>
    public override Errno Advise(long handle, ulong offset, ulong length, Advice advice) => Errno.Success;

    /// <summary>
    /// macOS has no posix_fallocate. The file grows to at least <paramref name="offset"/> + <paramref name="length"/>, as
    /// posix_fallocate would make it, but its blocks are not reserved ahead, so a later write may still find the disk full.
    /// </summary>
    public override Errno Allocate(long handle, ulong offset, ulong length)
    {
        var error = Stat(handle, out var stat);
        if (error != Errno.Success) return error;
        if (stat.Filetype != Filetype.RegularFile) return Errno.NoDev; // As posix_fallocate says of what is not a file.
        ulong end = offset + length;
        if (end <= stat.Size) return Errno.Success;
        return ftruncate((int)handle, (long)end) < 0 ? LastErrno() : Errno.Success;
    }

    protected override nint OpenDirectoryStream(int fd) => IsArm64 ? fdopendir(fd) : fdopendir_inode64(fd);

    protected override byte* NextDirectoryEntry(nint dir) => IsArm64 ? readdir(dir) : readdir_inode64(dir);

    protected override void CloseDirectoryStream(nint dir) => closedir(dir);

    protected override bool TryReadDirectoryEntry(byte* entry, out ulong inode, out byte type, out ReadOnlySpan<byte> name)
    {
        // The record is d_reclen bytes long; its fixed part is read before the span over it is made.
        int recordLength = *(ushort*)(entry + DarwinDirent.RecordLengthOffset);
        return DarwinDirent.TryRead(new ReadOnlySpan<byte>(entry, Math.Max(recordLength, DarwinDirent.NameOffset)), out inode, out type, out name);
    }

    // On arm64 the eight integer argument registers are filled first (x0..x7), so the last argument goes to the first stack
    // slot, where the callee's va_arg reads a variadic int (the low half of the 8-byte slot: little-endian).
    protected override int HostOpenAt(int dirfd, string path, int flags, int mode) =>
        IsArm64 ? openat_arm64(dirfd, path, flags, 0, 0, 0, 0, 0, mode) : openat(dirfd, path, flags, mode);

    protected override int HostFcntl(int fd, int command, int argument) =>
        IsArm64 ? fcntl_arm64(fd, command, 0, 0, 0, 0, 0, 0, argument) : fcntl(fd, command, argument);

    protected override Errno FromHostErrno(int error) => FromErrorNumber(error);

    /// <summary>A macOS errno (&lt;sys/errno.h&gt;: BSD's numbering, which parts from Linux's at 11 and from 35 on) as a WASI errno.</summary>
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
        11 => Errno.Deadlk,
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
        35 => Errno.Again,
        36 => Errno.InProgress,
        37 => Errno.Already,
        38 => Errno.NotSock,
        39 => Errno.DestAddrReq,
        40 => Errno.MsgSize,
        41 => Errno.ProtoType,
        42 => Errno.NoProtoOpt,
        43 => Errno.ProtoNoSupport,
        45 => Errno.NotSup,
        47 => Errno.AfNoSupport,
        48 => Errno.AddrInUse,
        49 => Errno.AddrNotAvail,
        50 => Errno.NetDown,
        51 => Errno.NetUnreach,
        52 => Errno.NetReset,
        53 => Errno.ConnAborted,
        54 => Errno.ConnReset,
        55 => Errno.NoBufs,
        56 => Errno.IsConn,
        57 => Errno.NotConn,
        60 => Errno.TimedOut,
        61 => Errno.ConnRefused,
        62 => Errno.Loop,
        63 => Errno.NameTooLong,
        65 => Errno.HostUnreach,
        66 => Errno.NotEmpty,
        69 => Errno.Dquot,
        70 => Errno.Stale,
        77 => Errno.NoLck,
        78 => Errno.NoSys,
        84 => Errno.Overflow,
        89 => Errno.Canceled,
        90 => Errno.Idrm,
        91 => Errno.NoMsg,
        92 => Errno.Ilseq,
        94 => Errno.BadMsg,
        95 => Errno.Multihop,
        97 => Errno.NoLink,
        100 => Errno.Proto,
        102 => Errno.NotSup, // EOPNOTSUPP
        104 => Errno.NotRecoverable,
        105 => Errno.OwnerDead,
        _ => Errno.Io,
    };

    // Bound lazily, by path, never as a direct symbol: the $INODE64 names exist only on x86-64 and none of these exists on
    // Linux, so a build that binds "libc" calls at link time (the CLI's DirectPInvoke) must not see them.
    private const string LibSystem = "/usr/lib/libSystem.B.dylib";

    [LibraryImport(LibSystem, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int openat(int dirfd, string path, int flags, int mode);

    [LibraryImport(LibSystem, EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int openat_arm64(int dirfd, string path, int flags, nint x3, nint x4, nint x5, nint x6, nint x7, nint mode);

    [LibraryImport(LibSystem, SetLastError = true)]
    private static partial int fcntl(int fd, int command, int argument);

    [LibraryImport(LibSystem, EntryPoint = "fcntl", SetLastError = true)]
    private static partial int fcntl_arm64(int fd, int command, nint x2, nint x3, nint x4, nint x5, nint x6, nint x7, nint argument);

    [LibraryImport(LibSystem, SetLastError = true)]
    private static partial int fstat(int fd, byte* buffer);

    [LibraryImport(LibSystem, EntryPoint = "fstat$INODE64", SetLastError = true)]
    private static partial int fstat_inode64(int fd, byte* buffer);

    [LibraryImport(LibSystem, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int fstatat(int dirfd, string path, byte* buffer, int flags);

    [LibraryImport(LibSystem, EntryPoint = "fstatat$INODE64", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int fstatat_inode64(int dirfd, string path, byte* buffer, int flags);

    [LibraryImport(LibSystem, SetLastError = true)]
    private static partial nint fdopendir(int fd);

    [LibraryImport(LibSystem, EntryPoint = "fdopendir$INODE64", SetLastError = true)]
    private static partial nint fdopendir_inode64(int fd);

    [LibraryImport(LibSystem, SetLastError = true)]
    private static partial byte* readdir(nint dir);

    [LibraryImport(LibSystem, EntryPoint = "readdir$INODE64", SetLastError = true)]
    private static partial byte* readdir_inode64(nint dir);

    [LibraryImport(LibSystem)]
    private static partial int closedir(nint dir);
}
