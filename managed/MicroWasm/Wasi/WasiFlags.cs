namespace MicroWasm.Wasi;

// The small enumerations and flag sets of wasi_snapshot_preview1, numbered as in the witx.

/// <summary>witx <c>$filetype</c>.</summary>
public enum Filetype : byte
{
    Unknown = 0,
    BlockDevice = 1,
    CharacterDevice = 2,
    Directory = 3,
    RegularFile = 4,
    SocketDgram = 5,
    SocketStream = 6,
    SymbolicLink = 7,
}

/// <summary>witx <c>$fdflags</c>.</summary>
[Flags]
public enum FdFlags : ushort
{
    None = 0,
    Append = 1,
    Dsync = 2,
    NonBlock = 4,
    Rsync = 8,
    Sync = 16,
}

/// <summary>witx <c>$oflags</c>: how path_open creates or opens.</summary>
[Flags]
public enum OFlags : ushort
{
    None = 0,
    Creat = 1,
    Directory = 2,
    Excl = 4,
    Trunc = 8,
}

/// <summary>witx <c>$lookupflags</c>.</summary>
[Flags]
public enum LookupFlags : uint
{
    None = 0,
    /// <summary>Follow a symbolic link in the last component of the path.</summary>
    SymlinkFollow = 1,
}

/// <summary>witx <c>$fstflags</c>: which timestamps a set_times call changes, and whether to "now".</summary>
[Flags]
public enum FstFlags : ushort
{
    None = 0,
    Atim = 1,
    AtimNow = 2,
    Mtim = 4,
    MtimNow = 8,
}

/// <summary>witx <c>$whence</c>.</summary>
public enum Whence : byte
{
    Set = 0,
    Cur = 1,
    End = 2,
}

/// <summary>witx <c>$clockid</c>.</summary>
public enum ClockId : uint
{
    Realtime = 0,
    Monotonic = 1,
    ProcessCputime = 2,
    ThreadCputime = 3,
}

/// <summary>witx <c>$advice</c>.</summary>
public enum Advice : byte
{
    Normal = 0,
    Sequential = 1,
    Random = 2,
    WillNeed = 3,
    DontNeed = 4,
    NoReuse = 5,
}

/// <summary>witx <c>$eventtype</c>.</summary>
public enum EventType : byte
{
    Clock = 0,
    FdRead = 1,
    FdWrite = 2,
}

/// <summary>witx <c>$subclockflags</c>.</summary>
[Flags]
public enum SubclockFlags : ushort
{
    None = 0,
    /// <summary>The timeout is an absolute time on the clock rather than relative to now.</summary>
    Abstime = 1,
}

/// <summary>witx <c>$riflags</c>.</summary>
[Flags]
public enum RiFlags : ushort
{
    None = 0,
    RecvPeek = 1,
    RecvWaitall = 2,
}

/// <summary>witx <c>$sdflags</c>.</summary>
[Flags]
public enum SdFlags : byte
{
    None = 0,
    Rd = 1,
    Wr = 2,
}
