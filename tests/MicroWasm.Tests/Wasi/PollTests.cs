using System.Buffers.Binary;
using System.Diagnostics;
using MicroWasm.Wasi;

namespace MicroWasm.Tests.Wasi;

public class PollTests
{
    private static void Clock(WasiHarness h, uint at, ulong userData, ulong timeout, SubclockFlags flags = SubclockFlags.None, ClockId clock = ClockId.Monotonic)
    {
        var s = h.Memory.GetSpan(at, 48);
        s.Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(s, userData);
        s[8] = (byte)EventType.Clock;
        BinaryPrimitives.WriteUInt32LittleEndian(s[16..], (uint)clock);
        BinaryPrimitives.WriteUInt64LittleEndian(s[24..], timeout);
        BinaryPrimitives.WriteUInt16LittleEndian(s[40..], (ushort)flags);
    }

    private static void FdEvent(WasiHarness h, uint at, ulong userData, EventType type, uint fd)
    {
        var s = h.Memory.GetSpan(at, 48);
        s.Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(s, userData);
        s[8] = (byte)type;
        BinaryPrimitives.WriteUInt32LittleEndian(s[16..], fd);
    }

    [Fact]
    public void A_relative_clock_subscription_waits_its_timeout()
    {
        using var h = new WasiHarness();
        uint subs = h.Alloc(48), events = h.Alloc(32), n = h.Alloc(4);
        Clock(h, subs, 42, 30_000_000);
        var watch = Stopwatch.StartNew();
        Assert.Equal(Errno.Success, h.Call("poll_oneoff", subs, events, 1, n));
        Assert.True(watch.ElapsedMilliseconds >= 29);
        Assert.Equal(1u, h.U32(n));
        Assert.Equal(42UL, h.U64(events));
        Assert.Equal(0, h.Memory.Read<ushort>(events + 8));
        Assert.Equal((byte)EventType.Clock, h.Bytes(events + 10, 1)[0]);
    }

    [Fact]
    public void An_absolute_realtime_deadline_in_the_past_fires_at_once()
    {
        using var h = new WasiHarness(c => c.RealtimeClock = () => 1_000_000_000_000);
        uint subs = h.Alloc(48), events = h.Alloc(32), n = h.Alloc(4);
        Clock(h, subs, 1, 5, SubclockFlags.Abstime, ClockId.Realtime);
        var watch = Stopwatch.StartNew();
        Assert.Equal(Errno.Success, h.Call("poll_oneoff", subs, events, 1, n));
        Assert.True(watch.ElapsedMilliseconds < 1000);
        Assert.Equal(1u, h.U32(n));
    }

    [Fact]
    public void A_readable_file_is_ready_before_a_long_timeout()
    {
        using var h = new WasiHarness();
        File.WriteAllText(Path.Combine(h.SandboxPath, "f"), "abcd");
        var (_, fd) = h.Open("f");
        uint subs = h.Alloc(96), events = h.Alloc(64), n = h.Alloc(4);
        Clock(h, subs, 1, 60_000_000_000);
        FdEvent(h, subs + 48, 2, EventType.FdRead, fd);
        var watch = Stopwatch.StartNew();
        Assert.Equal(Errno.Success, h.Call("poll_oneoff", subs, events, 2, n));
        Assert.True(watch.ElapsedMilliseconds < 5000);
        Assert.Equal(1u, h.U32(n));
        Assert.Equal(2UL, h.U64(events));
        Assert.Equal(4UL, h.U64(events + 16));
    }

    [Fact]
    public void Stdout_is_ready_for_writing_and_a_bad_descriptor_reports_ebadf()
    {
        using var h = new WasiHarness();
        uint subs = h.Alloc(96), events = h.Alloc(64), n = h.Alloc(4);
        FdEvent(h, subs, 1, EventType.FdWrite, 1);
        FdEvent(h, subs + 48, 2, EventType.FdRead, 55);
        Assert.Equal(Errno.Success, h.Call("poll_oneoff", subs, events, 2, n));
        Assert.Equal(2u, h.U32(n));
        Assert.Equal(1UL, h.U64(events));
        Assert.Equal(2UL, h.U64(events + 32));
        Assert.Equal((ushort)Errno.Badf, h.Memory.Read<ushort>(events + 32 + 8));
    }

    [Fact]
    public void No_subscriptions_is_einval_and_bad_buffers_efault()
    {
        using var h = new WasiHarness();
        uint subs = h.Alloc(48), events = h.Alloc(32), n = h.Alloc(4);
        Assert.Equal(Errno.Inval, h.Call("poll_oneoff", subs, events, 0, n));
        Clock(h, subs, 1, 0);
        Assert.Equal(Errno.Fault, h.Call("poll_oneoff", 2 * 65536 - 16, events, 1, n));
        Assert.Equal(Errno.Fault, h.Call("poll_oneoff", subs, 2 * 65536 - 16, 1, n));
        Assert.Equal(Errno.Fault, h.Call("poll_oneoff", subs, events, 1, -1));
    }

    [Fact]
    public void An_unknown_clock_is_reported_in_its_event()
    {
        using var h = new WasiHarness();
        uint subs = h.Alloc(48), events = h.Alloc(32), n = h.Alloc(4);
        Clock(h, subs, 5, 0, clock: (ClockId)9);
        Assert.Equal(Errno.Success, h.Call("poll_oneoff", subs, events, 1, n));
        Assert.Equal((ushort)Errno.Inval, h.Memory.Read<ushort>(events + 8));
    }
}
