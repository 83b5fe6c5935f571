namespace MicroWasm.Wasi;

// path_*: operations on names relative to a directory descriptor, every one resolved by SandboxedPath.
public sealed partial class WasiContext
{
    /// <summary>A resolved path: the directory holding its last component (a host handle to close) and that component.</summary>
    private readonly record struct ResolvedPath(IHostFileSystem FileSystem, long Parent, string Name, bool MustBeDirectory) : IDisposable
    {
        public void Dispose() => FileSystem.Close(Parent);
    }

    private ResolvedPath Resolve(HostDescriptor directory, uint pathPointer, uint pathLength, bool followLast)
    {
        string path = GuestMemory.ReadString(pathPointer, pathLength);
        Check(SandboxedPath.Resolve(directory.FileSystem, directory.Handle, path, followLast, out long parent, out string name, out bool mustBeDirectory));
        return new ResolvedPath(directory.FileSystem, parent, name, mustBeDirectory);
    }

    /// <summary>ENOTDIR unless the resolved name is a directory (ENOENT when it does not exist): what a trailing '/' asks.</summary>
    private Errno RequireDirectory(in ResolvedPath resolved)
    {
        var error = _fileSystem.StatAt(resolved.Parent, resolved.Name, out var stat);
        if (error != Errno.Success) return error;
        return stat.Filetype == Filetype.Directory ? Errno.Success : Errno.NotDir;
    }

    /// <summary>A new name given with a trailing '/' for something that is not a directory: EEXIST if taken, else ENOENT (Linux).</summary>
    private Errno NewNameWithSlash(in ResolvedPath resolved) =>
        _fileSystem.StatAt(resolved.Parent, resolved.Name, out _) == Errno.Success ? Errno.Exist : Errno.NoEnt;

    internal Errno PathCreateDirectory(uint fd, uint path, uint pathLength)
    {
        var directory = GetDirectory(fd, Rights.PathCreateDirectory);
        using var resolved = Resolve(directory, path, pathLength, followLast: false);
        return _fileSystem.CreateDirectoryAt(resolved.Parent, resolved.Name);
    }

    internal Errno PathFilestatGet(uint fd, uint lookupFlags, uint path, uint pathLength, uint statPointer)
    {
        var directory = GetDirectory(fd, Rights.PathFilestatGet);
        using var resolved = Resolve(directory, path, pathLength, Follows(lookupFlags));
        Check(_fileSystem.StatAt(resolved.Parent, resolved.Name, out var stat));
        if (resolved.MustBeDirectory && stat.Filetype != Filetype.Directory) return Errno.NotDir;
        stat.WriteTo(GuestMemory, statPointer);
        return Errno.Success;
    }

    internal Errno PathFilestatSetTimes(uint fd, uint lookupFlags, uint path, uint pathLength, ulong accessTime, ulong modificationTime, uint flags)
    {
        var directory = GetDirectory(fd, Rights.PathFilestatSetTimes);
        if (!ValidTimeFlags(flags)) return Errno.Inval;
        using var resolved = Resolve(directory, path, pathLength, Follows(lookupFlags));
        if (resolved.MustBeDirectory) Check(RequireDirectory(resolved));
        return _fileSystem.SetTimesAt(resolved.Parent, resolved.Name, accessTime, modificationTime, (FstFlags)flags);
    }

    internal Errno PathLink(uint oldFd, uint oldLookupFlags, uint oldPath, uint oldPathLength, uint newFd, uint newPath, uint newPathLength)
    {
        var oldDirectory = GetDirectory(oldFd, Rights.PathLinkSource);
        var newDirectory = GetDirectory(newFd, Rights.PathLinkTarget);
        using var source = Resolve(oldDirectory, oldPath, oldPathLength, Follows(oldLookupFlags));
        using var target = Resolve(newDirectory, newPath, newPathLength, followLast: false);
        if (source.MustBeDirectory) Check(RequireDirectory(source)); // then linkat refuses the directory (EPERM)
        if (target.MustBeDirectory) return NewNameWithSlash(target);
        return _fileSystem.LinkAt(source.Parent, source.Name, target.Parent, target.Name);
    }

    /// <summary>
    /// path_open. The rights asked for are trimmed to what the directory may hand down and to what the opened kind of file
    /// can do (witx allows fewer rights "if and only if those rights do not apply to the type of file being opened"); the
    /// host open mode follows from them, as wasi-libc derives them from O_RDONLY/O_WRONLY/O_RDWR.
    /// </summary>
    internal Errno PathOpen(uint fd, uint lookupFlags, uint path, uint pathLength, uint oflags, ulong rightsBase, ulong rightsInheriting, uint fdflags, uint fdPointer)
    {
        var directory = GetDirectory(fd, Rights.PathOpen);
        if (oflags > 0xf || fdflags > 0x1f) return Errno.Inval;
        var open = (OFlags)oflags;
        var flags = (FdFlags)fdflags;
        if (open.HasFlag(OFlags.Creat) && (directory.Base & Rights.PathCreateFile) == 0) return Errno.NotCapable;
        if (open.HasFlag(OFlags.Trunc) && (directory.Base & Rights.PathFilestatSetSize) == 0) return Errno.NotCapable;
        var requested = (Rights)rightsBase & directory.Inheriting;
        var inheriting = (Rights)rightsInheriting & directory.Inheriting;
        bool read = (requested & (Rights.FdRead | Rights.FdReaddir)) != 0;
        bool write = (requested & (Rights.FdDatasync | Rights.FdWrite | Rights.FdAllocate | Rights.FdFilestatSetSize)) != 0
            || flags.HasFlag(FdFlags.Append) || open.HasFlag(OFlags.Trunc);
        GuestMemory.Slice(fdPointer, 4);

        using var resolved = Resolve(directory, path, pathLength, Follows(lookupFlags));
        if (resolved.MustBeDirectory)
        {
            if (open.HasFlag(OFlags.Creat)) return Errno.IsDir; // open("name/", O_CREAT) on Linux
            open |= OFlags.Directory;
        }
        // A directory is read (its entries), never written: asked for writing (O_WRONLY, O_RDWR, with or without
        // O_DIRECTORY) it is EISDIR, as on Linux and Wasmtime; wasi-libc's opendir asks read rights only.
        if (open.HasFlag(OFlags.Directory)) read = true;
        var error = _fileSystem.OpenAt(resolved.Parent, resolved.Name, open, flags, read, write, out long handle);
        if (error != Errno.Success) return error;

        var statError = _fileSystem.Stat(handle, out var stat);
        if (statError == Errno.Success && write && stat.Filetype == Filetype.Directory) statError = Errno.IsDir; // a port that opened it
        if (statError != Errno.Success)
        {
            _fileSystem.Close(handle);
            return statError;
        }
        var descriptor = new HostDescriptor(_fileSystem, handle, stat.Filetype);
        if (stat.Filetype == Filetype.Directory)
        {
            descriptor.Base = requested & Rights.Directory;
            descriptor.Inheriting = inheriting;
        }
        else
        {
            descriptor.Base = requested & Rights.RegularFile;
            if (!read) descriptor.Base &= ~Rights.FdRead;
            if (!write) descriptor.Base &= ~(Rights.FdWrite | Rights.FdDatasync | Rights.FdAllocate | Rights.FdFilestatSetSize);
            descriptor.Inheriting = Rights.None;
        }
        GuestMemory.WriteU32(fdPointer, Add(descriptor));
        return Errno.Success;
    }

    internal Errno PathReadlink(uint fd, uint path, uint pathLength, uint buffer, uint bufferLength, uint usedPointer)
    {
        var directory = GetDirectory(fd, Rights.PathReadlink);
        var memory = GuestMemory;
        var destination = memory.Slice(buffer, bufferLength);
        memory.Slice(usedPointer, 4);
        using var resolved = Resolve(directory, path, pathLength, followLast: false);
        Check(_fileSystem.ReadLinkAt(resolved.Parent, resolved.Name, out byte[] target));
        // Like readlink(2), a short buffer gets the start of the target.
        int n = CopyTruncated(target, destination);
        memory.WriteU32(usedPointer, (uint)n);
        return Errno.Success;
    }

    internal Errno PathRemoveDirectory(uint fd, uint path, uint pathLength)
    {
        var directory = GetDirectory(fd, Rights.PathRemoveDirectory);
        using var resolved = Resolve(directory, path, pathLength, followLast: false);
        return _fileSystem.RemoveDirectoryAt(resolved.Parent, resolved.Name);
    }

    internal Errno PathRename(uint fd, uint oldPath, uint oldPathLength, uint newFd, uint newPath, uint newPathLength)
    {
        var oldDirectory = GetDirectory(fd, Rights.PathRenameSource);
        var newDirectory = GetDirectory(newFd, Rights.PathRenameTarget);
        using var source = Resolve(oldDirectory, oldPath, oldPathLength, followLast: false);
        using var target = Resolve(newDirectory, newPath, newPathLength, followLast: false);
        // "a/" or "b/" on either side: only a directory moves (onto a file, renameat itself says ENOTDIR).
        if (source.MustBeDirectory || target.MustBeDirectory) Check(RequireDirectory(source));
        return _fileSystem.RenameAt(source.Parent, source.Name, target.Parent, target.Name);
    }

    /// <summary>
    /// path_symlink. An absolute target is refused (ENOTCAPABLE): the sandbox never follows one, and a link pointing at a
    /// host path would be a trap for whatever on the host reads the directory later.
    /// </summary>
    internal Errno PathSymlink(uint oldPath, uint oldPathLength, uint fd, uint newPath, uint newPathLength)
    {
        var directory = GetDirectory(fd, Rights.PathSymlink);
        string target = GuestMemory.ReadString(oldPath, oldPathLength);
        if (target.StartsWith('/')) return Errno.NotCapable;
        if (target.Length == 0) return Errno.NoEnt;
        using var resolved = Resolve(directory, newPath, newPathLength, followLast: false);
        if (resolved.MustBeDirectory) return NewNameWithSlash(resolved);
        return _fileSystem.SymlinkAt(target, resolved.Parent, resolved.Name);
    }

    internal Errno PathUnlinkFile(uint fd, uint path, uint pathLength)
    {
        var directory = GetDirectory(fd, Rights.PathUnlinkFile);
        using var resolved = Resolve(directory, path, pathLength, followLast: false);
        if (resolved.MustBeDirectory)
        {
            // "name/" asks for a directory, which unlink never removes.
            Check(_fileSystem.StatAt(resolved.Parent, resolved.Name, out var stat));
            return stat.Filetype == Filetype.Directory ? Errno.IsDir : Errno.NotDir;
        }
        return _fileSystem.UnlinkFileAt(resolved.Parent, resolved.Name);
    }

    private static bool Follows(uint lookupFlags) => ((LookupFlags)lookupFlags).HasFlag(LookupFlags.SymlinkFollow);
}
