namespace MicroWasm.Wasi;

/// <summary>
/// Win32 error codes (GetLastError, Microsoft's "System Error Codes") as WASI errnos, for <see cref="WindowsFileSystem"/>.
/// Where Windows has no one meaning for a code, the errno is the one POSIX gives for the same situation on a file system
/// call: a sharing violation is a busy file (EBUSY), a full disk ENOSPC, an invalid name EINVAL.
/// </summary>
internal static class WindowsErrors
{
    public const int ERROR_SUCCESS = 0;
    public const int ERROR_FILE_NOT_FOUND = 2;
    public const int ERROR_ACCESS_DENIED = 5;
    public const int ERROR_NO_MORE_FILES = 18;
    public const int ERROR_HANDLE_EOF = 38;
    public const int ERROR_INVALID_PARAMETER = 87;
    public const int ERROR_BROKEN_PIPE = 109;
    public const int ERROR_INSUFFICIENT_BUFFER = 122;
    public const int ERROR_MORE_DATA = 234;
    public const int ERROR_NOT_A_REPARSE_POINT = 4390;

    public static Errno ToErrno(int error) => error switch
    {
        ERROR_SUCCESS => Errno.Success,
        1 => Errno.NotSup,            // ERROR_INVALID_FUNCTION: the file system does not do it
        ERROR_FILE_NOT_FOUND => Errno.NoEnt,
        3 => Errno.NoEnt,             // ERROR_PATH_NOT_FOUND
        4 => Errno.Mfile,             // ERROR_TOO_MANY_OPEN_FILES
        ERROR_ACCESS_DENIED => Errno.Acces,
        6 => Errno.Badf,              // ERROR_INVALID_HANDLE
        8 => Errno.NoMem,             // ERROR_NOT_ENOUGH_MEMORY
        12 => Errno.Acces,            // ERROR_INVALID_ACCESS
        14 => Errno.NoMem,            // ERROR_OUTOFMEMORY
        15 => Errno.NoEnt,            // ERROR_INVALID_DRIVE
        16 => Errno.Busy,             // ERROR_CURRENT_DIRECTORY
        17 => Errno.Xdev,             // ERROR_NOT_SAME_DEVICE
        19 => Errno.Rofs,             // ERROR_WRITE_PROTECT
        21 => Errno.Busy,             // ERROR_NOT_READY
        32 => Errno.Busy,             // ERROR_SHARING_VIOLATION
        33 => Errno.Busy,             // ERROR_LOCK_VIOLATION
        39 => Errno.NoSpc,            // ERROR_HANDLE_DISK_FULL
        50 => Errno.NotSup,           // ERROR_NOT_SUPPORTED
        53 => Errno.NoEnt,            // ERROR_BAD_NETPATH
        55 => Errno.NoDev,            // ERROR_DEV_NOT_EXIST
        64 => Errno.Io,               // ERROR_NETNAME_DELETED
        65 => Errno.Acces,            // ERROR_NETWORK_ACCESS_DENIED
        67 => Errno.NoEnt,            // ERROR_BAD_NET_NAME
        80 => Errno.Exist,            // ERROR_FILE_EXISTS
        82 => Errno.Acces,            // ERROR_CANNOT_MAKE
        ERROR_INVALID_PARAMETER => Errno.Inval,
        ERROR_BROKEN_PIPE => Errno.Pipe,
        112 => Errno.NoSpc,           // ERROR_DISK_FULL
        120 => Errno.NoSys,           // ERROR_CALL_NOT_IMPLEMENTED
        121 => Errno.TimedOut,        // ERROR_SEM_TIMEOUT
        123 => Errno.Inval,           // ERROR_INVALID_NAME
        131 => Errno.Inval,           // ERROR_NEGATIVE_SEEK
        132 => Errno.Spipe,           // ERROR_SEEK_ON_DEVICE
        145 => Errno.NotEmpty,        // ERROR_DIR_NOT_EMPTY
        148 => Errno.Busy,            // ERROR_PATH_BUSY
        161 => Errno.NoEnt,           // ERROR_BAD_PATHNAME
        170 => Errno.Busy,            // ERROR_BUSY
        183 => Errno.Exist,           // ERROR_ALREADY_EXISTS
        206 => Errno.NameTooLong,     // ERROR_FILENAME_EXCED_RANGE
        223 => Errno.Fbig,            // ERROR_FILE_TOO_LARGE
        231 => Errno.Busy,            // ERROR_PIPE_BUSY
        232 => Errno.Pipe,            // ERROR_NO_DATA: the pipe is being closed
        233 => Errno.Pipe,            // ERROR_PIPE_NOT_CONNECTED
        267 => Errno.NotDir,          // ERROR_DIRECTORY: a directory name that is not one
        303 => Errno.NoEnt,           // ERROR_DELETE_PENDING: unlinked, as POSIX would see it
        336 => Errno.IsDir,           // ERROR_DIRECTORY_NOT_SUPPORTED
        487 => Errno.Fault,           // ERROR_INVALID_ADDRESS
        681 => Errno.Loop,            // ERROR_STOPPED_ON_SYMLINK
        995 => Errno.Canceled,        // ERROR_OPERATION_ABORTED
        997 => Errno.Again,           // ERROR_IO_PENDING
        998 => Errno.Fault,           // ERROR_NOACCESS
        1113 => Errno.Ilseq,          // ERROR_NO_UNICODE_TRANSLATION
        1142 => Errno.Mlink,          // ERROR_TOO_MANY_LINKS
        1295 => Errno.Dquot,          // ERROR_DISK_QUOTA_EXCEEDED
        1314 => Errno.Perm,           // ERROR_PRIVILEGE_NOT_HELD (creating a symbolic link without the right)
        1816 => Errno.NoMem,          // ERROR_NOT_ENOUGH_QUOTA
        1920 => Errno.Acces,          // ERROR_CANT_ACCESS_FILE
        1921 => Errno.Loop,           // ERROR_CANT_RESOLVE_FILENAME: too many links
        ERROR_NOT_A_REPARSE_POINT => Errno.Inval, // readlink of what is not a link
        4392 => Errno.Inval,          // ERROR_INVALID_REPARSE_DATA
        _ => Errno.Io,
    };
}
