using System.Runtime.InteropServices;

namespace MicroWasm.Wasi;

/// <summary>The CPU time clocks of clock_time_get, which .NET exposes only for the process as a whole.</summary>
internal static partial class HostCpuClock
{
    private const int CLOCK_PROCESS_CPUTIME_ID = 2, CLOCK_THREAD_CPUTIME_ID = 3;

    /// <summary>CPU time of the process, or of the calling thread, in nanoseconds; false when the host cannot tell.</summary>
    public static bool TryGet(ClockId clock, out ulong nanoseconds)
    {
        if (OperatingSystem.IsLinux())
        {
            Span<long> time = stackalloc long[2];
            if (clock_gettime(clock == ClockId.ThreadCputime ? CLOCK_THREAD_CPUTIME_ID : CLOCK_PROCESS_CPUTIME_ID, ref time[0]) == 0)
            {
                nanoseconds = (ulong)(time[0] * 1_000_000_000 + time[1]);
                return true;
            }
        }
        if (clock == ClockId.ProcessCputime)
        {
            nanoseconds = (ulong)Environment.CpuUsage.TotalTime.Ticks * 100;
            return true;
        }
        nanoseconds = 0;
        return false;
    }

    // struct timespec is two longs on the 64-bit Linux hosts this runs on.
    [LibraryImport("libc")]
    private static partial int clock_gettime(int clock, ref long timespec);
}
