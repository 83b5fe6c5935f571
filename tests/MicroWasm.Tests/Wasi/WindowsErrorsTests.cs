using MicroWasm.Wasi;

namespace MicroWasm.Tests.Wasi;

/// <summary>Win32 error codes (Microsoft's "System Error Codes" numbering) as the WASI errnos a POSIX host would give.</summary>
public class WindowsErrorsTests
{
    [Theory]
    [InlineData(0, Errno.Success)]
    [InlineData(2, Errno.NoEnt)]          // ERROR_FILE_NOT_FOUND
    [InlineData(3, Errno.NoEnt)]          // ERROR_PATH_NOT_FOUND
    [InlineData(4, Errno.Mfile)]          // ERROR_TOO_MANY_OPEN_FILES
    [InlineData(5, Errno.Acces)]          // ERROR_ACCESS_DENIED
    [InlineData(6, Errno.Badf)]           // ERROR_INVALID_HANDLE
    [InlineData(17, Errno.Xdev)]          // ERROR_NOT_SAME_DEVICE
    [InlineData(19, Errno.Rofs)]          // ERROR_WRITE_PROTECT
    [InlineData(32, Errno.Busy)]          // ERROR_SHARING_VIOLATION
    [InlineData(80, Errno.Exist)]         // ERROR_FILE_EXISTS
    [InlineData(87, Errno.Inval)]         // ERROR_INVALID_PARAMETER
    [InlineData(112, Errno.NoSpc)]        // ERROR_DISK_FULL
    [InlineData(123, Errno.Inval)]        // ERROR_INVALID_NAME
    [InlineData(131, Errno.Inval)]        // ERROR_NEGATIVE_SEEK
    [InlineData(145, Errno.NotEmpty)]     // ERROR_DIR_NOT_EMPTY
    [InlineData(183, Errno.Exist)]        // ERROR_ALREADY_EXISTS
    [InlineData(206, Errno.NameTooLong)]  // ERROR_FILENAME_EXCED_RANGE
    [InlineData(267, Errno.NotDir)]       // ERROR_DIRECTORY
    [InlineData(681, Errno.Loop)]         // ERROR_STOPPED_ON_SYMLINK
    [InlineData(1314, Errno.Perm)]        // ERROR_PRIVILEGE_NOT_HELD
    [InlineData(1921, Errno.Loop)]        // ERROR_CANT_RESOLVE_FILENAME
    [InlineData(4390, Errno.Inval)]       // ERROR_NOT_A_REPARSE_POINT: readlink of what is not a link
    public void Win32_errors_map_to_wasi_errnos(int error, Errno expected) => Assert.Equal(expected, WindowsErrors.ToErrno(error));

    [Theory]
    [InlineData(7)]
    [InlineData(999_999)]
    [InlineData(-1)]
    public void Unknown_errors_are_EIO(int error) => Assert.Equal(Errno.Io, WindowsErrors.ToErrno(error));
}
