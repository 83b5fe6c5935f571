using System.Runtime.InteropServices;
using System.Text;
using MicroWasm.Runtime;

namespace MicroWasm.Wasi;

/// <summary>
/// <see cref="IHostFileSystem"/> on Windows, on Win32 file handles. Win32 has no "*at" calls, so a name is opened by its
/// full path: the directory handle's current path (GetFinalPathNameByHandleW, in its <c>\\?\</c> form, which Win32 takes
/// literally) joined with one component that <see cref="WindowsPath.CheckName"/> has found to be a plain name. The rules
/// of <see cref="SandboxedPath"/> hold as on POSIX:
/// <list type="bullet">
/// <item>nothing is followed: every open has FILE_FLAG_OPEN_REPARSE_POINT, and a symbolic link or junction (a
/// name-surrogate reparse point) met where a file or directory was asked is ELOOP, as O_NOFOLLOW makes it;</item>
/// <item>the walk's directories and the preopens are held without FILE_SHARE_DELETE, so they cannot be renamed or
/// deleted, and a link put in their place, while a path joined under them is in use;</item>
/// <item>a name that Win32 would read as more than a name (a '\', a drive or stream ':', a device such as NUL) never
/// reaches it.</item>
/// </list>
/// POSIX state that Windows keeps nowhere (append mode, the fdflags) is kept here per handle.
/// </summary>
/// <remarks>
/// Written from Microsoft's documentation and compiled for win-x64; never run on Windows (see ports/windows-x64/README.md).
/// The name rules, the error mapping and the record readers are checked by tests on Linux.
/// </remarks>
internal sealed unsafe partial class WindowsFileSystem : IHostFileSystem
{
    public static readonly WindowsFileSystem Instance = new();

    private const uint GENERIC_READ = 0x80000000, GENERIC_WRITE = 0x40000000;
    private const uint FILE_READ_ATTRIBUTES = 0x80, FILE_WRITE_ATTRIBUTES = 0x100;
    private const uint FILE_SHARE_READ = 1, FILE_SHARE_WRITE = 2, FILE_SHARE_DELETE = 4;
    private const uint CREATE_NEW = 1, OPEN_EXISTING = 3, OPEN_ALWAYS = 4;
    private const uint FILE_FLAG_BACKUP_SEMANTICS = 0x02000000, FILE_FLAG_OPEN_REPARSE_POINT = 0x00200000;
    private const uint FILE_FLAG_WRITE_THROUGH = 0x80000000;
    private const uint FILE_BEGIN = 0, FILE_CURRENT = 1;
    private const int FileBasicInfo = 0, FileEndOfFileInfo = 6, FileAttributeTagInfo = 9;
    private const int FileIdBothDirectoryInfo = 10, FileIdBothDirectoryRestartInfo = 11;
    private const uint FSCTL_GET_REPARSE_POINT = 0x000900A8;
    private const int MAXIMUM_REPARSE_DATA_BUFFER_SIZE = 16 * 1024;
    private const uint MOVEFILE_REPLACE_EXISTING = 1;
    private const uint SYMBOLIC_LINK_FLAG_DIRECTORY = 1, SYMBOLIC_LINK_FLAG_ALLOW_UNPRIVILEGED_CREATE = 2;
    private const uint DUPLICATE_SAME_ACCESS = 2;
    private const uint FILE_TYPE_PIPE = 3;
    private const uint FILE_ATTRIBUTE_DIRECTORY = WindowsFileRecords.FILE_ATTRIBUTE_DIRECTORY;
    private const uint FILE_ATTRIBUTE_REPARSE_POINT = WindowsFileRecords.FILE_ATTRIBUTE_REPARSE_POINT;
    private static readonly nint InvalidHandle = -1;
    private static readonly nint CurrentProcess = -1;

    /// <summary>Directories the sandbox relies on (preopens, the walk's): not shared for deletion, so not renamable while held.</summary>
    private const uint SharePinned = FILE_SHARE_READ | FILE_SHARE_WRITE;

    /// <summary>Everything else, as POSIX descriptors share: others may read, write, rename and unlink it meanwhile.</summary>
    private const uint ShareAll = FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE;

    /// <summary>The fdflags of handles that have some (append, non-blocking, sync), which POSIX keeps in the open file.</summary>
    private readonly Dictionary<long, FdFlags> _flags = [];
    private readonly Lock _flagsLock = new();

    private WindowsFileSystem()
    {
    }

    /// <summary>CreateFileW's disposition for path_open's oflags; O_TRUNC is applied after the checks (see <see cref="OpenAt"/>).</summary>
    internal static uint DispositionOf(OFlags oflags) =>
        !oflags.HasFlag(OFlags.Creat) ? OPEN_EXISTING
        : oflags.HasFlag(OFlags.Excl) ? CREATE_NEW
        : OPEN_ALWAYS;

    public Errno OpenPreopen(string hostPath, out long handle)
    {
        // The embedder's path is trusted and may go through links; only what the guest names is checked.
        handle = -1;
        nint h = CreateFileW(hostPath, GENERIC_READ, SharePinned, 0, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, 0);
        if (h == InvalidHandle) return LastErrno();
        var error = QueryAttributes(h, out uint attributes, out _);
        if (error == Errno.Success && (attributes & FILE_ATTRIBUTE_DIRECTORY) == 0) error = Errno.NotDir;
        return Keep(h, error, out handle);
    }

    public Errno OpenDirectoryForLookup(long directory, string name, out long handle)
    {
        handle = -1;
        var error = OpenName(directory, name, FILE_READ_ATTRIBUTES, SharePinned, OPEN_EXISTING,
            FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OPEN_REPARSE_POINT, out nint h);
        if (error != Errno.Success) return error;
        error = QueryAttributes(h, out uint attributes, out uint tag);
        if (error == Errno.Success)
        {
            if (IsLink(attributes, tag)) error = Errno.Loop;
            else if ((attributes & FILE_ATTRIBUTE_DIRECTORY) == 0) error = Errno.NotDir;
        }
        return Keep(h, error, out handle);
    }

    /// <remarks>
    /// O_TRUNC is not CREATE_ALWAYS/TRUNCATE_EXISTING: those would act before the checks, on a link or a directory too;
    /// the file is cut to zero once it is known to be a file. A reparse point that is not a link (a deduplicated or cloud
    /// file) is opened again through to its data, and must still be the same file (same volume and file index), so that
    /// a link swapped in meanwhile is not followed.
    /// </remarks>
    public Errno OpenAt(long directory, string name, OFlags oflags, FdFlags fdflags, bool read, bool write, out long handle)
    {
        handle = -1;
        if (oflags.HasFlag(OFlags.Creat) && oflags.HasFlag(OFlags.Directory)) return Errno.Inval; // As Linux says of O_CREAT|O_DIRECTORY.
        uint access = FILE_READ_ATTRIBUTES | (read || !write ? GENERIC_READ : 0) | (write ? GENERIC_WRITE : 0);
        bool sync = (fdflags & (FdFlags.Dsync | FdFlags.Rsync | FdFlags.Sync)) != 0;
        uint flags = FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OPEN_REPARSE_POINT | (sync ? FILE_FLAG_WRITE_THROUGH : 0);
        var error = OpenName(directory, name, access, ShareAll, DispositionOf(oflags), flags, out nint h);
        if (error != Errno.Success) return error;

        error = QueryAttributes(h, out uint attributes, out uint tag);
        if (error == Errno.Success && (attributes & FILE_ATTRIBUTE_REPARSE_POINT) != 0)
        {
            if (WindowsFileRecords.IsNameSurrogate(tag)) error = Errno.Loop;
            else error = ReopenThrough(directory, name, access, flags & ~FILE_FLAG_OPEN_REPARSE_POINT, ref h, out attributes);
        }
        if (error == Errno.Success)
        {
            bool isDirectory = (attributes & FILE_ATTRIBUTE_DIRECTORY) != 0;
            if (oflags.HasFlag(OFlags.Directory) && !isDirectory) error = Errno.NotDir;
            else if (isDirectory && write) error = Errno.IsDir;
            else if (oflags.HasFlag(OFlags.Trunc) && !isDirectory) error = SetFileSize(h, 0);
        }
        error = Keep(h, error, out handle);
        if (error != Errno.Success) return error;

        // As a POSIX host reports them back: O_RSYNC is O_SYNC.
        var kept = fdflags & (FdFlags.Append | FdFlags.NonBlock | FdFlags.Dsync);
        if ((fdflags & (FdFlags.Sync | FdFlags.Rsync)) != 0) kept |= FdFlags.Sync | FdFlags.Rsync;
        if (kept != FdFlags.None)
            lock (_flagsLock)
            {
                using var held = RaceDetector.Holding(_flagsLock);
                _flags[handle] = kept;
            }
        return Errno.Success;
    }

    private Errno ReopenThrough(long directory, string name, uint access, uint flags, ref nint h, out uint attributes)
    {
        attributes = 0;
        var error = OpenName(directory, name, access, ShareAll, OPEN_EXISTING, flags, out nint through);
        if (error != Errno.Success) return error;
        if (!SameFile(h, through, out error))
        {
            CloseHandle(through);
            return error == Errno.Success ? Errno.Loop : error;
        }
        CloseHandle(h);
        h = through;
        return QueryAttributes(h, out attributes, out _);
    }

    private static bool SameFile(nint a, nint b, out Errno error)
    {
        byte* first = stackalloc byte[WindowsFileRecords.ByHandleFileInformationSize];
        byte* second = stackalloc byte[WindowsFileRecords.ByHandleFileInformationSize];
        if (GetFileInformationByHandle(a, first) == 0 || GetFileInformationByHandle(b, second) == 0)
        {
            error = LastErrno();
            return false;
        }
        error = Errno.Success;
        // dwVolumeSerialNumber @28, nFileIndexHigh @44, nFileIndexLow @48.
        return *(uint*)(first + 28) == *(uint*)(second + 28) && *(ulong*)(first + 44) == *(ulong*)(second + 44);
    }

    public Errno ReadLinkAt(long directory, string name, out byte[] target)
    {
        target = [];
        var error = OpenName(directory, name, FILE_READ_ATTRIBUTES, ShareAll, OPEN_EXISTING,
            FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OPEN_REPARSE_POINT, out nint h);
        if (error != Errno.Success) return error;
        try
        {
            error = QueryAttributes(h, out uint attributes, out _);
            if (error != Errno.Success) return error;
            if ((attributes & FILE_ATTRIBUTE_REPARSE_POINT) == 0) return Errno.Inval; // Not a link, as readlink says.
            var buffer = new byte[MAXIMUM_REPARSE_DATA_BUFFER_SIZE];
            uint returned = 0;
            fixed (byte* p = buffer)
            {
                if (DeviceIoControl(h, FSCTL_GET_REPARSE_POINT, null, 0, p, (uint)buffer.Length, &returned, null) == 0)
                    return LastErrno();
            }
            error = WindowsFileRecords.ReadLinkTarget(buffer.AsSpan(0, (int)returned), out string text);
            if (error != Errno.Success) return error;
            target = Encoding.UTF8.GetBytes(text);
            return Errno.Success;
        }
        finally
        {
            CloseHandle(h);
        }
    }

    public Errno Duplicate(long handle, out long duplicate)
    {
        duplicate = -1;
        nint copy;
        if (DuplicateHandle(CurrentProcess, (nint)handle, CurrentProcess, &copy, 0, 0, DUPLICATE_SAME_ACCESS) == 0) return LastErrno();
        duplicate = copy;
        lock (_flagsLock)
        {
            using var held = RaceDetector.Holding(_flagsLock);
            if (_flags.TryGetValue(handle, out var flags)) _flags[duplicate] = flags;
        }
        return Errno.Success;
    }

    public Errno Close(long handle)
    {
        lock (_flagsLock)
        {
            using var held = RaceDetector.Holding(_flagsLock);
            _flags.Remove(handle);
        }
        return CloseHandle((nint)handle) == 0 ? LastErrno() : Errno.Success;
    }

    public Errno Read(long handle, Span<byte> buffer, out int read)
    {
        uint n = 0;
        int ok;
        fixed (byte* p = buffer) ok = ReadFile((nint)handle, p, (uint)buffer.Length, &n, null);
        read = (int)n;
        return ok != 0 ? Errno.Success : EndOfDataOrError(Marshal.GetLastPInvokeError());
    }

    public Errno Write(long handle, ReadOnlySpan<byte> buffer, out int written)
    {
        uint n = 0;
        int ok;
        fixed (byte* p = buffer)
        {
            if (FlagsOf(handle).HasFlag(FdFlags.Append))
            {
                // Offset 0xFFFFFFFF:0xFFFFFFFF writes at the end of the file, atomically, as FILE_APPEND_DATA-only access would.
                var overlapped = new Overlapped { Offset = uint.MaxValue, OffsetHigh = uint.MaxValue };
                ok = WriteFile((nint)handle, p, (uint)buffer.Length, &n, &overlapped);
            }
            else
            {
                ok = WriteFile((nint)handle, p, (uint)buffer.Length, &n, null);
            }
        }
        written = (int)n;
        return ok != 0 ? Errno.Success : LastErrno();
    }

    public Errno ReadAt(long handle, Span<byte> buffer, ulong offset, out int read)
    {
        fixed (byte* p = buffer) return Positional((nint)handle, p, buffer.Length, offset, false, out read);
    }

    public Errno WriteAt(long handle, ReadOnlySpan<byte> buffer, ulong offset, out int written)
    {
        fixed (byte* p = buffer) return Positional((nint)handle, p, buffer.Length, offset, true, out written);
    }

    /// <summary>pread/pwrite: an I/O at an offset on a synchronous handle moves the file pointer, which POSIX's do not, so it is put back.</summary>
    private static Errno Positional(nint handle, byte* buffer, int length, ulong offset, bool write, out int transferred)
    {
        transferred = 0;
        long saved;
        if (SetFilePointerEx(handle, 0, &saved, FILE_CURRENT) == 0) return LastErrno();
        var overlapped = new Overlapped { Offset = (uint)offset, OffsetHigh = (uint)(offset >> 32) };
        uint n = 0;
        int ok = write ? WriteFile(handle, buffer, (uint)length, &n, &overlapped) : ReadFile(handle, buffer, (uint)length, &n, &overlapped);
        int error = ok != 0 ? 0 : Marshal.GetLastPInvokeError();
        SetFilePointerEx(handle, saved, null, FILE_BEGIN);
        transferred = (int)n;
        if (ok != 0) return Errno.Success;
        return write ? WindowsErrors.ToErrno(error) : EndOfDataOrError(error);
    }

    /// <summary>A failed read that only met the end of the file, or of a pipe whose writer closed it: zero bytes, no error.</summary>
    private static Errno EndOfDataOrError(int error) =>
        error is WindowsErrors.ERROR_HANDLE_EOF or WindowsErrors.ERROR_BROKEN_PIPE ? Errno.Success : WindowsErrors.ToErrno(error);

    public Errno Seek(long handle, long offset, Whence whence, out ulong newOffset)
    {
        long position;
        newOffset = 0;
        // FILE_BEGIN/FILE_CURRENT/FILE_END are 0/1/2, as WASI's whence.
        if (SetFilePointerEx((nint)handle, offset, &position, (uint)whence) == 0) return LastErrno();
        newOffset = (ulong)position;
        return Errno.Success;
    }

    public Errno Stat(long handle, out FileStat stat)
    {
        stat = default;
        byte* information = stackalloc byte[WindowsFileRecords.ByHandleFileInformationSize];
        byte* basic = stackalloc byte[WindowsFileRecords.FileBasicInfoSize];
        if (GetFileInformationByHandle((nint)handle, information) == 0) return LastErrno();
        if (GetFileInformationByHandleEx((nint)handle, FileBasicInfo, basic, WindowsFileRecords.FileBasicInfoSize) == 0) return LastErrno();
        uint tag = 0;
        if ((*(uint*)information & FILE_ATTRIBUTE_REPARSE_POINT) != 0)
        {
            var error = QueryAttributes((nint)handle, out _, out tag);
            if (error != Errno.Success) return error;
        }
        stat = WindowsFileRecords.ReadStat(new ReadOnlySpan<byte>(information, WindowsFileRecords.ByHandleFileInformationSize),
            new ReadOnlySpan<byte>(basic, WindowsFileRecords.FileBasicInfoSize), tag);
        return Errno.Success;
    }

    public Errno StatAt(long directory, string name, out FileStat stat)
    {
        stat = default;
        var error = OpenName(directory, name, FILE_READ_ATTRIBUTES, ShareAll, OPEN_EXISTING,
            FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OPEN_REPARSE_POINT, out nint h);
        if (error != Errno.Success) return error;
        error = Stat(h, out stat);
        CloseHandle(h);
        return error;
    }

    public Errno GetFlags(long handle, out FdFlags flags)
    {
        flags = FlagsOf(handle);
        return Errno.Success;
    }

    public Errno SetFlags(long handle, FdFlags flags)
    {
        // As on the POSIX hosts: the sync flags are fixed at open.
        if ((flags & (FdFlags.Dsync | FdFlags.Rsync | FdFlags.Sync)) != 0) return Errno.NotSup;
        lock (_flagsLock)
        {
            using var held = RaceDetector.Holding(_flagsLock);
            var kept = (_flags.GetValueOrDefault(handle) & ~(FdFlags.Append | FdFlags.NonBlock)) | flags;
            if (kept == FdFlags.None) _flags.Remove(handle);
            else _flags[handle] = kept;
        }
        return Errno.Success;
    }

    private FdFlags FlagsOf(long handle)
    {
        lock (_flagsLock)
        {
            using var held = RaceDetector.Holding(_flagsLock);
            return _flags.GetValueOrDefault(handle);
        }
    }

    public Errno Sync(long handle) => Flush(handle);

    public Errno DataSync(long handle) => Flush(handle);

    private static Errno Flush(long handle)
    {
        if (FlushFileBuffers((nint)handle) != 0) return Errno.Success;
        int error = Marshal.GetLastPInvokeError();
        // FlushFileBuffers needs write access; a handle without it has written nothing to flush, and POSIX's fsync of a
        // read-only descriptor succeeds.
        return error == WindowsErrors.ERROR_ACCESS_DENIED ? Errno.Success : WindowsErrors.ToErrno(error);
    }

    /// <summary>Advice is a hint; Windows takes its access pattern at open (FILE_FLAG_SEQUENTIAL_SCAN), not later.</summary>
    public Errno Advise(long handle, ulong offset, ulong length, Advice advice) => Errno.Success;

    /// <summary>The file grows to at least <paramref name="offset"/> + <paramref name="length"/>, as posix_fallocate makes it.</summary>
    public Errno Allocate(long handle, ulong offset, ulong length)
    {
        var error = Stat(handle, out var stat);
        if (error != Errno.Success) return error;
        if (stat.Filetype != Filetype.RegularFile) return Errno.NoDev;
        ulong end = offset + length;
        return end <= stat.Size ? Errno.Success : SetFileSize((nint)handle, end);
    }

    public Errno SetSize(long handle, ulong size) => SetFileSize((nint)handle, size);

    private static Errno SetFileSize(nint handle, ulong size)
    {
        long endOfFile = (long)size;
        return SetFileInformationByHandle(handle, FileEndOfFileInfo, &endOfFile, sizeof(long)) == 0 ? LastErrno() : Errno.Success;
    }

    public Errno SetTimes(long handle, ulong accessTime, ulong modificationTime, FstFlags flags)
    {
        byte* basic = stackalloc byte[WindowsFileRecords.FileBasicInfoSize];
        FillTimes(basic, accessTime, modificationTime, flags);
        if (SetFileInformationByHandle((nint)handle, FileBasicInfo, basic, WindowsFileRecords.FileBasicInfoSize) != 0) return Errno.Success;
        int error = Marshal.GetLastPInvokeError();
        if (error != WindowsErrors.ERROR_ACCESS_DENIED) return WindowsErrors.ToErrno(error);
        // A handle opened for reading lacks FILE_WRITE_ATTRIBUTES, which futimens does not need on POSIX: a second
        // handle to the same file, for that right only.
        nint again = ReOpenFile((nint)handle, FILE_WRITE_ATTRIBUTES, ShareAll, FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OPEN_REPARSE_POINT);
        if (again == InvalidHandle) return LastErrno();
        var result = SetFileInformationByHandle(again, FileBasicInfo, basic, WindowsFileRecords.FileBasicInfoSize) == 0 ? LastErrno() : Errno.Success;
        CloseHandle(again);
        return result;
    }

    public Errno SetTimesAt(long directory, string name, ulong accessTime, ulong modificationTime, FstFlags flags)
    {
        var error = OpenName(directory, name, FILE_WRITE_ATTRIBUTES, ShareAll, OPEN_EXISTING,
            FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OPEN_REPARSE_POINT, out nint h);
        if (error != Errno.Success) return error;
        byte* basic = stackalloc byte[WindowsFileRecords.FileBasicInfoSize];
        FillTimes(basic, accessTime, modificationTime, flags);
        error = SetFileInformationByHandle(h, FileBasicInfo, basic, WindowsFileRecords.FileBasicInfoSize) == 0 ? LastErrno() : Errno.Success;
        CloseHandle(h);
        return error;
    }

    /// <summary>A FILE_BASIC_INFO that sets the access and write times asked for; a 0 time or attribute leaves it unchanged.</summary>
    private static void FillTimes(byte* basic, ulong accessTime, ulong modificationTime, FstFlags flags)
    {
        new Span<byte>(basic, WindowsFileRecords.FileBasicInfoSize).Clear();
        long now = 0;
        if ((flags & (FstFlags.AtimNow | FstFlags.MtimNow)) != 0) GetSystemTimePreciseAsFileTime(&now);
        *(long*)(basic + 8) = flags.HasFlag(FstFlags.AtimNow) ? now
            : flags.HasFlag(FstFlags.Atim) ? WindowsFileRecords.ToFileTime(accessTime) : 0;
        *(long*)(basic + 16) = flags.HasFlag(FstFlags.MtimNow) ? now
            : flags.HasFlag(FstFlags.Mtim) ? WindowsFileRecords.ToFileTime(modificationTime) : 0;
    }

    public Errno ReadDirectory(long handle, List<DirectoryEntry> entries)
    {
        // The restart class starts the listing over, so the handle's enumeration position is never carried from a call to the next.
        var buffer = new byte[64 * 1024];
        int start = entries.Count;
        int infoClass = FileIdBothDirectoryRestartInfo;
        fixed (byte* p = buffer)
        {
            while (true)
            {
                if (GetFileInformationByHandleEx((nint)handle, infoClass, p, (uint)buffer.Length) == 0)
                {
                    int error = Marshal.GetLastPInvokeError();
                    if (error == WindowsErrors.ERROR_NO_MORE_FILES) break;
                    return WindowsErrors.ToErrno(error);
                }
                if (!WindowsFileRecords.ReadDirectory(buffer, entries)) return Errno.Io;
                infoClass = FileIdBothDirectoryInfo;
            }
        }
        // Windows lists "." and ".." in every directory but a volume's root; the listing promises both.
        bool hasDot = false, hasDotDot = false;
        for (int i = start; i < entries.Count; i++)
        {
            hasDot |= entries[i].Name == ".";
            hasDotDot |= entries[i].Name == "..";
        }
        if (!hasDotDot) entries.Insert(start, new DirectoryEntry("..", 0, Filetype.Directory));
        if (!hasDot) entries.Insert(start, new DirectoryEntry(".", 0, Filetype.Directory));
        return Errno.Success;
    }

    public Errno CreateDirectoryAt(long directory, string name)
    {
        var error = FullPath(directory, name, out string path);
        if (error != Errno.Success) return error;
        return CreateDirectoryW(path, 0) == 0 ? LastErrno() : Errno.Success;
    }

    public Errno RemoveDirectoryAt(long directory, string name)
    {
        if (name == ".") return Errno.Inval; // As rmdir(".").
        var error = AttributesAt(directory, name, out uint attributes, out uint tag);
        if (error != Errno.Success) return error;
        // rmdir of a link, even to a directory, is ENOTDIR; RemoveDirectoryW would remove a directory link.
        if (IsLink(attributes, tag) || (attributes & FILE_ATTRIBUTE_DIRECTORY) == 0) return Errno.NotDir;
        error = FullPath(directory, name, out string path);
        if (error != Errno.Success) return error;
        return RemoveDirectoryW(path) == 0 ? LastErrno() : Errno.Success;
    }

    public Errno UnlinkFileAt(long directory, string name)
    {
        if (name == ".") return Errno.IsDir;
        var error = AttributesAt(directory, name, out uint attributes, out uint tag);
        if (error != Errno.Success) return error;
        bool isDirectory = (attributes & FILE_ATTRIBUTE_DIRECTORY) != 0;
        if (isDirectory && !IsLink(attributes, tag)) return Errno.IsDir;
        error = FullPath(directory, name, out string path);
        if (error != Errno.Success) return error;
        // A link to a directory (a directory symbolic link, a junction) is removed as a directory on Windows; unlink
        // removes the link, never what it points to, on both.
        int ok = isDirectory ? RemoveDirectoryW(path) : DeleteFileW(path);
        return ok == 0 ? LastErrno() : Errno.Success;
    }

    public Errno RenameAt(long oldDirectory, string oldName, long newDirectory, string newName)
    {
        if (oldName == "." || newName == ".") return Errno.Inval;
        var error = FullPath(oldDirectory, oldName, out string oldPath);
        if (error != Errno.Success) return error;
        error = FullPath(newDirectory, newName, out string newPath);
        if (error != Errno.Success) return error;
        if (MoveFileExW(oldPath, newPath, MOVEFILE_REPLACE_EXISTING) != 0) return Errno.Success;
        error = LastErrno();
        // POSIX rename replaces an empty directory with a directory; MoveFileExW replaces only files.
        if (error == Errno.Acces
            && AttributesAt(oldDirectory, oldName, out uint oldAttributes, out uint oldTag) == Errno.Success
            && AttributesAt(newDirectory, newName, out uint newAttributes, out uint newTag) == Errno.Success
            && IsPlainDirectory(oldAttributes, oldTag) && IsPlainDirectory(newAttributes, newTag))
        {
            if (RemoveDirectoryW(newPath) == 0) return LastErrno();
            return MoveFileExW(oldPath, newPath, 0) == 0 ? LastErrno() : Errno.Success;
        }
        return error;
    }

    /// <remarks>
    /// CreateHardLinkW follows a link given as the existing file, where linkat without AT_SYMLINK_FOLLOW does not, so a
    /// link is refused (ENOTSUP) instead of being followed. The source is held without FILE_SHARE_DELETE meanwhile, so
    /// it cannot be replaced by a link between the check and the call.
    /// </remarks>
    public Errno LinkAt(long oldDirectory, string oldName, long newDirectory, string newName)
    {
        if (oldName == ".") return Errno.Perm; // A directory cannot be hard-linked.
        var error = OpenName(oldDirectory, oldName, FILE_READ_ATTRIBUTES, SharePinned, OPEN_EXISTING,
            FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OPEN_REPARSE_POINT, out nint source);
        if (error != Errno.Success) return error;
        try
        {
            error = QueryAttributes(source, out uint attributes, out uint tag);
            if (error != Errno.Success) return error;
            if (IsLink(attributes, tag)) return Errno.NotSup;
            if ((attributes & FILE_ATTRIBUTE_DIRECTORY) != 0) return Errno.Perm;
            error = FullPath(oldDirectory, oldName, out string oldPath);
            if (error != Errno.Success) return error;
            error = FullPath(newDirectory, newName, out string newPath);
            if (error != Errno.Success) return error;
            return CreateHardLinkW(newPath, oldPath, 0) == 0 ? LastErrno() : Errno.Success;
        }
        finally
        {
            CloseHandle(source);
        }
    }

    /// <remarks>
    /// Windows links are of a file or of a directory, fixed at creation: a target that resolves, inside the sandbox, to a
    /// directory makes a directory link; anything else (a file, nothing yet, outside) a file link. Creating one needs
    /// SeCreateSymbolicLinkPrivilege or Developer Mode (then SYMBOLIC_LINK_FLAG_ALLOW_UNPRIVILEGED_CREATE); without
    /// either it is EPERM.
    /// </remarks>
    public Errno SymlinkAt(string target, long directory, string name)
    {
        var error = WindowsPath.CheckLinkTarget(target, out string windowsTarget);
        if (error != Errno.Success) return error;
        error = FullPath(directory, name, out string path);
        if (error != Errno.Success) return error;
        uint flags = TargetIsDirectory(target, directory) ? SYMBOLIC_LINK_FLAG_DIRECTORY : 0;
        if (CreateSymbolicLinkW(path, windowsTarget, flags | SYMBOLIC_LINK_FLAG_ALLOW_UNPRIVILEGED_CREATE) != 0) return Errno.Success;
        // Windows before 10 1703 refuses the unprivileged flag itself.
        if (Marshal.GetLastPInvokeError() != WindowsErrors.ERROR_INVALID_PARAMETER) return LastErrno();
        return CreateSymbolicLinkW(path, windowsTarget, flags) == 0 ? LastErrno() : Errno.Success;
    }

    private bool TargetIsDirectory(string target, long directory)
    {
        if (SandboxedPath.Resolve(this, directory, target, followLast: true, out long parent, out string last, out _) != Errno.Success)
            return false;
        bool isDirectory = AttributesAt(parent, last, out uint attributes, out uint tag) == Errno.Success && IsPlainDirectory(attributes, tag);
        Close(parent);
        return isDirectory;
    }

    public bool IsReadReady(long handle)
    {
        if (GetFileType((nint)handle) != FILE_TYPE_PIPE) return true;
        uint available = 0;
        return PeekNamedPipe((nint)handle, null, 0, null, &available, null) != 0 && available > 0;
    }

    private static bool IsLink(uint attributes, uint tag) =>
        (attributes & FILE_ATTRIBUTE_REPARSE_POINT) != 0 && WindowsFileRecords.IsNameSurrogate(tag);

    private static bool IsPlainDirectory(uint attributes, uint tag) =>
        (attributes & FILE_ATTRIBUTE_DIRECTORY) != 0 && !IsLink(attributes, tag);

    /// <summary>FILE_ATTRIBUTE_TAG_INFO of an open handle: the attributes, and the reparse tag when it is a reparse point.</summary>
    private static Errno QueryAttributes(nint handle, out uint attributes, out uint tag)
    {
        uint* info = stackalloc uint[2];
        attributes = 0;
        tag = 0;
        if (GetFileInformationByHandleEx(handle, FileAttributeTagInfo, info, 2 * sizeof(uint)) == 0) return LastErrno();
        attributes = info[0];
        tag = (attributes & FILE_ATTRIBUTE_REPARSE_POINT) != 0 ? info[1] : 0;
        return Errno.Success;
    }

    /// <summary>The attributes of <paramref name="name"/> itself (a link, not what it points to).</summary>
    private Errno AttributesAt(long directory, string name, out uint attributes, out uint tag)
    {
        attributes = 0;
        tag = 0;
        var error = OpenName(directory, name, FILE_READ_ATTRIBUTES, ShareAll, OPEN_EXISTING,
            FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OPEN_REPARSE_POINT, out nint h);
        if (error != Errno.Success) return error;
        error = QueryAttributes(h, out attributes, out tag);
        CloseHandle(h);
        return error;
    }

    private static Errno OpenName(long directory, string name, uint access, uint share, uint disposition, uint flags, out nint handle)
    {
        handle = InvalidHandle;
        var error = FullPath(directory, name, out string path);
        if (error != Errno.Success) return error;
        handle = CreateFileW(path, access, share, 0, disposition, flags, 0);
        return handle == InvalidHandle ? LastErrno() : Errno.Success;
    }

    /// <summary>The full path of <paramref name="name"/> in the directory held by <paramref name="directory"/>, once the name is found plain.</summary>
    private static Errno FullPath(long directory, string name, out string path)
    {
        path = "";
        var error = WindowsPath.CheckName(name);
        if (error != Errno.Success) return error;
        error = PathOf((nint)directory, out string directoryPath);
        if (error != Errno.Success) return error;
        path = WindowsPath.Join(directoryPath, name);
        return Errno.Success;
    }

    /// <summary>The handle's current path, <c>\\?\C:\...</c> or <c>\\?\UNC\server\share\...</c> (FILE_NAME_NORMALIZED | VOLUME_NAME_DOS).</summary>
    private static Errno PathOf(nint handle, out string path)
    {
        const int Small = 260;
        char* small = stackalloc char[Small];
        uint n = GetFinalPathNameByHandleW(handle, small, Small, 0);
        if (n == 0)
        {
            path = "";
            return LastErrno();
        }
        if (n < Small)
        {
            path = new string(small, 0, (int)n);
            return Errno.Success;
        }
        // Too small: n is the size needed, its terminating NUL included.
        var large = new char[n];
        fixed (char* p = large)
        {
            uint m = GetFinalPathNameByHandleW(handle, p, n, 0);
            if (m == 0 || m >= n)
            {
                path = "";
                return m == 0 ? LastErrno() : Errno.NameTooLong;
            }
            path = new string(p, 0, (int)m);
        }
        return Errno.Success;
    }

    /// <summary>Hands <paramref name="h"/> out when <paramref name="error"/> is success; closes it otherwise.</summary>
    private static Errno Keep(nint h, Errno error, out long handle)
    {
        if (error != Errno.Success)
        {
            CloseHandle(h);
            handle = -1;
            return error;
        }
        handle = h;
        return Errno.Success;
    }

    private static Errno LastErrno() => WindowsErrors.ToErrno(Marshal.GetLastPInvokeError());

    /// <summary>OVERLAPPED (minwinbase.h) as a synchronous handle uses it: only the offset of the I/O.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Overlapped
    {
        public nuint Internal;
        public nuint InternalHigh;
        public uint Offset;
        public uint OffsetHigh;
        public nint Event;
    }

    private const string Kernel32 = "kernel32";

    [LibraryImport(Kernel32, SetLastError = true, StringMarshalling = StringMarshalling.Utf16)]
    private static partial nint CreateFileW(string fileName, uint access, uint share, nint security, uint disposition, uint flags, nint template);

    [LibraryImport(Kernel32, SetLastError = true)]
    private static partial int CloseHandle(nint handle);

    [LibraryImport(Kernel32, SetLastError = true)]
    private static partial int DuplicateHandle(nint sourceProcess, nint source, nint targetProcess, nint* target, uint access, int inherit, uint options);

    [LibraryImport(Kernel32, SetLastError = true)]
    private static partial nint ReOpenFile(nint original, uint access, uint share, uint flags);

    [LibraryImport(Kernel32, SetLastError = true)]
    private static partial int ReadFile(nint file, byte* buffer, uint count, uint* read, Overlapped* overlapped);

    [LibraryImport(Kernel32, SetLastError = true)]
    private static partial int WriteFile(nint file, byte* buffer, uint count, uint* written, Overlapped* overlapped);

    [LibraryImport(Kernel32, SetLastError = true)]
    private static partial int SetFilePointerEx(nint file, long distance, long* newPosition, uint method);

    [LibraryImport(Kernel32, SetLastError = true)]
    private static partial int FlushFileBuffers(nint file);

    [LibraryImport(Kernel32, SetLastError = true)]
    private static partial int GetFileInformationByHandle(nint file, byte* information);

    [LibraryImport(Kernel32, SetLastError = true)]
    private static partial int GetFileInformationByHandleEx(nint file, int infoClass, void* information, uint size);

    [LibraryImport(Kernel32, SetLastError = true)]
    private static partial int SetFileInformationByHandle(nint file, int infoClass, void* information, uint size);

    [LibraryImport(Kernel32, SetLastError = true)]
    private static partial uint GetFinalPathNameByHandleW(nint file, char* path, uint length, uint flags);

    [LibraryImport(Kernel32, SetLastError = true)]
    private static partial uint GetFileType(nint file);

    [LibraryImport(Kernel32, SetLastError = true)]
    private static partial int PeekNamedPipe(nint pipe, void* buffer, uint size, uint* read, uint* available, uint* left);

    [LibraryImport(Kernel32, SetLastError = true)]
    private static partial int DeviceIoControl(nint device, uint code, void* input, uint inputSize, void* output, uint outputSize,
        uint* returned, Overlapped* overlapped);

    [LibraryImport(Kernel32, SetLastError = true, StringMarshalling = StringMarshalling.Utf16)]
    private static partial int CreateDirectoryW(string path, nint security);

    [LibraryImport(Kernel32, SetLastError = true, StringMarshalling = StringMarshalling.Utf16)]
    private static partial int RemoveDirectoryW(string path);

    [LibraryImport(Kernel32, SetLastError = true, StringMarshalling = StringMarshalling.Utf16)]
    private static partial int DeleteFileW(string path);

    [LibraryImport(Kernel32, SetLastError = true, StringMarshalling = StringMarshalling.Utf16)]
    private static partial int MoveFileExW(string existing, string replacement, uint flags);

    [LibraryImport(Kernel32, SetLastError = true, StringMarshalling = StringMarshalling.Utf16)]
    private static partial int CreateHardLinkW(string fileName, string existingFileName, nint security);

    // BOOLEAN (one byte), not BOOL.
    [LibraryImport(Kernel32, SetLastError = true, StringMarshalling = StringMarshalling.Utf16)]
    private static partial byte CreateSymbolicLinkW(string link, string target, uint flags);

    [LibraryImport(Kernel32)]
    private static partial void GetSystemTimePreciseAsFileTime(long* time);
}
