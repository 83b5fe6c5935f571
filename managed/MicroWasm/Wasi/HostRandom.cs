using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace MicroWasm.Wasi;

/// <summary>
/// random_get's default source. On Linux it is the kernel's generator, getrandom(2): .NET's RandomNumberGenerator goes
/// through OpenSSL there, and when no libssl can be loaded (a minimal device image; the linux-arm64 build under qemu)
/// it aborts the whole process, which nothing a guest does may cause. Elsewhere, and on a kernel without getrandom,
/// RandomNumberGenerator (the system's secure generator).
/// </summary>
internal static partial class HostRandom
{
    private const int EINTR = 4;
    private static bool kernelUnavailable;

    public static void Fill(Span<byte> destination)
    {
        if (OperatingSystem.IsLinux() && !kernelUnavailable && TryFillFromKernel(destination)) return;
        RandomNumberGenerator.Fill(destination);
    }

    private static unsafe bool TryFillFromKernel(Span<byte> destination)
    {
        try
        {
            fixed (byte* start = destination)
            {
                int done = 0;
                while (done < destination.Length)
                {
                    // Without GRND_NONBLOCK: like any secure generator, it waits only until the kernel's pool is seeded
                    // (early boot); requests above 32 MiB may return short, hence the loop.
                    nint n = getrandom(start + done, (nuint)(destination.Length - done), 0);
                    if (n > 0) done += (int)n;
                    else if (n < 0 && Marshal.GetLastPInvokeError() == EINTR) continue;
                    else break;
                }
                if (done == destination.Length) return true;
            }
        }
        catch (EntryPointNotFoundException)
        {
            // A C library older than getrandom's wrapper (glibc 2.25).
        }
        kernelUnavailable = true;
        return false;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial nint getrandom(byte* buffer, nuint length, uint flags);
}
