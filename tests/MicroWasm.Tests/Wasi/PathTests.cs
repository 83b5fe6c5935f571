using System.Text;
using MicroWasm.Wasi;

namespace MicroWasm.Tests.Wasi;

public class PathTests
{
    [Fact]
    public void Path_open_creates_truncates_and_refuses_existing_with_excl()
    {
        using var h = new WasiHarness();
        string file = Path.Combine(h.SandboxPath, "new.txt");
        Assert.Equal(Errno.NoEnt, h.Open("new.txt").Errno);
        var (errno, fd) = h.Open("new.txt", OFlags.Creat);
        Assert.Equal(Errno.Success, errno);
        Assert.Equal(Errno.Success, h.Write(fd, "data").Errno);
        Assert.Equal("data", File.ReadAllText(file));
        Assert.Equal(Errno.Exist, h.Open("new.txt", OFlags.Creat | OFlags.Excl).Errno);
        Assert.Equal(Errno.Success, h.Open("new.txt", OFlags.Trunc).Errno);
        Assert.Equal("", File.ReadAllText(file));
    }

    [Fact]
    public void Path_open_with_read_rights_only_gives_a_read_only_descriptor()
    {
        using var h = new WasiHarness();
        File.WriteAllText(Path.Combine(h.SandboxPath, "r.txt"), "r");
        var (errno, fd) = h.Open("r.txt", rights: Rights.FdRead | Rights.FdSeek);
        Assert.Equal(Errno.Success, errno);
        Assert.Equal((Errno.Success, "r"), h.Read(fd));
        Assert.Equal(Errno.NotCapable, h.Write(fd, "x").Errno);
    }

    [Fact]
    public void Path_open_directory_flag_requires_a_directory()
    {
        using var h = new WasiHarness();
        File.WriteAllText(Path.Combine(h.SandboxPath, "f"), "");
        Directory.CreateDirectory(Path.Combine(h.SandboxPath, "d"));
        Assert.Equal(Errno.NotDir, h.Open("f", OFlags.Directory).Errno);
        Assert.Equal(Errno.NotDir, h.Open("f/").Errno);
        var (errno, fd) = h.Open("d", OFlags.Directory, WasiHarness.DirectoryReadRights);
        Assert.Equal(Errno.Success, errno);
        uint stat = h.Alloc(24);
        Assert.Equal(Errno.Success, h.Call("fd_fdstat_get", fd, stat));
        Assert.Equal((byte)Filetype.Directory, h.Bytes(stat, 1)[0]);
        // Without O_DIRECTORY too, and named "d/".
        Assert.Equal(Errno.Success, h.Open("d", rights: WasiHarness.DirectoryReadRights).Errno);
        Assert.Equal(Errno.Success, h.Open("d/", rights: WasiHarness.DirectoryReadRights).Errno);
        // Paths resolve relative to the opened directory.
        File.WriteAllText(Path.Combine(h.SandboxPath, "d", "inner"), "in");
        var (e2, inner) = h.Open("inner", dir: fd);
        Assert.Equal(Errno.Success, e2);
        Assert.Equal((Errno.Success, "in"), h.Read(inner));
    }

    [Theory]
    [InlineData("d", OFlags.Directory)]
    [InlineData("d", OFlags.None)]
    [InlineData("d/", OFlags.None)]
    public void Path_open_of_a_directory_with_write_rights_is_eisdir(string path, OFlags oflags)
    {
        // As on Linux (open(dir, O_WRONLY or O_RDWR)) and Wasmtime (also for path_open asking every right).
        using var h = new WasiHarness();
        Directory.CreateDirectory(Path.Combine(h.SandboxPath, "d"));
        Assert.Equal(Errno.IsDir, h.Open(path, oflags).Errno);
        Assert.Equal(Errno.IsDir, h.Open(path, oflags, Rights.FdWrite).Errno);
        Assert.Equal(Errno.IsDir, h.Open("new/", OFlags.Creat).Errno);
    }

    [Fact]
    public void Path_open_through_a_file_is_enotdir_and_from_a_file_too()
    {
        using var h = new WasiHarness();
        File.WriteAllText(Path.Combine(h.SandboxPath, "f"), "");
        Assert.Equal(Errno.NotDir, h.Open("f/x").Errno);
        var (_, fd) = h.Open("f");
        Assert.Equal(Errno.NotDir, h.Open("x", dir: fd).Errno);
        Assert.Equal(Errno.NotDir, h.Open("x", dir: 1).Errno);
    }

    [Fact]
    public void Path_open_rejects_invalid_utf8_and_nul()
    {
        using var h = new WasiHarness();
        uint p = h.Alloc(2);
        h.Memory.Write(p, new byte[] { 0xff, 0xfe });
        Assert.Equal(Errno.Ilseq, h.Call("path_open", 3, 0, p, 2, 0, (long)Rights.FdRead, 0, 0, h.Alloc(4)));
        h.Memory.Write(p, new byte[] { (byte)'a', 0 });
        Assert.Equal(Errno.Inval, h.Call("path_open", 3, 0, p, 2, 0, (long)Rights.FdRead, 0, 0, h.Alloc(4)));
        Assert.Equal(Errno.Fault, h.Call("path_open", 3, 0, 2 * 65536 - 1, 2, 0, (long)Rights.FdRead, 0, 0, h.Alloc(4)));
        Assert.Equal(Errno.NoEnt, h.Open("").Errno);
    }

    [Fact]
    public void Path_create_directory_and_remove_directory()
    {
        using var h = new WasiHarness();
        Assert.Equal(Errno.Success, h.PathCall("path_create_directory", "d"));
        Assert.True(Directory.Exists(Path.Combine(h.SandboxPath, "d")));
        Assert.Equal(Errno.Exist, h.PathCall("path_create_directory", "d"));
        Assert.Equal(Errno.NoEnt, h.PathCall("path_create_directory", "missing/d"));
        File.WriteAllText(Path.Combine(h.SandboxPath, "d", "f"), "");
        Assert.Equal(Errno.NotEmpty, h.PathCall("path_remove_directory", "d"));
        Assert.Equal(Errno.NotDir, h.PathCall("path_remove_directory", "d/f"));
        File.Delete(Path.Combine(h.SandboxPath, "d", "f"));
        Assert.Equal(Errno.Success, h.PathCall("path_remove_directory", "d"));
        Assert.False(Directory.Exists(Path.Combine(h.SandboxPath, "d")));
        Assert.Equal(Errno.NoEnt, h.PathCall("path_remove_directory", "d"));
    }

    [Fact]
    public void Path_unlink_file_removes_files_not_directories()
    {
        using var h = new WasiHarness();
        File.WriteAllText(Path.Combine(h.SandboxPath, "f"), "");
        Directory.CreateDirectory(Path.Combine(h.SandboxPath, "d"));
        Assert.Equal(Errno.IsDir, h.PathCall("path_unlink_file", "d"));
        Assert.Equal(Errno.NotDir, h.PathCall("path_unlink_file", "f/"));
        Assert.Equal(Errno.Success, h.PathCall("path_unlink_file", "f"));
        Assert.False(File.Exists(Path.Combine(h.SandboxPath, "f")));
        Assert.Equal(Errno.NoEnt, h.PathCall("path_unlink_file", "f"));
    }

    [Fact]
    public void Path_rename_moves_between_directories()
    {
        using var h = new WasiHarness();
        File.WriteAllText(Path.Combine(h.SandboxPath, "a"), "A");
        Directory.CreateDirectory(Path.Combine(h.SandboxPath, "d"));
        var (from, fromLength) = h.String("a");
        var (to, toLength) = h.String("d/b");
        Assert.Equal(Errno.Success, h.Call("path_rename", 3, from, fromLength, 3, to, toLength));
        Assert.Equal("A", File.ReadAllText(Path.Combine(h.SandboxPath, "d", "b")));
        Assert.Equal(Errno.NoEnt, h.Call("path_rename", 3, from, fromLength, 3, to, toLength));
    }

    [Fact]
    public void Path_link_makes_a_hard_link()
    {
        using var h = new WasiHarness();
        File.WriteAllText(Path.Combine(h.SandboxPath, "a"), "A");
        var (from, fromLength) = h.String("a");
        var (to, toLength) = h.String("b");
        Assert.Equal(Errno.Success, h.Call("path_link", 3, 0, from, fromLength, 3, to, toLength));
        Assert.Equal("A", File.ReadAllText(Path.Combine(h.SandboxPath, "b")));
        Assert.Equal(Errno.Exist, h.Call("path_link", 3, 0, from, fromLength, 3, to, toLength));
        uint stat = h.Alloc(64);
        Assert.Equal(Errno.Success, h.Call("path_filestat_get", 3, 0, from, fromLength, stat));
        Assert.Equal(2UL, h.U64(stat + 24));
    }

    [Fact]
    public void Path_symlink_and_path_readlink()
    {
        using var h = new WasiHarness();
        var (target, targetLength) = h.String("some/target");
        var (link, linkLength) = h.String("link");
        Assert.Equal(Errno.Success, h.Call("path_symlink", target, targetLength, 3, link, linkLength));
        Assert.Equal("some/target", new FileInfo(Path.Combine(h.SandboxPath, "link")).LinkTarget);
        uint buffer = h.Alloc(64), used = h.Alloc(4);
        Assert.Equal(Errno.Success, h.Call("path_readlink", 3, link, linkLength, buffer, 64, used));
        Assert.Equal("some/target", Encoding.UTF8.GetString(h.Bytes(buffer, (int)h.U32(used))));
        Assert.Equal(Errno.Success, h.Call("path_readlink", 3, link, linkLength, buffer, 4, used));
        Assert.Equal(4u, h.U32(used));
        File.WriteAllText(Path.Combine(h.SandboxPath, "plain"), "");
        var (plain, plainLength) = h.String("plain");
        Assert.Equal(Errno.Inval, h.Call("path_readlink", 3, plain, plainLength, buffer, 64, used));
        Assert.Equal(Errno.Exist, h.Call("path_symlink", target, targetLength, 3, link, linkLength));
    }

    [Fact]
    public void Path_filestat_get_follows_links_only_when_asked()
    {
        using var h = new WasiHarness();
        File.WriteAllText(Path.Combine(h.SandboxPath, "f"), "12345");
        File.CreateSymbolicLink(Path.Combine(h.SandboxPath, "l"), "f");
        var (p, n) = h.String("l");
        uint stat = h.Alloc(64);
        Assert.Equal(Errno.Success, h.Call("path_filestat_get", 3, 0, p, n, stat));
        Assert.Equal((byte)Filetype.SymbolicLink, h.Bytes(stat + 16, 1)[0]);
        Assert.Equal(Errno.Success, h.Call("path_filestat_get", 3, (long)LookupFlags.SymlinkFollow, p, n, stat));
        Assert.Equal((byte)Filetype.RegularFile, h.Bytes(stat + 16, 1)[0]);
        Assert.Equal(5UL, h.U64(stat + 32));
        var (missing, missingLength) = h.String("nope");
        Assert.Equal(Errno.NoEnt, h.Call("path_filestat_get", 3, 0, missing, missingLength, stat));
        Assert.Equal(Errno.Fault, h.Call("path_filestat_get", 3, 0, p, n, 2 * 65536 - 8));
    }

    [Fact]
    public void Path_filestat_set_times_sets_the_times()
    {
        using var h = new WasiHarness();
        File.WriteAllText(Path.Combine(h.SandboxPath, "f"), "");
        var (p, n) = h.String("f");
        const long Time = 1_234_567_890L * 1_000_000_000;
        Assert.Equal(Errno.Success, h.Call("path_filestat_set_times", 3, 0, p, n, Time, Time, (long)(FstFlags.Atim | FstFlags.Mtim)));
        Assert.Equal(DateTime.UnixEpoch.AddSeconds(1_234_567_890), File.GetLastWriteTimeUtc(Path.Combine(h.SandboxPath, "f")));
        Assert.Equal(Errno.Inval, h.Call("path_filestat_set_times", 3, 0, p, n, 0, 0, (long)(FstFlags.Mtim | FstFlags.MtimNow)));
    }

    [Fact]
    public void Path_operations_need_their_rights()
    {
        using var h = new WasiHarness();
        Assert.Equal(Errno.Success, h.Call("fd_fdstat_set_rights", 3, (long)Rights.PathOpen, (long)Rights.DirectoryInheriting));
        Assert.Equal(Errno.NotCapable, h.PathCall("path_create_directory", "d"));
        Assert.Equal(Errno.NotCapable, h.PathCall("path_unlink_file", "f"));
        Assert.Equal(Errno.NotCapable, h.PathCall("path_remove_directory", "d"));
        Assert.Equal(Errno.NotCapable, h.Open("f", OFlags.Creat).Errno);
    }
}
