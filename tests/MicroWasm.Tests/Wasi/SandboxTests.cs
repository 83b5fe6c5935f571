using MicroWasm.Wasi;

namespace MicroWasm.Tests.Wasi;

/// <summary>Nothing outside a preopen can be reached, whatever the path or link says. "secret" sits beside the sandbox.</summary>
public class SandboxTests
{
    [Theory]
    [InlineData("../secret")]
    [InlineData("..")]
    [InlineData("sub/../../secret")]
    [InlineData("./../secret")]
    [InlineData("sub/./../../sandbox/../secret")]
    public void Dot_dot_cannot_climb_out_of_the_preopen(string path)
    {
        using var h = new WasiHarness();
        Directory.CreateDirectory(Path.Combine(h.SandboxPath, "sub"));
        Assert.Equal(Errno.NotCapable, h.Open(path).Errno);
    }

    [Fact]
    public void Dot_dot_inside_the_preopen_is_fine()
    {
        using var h = new WasiHarness();
        Directory.CreateDirectory(Path.Combine(h.SandboxPath, "sub"));
        File.WriteAllText(Path.Combine(h.SandboxPath, "f"), "ok");
        var (errno, fd) = h.Open("sub/../f");
        Assert.Equal(Errno.Success, errno);
        Assert.Equal((Errno.Success, "ok"), h.Read(fd));
        Assert.Equal(Errno.Success, h.Open("sub/..", OFlags.Directory, WasiHarness.DirectoryReadRights).Errno);
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("/")]
    public void Absolute_paths_are_not_capable(string path)
    {
        using var h = new WasiHarness();
        Assert.Equal(Errno.NotCapable, h.Open(path).Errno);
        Assert.Equal(Errno.NotCapable, h.PathCall("path_create_directory", path + "/x"));
    }

    [Fact]
    public void A_symlink_to_an_absolute_path_is_not_followed()
    {
        using var h = new WasiHarness();
        File.CreateSymbolicLink(Path.Combine(h.SandboxPath, "abs"), Path.Combine(h.Root, "secret"));
        Assert.Equal(Errno.NotCapable, h.Open("abs").Errno);
    }

    [Fact]
    public void A_symlink_pointing_outside_is_not_followed()
    {
        using var h = new WasiHarness();
        File.CreateSymbolicLink(Path.Combine(h.SandboxPath, "out"), "../secret");
        Directory.CreateDirectory(Path.Combine(h.SandboxPath, "sub"));
        File.CreateSymbolicLink(Path.Combine(h.SandboxPath, "sub", "deep"), "../../secret");
        Assert.Equal(Errno.NotCapable, h.Open("out").Errno);
        Assert.Equal(Errno.NotCapable, h.Open("sub/deep").Errno);
        uint stat = h.Alloc(64);
        var (p, n) = h.String("out");
        Assert.Equal(Errno.NotCapable, h.Call("path_filestat_get", 3, (long)LookupFlags.SymlinkFollow, p, n, stat));
    }

    [Fact]
    public void A_symlink_to_dot_dot_cannot_be_walked_through()
    {
        using var h = new WasiHarness();
        File.CreateSymbolicLink(Path.Combine(h.SandboxPath, "up"), "..");
        Assert.Equal(Errno.NotCapable, h.Open("up/secret").Errno);
        Assert.Equal(Errno.NotCapable, h.PathCall("path_unlink_file", "up/secret"));
        Assert.Equal(Errno.NotCapable, h.PathCall("path_create_directory", "up/escape"));
        Assert.True(File.Exists(Path.Combine(h.Root, "secret")));
        Assert.False(Directory.Exists(Path.Combine(h.Root, "escape")));
    }

    [Fact]
    public void A_symlink_staying_inside_is_followed()
    {
        using var h = new WasiHarness();
        Directory.CreateDirectory(Path.Combine(h.SandboxPath, "sub"));
        File.WriteAllText(Path.Combine(h.SandboxPath, "f"), "target");
        File.CreateSymbolicLink(Path.Combine(h.SandboxPath, "sub", "link"), "../f");
        File.CreateSymbolicLink(Path.Combine(h.SandboxPath, "dirlink"), "sub");
        var (errno, fd) = h.Open("dirlink/link");
        Assert.Equal(Errno.Success, errno);
        Assert.Equal((Errno.Success, "target"), h.Read(fd));
    }

    [Fact]
    public void Without_symlink_follow_a_final_link_is_not_opened()
    {
        using var h = new WasiHarness();
        File.WriteAllText(Path.Combine(h.SandboxPath, "f"), "");
        File.CreateSymbolicLink(Path.Combine(h.SandboxPath, "link"), "f");
        Assert.Equal(Errno.Loop, h.Open("link", lookup: LookupFlags.None).Errno);
    }

    [Fact]
    public void A_symlink_loop_is_eloop()
    {
        using var h = new WasiHarness();
        File.CreateSymbolicLink(Path.Combine(h.SandboxPath, "a"), "b");
        File.CreateSymbolicLink(Path.Combine(h.SandboxPath, "b"), "a");
        Assert.Equal(Errno.Loop, h.Open("a").Errno);
    }

    [Fact]
    public void Rename_and_link_cannot_move_things_out()
    {
        using var h = new WasiHarness();
        File.WriteAllText(Path.Combine(h.SandboxPath, "f"), "");
        var (from, fromLength) = h.String("f");
        var (to, toLength) = h.String("../stolen");
        Assert.Equal(Errno.NotCapable, h.Call("path_rename", 3, from, fromLength, 3, to, toLength));
        Assert.Equal(Errno.NotCapable, h.Call("path_link", 3, 0, from, fromLength, 3, to, toLength));
        var (secret, secretLength) = h.String("../secret");
        Assert.Equal(Errno.NotCapable, h.Call("path_rename", 3, secret, secretLength, 3, from, fromLength));
        Assert.False(File.Exists(Path.Combine(h.Root, "stolen")));
    }

    [Fact]
    public void Creating_an_absolute_symlink_is_refused()
    {
        using var h = new WasiHarness();
        var (target, targetLength) = h.String("/etc/passwd");
        var (link, linkLength) = h.String("l");
        Assert.Equal(Errno.NotCapable, h.Call("path_symlink", target, targetLength, 3, link, linkLength));
    }

    [Fact]
    public void A_directory_opened_inside_is_its_own_sandbox()
    {
        using var h = new WasiHarness();
        Directory.CreateDirectory(Path.Combine(h.SandboxPath, "sub"));
        File.WriteAllText(Path.Combine(h.SandboxPath, "f"), "");
        var (_, sub) = h.Open("sub", OFlags.Directory, WasiHarness.DirectoryReadRights);
        Assert.Equal(Errno.NotCapable, h.Open("../f", dir: sub).Errno);
    }
}
