using System.Runtime.InteropServices;
using System.Text;

namespace MicroWasm.Wasi;

/// <summary>
/// <see cref="IHostFileSystem"/> on a POSIX host, through the C library's descriptor-relative calls. .NET's path APIs
/// resolve whole paths and follow links, so a link swapped in between a check and an open could lead outside a preopen;
/// here every lookup is one component, relative to a directory descriptor, with O_NOFOLLOW (or AT_SYMLINK_NOFOLLOW), so
/// nothing the guest can race is ever followed by the kernel.
/// </summary>
/// <remarks>
/// The calls and their meaning are POSIX's; what differs between hosts is given by the subclass: the numbers of the flags
/// (<see cref="PosixConstants"/>), of errno, the layout of <c>struct stat</c> and <c>struct dirent</c>, how a variadic
/// call is passed, and the few calls one host lacks (<see cref="LinuxFileSystem"/>, <see cref="DarwinFileSystem"/>).
/// </remarks>
internal abstract unsafe partial class PosixFileSystem : IHostFileSystem
{
    // The same on every POSIX host this runs on.
    private const int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2;
    private const int F_GETFL = 3, F_SETFL = 4;

    private readonly PosixConstants _c;

    protected PosixFileSystem(PosixConstants constants) => _c = constants;

    public Errno OpenPreopen(string hostPath, out long handle) =>
        Result(HostOpenAt(_c.AtFdCwd, hostPath, O_RDONLY | _c.Directory | _c.CloExec, 0), out handle);

    public Errno OpenDirectoryForLookup(long directory, string name, out long handle) =>
        Result(HostOpenAt((int)directory, name, _c.LookupDirectory | _c.Directory | _c.NoFollow | _c.CloExec, 0), out handle);

    public Errno OpenAt(long directory, string name, OFlags oflags, FdFlags fdflags, bool read, bool write, out long handle)
    {
        int fd = HostOpenAt((int)directory, name, OpenFlags(oflags, fdflags, read, write), 0x1b6 /* 0666, less the umask */);
        return Result(fd, out handle);
    }

    /// <summary>The host's open(2) flags for a path_open: never following a link in the name, closed on exec.</summary>
    internal int OpenFlags(OFlags oflags, FdFlags fdflags, bool read, bool write)
    {
        int flags = _c.CloExec | _c.NoFollow | (read && write ? O_RDWR : write ? O_WRONLY : O_RDONLY);
        if (oflags.HasFlag(OFlags.Creat)) flags |= _c.Creat;
        if (oflags.HasFlag(OFlags.Directory)) flags |= _c.Directory;
        if (oflags.HasFlag(OFlags.Excl)) flags |= _c.Excl;
        if (oflags.HasFlag(OFlags.Trunc)) flags |= _c.Trunc;
        return flags | HostFdFlags(fdflags);
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
        // A span's copy, not the array's range (RuntimeHelpers.GetSubArray): that one can create an array of the source's
        // run-time type, which keeps NativeAOT's reflection and type loader in the library (issue 15).
        target = buffer.AsSpan(0, (int)n).ToArray();
        return Errno.Success;
    }

    public Errno Duplicate(long handle, out long duplicate) => Result(HostFcntl((int)handle, _c.DupFdCloExec, 0), out duplicate);

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

    public abstract Errno Stat(long handle, out FileStat stat);

    /// <summary>Stats <paramref name="name"/> itself, not what it links to.</summary>
    public abstract Errno StatAt(long directory, string name, out FileStat stat);

    /// <summary>The WASI file type of a <c>st_mode</c>; the S_IF* values are the same on Linux and macOS.</summary>
    internal static Filetype FiletypeOfMode(uint mode) => (mode & 0xf000) switch
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

    /// <summary>The WASI file type of a <c>d_type</c>; the DT_* values are the same on Linux and macOS.</summary>
    internal static Filetype FiletypeOfDirentType(byte type) => type switch
    {
        2 => Filetype.CharacterDevice,
        4 => Filetype.Directory,
        6 => Filetype.BlockDevice,
        8 => Filetype.RegularFile,
        10 => Filetype.SymbolicLink,
        12 => Filetype.SocketStream,
        _ => Filetype.Unknown,
    };

    public Errno GetFlags(long handle, out FdFlags flags)
    {
        int hostFlags = HostFcntl((int)handle, F_GETFL, 0);
        flags = FdFlags.None;
        if (hostFlags < 0) return LastErrno();
        if ((hostFlags & _c.Append) != 0) flags |= FdFlags.Append;
        if ((hostFlags & _c.NonBlock) != 0) flags |= FdFlags.NonBlock;
        // O_RSYNC is O_SYNC on Linux and absent on macOS, where path_open asks O_SYNC for it.
        if ((hostFlags & _c.Sync) == _c.Sync) flags |= FdFlags.Sync | FdFlags.Rsync;
        else if ((hostFlags & _c.DSync) != 0) flags |= FdFlags.Dsync;
        return Errno.Success;
    }

    public Errno SetFlags(long handle, FdFlags flags)
    {
        // F_SETFL changes only O_APPEND and O_NONBLOCK on Linux; the sync flags are fixed at open (on every host, so
        // that a guest sees the same behaviour everywhere).
        if ((flags & (FdFlags.Dsync | FdFlags.Rsync | FdFlags.Sync)) != 0) return Errno.NotSup;
        int hostFlags = HostFcntl((int)handle, F_GETFL, 0);
        if (hostFlags < 0) return LastErrno();
        hostFlags &= ~(_c.Append | _c.NonBlock);
        hostFlags |= HostFdFlags(flags);
        return HostFcntl((int)handle, F_SETFL, hostFlags) < 0 ? LastErrno() : Errno.Success;
    }

    private int HostFdFlags(FdFlags flags)
    {
        int result = 0;
        if (flags.HasFlag(FdFlags.Append)) result |= _c.Append;
        if (flags.HasFlag(FdFlags.NonBlock)) result |= _c.NonBlock;
        if (flags.HasFlag(FdFlags.Dsync)) result |= _c.DSync;
        if (flags.HasFlag(FdFlags.Sync) || flags.HasFlag(FdFlags.Rsync)) result |= _c.Sync;
        return result;
    }

    public Errno Sync(long handle) => fsync((int)handle) < 0 ? LastErrno() : Errno.Success;
    public abstract Errno DataSync(long handle);
    public abstract Errno Advise(long handle, ulong offset, ulong length, Advice advice);
    public abstract Errno Allocate(long handle, ulong offset, ulong length);

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
        return utimensat((int)directory, name, times, _c.AtSymlinkNoFollow) < 0 ? LastErrno() : Errno.Success;
    }

    private Timespec TimeOf(ulong nanoseconds, bool set, bool now) =>
        now ? new Timespec { Seconds = 0, Nanoseconds = (nint)_c.UtimeNow }
        : set ? new Timespec { Seconds = (nint)(nanoseconds / 1_000_000_000), Nanoseconds = (nint)(nanoseconds % 1_000_000_000) }
        : new Timespec { Seconds = 0, Nanoseconds = (nint)_c.UtimeOmit };

    /// <summary>struct timespec: two longs on the 64-bit hosts this runs on (Linux and macOS alike).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public nint Seconds;
        public nint Nanoseconds;
    }

    public Errno ReadDirectory(long handle, List<DirectoryEntry> entries)
    {
        // A fresh descriptor for the listing, so the directory's own descriptor keeps no hidden position.
        int fd = HostOpenAt((int)handle, ".", O_RDONLY | _c.Directory | _c.CloExec, 0);
        if (fd < 0) return LastErrno();
        nint dir = OpenDirectoryStream(fd);
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
                byte* entry = NextDirectoryEntry(dir);
                if (entry == null)
                {
                    int error = Marshal.GetLastPInvokeError();
                    return error == 0 ? Errno.Success : FromHostErrno(error);
                }
                if (!TryReadDirectoryEntry(entry, out ulong inode, out byte type, out var name)) continue;
                string text = Encoding.UTF8.GetString(name);
                var filetype = FiletypeOfDirentType(type);
                if (type == 0 && StatAt(handle, text, out var stat) == Errno.Success) filetype = stat.Filetype;
                entries.Add(new DirectoryEntry(text, inode, filetype));
            }
        }
        finally
        {
            CloseDirectoryStream(dir);
        }
    }

    /// <summary>fdopendir(3): a DIR* that takes over <paramref name="fd"/>; 0 on failure.</summary>
    protected abstract nint OpenDirectoryStream(int fd);

    /// <summary>readdir(3): the next <c>struct dirent</c>, or null at the end (errno 0) or on failure.</summary>
    protected abstract byte* NextDirectoryEntry(nint dir);

    protected abstract void CloseDirectoryStream(nint dir);

    /// <summary>
    /// The inode, d_type and name of a <c>struct dirent</c> returned by <see cref="NextDirectoryEntry"/>; false for a
    /// record that does not hold together, which the listing skips.
    /// </summary>
    protected abstract bool TryReadDirectoryEntry(byte* entry, out ulong inode, out byte type, out ReadOnlySpan<byte> name);

    public Errno CreateDirectoryAt(long directory, string name) =>
        mkdirat((int)directory, name, 0x1ff /* 0777, less the umask */) < 0 ? LastErrno() : Errno.Success;

    public Errno RemoveDirectoryAt(long directory, string name) =>
        unlinkat((int)directory, name, _c.AtRemoveDir) < 0 ? LastErrno() : Errno.Success;

    public Errno UnlinkFileAt(long directory, string name)
    {
        if (unlinkat((int)directory, name, 0) >= 0) return Errno.Success;
        var error = LastErrno();
        // POSIX allows EPERM for unlinking a directory (macOS gives it); WASI (like Linux for most callers' expectations) says EISDIR.
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

    /// <summary>openat(2), which is variadic in C: how the mode reaches it depends on the host's calling convention.</summary>
    protected abstract int HostOpenAt(int dirfd, string path, int flags, int mode);

    /// <summary>fcntl(2) with an integer argument, which is variadic in C (see <see cref="HostOpenAt"/>).</summary>
    protected abstract int HostFcntl(int fd, int command, int argument);

    /// <summary>The WASI errno of a host errno.</summary>
    protected abstract Errno FromHostErrno(int error);

    protected Errno LastErrno() => FromHostErrno(Marshal.GetLastPInvokeError());

    private Errno Result(int fd, out long handle)
    {
        handle = fd;
        return fd < 0 ? LastErrno() : Errno.Success;
    }

    private Errno Count(nint n, out int count)
    {
        count = n < 0 ? 0 : (int)n;
        return n < 0 ? LastErrno() : Errno.Success;
    }

    // The calls below have the same C prototype and meaning on Linux and macOS, and none is variadic.
    private const string Libc = "libc";

    [LibraryImport(Libc, SetLastError = true)]
    private static partial int close(int fd);

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

    [LibraryImport(Libc, SetLastError = true)]
    private static partial int fsync(int fd);

    [LibraryImport(Libc, SetLastError = true)]
    protected static partial int ftruncate(int fd, long length);

    [LibraryImport(Libc, SetLastError = true)]
    private static partial int futimens(int fd, Timespec* times);

    [LibraryImport(Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int utimensat(int dirfd, string path, Timespec* times, int flags);

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
