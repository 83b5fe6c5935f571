using System.Runtime.InteropServices;

namespace MicroWasm.Wasi;

/// <summary>
/// The CPU time clocks of clock_time_get. .NET exposes CPU time only for the process as a whole, so they are read from
/// the operating system: clock_gettime on Linux and macOS (whose clock ids differ), GetThreadTimes and GetProcessTimes
/// on Windows.
/// </summary>
internal static partial class HostCpuClock
{
    // <time.h>: Linux's ids, then Apple's (_CLOCK_PROCESS_CPUTIME_ID, _CLOCK_THREAD_CPUTIME_ID).
    private const int LinuxProcessCputime = 2, LinuxThreadCputime = 3;
    private const int DarwinProcessCputime = 12, DarwinThreadCputime = 16;
    private const ulong NanosecondsPerFileTimeTick = 100;

    /// <summary>CPU time of the process, or of the calling thread, in nanoseconds; false when the host cannot tell.</summary>
    public static bool TryGet(ClockId clock, out ulong nanoseconds)
    {
        bool thread = clock == ClockId.ThreadCputime;
        if (OperatingSystem.IsLinux() && TryClockGetTime(thread ? LinuxThreadCputime : LinuxProcessCputime, out nanoseconds))
            return true;
        if (OperatingSystem.IsMacOS() && TryClockGetTime(thread ? DarwinThreadCputime : DarwinProcessCputime, out nanoseconds))
            return true;
        if (OperatingSystem.IsWindows() && TryWindowsTimes(thread, out nanoseconds))
            return true;
        if (!thread)
        {
            nanoseconds = (ulong)Environment.CpuUsage.TotalTime.Ticks * 100;
            return true;
        }
        nanoseconds = 0;
        return false;
    }

    // struct timespec is two longs on the 64-bit hosts this runs on (Linux and macOS alike).
    private static bool TryClockGetTime(int clock, out ulong nanoseconds)
    {
        Span<long> time = stackalloc long[2];
        bool ok = clock_gettime(clock, ref time[0]) == 0;
        nanoseconds = ok ? (ulong)(time[0] * 1_000_000_000 + time[1]) : 0;
        return ok;
    }

    // Kernel plus user time, in FILETIME's 100 ns ticks.
    private static bool TryWindowsTimes(bool thread, out ulong nanoseconds)
    {
        bool ok = thread
            ? GetThreadTimes(GetCurrentThread(), out _, out _, out ulong kernel, out ulong user)
            : GetProcessTimes(GetCurrentProcess(), out _, out _, out kernel, out user);
        nanoseconds = ok ? (kernel + user) * NanosecondsPerFileTimeTick : 0;
        return ok;
    }

    [LibraryImport("libc")]
    private static partial int clock_gettime(int clock, ref long timespec);

    [LibraryImport("kernel32.dll")]
    private static partial nint GetCurrentThread();

    [LibraryImport("kernel32.dll")]
    private static partial nint GetCurrentProcess();

    [LibraryImport("kernel32.dll")]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool GetThreadTimes(nint thread, out ulong creation, out ulong exit, out ulong kernel, out ulong user);

    [LibraryImport("kernel32.dll")]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool GetProcessTimes(nint process, out ulong creation, out ulong exit, out ulong kernel, out ulong user);
}
