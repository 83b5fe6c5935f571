using System.Buffers.Binary;
using MicroWasm.Runtime;

namespace MicroWasm.Wasi;

// poll_oneoff: wait for the first of several clocks and descriptor readiness events.
public sealed partial class WasiContext
{
    private const int SubscriptionSize = 48, EventSize = 32;

    /// <summary>How long one wait may last before the descriptors are checked again.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// poll_oneoff reads witx <c>$subscription</c>s (userdata u64 @0, tag u8 @8, then at @16 either clock: id u32, timeout
    /// u64 @24, precision u64 @32, flags u16 @40; or fd_readwrite: fd u32) and writes one witx <c>$event</c> (userdata u64 @0,
    /// error u16 @8, type u8 @10, nbytes u64 @16, flags u16 @24) per subscription that fired. It returns as soon as one has:
    /// regular files are always ready, as POSIX poll says; sockets and streams are checked every <see cref="PollInterval"/>.
    /// </summary>
    internal Errno PollOneoff(uint subscriptions, uint events, uint count, uint eventCountPointer)
    {
        if (count == 0) return Errno.Inval; // Waiting on nothing would block forever.
        var memory = GuestMemory;
        if (count > int.MaxValue / SubscriptionSize) return Errno.Fault;
        var input = memory.Slice(subscriptions, count * SubscriptionSize).ToArray();
        memory.Slice(events, count * EventSize);
        memory.Slice(eventCountPointer, 4);

        ulong start = MonotonicNow();
        var deadlines = new ulong?[count];
        var ready = new List<(ulong UserData, Errno Error, EventType Type, ulong Bytes)>();
        ulong? earliest = null;
        for (int i = 0; i < count; i++)
        {
            var s = input.AsSpan(i * SubscriptionSize, SubscriptionSize);
            ulong userData = BinaryPrimitives.ReadUInt64LittleEndian(s);
            var type = (EventType)s[8];
            if (type != EventType.Clock) continue;
            var clock = (ClockId)BinaryPrimitives.ReadUInt32LittleEndian(s[16..]);
            ulong timeout = BinaryPrimitives.ReadUInt64LittleEndian(s[24..]);
            var flags = (SubclockFlags)BinaryPrimitives.ReadUInt16LittleEndian(s[40..]);
            var error = Now(clock, out ulong now);
            if (error != Errno.Success)
            {
                ready.Add((userData, error, EventType.Clock, 0));
                continue;
            }
            // Everything waits on the monotonic clock: an absolute time on another clock becomes a delay from now.
            ulong delay = flags.HasFlag(SubclockFlags.Abstime) ? (timeout > now ? timeout - now : 0) : timeout;
            ulong deadline = start + Math.Min(delay, ulong.MaxValue - start);
            deadlines[i] = deadline;
            if (earliest is null || deadline < earliest) earliest = deadline;
        }

        while (true)
        {
            lock (SyncRoot)
            {
                using var held = RaceDetector.Holding(SyncRoot);
                CheckDescriptors(input, ready);
            }
            ulong now = MonotonicNow();
            if (ready.Count == 0)
            {
                for (int i = 0; i < count; i++)
                {
                    if (deadlines[i] is { } deadline && deadline <= now)
                        ready.Add((BinaryPrimitives.ReadUInt64LittleEndian(input.AsSpan(i * SubscriptionSize)), Errno.Success, EventType.Clock, 0));
                }
            }
            if (ready.Count > 0) break;
            // Another thread of a wasi-threads program ended it: back to WebAssembly, where the termination stops this one.
            if (ProgramEnding) return Errno.Intr;
            var wait = earliest is { } e ? TimeSpan.FromTicks((long)Math.Min((e - now) / 100 + 1, (ulong)PollInterval.Ticks)) : PollInterval;
            if (Configuration.Sleep is { } sleep) sleep(wait);
            else Thread.Sleep(wait);
        }

        for (int i = 0; i < ready.Count; i++)
        {
            var (userData, error, type, bytes) = ready[i];
            var e = memory.Slice(events + (uint)(i * EventSize), EventSize);
            e.Clear();
            BinaryPrimitives.WriteUInt64LittleEndian(e, userData);
            BinaryPrimitives.WriteUInt16LittleEndian(e[8..], (ushort)error);
            e[10] = (byte)type;
            BinaryPrimitives.WriteUInt64LittleEndian(e[16..], bytes);
        }
        memory.WriteU32(eventCountPointer, (uint)ready.Count);
        return Errno.Success;
    }

    /// <summary>Adds an event for every descriptor subscription in <paramref name="input"/> that is ready (or in error).</summary>
    private void CheckDescriptors(byte[] input, List<(ulong UserData, Errno Error, EventType Type, ulong Bytes)> ready)
    {
        int count = input.Length / SubscriptionSize;
        for (int i = 0; i < count; i++)
        {
            var s = input.AsSpan(i * SubscriptionSize, SubscriptionSize);
            ulong userData = BinaryPrimitives.ReadUInt64LittleEndian(s);
            var type = (EventType)s[8];
            switch (type)
            {
                case EventType.Clock:
                    break;
                case EventType.FdRead or EventType.FdWrite:
                    uint fd = BinaryPrimitives.ReadUInt32LittleEndian(s[16..]);
                    if (!_descriptors.TryGetValue(fd, out var descriptor)) ready.Add((userData, Errno.Badf, type, 0));
                    else if ((descriptor.Base & Rights.PollFdReadwrite) == 0) ready.Add((userData, Errno.NotCapable, type, 0));
                    else if (type == EventType.FdRead && descriptor.IsReadReady(out ulong available)) ready.Add((userData, Errno.Success, type, available));
                    else if (type == EventType.FdWrite && (descriptor is not SocketDescriptor socket || socket.IsWriteReady())) ready.Add((userData, Errno.Success, type, 0));
                    break;
                default:
                    ready.Add((userData, Errno.Inval, type, 0));
                    break;
            }
        }
    }
}
