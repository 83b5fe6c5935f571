using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace MicroWasm.Wasi;

/// <summary>
/// random_get's default source: the operating system's generator, called directly. On Linux that is getrandom(2):
/// .NET's RandomNumberGenerator goes through OpenSSL there, and when no libssl can be loaded (a minimal device image;
/// the linux-arm64 build under qemu) it aborts the whole process, which nothing a guest does may cause. On macOS it is
/// getentropy(2) from libSystem, on Windows BCryptGenRandom with the system-preferred generator. Only when the call is
/// missing or fails (a kernel older than getrandom) does it fall back to RandomNumberGenerator.
/// </summary>
internal static partial class HostRandom
{
    private const int EINTR = 4;
    // getentropy(2) refuses requests above 256 bytes; BCryptGenRandom takes a 32-bit length.
    private const int GetEntropyLimit = 256;
    private const uint BCRYPT_USE_SYSTEM_PREFERRED_RNG = 2;
    private static bool systemUnavailable;

    public static void Fill(Span<byte> destination)
    {
        if (!systemUnavailable && TryFillFromSystem(destination)) return;
        RandomNumberGenerator.Fill(destination);
    }

    private static unsafe bool TryFillFromSystem(Span<byte> destination)
    {
        try
        {
            fixed (byte* start = destination)
            {
                if (OperatingSystem.IsLinux() && FillFromGetRandom(start, destination.Length)) return true;
                if (OperatingSystem.IsMacOS() && FillFromGetEntropy(start, destination.Length)) return true;
                if (OperatingSystem.IsWindows() && BCryptGenRandom(0, start, (uint)destination.Length, BCRYPT_USE_SYSTEM_PREFERRED_RNG) == 0)
                    return true;
            }
        }
        catch (EntryPointNotFoundException)
        {
            // A C library older than getrandom's wrapper (glibc 2.25).
        }
        catch (DllNotFoundException)
        {
        }
        systemUnavailable = true;
        return false;
    }

    private static unsafe bool FillFromGetRandom(byte* start, int length)
    {
        int done = 0;
        while (done < length)
        {
            // Without GRND_NONBLOCK: like any secure generator, it waits only until the kernel's pool is seeded
            // (early boot); requests above 32 MiB may return short, hence the loop.
            nint n = getrandom(start + done, (nuint)(length - done), 0);
            if (n > 0) done += (int)n;
            else if (n < 0 && Marshal.GetLastPInvokeError() == EINTR) continue;
            else return false;
        }
        return true;
    }

    private static unsafe bool FillFromGetEntropy(byte* start, int length)
    {
        for (int done = 0; done < length; done += GetEntropyLimit)
        {
            if (getentropy(start + done, (nuint)Math.Min(GetEntropyLimit, length - done)) != 0) return false;
        }
        return true;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial nint getrandom(byte* buffer, nuint length, uint flags);

    [LibraryImport("/usr/lib/libSystem.B.dylib")]
    private static unsafe partial int getentropy(byte* buffer, nuint length);

    [LibraryImport("bcrypt.dll")]
    private static unsafe partial int BCryptGenRandom(nint algorithm, byte* buffer, uint length, uint flags);
}
