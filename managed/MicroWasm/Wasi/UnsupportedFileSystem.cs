namespace MicroWasm.Wasi;

/// <summary>
/// The file system of hosts without a WASI port yet: any use is a clear error for the embedder, not a wrong errno for the guest.
/// <see cref="WasiContext"/> uses it only when there are preopened directories to serve, so stdio, clocks and the rest still work.
/// </summary>
internal sealed class UnsupportedFileSystem : IHostFileSystem
{
    public static readonly UnsupportedFileSystem Instance = new();

    private static UnsupportedFeatureException Unsupported() =>
        new($"WASI file system access on {System.Runtime.InteropServices.RuntimeInformation.OSDescription} (Linux, macOS and Windows are ported)");

    public Errno OpenPreopen(string hostPath, out long handle) => throw Unsupported();
    public Errno OpenDirectoryForLookup(long directory, string name, out long handle) => throw Unsupported();
    public Errno OpenAt(long directory, string name, OFlags oflags, FdFlags fdflags, bool read, bool write, out long handle) => throw Unsupported();
    public Errno ReadLinkAt(long directory, string name, out byte[] target) => throw Unsupported();
    public Errno Duplicate(long handle, out long duplicate) => throw Unsupported();
    public Errno Close(long handle) => throw Unsupported();
    public Errno Read(long handle, Span<byte> buffer, out int read) => throw Unsupported();
    public Errno Write(long handle, ReadOnlySpan<byte> buffer, out int written) => throw Unsupported();
    public Errno ReadAt(long handle, Span<byte> buffer, ulong offset, out int read) => throw Unsupported();
    public Errno WriteAt(long handle, ReadOnlySpan<byte> buffer, ulong offset, out int written) => throw Unsupported();
    public Errno Seek(long handle, long offset, Whence whence, out ulong newOffset) => throw Unsupported();
    public Errno Stat(long handle, out FileStat stat) => throw Unsupported();
    public Errno StatAt(long directory, string name, out FileStat stat) => throw Unsupported();
    public Errno GetFlags(long handle, out FdFlags flags) => throw Unsupported();
    public Errno SetFlags(long handle, FdFlags flags) => throw Unsupported();
    public Errno Sync(long handle) => throw Unsupported();
    public Errno DataSync(long handle) => throw Unsupported();
    public Errno Advise(long handle, ulong offset, ulong length, Advice advice) => throw Unsupported();
    public Errno Allocate(long handle, ulong offset, ulong length) => throw Unsupported();
    public Errno SetSize(long handle, ulong size) => throw Unsupported();
    public Errno SetTimes(long handle, ulong accessTime, ulong modificationTime, FstFlags flags) => throw Unsupported();
    public Errno SetTimesAt(long directory, string name, ulong accessTime, ulong modificationTime, FstFlags flags) => throw Unsupported();
    public Errno ReadDirectory(long handle, List<DirectoryEntry> entries) => throw Unsupported();
    public Errno CreateDirectoryAt(long directory, string name) => throw Unsupported();
    public Errno RemoveDirectoryAt(long directory, string name) => throw Unsupported();
    public Errno UnlinkFileAt(long directory, string name) => throw Unsupported();
    public Errno RenameAt(long oldDirectory, string oldName, long newDirectory, string newName) => throw Unsupported();
    public Errno LinkAt(long oldDirectory, string oldName, long newDirectory, string newName) => throw Unsupported();
    public Errno SymlinkAt(string target, long directory, string name) => throw Unsupported();
    public bool IsReadReady(long handle) => throw Unsupported();
}
