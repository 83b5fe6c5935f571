using System.Runtime.InteropServices;

namespace MicroWasm.Runtime;

/// <summary>
/// Reserve / commit / release of address space, the one piece of linear memory that differs per OS
/// (architecture: ports). POSIX uses mmap(PROT_NONE) then mprotect; Windows uses VirtualAlloc.
/// </summary>
internal static unsafe partial class VirtualMemory
{
    public static bool IsSupported => OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsWindows();

    /// <summary>Reserves <paramref name="bytes"/> of inaccessible address space; null on failure.</summary>
    public static void* Reserve(nuint bytes)
    {
        if (OperatingSystem.IsWindows())
            return Windows.VirtualAlloc(null, bytes, Windows.MEM_RESERVE, Windows.PAGE_NOACCESS);

        // MAP_NORESERVE: reserving address space must not count against the commit limit; pages are
        // charged when mprotect makes them writable (or, with overcommit, when first touched).
        int flags = Posix.MAP_PRIVATE | (OperatingSystem.IsMacOS()
            ? Posix.MAP_ANON_DARWIN | Posix.MAP_NORESERVE_DARWIN
            : Posix.MAP_ANONYMOUS_LINUX | Posix.MAP_NORESERVE_LINUX);
        void* address = Posix.mmap(null, bytes, Posix.PROT_NONE, flags, -1, 0);
        return address == Posix.MAP_FAILED ? null : address;
    }

    /// <summary>Makes reserved pages readable and writable; they read as zero until written.</summary>
    public static bool Commit(void* address, nuint bytes)
    {
        if (OperatingSystem.IsWindows())
            return Windows.VirtualAlloc(address, bytes, Windows.MEM_COMMIT, Windows.PAGE_READWRITE) is not null;
        return Posix.mprotect(address, bytes, Posix.PROT_READ | Posix.PROT_WRITE) == 0;
    }

    /// <summary>Sets committed pages to read-only, read-write or read-execute (never writable and executable: W^X).</summary>
    public static bool Protect(void* address, nuint bytes, bool write, bool execute)
    {
        if (write && execute) return false;
        if (OperatingSystem.IsWindows())
        {
            uint protect = execute ? Windows.PAGE_EXECUTE_READ : write ? Windows.PAGE_READWRITE : Windows.PAGE_READONLY;
            return Windows.VirtualProtect(address, bytes, protect, out _);
        }
        int protection = Posix.PROT_READ | (write ? Posix.PROT_WRITE : 0) | (execute ? Posix.PROT_EXEC : 0);
        return Posix.mprotect(address, bytes, protection) == 0;
    }

    public static void Release(void* address, nuint bytes)
    {
        if (OperatingSystem.IsWindows()) Windows.VirtualFree(address, 0, Windows.MEM_RELEASE);
        else Posix.munmap(address, bytes);
    }

    private static partial class Posix
    {
        public const int PROT_NONE = 0, PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;
        public const int MAP_PRIVATE = 0x02;
        public const int MAP_ANONYMOUS_LINUX = 0x20, MAP_NORESERVE_LINUX = 0x4000;
        public const int MAP_ANON_DARWIN = 0x1000, MAP_NORESERVE_DARWIN = 0x40;
        public static readonly void* MAP_FAILED = (void*)-1;

        [LibraryImport("libc", SetLastError = true)]
        public static partial void* mmap(void* address, nuint length, int protection, int flags, int fd, nint offset);

        [LibraryImport("libc", SetLastError = true)]
        public static partial int mprotect(void* address, nuint length, int protection);

        [LibraryImport("libc", SetLastError = true)]
        public static partial int munmap(void* address, nuint length);
    }

    private static partial class Windows
    {
        public const uint MEM_COMMIT = 0x1000, MEM_RESERVE = 0x2000, MEM_RELEASE = 0x8000;
        public const uint PAGE_NOACCESS = 0x01, PAGE_READONLY = 0x02, PAGE_READWRITE = 0x04, PAGE_EXECUTE_READ = 0x20;

        [LibraryImport("kernel32", SetLastError = true)]
        public static partial void* VirtualAlloc(void* address, nuint size, uint allocationType, uint protect);

        [LibraryImport("kernel32", SetLastError = true)]
        [return: MarshalAs(UnmanagedType.Bool)]
        public static partial bool VirtualProtect(void* address, nuint size, uint newProtect, out uint oldProtect);

        [LibraryImport("kernel32", SetLastError = true)]
        [return: MarshalAs(UnmanagedType.Bool)]
        public static partial bool VirtualFree(void* address, nuint size, uint freeType);
    }
}
