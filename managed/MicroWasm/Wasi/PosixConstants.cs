namespace MicroWasm.Wasi;

/// <summary>
/// The numbers of the C library's file API that differ between POSIX hosts (open(2) flags, the *at flags, fcntl commands,
/// utimensat's special times), each named after its C constant. O_RDONLY/O_WRONLY/O_RDWR, F_GETFL/F_SETFL, SEEK_* and the
/// S_IF*/DT_* file types are the same everywhere and are not here.
/// </summary>
internal sealed class PosixConstants
{
    /// <summary>AT_FDCWD: the "current directory" descriptor of openat.</summary>
    public required int AtFdCwd { get; init; }

    /// <summary>O_DIRECTORY.</summary>
    public required int Directory { get; init; }

    /// <summary>O_NOFOLLOW.</summary>
    public required int NoFollow { get; init; }

    /// <summary>O_CREAT.</summary>
    public required int Creat { get; init; }

    /// <summary>O_EXCL.</summary>
    public required int Excl { get; init; }

    /// <summary>O_TRUNC.</summary>
    public required int Trunc { get; init; }

    /// <summary>O_APPEND.</summary>
    public required int Append { get; init; }

    /// <summary>O_NONBLOCK.</summary>
    public required int NonBlock { get; init; }

    /// <summary>O_DSYNC.</summary>
    public required int DSync { get; init; }

    /// <summary>O_SYNC (on Linux it includes the O_DSYNC bit).</summary>
    public required int Sync { get; init; }

    /// <summary>O_CLOEXEC.</summary>
    public required int CloExec { get; init; }

    /// <summary>
    /// The access mode of a directory opened only to look names up in it: O_PATH on Linux (search permission is enough);
    /// O_RDONLY where there is no O_PATH.
    /// </summary>
    public required int LookupDirectory { get; init; }

    /// <summary>AT_SYMLINK_NOFOLLOW.</summary>
    public required int AtSymlinkNoFollow { get; init; }

    /// <summary>AT_REMOVEDIR.</summary>
    public required int AtRemoveDir { get; init; }

    /// <summary>F_DUPFD_CLOEXEC.</summary>
    public required int DupFdCloExec { get; init; }

    /// <summary>UTIME_NOW: a tv_nsec asking utimensat for the current time.</summary>
    public required long UtimeNow { get; init; }

    /// <summary>UTIME_OMIT: a tv_nsec asking utimensat to leave the time as it is.</summary>
    public required long UtimeOmit { get; init; }
}
