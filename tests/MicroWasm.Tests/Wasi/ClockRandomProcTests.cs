using MicroWasm.Wasi;

namespace MicroWasm.Tests.Wasi;

public class ClockRandomProcTests
{
    [Fact]
    public void Clock_time_get_reads_the_configured_realtime_clock()
    {
        using var h = new WasiHarness(c => c.RealtimeClock = () => 1_700_000_000_123_456_789UL);
        uint time = h.Alloc(8);
        Assert.Equal(Errno.Success, h.Call("clock_time_get", (long)ClockId.Realtime, 1, time));
        Assert.Equal(1_700_000_000_123_456_789UL, h.U64(time));
    }

    [Fact]
    public void Realtime_defaults_to_the_host_clock_and_monotonic_never_goes_back()
    {
        using var h = new WasiHarness();
        uint time = h.Alloc(8);
        Assert.Equal(Errno.Success, h.Call("clock_time_get", (long)ClockId.Realtime, 0, time));
        var realtime = DateTime.UnixEpoch.AddTicks((long)(h.U64(time) / 100));
        Assert.InRange(realtime, DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(1));

        Assert.Equal(Errno.Success, h.Call("clock_time_get", (long)ClockId.Monotonic, 0, time));
        ulong first = h.U64(time);
        Thread.Sleep(5);
        Assert.Equal(Errno.Success, h.Call("clock_time_get", (long)ClockId.Monotonic, 0, time));
        Assert.True(h.U64(time) >= first + 4_000_000);
    }

    [Theory]
    [InlineData(ClockId.ProcessCputime)]
    [InlineData(ClockId.ThreadCputime)]
    public void Cpu_time_clocks_advance(ClockId clock)
    {
        using var h = new WasiHarness();
        uint time = h.Alloc(8);
        Assert.Equal(Errno.Success, h.Call("clock_time_get", (long)clock, 0, time));
        ulong first = h.U64(time);
        var until = DateTime.UtcNow.AddMilliseconds(30);
        while (DateTime.UtcNow < until) { }
        Assert.Equal(Errno.Success, h.Call("clock_time_get", (long)clock, 0, time));
        Assert.True(h.U64(time) > first);
    }

    [Theory]
    [InlineData(ClockId.Realtime)]
    [InlineData(ClockId.Monotonic)]
    [InlineData(ClockId.ProcessCputime)]
    [InlineData(ClockId.ThreadCputime)]
    public void Clock_res_get_gives_a_nonzero_resolution(ClockId clock)
    {
        using var h = new WasiHarness();
        uint res = h.Alloc(8);
        Assert.Equal(Errno.Success, h.Call("clock_res_get", (long)clock, res));
        Assert.InRange(h.U64(res), 1UL, 1_000_000UL);
    }

    [Fact]
    public void Unknown_clocks_are_einval_and_bad_pointers_efault()
    {
        using var h = new WasiHarness();
        Assert.Equal(Errno.Inval, h.Call("clock_res_get", 4, 16));
        Assert.Equal(Errno.Inval, h.Call("clock_time_get", 4, 0, 16));
        Assert.Equal(Errno.Fault, h.Call("clock_time_get", 0, 0, 2 * 65536 - 4));
        Assert.Equal(Errno.Fault, h.Call("clock_res_get", 1, -8));
    }

    [Fact]
    public void Random_get_fills_the_buffer_from_the_source()
    {
        using var h = new WasiHarness(c => c.RandomSource = span => span.Fill(0xab));
        uint buffer = h.Alloc(16);
        Assert.Equal(Errno.Success, h.Call("random_get", buffer, 16));
        Assert.All(h.Bytes(buffer, 16), b => Assert.Equal(0xab, b));
        Assert.Equal(Errno.Fault, h.Call("random_get", 2 * 65536 - 8, 16));
    }

    [Fact]
    public void Random_get_defaults_to_a_secure_generator()
    {
        using var h = new WasiHarness();
        uint a = h.Alloc(32), b = h.Alloc(32);
        Assert.Equal(Errno.Success, h.Call("random_get", a, 32));
        Assert.Equal(Errno.Success, h.Call("random_get", b, 32));
        Assert.NotEqual(h.Bytes(a, 32), h.Bytes(b, 32));
    }

    [Fact]
    public void Sched_yield_succeeds_and_proc_raise_is_not_supported()
    {
        using var h = new WasiHarness();
        Assert.Equal(Errno.Success, h.Call("sched_yield"));
        Assert.Equal(Errno.NoSys, h.Call("proc_raise", 15));
    }

    [Fact]
    public void Proc_exit_unwinds_with_the_exit_code()
    {
        using var h = new WasiHarness();
        var e = Assert.ThrowsAny<Exception>(() => h.Function("proc_exit").Invoke(Value.I32(42)));
        Assert.True(WasiExitException.TryGetExitCode(e, out int code));
        Assert.Equal(42, code);
        Assert.Empty(h.Function("proc_exit").Type.Results);
    }

    [Fact]
    public void Calling_before_the_memory_is_bound_traps_rather_than_crashing()
    {
        var imports = new MicroWasm.Runtime.Imports();
        using var context = WasiPreview1.DefineIn(imports, new WasiConfiguration());
        imports.TryGet(WasiPreview1.ModuleName, "random_get", out var f);
        Assert.Throws<TrapException>(() => ((MicroWasm.Runtime.HostFunction)f!).Invoke(Value.I32(0), Value.I32(4)));
    }

    [Fact]
    public void Every_preview1_function_is_defined()
    {
        string[] witx =
        [
            "args_get", "args_sizes_get", "environ_get", "environ_sizes_get", "clock_res_get", "clock_time_get",
            "fd_advise", "fd_allocate", "fd_close", "fd_datasync", "fd_fdstat_get", "fd_fdstat_set_flags",
            "fd_fdstat_set_rights", "fd_filestat_get", "fd_filestat_set_size", "fd_filestat_set_times", "fd_pread",
            "fd_prestat_get", "fd_prestat_dir_name", "fd_pwrite", "fd_read", "fd_readdir", "fd_renumber", "fd_seek",
            "fd_sync", "fd_tell", "fd_write", "path_create_directory", "path_filestat_get", "path_filestat_set_times",
            "path_link", "path_open", "path_readlink", "path_remove_directory", "path_rename", "path_symlink",
            "path_unlink_file", "poll_oneoff", "proc_exit", "proc_raise", "sched_yield", "random_get", "sock_accept",
            "sock_recv", "sock_send", "sock_shutdown",
        ];
        Assert.Equal(witx.Order(), WasiPreview1.FunctionNames.Order());
    }
}
