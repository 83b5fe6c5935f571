namespace MicroWasm.Wasi;

/// <summary>Which <see cref="IHostFileSystem"/> serves WASI on the OS this process runs on.</summary>
internal static class HostFileSystem
{
    /// <summary>The port of this OS, or <see cref="UnsupportedFileSystem"/> for the others (FreeBSD, Android, ...).</summary>
    public static IHostFileSystem ForCurrentOS() =>
        OperatingSystem.IsLinux() ? LinuxFileSystem.Instance
        : OperatingSystem.IsMacOS() ? DarwinFileSystem.Instance
        : OperatingSystem.IsWindows() ? WindowsFileSystem.Instance
        : UnsupportedFileSystem.Instance;
}
