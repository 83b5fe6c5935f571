using System.Runtime.InteropServices;
using System.Text;

namespace MicroWasm.Wasi;

/// <summary>
/// <see cref="IHostFileSystem"/> on Linux, through libc's descriptor-relative calls. .NET's path APIs resolve whole paths
/// and follow links, so a link swapped in between a check and an open could lead outside a preopen; here every lookup is
/// one component, relative to a directory descriptor, with O_NOFOLLOW (or AT_SYMLINK_NOFOLLOW), so nothing the guest can
/// race is ever followed by the kernel.
/// </summary>
internal sealed unsafe partial class LinuxFileSystem : IHostFileSystem
{
    public static readonly LinuxFileSystem Instance = new();

    // open(2) flags that differ between architectures: ARM keeps O_DIRECTORY/O_NOFOLLOW where others have O_DIRECT/O_LARGEFILE.
    private static readonly bool IsArm = RuntimeInformation.ProcessArchitecture is Architecture.Arm or Architecture.Arm64;
    private static readonly int O_DIRECTORY = IsArm ? 0x4000 : 0x10000;
    private static readonly int O_NOFOLLOW = IsArm ? 0x8000 : 0x20000;
    private const int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0x40, O_EXCL = 0x80, O_TRUNC = 0x200, O_APPEND = 0x400,
        O_NONBLOCK = 0x800, O_DSYNC = 0x1000, O_SYNC = 0x101000, O_CLOEXEC = 0x80000, O_PATH = 0x200000;
    private const int AT_SYMLINK_NOFOLLOW = 0x100, AT_REMOVEDIR = 0x200, AT_EMPTY_PATH = 0x1000;
    private const int F_GETFL = 3, F_SETFL = 4, F_DUPFD_CLOEXEC = 1030;
    private const uint STATX_BASIC_STATS = 0x7ff;
    private const long UTIME_NOW = (1L << 30) - 1, UTIME_OMIT = (1L << 30) - 2;

    public Errno OpenPreopen(string hostPath, out long handle)
    {
        int fd = open(hostPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
        return Result(fd, out handle);
    }

    public Errno OpenDirectoryForLookup(long directory, string name, out long handle)
    {
        // O_PATH: searching a directory needs only execute permission, not read.
        int fd = openat((int)directory, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
        return Result(fd, out handle);
    }

    public Errno OpenAt(long directory, string name, OFlags oflags, FdFlags fdflags, bool read, bool write, out long handle)
    {
        int flags = O_CLOEXEC | O_NOFOLLOW | (read && write ? O_RDWR : write ? O_WRONLY : O_RDONLY);
        if (oflags.HasFlag(OFlags.Creat)) flags |= O_CREAT;
        if (oflags.HasFlag(OFlags.Directory)) flags |= O_DIRECTORY;
        if (oflags.HasFlag(OFlags.Excl)) flags |= O_EXCL;
        if (oflags.HasFlag(OFlags.Trunc)) flags |= O_TRUNC;
        flags |= HostFdFlags(fdflags);
        int fd = openat((int)directory, name, flags, 0x1b6 /* 0666, less the umask */);
        return Result(fd, out handle);
    }

    public Errno ReadLinkAt(long directory, string name, out byte[] target)
    {
        var buffer = new byte[4096];
        nint n;
        fixed (byte* p = buffer) n = readlinkat((int)directory, name, p, buffer.Length);
        if (n < 0)
        {
            target = [];
            return LastErrno();
        }
        target = buffer[..(int)n];
        return Errno.Success;
    }

    public Errno Duplicate(long handle, out long duplicate) => Result(fcntl((int)handle, F_DUPFD_CLOEXEC, 0), out duplicate);

    public Errno Close(long handle) => close((int)handle) < 0 ? LastErrno() : Errno.Success;

    public Errno Read(long handle, Span<byte> buffer, out int read)
    {
        fixed (byte* p = buffer) return Count(read_((int)handle, p, buffer.Length), out read);
    }

    public Errno Write(long handle, ReadOnlySpan<byte> buffer, out int written)
    {
        fixed (byte* p = buffer) return Count(write_((int)handle, p, buffer.Length), out written);
    }

    public Errno ReadAt(long handle, Span<byte> buffer, ulong offset, out int read)
    {
        fixed (byte* p = buffer) return Count(pread((int)handle, p, buffer.Length, (long)offset), out read);
    }

    public Errno WriteAt(long handle, ReadOnlySpan<byte> buffer, ulong offset, out int written)
    {
        fixed (byte* p = buffer) return Count(pwrite((int)handle, p, buffer.Length, (long)offset), out written);
    }

    public Errno Seek(long handle, long offset, Whence whence, out ulong newOffset)
    {
        long result = lseek((int)handle, offset, (int)whence); // SEEK_SET/CUR/END are 0/1/2, as in WASI.
        newOffset = result < 0 ? 0 : (ulong)result;
        return result < 0 ? LastErrno() : Errno.Success;
    }

    public Errno Stat(long handle, out FileStat stat) => StatX((int)handle, "", AT_EMPTY_PATH, out stat);

    public Errno StatAt(long directory, string name, out FileStat stat) => StatX((int)directory, name, AT_SYMLINK_NOFOLLOW, out stat);

    private static Errno StatX(int dirfd, string path, int flags, out FileStat stat)
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

    private static Filetype FiletypeOfMode(uint mode) => (mode & 0xf000) switch
    {
        0x1000 => Filetype.Unknown, // FIFO: WASI has no file type for it.
        0x2000 => Filetype.CharacterDevice,
        0x4000 => Filetype.Directory,
        0x6000 => Filetype.BlockDevice,
        0x8000 => Filetype.RegularFile,
        0xa000 => Filetype.SymbolicLink,
        0xc000 => Filetype.SocketStream,
        _ => Filetype.Unknown,
    };

    public Errno GetFlags(long handle, out FdFlags flags)
    {
        int hostFlags = fcntl((int)handle, F_GETFL, 0);
        flags = FdFlags.None;
        if (hostFlags < 0) return LastErrno();
        if ((hostFlags & O_APPEND) != 0) flags |= FdFlags.Append;
        if ((hostFlags & O_NONBLOCK) != 0) flags |= FdFlags.NonBlock;
        if ((hostFlags & O_SYNC) == O_SYNC) flags |= FdFlags.Sync | FdFlags.Rsync; // Linux's O_RSYNC is O_SYNC.
        else if ((hostFlags & O_DSYNC) != 0) flags |= FdFlags.Dsync;
        return Errno.Success;
    }

    public Errno SetFlags(long handle, FdFlags flags)
    {
        // F_SETFL changes only O_APPEND and O_NONBLOCK on Linux; the sync flags are fixed at open.
        if ((flags & (FdFlags.Dsync | FdFlags.Rsync | FdFlags.Sync)) != 0) return Errno.NotSup;
        int hostFlags = fcntl((int)handle, F_GETFL, 0);
        if (hostFlags < 0) return LastErrno();
        hostFlags &= ~(O_APPEND | O_NONBLOCK);
        hostFlags |= HostFdFlags(flags);
        return fcntl((int)handle, F_SETFL, hostFlags) < 0 ? LastErrno() : Errno.Success;
    }

    private static int HostFdFlags(FdFlags flags)
    {
        int result = 0;
        if (flags.HasFlag(FdFlags.Append)) result |= O_APPEND;
        if (flags.HasFlag(FdFlags.NonBlock)) result |= O_NONBLOCK;
        if (flags.HasFlag(FdFlags.Dsync)) result |= O_DSYNC;
        if (flags.HasFlag(FdFlags.Sync) || flags.HasFlag(FdFlags.Rsync)) result |= O_SYNC;
        return result;
    }

    public Errno Sync(long handle) => fsync((int)handle) < 0 ? LastErrno() : Errno.Success;
    public Errno DataSync(long handle) => fdatasync((int)handle) < 0 ? LastErrno() : Errno.Success;

    public Errno Advise(long handle, ulong offset, ulong length, Advice advice)
    {
        // POSIX numbers SEQUENTIAL and RANDOM the other way round from WASI.
        int hostAdvice = advice switch { Advice.Sequential => 2, Advice.Random => 1, _ => (int)advice };
        return FromErrorNumber(posix_fadvise((int)handle, (long)offset, (long)length, hostAdvice));
    }

    public Errno Allocate(long handle, ulong offset, ulong length) =>
        FromErrorNumber(posix_fallocate((int)handle, (long)offset, (long)length));

    public Errno SetSize(long handle, ulong size) => ftruncate((int)handle, (long)size) < 0 ? LastErrno() : Errno.Success;

    public Errno SetTimes(long handle, ulong accessTime, ulong modificationTime, FstFlags flags)
    {
        Timespec* times = stackalloc Timespec[2];
        times[0] = TimeOf(accessTime, flags.HasFlag(FstFlags.Atim), flags.HasFlag(FstFlags.AtimNow));
        times[1] = TimeOf(modificationTime, flags.HasFlag(FstFlags.Mtim), flags.HasFlag(FstFlags.MtimNow));
        return futimens((int)handle, times) < 0 ? LastErrno() : Errno.Success;
    }

    public Errno SetTimesAt(long directory, string name, ulong accessTime, ulong modificationTime, FstFlags flags)
    {
        Timespec* times = stackalloc Timespec[2];
        times[0] = TimeOf(accessTime, flags.HasFlag(FstFlags.Atim), flags.HasFlag(FstFlags.AtimNow));
        times[1] = TimeOf(modificationTime, flags.HasFlag(FstFlags.Mtim), flags.HasFlag(FstFlags.MtimNow));
        return utimensat((int)directory, name, times, AT_SYMLINK_NOFOLLOW) < 0 ? LastErrno() : Errno.Success;
    }

    private static Timespec TimeOf(ulong nanoseconds, bool set, bool now) =>
        now ? new Timespec { Seconds = 0, Nanoseconds = (nint)UTIME_NOW }
        : set ? new Timespec { Seconds = (nint)(nanoseconds / 1_000_000_000), Nanoseconds = (nint)(nanoseconds % 1_000_000_000) }
        : new Timespec { Seconds = 0, Nanoseconds = (nint)UTIME_OMIT };

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public nint Seconds;
        public nint Nanoseconds;
    }

    public Errno ReadDirectory(long handle, List<DirectoryEntry> entries)
    {
        // A fresh descriptor for the listing, so the directory's own descriptor keeps no hidden position.
        int fd = openat((int)handle, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
        if (fd < 0) return LastErrno();
        nint dir = fdopendir(fd);
        if (dir == 0)
        {
            var error = LastErrno();
            close(fd);
            return error;
        }
        try
        {
            while (true)
            {
                byte* entry = readdir(dir);
                if (entry == null)
                {
                    int error = Marshal.GetLastPInvokeError();
                    return error == 0 ? Errno.Success : FromErrorNumber(error);
                }
                // struct dirent on Linux: d_ino (8), d_off (8), d_reclen (2), d_type (1), d_name.
                ulong inode = *(ulong*)entry;
                byte type = entry[18];
                var name = new ReadOnlySpan<byte>(entry + 19, 256);
                name = name[..name.IndexOf((byte)0)];
                string text = Encoding.UTF8.GetString(name);
                var filetype = type switch
                {
                    2 => Filetype.CharacterDevice,
                    4 => Filetype.Directory,
                    6 => Filetype.BlockDevice,
                    8 => Filetype.RegularFile,
                    10 => Filetype.SymbolicLink,
                    12 => Filetype.SocketStream,
                    _ => Filetype.Unknown,
                };
                if (type == 0 && StatAt(handle, text, out var stat) == Errno.Success) filetype = stat.Filetype;
                entries.Add(new DirectoryEntry(text, inode, filetype));
            }
        }
        finally
        {
            closedir(dir);
        }
    }

    public Errno CreateDirectoryAt(long directory, string name) =>
        mkdirat((int)directory, name, 0x1ff /* 0777, less the umask */) < 0 ? LastErrno() : Errno.Success;

    public Errno RemoveDirectoryAt(long directory, string name) =>
        unlinkat((int)directory, name, AT_REMOVEDIR) < 0 ? LastErrno() : Errno.Success;

    public Errno UnlinkFileAt(long directory, string name)
    {
        if (unlinkat((int)directory, name, 0) >= 0) return Errno.Success;
        var error = LastErrno();
        // POSIX allows EPERM for unlinking a directory; WASI (like Linux for most callers' expectations) says EISDIR.
        if (error == Errno.Perm && StatAt(directory, name, out var stat) == Errno.Success && stat.Filetype == Filetype.Directory)
            return Errno.IsDir;
        return error;
    }

    public Errno RenameAt(long oldDirectory, string oldName, long newDirectory, string newName) =>
        renameat((int)oldDirectory, oldName, (int)newDirectory, newName) < 0 ? LastErrno() : Errno.Success;

    public Errno LinkAt(long oldDirectory, string oldName, long newDirectory, string newName) =>
        // No AT_SYMLINK_FOLLOW: a link to a symlink links the symlink itself, so the kernel follows nothing.
        linkat((int)oldDirectory, oldName, (int)newDirectory, newName, 0) < 0 ? LastErrno() : Errno.Success;

    public Errno SymlinkAt(string target, long directory, string name) =>
        symlinkat(target, (int)directory, name) < 0 ? LastErrno() : Errno.Success;

    public bool IsReadReady(long handle)
    {
        PollFd fd = new() { Fd = (int)handle, Events = 1 /* POLLIN */ };
        return poll(&fd, 1, 0) > 0;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    private static Errno Result(int fd, out long handle)
    {
        handle = fd;
        return fd < 0 ? LastErrno() : Errno.Success;
    }

    private static Errno Count(nint n, out int count)
    {
        count = n < 0 ? 0 : (int)n;
        return n < 0 ? LastErrno() : Errno.Success;
    }

    private static Errno LastErrno() => FromErrorNumber(Marshal.GetLastPInvokeError());

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
    private static partial int open(string path, int flags, int mode);

    [LibraryImport(Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int openat(int dirfd, string path, int flags, int mode);

    [LibraryImport(Libc, SetLastError = true)]
    private static partial int close(int fd);

    [LibraryImport(Libc, SetLastError = true)]
    private static partial int fcntl(int fd, int command, int argument);

    [LibraryImport(Libc, EntryPoint = "read", SetLastError = true)]
    private static partial nint read_(int fd, byte* buffer, nint count);

    [LibraryImport(Libc, EntryPoint = "write", SetLastError = true)]
    private static partial nint write_(int fd, byte* buffer, nint count);

    [LibraryImport(Libc, SetLastError = true)]
    private static partial nint pread(int fd, byte* buffer, nint count, long offset);

    [LibraryImport(Libc, SetLastError = true)]
    private static partial nint pwrite(int fd, byte* buffer, nint count, long offset);

    [LibraryImport(Libc, SetLastError = true)]
    private static partial long lseek(int fd, long offset, int whence);

    [LibraryImport(Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statx(int dirfd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport(Libc, SetLastError = true)]
    private static partial int fsync(int fd);

    [LibraryImport(Libc, SetLastError = true)]
    private static partial int fdatasync(int fd);

    [LibraryImport(Libc)]
    private static partial int posix_fadvise(int fd, long offset, long length, int advice);

    [LibraryImport(Libc)]
    private static partial int posix_fallocate(int fd, long offset, long length);

    [LibraryImport(Libc, SetLastError = true)]
    private static partial int ftruncate(int fd, long length);

    [LibraryImport(Libc, SetLastError = true)]
    private static partial int futimens(int fd, Timespec* times);

    [LibraryImport(Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int utimensat(int dirfd, string path, Timespec* times, int flags);

    [LibraryImport(Libc, SetLastError = true)]
    private static partial nint fdopendir(int fd);

    [LibraryImport(Libc, SetLastError = true)]
    private static partial byte* readdir(nint dir);

    [LibraryImport(Libc)]
    private static partial int closedir(nint dir);

    [LibraryImport(Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mkdirat(int dirfd, string path, int mode);

    [LibraryImport(Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int unlinkat(int dirfd, string path, int flags);

    [LibraryImport(Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int renameat(int olddirfd, string oldpath, int newdirfd, string newpath);

    [LibraryImport(Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int linkat(int olddirfd, string oldpath, int newdirfd, string newpath, int flags);

    [LibraryImport(Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int symlinkat(string target, int newdirfd, string linkpath);

    [LibraryImport(Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint readlinkat(int dirfd, string path, byte* buffer, nint size);

    [LibraryImport(Libc, SetLastError = true)]
    private static partial int poll(PollFd* fds, nuint count, int timeout);
}
