using Microsoft.Win32.SafeHandles;
using MicroWasm.Wasi;

namespace MicroWasm.Native.Wamr;

/// <summary>
/// What wasm_runtime_set_wasi_args(_ex) and the address pools gave a module, read into managed strings when set (WAMR
/// keeps the caller's pointers until instantiation; a copy frees the caller from keeping them alive). Each instance of
/// the module gets its own <see cref="WasiContext"/> made from them.
/// </summary>
internal sealed class WasiArgs
{
    /// <summary>The first import module names WAMR's libc-wasi links (wasi_unstable is not provided here).</summary>
    public const string ModuleName = WasiPreview1.ModuleName;

    public string[] Dirs = [];
    /// <summary>WAMR's "GUEST::HOST" entries.</summary>
    public string[] MapDirs = [];
    public string[] Env = [];
    public string[] Argv = [];
    /// <summary>Host descriptors for the guest's 0, 1 and 2; -1 is the host's own.</summary>
    public long Stdin = -1, Stdout = -1, Stderr = -1;
    public string[] AddrPool = [];
    public string[] NsLookupPool = [];

    /// <summary>The arguments a module has before wasm_runtime_set_wasi_args: none, and the host's stdio.</summary>
    public static readonly WasiArgs Default = new();

    /// <summary>ENOENT of the host, which WAMR reports (it is realpath's errno there).</summary>
    private const int HostEnoent = 2;

    public static unsafe string[] ReadList(byte** list, long count)
    {
        if (list is null || count <= 0) return [];
        var result = new string[count];
        for (long i = 0; i < count; i++) result[i] = CString.Read(list[i]) ?? "";
        return result;
    }

    /// <summary>
    /// The preopens in WAMR's order: the plain directories first (seen by the guest under the name given), then the
    /// mapped ones, numbered from 3. A map entry is split as WAMR's strtok(":") splits it: the first two non-empty
    /// fields are the guest name and the host directory.
    /// </summary>
    /// <exception cref="WasiArgsException">An entry is malformed or names no directory; the message is WAMR's.</exception>
    public List<WasiPreopen> Preopens()
    {
        var preopens = new List<WasiPreopen>(Dirs.Length + MapDirs.Length);
        foreach (var dir in Dirs)
        {
            if (!Directory.Exists(dir)) throw new WasiArgsException($"error while pre-opening directory {dir}: {HostEnoent}");
            preopens.Add(new WasiPreopen(Path.GetFullPath(dir), dir));
        }
        foreach (var map in MapDirs)
        {
            var fields = map.Split(':', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 2) throw new WasiArgsException("error while pre-opening mapped directory: invalid map");
            string guest = fields[0], host = fields[1];
            if (!Directory.Exists(host)) throw new WasiArgsException($"error while pre-opening mapped directory {host}: {HostEnoent}");
            preopens.Add(new WasiPreopen(Path.GetFullPath(host), guest));
        }
        return preopens;
    }

    public WasiConfiguration ToConfiguration()
    {
        var config = new WasiConfiguration();
        config.Arguments.AddRange(Argv);
        foreach (var entry in Env)
        {
            // WAMR hands the strings over as they are; the engine stores NAME and VALUE, so split at the first '='.
            int eq = entry.IndexOf('=');
            config.Environment.Add(eq < 0 ? new(entry, "") : new(entry[..eq], entry[(eq + 1)..]));
        }
        config.Preopens.AddRange(Preopens());
        config.Stdin = Stream(Stdin, 0, FileAccess.Read);
        config.Stdout = Stream(Stdout, 1, FileAccess.Write);
        config.Stderr = Stream(Stderr, 2, FileAccess.Write);
        return config;
    }

    /// <summary>
    /// A stream over a host descriptor that the guest's fd_read/fd_write reach directly (unbuffered, as WAMR's writev on
    /// the raw descriptor), without taking ownership: the host still closes it.
    /// </summary>
    /// <remarks>
    /// The host's own 0, 1 and 2 go through <see cref="DescriptorStream"/>, which reads and writes at the descriptor's
    /// offset, so the guest's output and the host's printf append to the same redirected file. A FileStream on a seekable file keeps a
    /// position of its own (it writes with pwrite), so another descriptor the host writes to as well would be overwritten.
    /// </remarks>
    private static Stream Stream(long fd, int standard, FileAccess access)
    {
        long raw = fd < 0 ? standard : fd;
        try
        {
            return raw switch
            {
                // Windows has no read(2) in a "libc": its console streams (ILC folds the test for the target).
                0 when access == FileAccess.Read => OperatingSystem.IsWindows() ? Console.OpenStandardInput() : new DescriptorStream(0, access),
                1 or 2 when access == FileAccess.Write => OperatingSystem.IsWindows()
                    ? (raw == 1 ? Console.OpenStandardOutput() : Console.OpenStandardError())
                    : new DescriptorStream((int)raw, access),
                _ => new FileStream(new SafeFileHandle((nint)raw, ownsHandle: false), access, bufferSize: 0),
            };
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            throw new WasiArgsException($"Init wasi environment failed: invalid stdio descriptor {raw}: {e.Message}");
        }
    }
}

/// <summary>A WASI argument WAMR would refuse at instantiation; the message is WAMR's.</summary>
internal sealed class WasiArgsException(string message) : Exception(message);
