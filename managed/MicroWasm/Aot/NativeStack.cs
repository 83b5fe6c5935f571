using System.Runtime.InteropServices;

namespace MicroWasm.Aot;

/// <summary>The calling thread's stack bounds, from pthread_getattr_np (Linux).</summary>
internal static unsafe partial class NativeStack
{
    [ThreadStatic] private static nint t_lowest;

    public static bool TryGetLowest(out nint lowest)
    {
        lowest = t_lowest;
        if (lowest != 0) return true;
        if (!OperatingSystem.IsLinux()) return false;
        byte* attr = stackalloc byte[256];
        if (pthread_getattr_np(pthread_self(), attr) != 0) return false;
        void* address;
        nuint size;
        int rc = pthread_attr_getstack(attr, &address, &size);
        pthread_attr_destroy(attr);
        if (rc != 0) return false;
        lowest = t_lowest = (nint)address;
        return true;
    }

    [LibraryImport("libc")]
    private static partial nint pthread_self();

    [LibraryImport("libc")]
    private static partial int pthread_getattr_np(nint thread, byte* attr);

    [LibraryImport("libc")]
    private static partial int pthread_attr_getstack(byte* attr, void** address, nuint* size);

    [LibraryImport("libc")]
    private static partial int pthread_attr_destroy(byte* attr);
}
