using System.Diagnostics;

namespace MicroWasm.Wasi;

// Clocks, randomness, scheduling and process control.
public sealed partial class WasiContext
{
    private static readonly long MonotonicStart = Stopwatch.GetTimestamp();

    /// <summary>Now on <paramref name="clock"/>, in nanoseconds; EINVAL for a clock WASI does not define.</summary>
    internal Errno Now(ClockId clock, out ulong time)
    {
        time = 0;
        switch (clock)
        {
            case ClockId.Realtime:
                time = Configuration.RealtimeClock?.Invoke() ?? (ulong)(DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
                return Errno.Success;
            case ClockId.Monotonic:
                time = MonotonicNow();
                return Errno.Success;
            case ClockId.ProcessCputime or ClockId.ThreadCputime:
                return HostCpuClock.TryGet(clock, out time) ? Errno.Success : Errno.NotSup;
            default:
                return Errno.Inval;
        }
    }

    private ulong MonotonicNow() =>
        Configuration.MonotonicClock?.Invoke() ?? (ulong)Stopwatch.GetElapsedTime(MonotonicStart).Ticks * 100;

    internal Errno ClockResGet(uint clock, uint resolutionPointer)
    {
        ulong resolution = (ClockId)clock switch
        {
            // .NET's clocks count in 100 ns ticks.
            ClockId.Realtime or ClockId.Monotonic => 100,
            ClockId.ProcessCputime or ClockId.ThreadCputime => OperatingSystem.IsLinux() ? 1UL : 100UL,
            _ => 0,
        };
        if (resolution == 0) return Errno.Inval;
        GuestMemory.WriteU64(resolutionPointer, resolution);
        return Errno.Success;
    }

    internal Errno ClockTimeGet(uint clock, ulong precision, uint timePointer)
    {
        _ = precision; // A hint only: every clock here is read at its best precision.
        var error = Now((ClockId)clock, out ulong time);
        if (error != Errno.Success) return error;
        GuestMemory.WriteU64(timePointer, time);
        return Errno.Success;
    }

    internal Errno RandomGet(uint buffer, uint length)
    {
        var destination = GuestMemory.Slice(buffer, length);
        if (Configuration.RandomSource is { } source) source(destination);
        else HostRandom.Fill(destination);
        return Errno.Success;
    }

    internal static Errno SchedYield()
    {
        Thread.Yield();
        return Errno.Success;
    }

    /// <summary>proc_exit: ends the program by unwinding to the embedder, which reads the code from the exception.</summary>
    internal static void ProcExit(uint code) => throw new WasiExitException((int)code);

    /// <summary>proc_raise: signals are not part of a sandboxed program's world (and were dropped after preview1).</summary>
    internal static Errno ProcRaise(uint signal)
    {
        _ = signal;
        return Errno.NoSys;
    }
}
