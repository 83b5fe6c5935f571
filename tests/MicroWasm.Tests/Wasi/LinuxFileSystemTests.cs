using MicroWasm.Wasi;

namespace MicroWasm.Tests.Wasi;

/// <summary>
/// The primitives the sandbox relies on to be race-free: the host never follows a link in a name it is given, so a link
/// swapped in after <see cref="SandboxedPath"/> checked a component makes the operation fail instead of escaping.
/// </summary>
public sealed class LinuxFileSystemTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("microwasm-linuxfs-").FullName;
    private readonly LinuxFileSystem _fs = LinuxFileSystem.Instance;
    private readonly long _dir;

    public LinuxFileSystemTests()
    {
        Assert.Equal(Errno.Success, _fs.OpenPreopen(_root, out _dir));
        Directory.CreateDirectory(Path.Combine(_root, "real"));
        File.WriteAllText(Path.Combine(_root, "file"), "x");
        File.CreateSymbolicLink(Path.Combine(_root, "dirlink"), "real");
        File.CreateSymbolicLink(Path.Combine(_root, "filelink"), "file");
    }

    public void Dispose()
    {
        _fs.Close(_dir);
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public void The_walk_does_not_enter_a_directory_through_a_link()
    {
        Assert.NotEqual(Errno.Success, _fs.OpenDirectoryForLookup(_dir, "dirlink", out _));
        Assert.Equal(Errno.Success, _fs.OpenDirectoryForLookup(_dir, "real", out long real));
        _fs.Close(real);
    }

    [Fact]
    public void Open_does_not_follow_a_link_even_when_asked_to_create()
    {
        Assert.Equal(Errno.Loop, _fs.OpenAt(_dir, "filelink", OFlags.None, FdFlags.None, true, false, out _));
        Assert.Equal(Errno.Exist, _fs.OpenAt(_dir, "filelink", OFlags.Creat | OFlags.Excl, FdFlags.None, false, true, out _));
    }

    [Fact]
    public void Stat_and_set_times_act_on_the_link_itself()
    {
        Assert.Equal(Errno.Success, _fs.StatAt(_dir, "filelink", out var stat));
        Assert.Equal(Filetype.SymbolicLink, stat.Filetype);
    }

    [Fact]
    public void Host_errnos_map_to_wasi_errnos()
    {
        Assert.Equal(Errno.NoEnt, LinuxFileSystem.FromErrorNumber(2));
        Assert.Equal(Errno.Acces, LinuxFileSystem.FromErrorNumber(13));
        Assert.Equal(Errno.NotEmpty, LinuxFileSystem.FromErrorNumber(39));
        Assert.Equal(Errno.Loop, LinuxFileSystem.FromErrorNumber(40));
        Assert.Equal(Errno.Io, LinuxFileSystem.FromErrorNumber(9999));
    }
}
