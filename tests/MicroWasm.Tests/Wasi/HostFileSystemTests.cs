using System.Text;
using MicroWasm.Wasi;

namespace MicroWasm.Tests.Wasi;

/// <summary>
/// The contract of <see cref="IHostFileSystem"/>, run against the port of the OS the tests run on
/// (<see cref="HostFileSystem.ForCurrentOS"/>): here Linux; on a Mac or on Windows the same tests check those ports.
/// </summary>
public sealed class HostFileSystemTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("microwasm-hostfs-").FullName;
    private readonly IHostFileSystem _fs = HostFileSystem.ForCurrentOS();
    private readonly long _dir;

    public HostFileSystemTests() => Assert.Equal(Errno.Success, _fs.OpenPreopen(_root, out _dir));

    public void Dispose()
    {
        _fs.Close(_dir);
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public void Each_os_gets_its_own_port()
    {
        IHostFileSystem expected = OperatingSystem.IsLinux() ? LinuxFileSystem.Instance
            : OperatingSystem.IsMacOS() ? DarwinFileSystem.Instance
            : OperatingSystem.IsWindows() ? WindowsFileSystem.Instance
            : UnsupportedFileSystem.Instance;
        Assert.Same(expected, _fs);
    }

    private long Create(string name, FdFlags flags = FdFlags.None)
    {
        Assert.Equal(Errno.Success, _fs.OpenAt(_dir, name, OFlags.Creat, flags, true, true, out long file));
        return file;
    }

    [Fact]
    public void A_created_file_is_written_read_and_statted()
    {
        long file = Create("f");
        try
        {
            Assert.Equal(Errno.Success, _fs.Write(file, "hello world"u8, out int written));
            Assert.Equal(11, written);
            Assert.Equal(Errno.Success, _fs.Seek(file, 0, Whence.Set, out ulong position));
            Assert.Equal(0UL, position);
            var buffer = new byte[32];
            Assert.Equal(Errno.Success, _fs.Read(file, buffer, out int read));
            Assert.Equal("hello world", Encoding.UTF8.GetString(buffer, 0, read));
            Assert.Equal(Errno.Success, _fs.Read(file, buffer, out read));
            Assert.Equal(0, read); // The end of the file is no error.
            Assert.Equal(Errno.Success, _fs.Stat(file, out var stat));
            Assert.Equal(Filetype.RegularFile, stat.Filetype);
            Assert.Equal(11UL, stat.Size);
            Assert.Equal(1UL, stat.LinkCount);
            Assert.Equal(Errno.Success, _fs.StatAt(_dir, "f", out var byName));
            Assert.Equal(stat.Inode, byName.Inode);
            Assert.Equal(stat.Device, byName.Device);
        }
        finally
        {
            _fs.Close(file);
        }
    }

    [Fact]
    public void Positional_reads_and_writes_leave_the_offset_where_it_was()
    {
        long file = Create("f");
        try
        {
            Assert.Equal(Errno.Success, _fs.Write(file, "abcdef"u8, out _));
            Assert.Equal(Errno.Success, _fs.Seek(file, 2, Whence.Set, out _));
            Assert.Equal(Errno.Success, _fs.WriteAt(file, "XY"u8, 4, out int written));
            Assert.Equal(2, written);
            var buffer = new byte[3];
            Assert.Equal(Errno.Success, _fs.ReadAt(file, buffer, 3, out int read));
            Assert.Equal("dXY", Encoding.UTF8.GetString(buffer, 0, read));
            Assert.Equal(Errno.Success, _fs.ReadAt(file, buffer, 100, out read));
            Assert.Equal(0, read);
            Assert.Equal(Errno.Success, _fs.Seek(file, 0, Whence.Cur, out ulong position));
            Assert.Equal(2UL, position);
        }
        finally
        {
            _fs.Close(file);
        }
    }

    [Fact]
    public void Append_mode_writes_at_the_end_and_is_reported()
    {
        File.WriteAllText(Path.Combine(_root, "log"), "one;");
        Assert.Equal(Errno.Success, _fs.OpenAt(_dir, "log", OFlags.None, FdFlags.Append, false, true, out long file));
        try
        {
            Assert.Equal(Errno.Success, _fs.Seek(file, 0, Whence.Set, out _));
            Assert.Equal(Errno.Success, _fs.Write(file, "two;"u8, out _));
            Assert.Equal(Errno.Success, _fs.GetFlags(file, out var flags));
            Assert.True(flags.HasFlag(FdFlags.Append));
            Assert.Equal(Errno.Success, _fs.SetFlags(file, FdFlags.None));
            Assert.Equal(Errno.Success, _fs.GetFlags(file, out flags));
            Assert.False(flags.HasFlag(FdFlags.Append));
            Assert.Equal(Errno.NotSup, _fs.SetFlags(file, FdFlags.Sync));
        }
        finally
        {
            _fs.Close(file);
        }
        Assert.Equal("one;two;", File.ReadAllText(Path.Combine(_root, "log")));
    }

    [Fact]
    public void Open_flags_create_exclusively_truncate_and_insist_on_directories()
    {
        _fs.Close(Create("f"));
        Assert.Equal(Errno.Exist, _fs.OpenAt(_dir, "f", OFlags.Creat | OFlags.Excl, FdFlags.None, false, true, out _));
        Assert.Equal(Errno.NoEnt, _fs.OpenAt(_dir, "missing", OFlags.None, FdFlags.None, true, false, out _));
        Assert.Equal(Errno.NotDir, _fs.OpenAt(_dir, "f", OFlags.Directory, FdFlags.None, true, false, out _));
        File.WriteAllText(Path.Combine(_root, "f"), "content");
        Assert.Equal(Errno.Success, _fs.OpenAt(_dir, "f", OFlags.Trunc, FdFlags.None, false, true, out long file));
        _fs.Close(file);
        Assert.Equal(0, new FileInfo(Path.Combine(_root, "f")).Length);
        Directory.CreateDirectory(Path.Combine(_root, "d"));
        Assert.Equal(Errno.IsDir, _fs.OpenAt(_dir, "d", OFlags.None, FdFlags.None, true, true, out _));
        Assert.Equal(Errno.Success, _fs.OpenAt(_dir, "d", OFlags.Directory, FdFlags.None, true, false, out long directory));
        _fs.Close(directory);
    }

    [Fact]
    public void A_listing_has_dot_dot_dot_and_every_entry_with_its_type()
    {
        File.WriteAllText(Path.Combine(_root, "file"), "x");
        Directory.CreateDirectory(Path.Combine(_root, "sub"));
        var entries = new List<DirectoryEntry>();
        Assert.Equal(Errno.Success, _fs.ReadDirectory(_dir, entries));
        var byName = entries.ToDictionary(e => e.Name);
        Assert.Equal([".", "..", "file", "sub"], byName.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Filetype.RegularFile, byName["file"].Filetype);
        Assert.Equal(Filetype.Directory, byName["sub"].Filetype);
        Assert.Equal(Filetype.Directory, byName["."].Filetype);
        // A second listing of the same handle starts over.
        var again = new List<DirectoryEntry>();
        Assert.Equal(Errno.Success, _fs.ReadDirectory(_dir, again));
        Assert.Equal(entries.Count, again.Count);
    }

    [Fact]
    public void Directories_are_made_renamed_and_removed_and_files_unlinked()
    {
        Assert.Equal(Errno.Success, _fs.CreateDirectoryAt(_dir, "d"));
        Assert.Equal(Errno.Exist, _fs.CreateDirectoryAt(_dir, "d"));
        _fs.Close(Create("f"));
        Assert.Equal(Errno.IsDir, _fs.UnlinkFileAt(_dir, "d"));
        Assert.Equal(Errno.NotDir, _fs.RemoveDirectoryAt(_dir, "f"));
        Assert.Equal(Errno.Success, _fs.RenameAt(_dir, "f", _dir, "g"));
        Assert.Equal(Errno.Success, _fs.OpenDirectoryForLookup(_dir, "d", out long d));
        try
        {
            Assert.Equal(Errno.Success, _fs.RenameAt(_dir, "g", d, "h"));
            Assert.True(File.Exists(Path.Combine(_root, "d", "h")));
            Assert.Equal(Errno.NotEmpty, _fs.RemoveDirectoryAt(_dir, "d"));
            Assert.Equal(Errno.Success, _fs.UnlinkFileAt(d, "h"));
        }
        finally
        {
            _fs.Close(d);
        }
        Assert.Equal(Errno.Success, _fs.RemoveDirectoryAt(_dir, "d"));
        Assert.Equal(Errno.NoEnt, _fs.UnlinkFileAt(_dir, "d"));
    }

    [Fact]
    public void A_hard_link_is_a_second_name_for_the_file()
    {
        File.WriteAllText(Path.Combine(_root, "f"), "x");
        Assert.Equal(Errno.Success, _fs.LinkAt(_dir, "f", _dir, "g"));
        Assert.Equal(Errno.Success, _fs.StatAt(_dir, "g", out var stat));
        Assert.Equal(2UL, stat.LinkCount);
    }

    [Fact]
    public void Size_allocation_and_times_are_set()
    {
        long file = Create("f");
        try
        {
            Assert.Equal(Errno.Success, _fs.SetSize(file, 100));
            Assert.Equal(Errno.Success, _fs.Allocate(file, 50, 150));
            Assert.Equal(Errno.Success, _fs.Stat(file, out var stat));
            Assert.Equal(200UL, stat.Size);
            const ulong Time = 1_600_000_000_000_000_000; // 2020-09-13, a multiple of every host's time resolution here
            Assert.Equal(Errno.Success, _fs.SetTimes(file, Time, Time + 1_000_000_000, FstFlags.Atim | FstFlags.Mtim));
            Assert.Equal(Errno.Success, _fs.Stat(file, out stat));
            Assert.Equal(Time + 1_000_000_000, stat.ModificationTime);
            Assert.Equal(Errno.Success, _fs.SetTimesAt(_dir, "f", 0, Time, FstFlags.Mtim));
            Assert.Equal(Errno.Success, _fs.StatAt(_dir, "f", out stat));
            Assert.Equal(Time, stat.ModificationTime);
        }
        finally
        {
            _fs.Close(file);
        }
    }

    /// <summary>Creates the links of the link tests; false where the host does not let this process make them (Windows without the right).</summary>
    private bool TryCreateLinks()
    {
        Directory.CreateDirectory(Path.Combine(_root, "real"));
        File.WriteAllText(Path.Combine(_root, "file"), "x");
        try
        {
            File.CreateSymbolicLink(Path.Combine(_root, "filelink"), "file");
            Directory.CreateSymbolicLink(Path.Combine(_root, "dirlink"), "real");
            return true;
        }
        catch (Exception e) when (OperatingSystem.IsWindows() && e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    [Fact]
    public void Links_are_seen_and_read_but_never_followed()
    {
        if (!TryCreateLinks()) return;
        Assert.NotEqual(Errno.Success, _fs.OpenDirectoryForLookup(_dir, "dirlink", out _));
        Assert.Equal(Errno.Loop, _fs.OpenAt(_dir, "filelink", OFlags.None, FdFlags.None, true, false, out _));
        Assert.Equal(Errno.Loop, _fs.OpenAt(_dir, "filelink", OFlags.Creat, FdFlags.None, false, true, out _));
        Assert.Equal(Errno.Exist, _fs.OpenAt(_dir, "filelink", OFlags.Creat | OFlags.Excl, FdFlags.None, false, true, out _));
        Assert.Equal(Errno.Success, _fs.StatAt(_dir, "filelink", out var stat));
        Assert.Equal(Filetype.SymbolicLink, stat.Filetype);
        Assert.Equal(Errno.Success, _fs.ReadLinkAt(_dir, "filelink", out byte[] target));
        Assert.Equal("file", Encoding.UTF8.GetString(target));
        Assert.Equal(Errno.Inval, _fs.ReadLinkAt(_dir, "file", out _));
        Assert.Equal(Errno.NotDir, _fs.RemoveDirectoryAt(_dir, "dirlink"));
        Assert.Equal(Errno.Success, _fs.UnlinkFileAt(_dir, "dirlink"));
        Assert.True(Directory.Exists(Path.Combine(_root, "real")));
    }

    [Fact]
    public void A_symbolic_link_made_through_the_port_reads_back()
    {
        Directory.CreateDirectory(Path.Combine(_root, "real"));
        var error = _fs.SymlinkAt("real", _dir, "made");
        if (OperatingSystem.IsWindows() && error == Errno.Perm) return; // No right to make links here.
        Assert.Equal(Errno.Success, error);
        Assert.Equal(Errno.Success, _fs.ReadLinkAt(_dir, "made", out byte[] target));
        Assert.Equal("real", Encoding.UTF8.GetString(target));
        Assert.Equal(Errno.Success, _fs.StatAt(_dir, "made", out var stat));
        Assert.Equal(Filetype.SymbolicLink, stat.Filetype);
    }
}
