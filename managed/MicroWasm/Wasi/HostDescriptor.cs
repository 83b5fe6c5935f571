namespace MicroWasm.Wasi;

/// <summary>A file or directory of the host, held by its host handle (see <see cref="IHostFileSystem"/>).</summary>
internal sealed class HostDescriptor(IHostFileSystem fileSystem, long handle, Filetype filetype, string? preopenName = null) : FileDescriptor
{
    public IHostFileSystem FileSystem { get; } = fileSystem;
    public long Handle { get; } = handle;
    public override Filetype Filetype { get; } = filetype;

    /// <summary>The guest's name for a preopened directory (fd_prestat_dir_name); null for what the guest opened itself.</summary>
    public string? PreopenName { get; } = preopenName;

    public bool IsDirectory => Filetype == Filetype.Directory;

    public override Errno Read(Span<byte> buffer, out int read) => FileSystem.Read(Handle, buffer, out read);

    public override Errno Write(ReadOnlySpan<byte> buffer, out int written) => FileSystem.Write(Handle, buffer, out written);

    public override bool IsReadReady(out ulong available)
    {
        available = 0;
        if (Filetype == Filetype.RegularFile)
        {
            // A regular file is always ready (POSIX poll); what is left is its size past the current offset.
            if (FileSystem.Stat(Handle, out var stat) == Errno.Success && FileSystem.Seek(Handle, 0, Whence.Cur, out ulong position) == Errno.Success)
                available = stat.Size > position ? stat.Size - position : 0;
            return true;
        }
        return FileSystem.IsReadReady(Handle);
    }

    public override void Dispose() => FileSystem.Close(Handle);
}
