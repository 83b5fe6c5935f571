namespace MicroWasm.Wasi;

/// <summary>
/// The operating-system side of WASI's file system: descriptor-relative ("*at") calls on host handles. Every name passed here
/// is a single path component (no '/'), already checked by <see cref="SandboxedPath"/>; the implementation must not follow a
/// symbolic link in it, so that a link swapped in after the check cannot lead outside the sandbox.
/// </summary>
/// <remarks>
/// Handles are the host's descriptors as 64-bit numbers (a file descriptor on POSIX hosts; a HANDLE on Windows).
/// <see cref="LinuxFileSystem"/> is the reference; <see cref="DarwinFileSystem"/> shares its code (<see cref="PosixFileSystem"/>);
/// <see cref="WindowsFileSystem"/> joins checked names under a held directory's path; <see cref="UnsupportedFileSystem"/>
/// serves hosts without a port. <see cref="HostFileSystem"/> picks one.
/// </remarks>
internal interface IHostFileSystem
{
    /// <summary>Opens a host directory given by the embedder (a preopen).</summary>
    Errno OpenPreopen(string hostPath, out long handle);

    /// <summary>Opens <paramref name="name"/> in <paramref name="directory"/> for the path walk: a directory, not followed if a link.</summary>
    Errno OpenDirectoryForLookup(long directory, string name, out long handle);

    /// <summary>Opens <paramref name="name"/> in <paramref name="directory"/> as path_open asks, never following a link in it.</summary>
    Errno OpenAt(long directory, string name, OFlags oflags, FdFlags fdflags, bool read, bool write, out long handle);

    /// <summary>The target of the link <paramref name="name"/>; <see cref="Errno.Inval"/> when it is not a link.</summary>
    Errno ReadLinkAt(long directory, string name, out byte[] target);

    Errno Duplicate(long handle, out long duplicate);
    Errno Close(long handle);

    Errno Read(long handle, Span<byte> buffer, out int read);
    Errno Write(long handle, ReadOnlySpan<byte> buffer, out int written);
    Errno ReadAt(long handle, Span<byte> buffer, ulong offset, out int read);
    Errno WriteAt(long handle, ReadOnlySpan<byte> buffer, ulong offset, out int written);
    Errno Seek(long handle, long offset, Whence whence, out ulong newOffset);

    Errno Stat(long handle, out FileStat stat);
    Errno StatAt(long directory, string name, out FileStat stat);
    Errno GetFlags(long handle, out FdFlags flags);
    Errno SetFlags(long handle, FdFlags flags);

    Errno Sync(long handle);
    Errno DataSync(long handle);
    Errno Advise(long handle, ulong offset, ulong length, Advice advice);
    Errno Allocate(long handle, ulong offset, ulong length);
    Errno SetSize(long handle, ulong size);
    Errno SetTimes(long handle, ulong accessTime, ulong modificationTime, FstFlags flags);
    Errno SetTimesAt(long directory, string name, ulong accessTime, ulong modificationTime, FstFlags flags);

    /// <summary>Every entry of the directory, "." and ".." included, in the host's order (stable while the directory is unchanged).</summary>
    Errno ReadDirectory(long handle, List<DirectoryEntry> entries);

    Errno CreateDirectoryAt(long directory, string name);
    Errno RemoveDirectoryAt(long directory, string name);
    Errno UnlinkFileAt(long directory, string name);
    Errno RenameAt(long oldDirectory, string oldName, long newDirectory, string newName);
    Errno LinkAt(long oldDirectory, string oldName, long newDirectory, string newName);
    Errno SymlinkAt(string target, long directory, string name);

    /// <summary>Whether a read on the handle would not block (poll_oneoff).</summary>
    bool IsReadReady(long handle);
}
