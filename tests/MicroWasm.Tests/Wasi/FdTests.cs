using System.Buffers.Binary;
using System.Text;
using MicroWasm.Wasi;

namespace MicroWasm.Tests.Wasi;

public class FdTests
{
    private static (WasiHarness H, uint Fd) OpenFile(string content = "hello world", Action<WasiConfiguration>? configure = null)
    {
        var h = new WasiHarness(configure);
        File.WriteAllText(Path.Combine(h.SandboxPath, "f.txt"), content);
        var (errno, fd) = h.Open("f.txt");
        Assert.Equal(Errno.Success, errno);
        return (h, fd);
    }

    [Fact]
    public void Fd_write_to_stdout_and_stderr_reaches_the_configured_streams()
    {
        using var h = new WasiHarness();
        Assert.Equal((Errno.Success, 5), h.Write(1, "hello"));
        Assert.Equal((Errno.Success, 3), h.Write(2, "err"));
        Assert.Equal("hello", Encoding.UTF8.GetString(h.Stdout.ToArray()));
        Assert.Equal("err", Encoding.UTF8.GetString(h.Stderr.ToArray()));
    }

    [Fact]
    public void Fd_write_gathers_every_iovec_in_order()
    {
        using var h = new WasiHarness();
        uint a = h.Alloc(3), b = h.Alloc(3);
        h.Memory.Write(a, "abc"u8);
        h.Memory.Write(b, "def"u8);
        uint iovs = h.Alloc(16);
        h.Memory.Write(iovs, a); h.Memory.Write(iovs + 4, 3u);
        h.Memory.Write(iovs + 8, b); h.Memory.Write(iovs + 12, 3u);
        uint written = h.Alloc(4);
        Assert.Equal(Errno.Success, h.Call("fd_write", 1, iovs, 2, written));
        Assert.Equal(6u, h.U32(written));
        Assert.Equal("abcdef", Encoding.UTF8.GetString(h.Stdout.ToArray()));
    }

    [Fact]
    public void Fd_write_with_an_iovec_outside_memory_is_efault_and_writes_nothing()
    {
        using var h = new WasiHarness();
        uint iovs = h.Iovec(2 * 65536 - 2, 4);
        Assert.Equal(Errno.Fault, h.Call("fd_write", 1, iovs, 1, h.Alloc(4)));
        Assert.Equal(Errno.Fault, h.Call("fd_write", 1, 2 * 65536 - 4, 1, h.Alloc(4)));
        Assert.Equal(Errno.Fault, h.Call("fd_write", 1, h.Iovec("x"u8.ToArray()), 1, -1));
        Assert.Equal(Errno.Fault, h.Call("fd_write", 1, 0, 0x7fffffff, h.Alloc(4)));
        Assert.Equal(0, h.Stdout.Length);
    }

    [Fact]
    public void Fd_read_reads_stdin_until_the_end()
    {
        using var h = new WasiHarness(c => c.Stdin = new MemoryStream("input"u8.ToArray()));
        Assert.Equal((Errno.Success, "input"), h.Read(0));
        Assert.Equal((Errno.Success, ""), h.Read(0));
    }

    [Fact]
    public void Reading_stdout_or_writing_stdin_lacks_the_right()
    {
        using var h = new WasiHarness();
        Assert.Equal(Errno.NotCapable, h.Read(1).Errno);
        Assert.Equal(Errno.NotCapable, h.Write(0, "x").Errno);
    }

    [Fact]
    public void Unknown_descriptors_are_ebadf()
    {
        using var h = new WasiHarness();
        Assert.Equal(Errno.Badf, h.Write(99, "x").Errno);
        Assert.Equal(Errno.Badf, h.Call("fd_close", 99));
        Assert.Equal(Errno.Badf, h.Call("fd_fdstat_get", 99, h.Alloc(24)));
    }

    [Fact]
    public void Fd_read_and_fd_write_on_a_file_move_its_offset()
    {
        var (h, fd) = OpenFile();
        using var _ = h;
        Assert.Equal((Errno.Success, "hello world"), h.Read(fd));
        Assert.Equal((Errno.Success, 3), h.Write(fd, "!!!"));
        Assert.Equal("hello world!!!", File.ReadAllText(Path.Combine(h.SandboxPath, "f.txt")));
    }

    [Fact]
    public void Fd_read_on_a_directory_is_eisdir_or_lacks_the_right()
    {
        using var h = new WasiHarness();
        Assert.Equal(Errno.NotCapable, h.Read(WasiHarness.Sandbox).Errno);
    }

    [Fact]
    public void Fd_close_frees_the_number_for_reuse()
    {
        var (h, fd) = OpenFile();
        using var _ = h;
        Assert.Equal(Errno.Success, h.Call("fd_close", fd));
        Assert.Equal(Errno.Badf, h.Call("fd_close", fd));
        Assert.Equal(fd, h.Open("f.txt").Fd);
    }

    [Fact]
    public void Fd_seek_and_fd_tell_follow_whence()
    {
        var (h, fd) = OpenFile();
        using var _ = h;
        uint offset = h.Alloc(8);
        Assert.Equal(Errno.Success, h.Call("fd_seek", fd, 6, (long)Whence.Set, offset));
        Assert.Equal(6UL, h.U64(offset));
        Assert.Equal((Errno.Success, "world"), h.Read(fd));
        Assert.Equal(Errno.Success, h.Call("fd_tell", fd, offset));
        Assert.Equal(11UL, h.U64(offset));
        Assert.Equal(Errno.Success, h.Call("fd_seek", fd, -5, (long)Whence.End, offset));
        Assert.Equal(6UL, h.U64(offset));
        Assert.Equal(Errno.Success, h.Call("fd_seek", fd, 2, (long)Whence.Cur, offset));
        Assert.Equal(8UL, h.U64(offset));
        Assert.Equal(Errno.Inval, h.Call("fd_seek", fd, -100, (long)Whence.Set, offset));
        Assert.Equal(Errno.Inval, h.Call("fd_seek", fd, 0, 3, offset));
        Assert.Equal(Errno.NotCapable, h.Call("fd_seek", 1, 0, (long)Whence.Set, offset));
        Assert.Equal(Errno.NotCapable, h.Call("fd_tell", 1, offset));
    }

    [Fact]
    public void Fd_pread_and_fd_pwrite_leave_the_offset_alone()
    {
        var (h, fd) = OpenFile();
        using var _ = h;
        uint buffer = h.Alloc(5), n = h.Alloc(4), offset = h.Alloc(8);
        Assert.Equal(Errno.Success, h.Call("fd_pread", fd, h.Iovec(buffer, 5), 1, 6, n));
        Assert.Equal("world", Encoding.UTF8.GetString(h.Bytes(buffer, (int)h.U32(n))));
        Assert.Equal(Errno.Success, h.Call("fd_pwrite", fd, h.Iovec("HELLO"u8.ToArray()), 1, 0, n));
        Assert.Equal(5u, h.U32(n));
        Assert.Equal(Errno.Success, h.Call("fd_tell", fd, offset));
        Assert.Equal(0UL, h.U64(offset));
        Assert.Equal("HELLO world", File.ReadAllText(Path.Combine(h.SandboxPath, "f.txt")));
        Assert.Equal(Errno.NotCapable, h.Call("fd_pread", 0, h.Iovec(buffer, 5), 1, 0, n));
    }

    [Fact]
    public void Fd_fdstat_get_describes_type_flags_and_rights()
    {
        var (h, fd) = OpenFile();
        using var _ = h;
        uint stat = h.Alloc(24);
        Assert.Equal(Errno.Success, h.Call("fd_fdstat_get", fd, stat));
        Assert.Equal((byte)Filetype.RegularFile, h.Bytes(stat, 1)[0]);
        var rights = (Rights)h.U64(stat + 8);
        Assert.True(rights.HasFlag(Rights.FdRead | Rights.FdWrite | Rights.FdSeek));
        Assert.False(rights.HasFlag(Rights.PathOpen));

        Assert.Equal(Errno.Success, h.Call("fd_fdstat_get", 1, stat));
        Assert.Equal((byte)Filetype.CharacterDevice, h.Bytes(stat, 1)[0]);
        Assert.Equal(Errno.Success, h.Call("fd_fdstat_get", WasiHarness.Sandbox, stat));
        Assert.Equal((byte)Filetype.Directory, h.Bytes(stat, 1)[0]);
        Assert.True(((Rights)h.U64(stat + 8)).HasFlag(Rights.PathOpen));
        Assert.Equal(Errno.Fault, h.Call("fd_fdstat_get", fd, 2 * 65536 - 8));
    }

    [Fact]
    public void Fd_fdstat_set_flags_turns_on_append()
    {
        var (h, fd) = OpenFile("abc");
        using var _ = h;
        Assert.Equal(Errno.Success, h.Call("fd_fdstat_set_flags", fd, (long)FdFlags.Append));
        uint stat = h.Alloc(24);
        Assert.Equal(Errno.Success, h.Call("fd_fdstat_get", fd, stat));
        Assert.Equal((ushort)FdFlags.Append, h.Memory.Read<ushort>(stat + 2));
        Assert.Equal(Errno.Success, h.Write(fd, "d").Errno);
        Assert.Equal("abcd", File.ReadAllText(Path.Combine(h.SandboxPath, "f.txt")));
        Assert.Equal(Errno.Inval, h.Call("fd_fdstat_set_flags", fd, 0x100));
    }

    [Fact]
    public void Fd_fdstat_set_rights_only_drops_rights()
    {
        var (h, fd) = OpenFile();
        using var _ = h;
        Assert.Equal(Errno.Success, h.Call("fd_fdstat_set_rights", fd, (long)Rights.FdRead, 0));
        Assert.Equal(Errno.NotCapable, h.Write(fd, "x").Errno);
        Assert.Equal(Errno.Success, h.Read(fd).Errno);
        Assert.Equal(Errno.NotCapable, h.Call("fd_fdstat_set_rights", fd, (long)(Rights.FdRead | Rights.FdWrite), 0));
    }

    [Fact]
    public void Fd_filestat_get_set_size_and_set_times()
    {
        var (h, fd) = OpenFile("0123456789");
        using var _ = h;
        uint stat = h.Alloc(64);
        Assert.Equal(Errno.Success, h.Call("fd_filestat_get", fd, stat));
        Assert.Equal((byte)Filetype.RegularFile, h.Bytes(stat + 16, 1)[0]);
        Assert.Equal(10UL, h.U64(stat + 32));
        Assert.Equal(1UL, h.U64(stat + 24));
        Assert.NotEqual(0UL, h.U64(stat + 8));

        Assert.Equal(Errno.Success, h.Call("fd_filestat_set_size", fd, 4));
        Assert.Equal(4, new FileInfo(Path.Combine(h.SandboxPath, "f.txt")).Length);

        const long Time = 1_000_000_000L * 1_000_000_000 + 500;
        Assert.Equal(Errno.Success, h.Call("fd_filestat_set_times", fd, Time, Time + 1_000_000_000, (long)(FstFlags.Atim | FstFlags.Mtim)));
        Assert.Equal(Errno.Success, h.Call("fd_filestat_get", fd, stat));
        Assert.Equal((ulong)Time, h.U64(stat + 40));
        Assert.Equal((ulong)Time + 1_000_000_000, h.U64(stat + 48));
        Assert.Equal(Errno.Inval, h.Call("fd_filestat_set_times", fd, 0, 0, (long)(FstFlags.Atim | FstFlags.AtimNow)));
        Assert.Equal(Errno.Success, h.Call("fd_filestat_set_times", fd, 0, 0, (long)FstFlags.MtimNow));
        Assert.Equal(Errno.Success, h.Call("fd_filestat_get", fd, stat));
        Assert.True(h.U64(stat + 48) > (ulong)Time + 1_000_000_000);
    }

    [Fact]
    public void Fd_advise_allocate_sync_and_datasync_succeed_on_files()
    {
        var (h, fd) = OpenFile("x");
        using var _ = h;
        Assert.Equal(Errno.Success, h.Call("fd_advise", fd, 0, 1, (long)Advice.Sequential));
        Assert.Equal(Errno.Inval, h.Call("fd_advise", fd, 0, 1, 9));
        Assert.Equal(Errno.Success, h.Call("fd_allocate", fd, 0, 4096));
        Assert.Equal(4096, new FileInfo(Path.Combine(h.SandboxPath, "f.txt")).Length);
        Assert.Equal(Errno.Success, h.Call("fd_sync", fd));
        Assert.Equal(Errno.Success, h.Call("fd_datasync", fd));
        Assert.Equal(Errno.NotCapable, h.Call("fd_sync", 1));
        Assert.Equal(Errno.NotCapable, h.Call("fd_datasync", 1));
        Assert.Equal(Errno.NotCapable, h.Call("fd_allocate", 1, 0, 1));
        Assert.Equal(Errno.NotCapable, h.Call("fd_advise", 1, 0, 1, 0));
    }

    [Fact]
    public void Fd_prestat_get_and_dir_name_describe_the_preopens()
    {
        using var h = new WasiHarness();
        uint prestat = h.Alloc(8);
        Assert.Equal(Errno.Success, h.Call("fd_prestat_get", WasiHarness.Sandbox, prestat));
        Assert.Equal(0, h.Bytes(prestat, 1)[0]);
        Assert.Equal(7u, h.U32(prestat + 4));
        uint name = h.Alloc(7);
        Assert.Equal(Errno.Success, h.Call("fd_prestat_dir_name", WasiHarness.Sandbox, name, 7));
        Assert.Equal("sandbox", Encoding.UTF8.GetString(h.Bytes(name, 7)));
        Assert.Equal(Errno.NameTooLong, h.Call("fd_prestat_dir_name", WasiHarness.Sandbox, name, 3));
        Assert.Equal(Errno.Badf, h.Call("fd_prestat_get", 1, prestat));
        Assert.Equal(Errno.Badf, h.Call("fd_prestat_get", 4, prestat));
        Assert.Equal(Errno.Badf, h.Call("fd_prestat_dir_name", 4, name, 7));
    }

    [Fact]
    public void Fd_renumber_moves_a_descriptor_over_another()
    {
        var (h, fd) = OpenFile("content");
        using var _ = h;
        Assert.Equal(Errno.Success, h.Call("fd_renumber", fd, 1));
        Assert.Equal((Errno.Success, "content"), h.Read(1));
        Assert.Equal(Errno.Badf, h.Call("fd_fdstat_get", fd, h.Alloc(24)));
        Assert.Equal(Errno.Badf, h.Call("fd_renumber", fd, 1));
        Assert.Equal(Errno.Badf, h.Call("fd_renumber", 1, 77));
    }

    [Fact]
    public void Fd_readdir_lists_entries_and_resumes_from_a_cookie()
    {
        using var h = new WasiHarness();
        for (int i = 0; i < 5; i++) File.WriteAllText(Path.Combine(h.SandboxPath, $"file{i}"), "");
        Directory.CreateDirectory(Path.Combine(h.SandboxPath, "dir"));

        var all = ReadDir(h, 0, 4096, out bool full);
        Assert.False(full);
        Assert.Equal(["dir", "file0", "file1", "file2", "file3", "file4"], all.Select(e => e.Name).Where(n => n is not "." and not "..").Order());
        Assert.Equal(Filetype.Directory, all.Single(e => e.Name == "dir").Type);
        Assert.Equal(Filetype.RegularFile, all.Single(e => e.Name == "file3").Type);

        // Resuming from each entry's cookie lists exactly the rest.
        var rest = ReadDir(h, all[2].Next, 4096, out _);
        Assert.Equal(all.Skip(3).Select(e => e.Name), rest.Select(e => e.Name));
        Assert.Empty(ReadDir(h, (ulong)all.Count, 4096, out _));

        // A small buffer is filled completely, telling the guest to grow it.
        uint buffer = h.Alloc(30), used = h.Alloc(4);
        Assert.Equal(Errno.Success, h.Call("fd_readdir", WasiHarness.Sandbox, buffer, 30, 0, used));
        Assert.Equal(30u, h.U32(used));
        Assert.Equal(Errno.NotCapable, h.Call("fd_readdir", 1, buffer, 30, 0, used));
        Assert.Equal(Errno.Fault, h.Call("fd_readdir", WasiHarness.Sandbox, 2 * 65536 - 8, 30, 0, used));
    }

    internal static List<(string Name, ulong Next, Filetype Type)> ReadDir(WasiHarness h, ulong cookie, uint size, out bool full)
    {
        uint buffer = h.Alloc(size), used = h.Alloc(4);
        Assert.Equal(Errno.Success, h.Call("fd_readdir", WasiHarness.Sandbox, buffer, size, (long)cookie, used));
        var bytes = h.Bytes(buffer, (int)h.U32(used));
        full = bytes.Length == size;
        var entries = new List<(string, ulong, Filetype)>();
        for (int at = 0; at + 24 <= bytes.Length;)
        {
            ulong next = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(at));
            int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 16));
            var type = (Filetype)bytes[at + 20];
            entries.Add((Encoding.UTF8.GetString(bytes, at + 24, length), next, type));
            at += 24 + length;
        }
        return entries;
    }
}
