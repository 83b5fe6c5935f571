using System.Text;
using MicroWasm.Runtime;

namespace MicroWasm.Wasi;

/// <summary>
/// The state of one WASI program: its descriptor table, configuration and memory. The wasi_snapshot_preview1 functions
/// (<see cref="WasiPreview1"/>) act on it. Dispose it to close the host files and sockets the program still holds.
/// </summary>
/// <remarks>
/// The functions need the guest's memory, which exists only after instantiation: call <see cref="Bind"/> (or set
/// <see cref="Memory"/>) between <see cref="Store.Instantiate(CompiledModule, Imports?)"/> and the call of <c>_start</c>.
/// </remarks>
public sealed partial class WasiContext : IDisposable
{
    private readonly Dictionary<uint, FileDescriptor> _descriptors = [];
    private readonly IHostFileSystem _fileSystem;
    private readonly byte[][] _arguments;
    private readonly byte[][] _environment;

    /// <summary>Opens the preopened directories and sets up descriptors 0, 1, 2, the preopens, then the sockets.</summary>
    /// <exception cref="DirectoryNotFoundException">A preopened directory cannot be opened.</exception>
    /// <exception cref="UnsupportedFeatureException">Directories are preopened on a host without a WASI file system port.</exception>
    public WasiContext(WasiConfiguration configuration)
    {
        Configuration = configuration;
        _fileSystem = HostFileSystem.ForCurrentOS();
        // Each string is stored NUL-terminated, as args_get and environ_get hand them out. (Loops, not LINQ's Select: a
        // Select over reference types is a generic virtual call, which keeps NativeAOT's runtime type loader; issue 15.)
        _arguments = new byte[configuration.Arguments.Count][];
        for (int i = 0; i < _arguments.Length; i++) _arguments[i] = NulTerminated(configuration.Arguments[i]);
        _environment = new byte[configuration.Environment.Count][];
        for (int i = 0; i < _environment.Length; i++)
        {
            var (name, value) = configuration.Environment[i];
            _environment[i] = NulTerminated($"{name}={value}");
        }

        const Rights StreamRights = Rights.FdFdstatSetFlags | Rights.FdFilestatGet | Rights.PollFdReadwrite;
        Add(new StreamDescriptor(configuration.Stdin ?? Stream.Null, false) { Base = StreamRights | Rights.FdRead });
        Add(new StreamDescriptor(configuration.Stdout ?? Stream.Null, false) { Base = StreamRights | Rights.FdWrite });
        Add(new StreamDescriptor(configuration.Stderr ?? Stream.Null, false) { Base = StreamRights | Rights.FdWrite });
        try
        {
            foreach (var preopen in configuration.Preopens)
            {
                var error = _fileSystem.OpenPreopen(preopen.HostPath, out long handle);
                if (error != Errno.Success)
                    throw new DirectoryNotFoundException($"cannot open the preopened directory '{preopen.HostPath}': {error}");
                Add(new HostDescriptor(_fileSystem, handle, Filetype.Directory, preopen.GuestPath)
                {
                    Base = Rights.Directory,
                    Inheriting = Rights.DirectoryInheriting,
                });
            }
        }
        catch
        {
            Dispose();
            throw;
        }
        foreach (var socket in configuration.PreopenedSockets)
            Add(new SocketDescriptor(socket) { Base = Rights.Socket, Inheriting = Rights.Socket });
    }

    public WasiConfiguration Configuration { get; }

    /// <summary>Held by every WASI call on this context, so that the threads of a wasi-threads program may share it.</summary>
    internal object SyncRoot { get; } = new();

    /// <summary>Set when a thread of a wasi-threads program ended it: waits in poll_oneoff give up.</summary>
    internal volatile bool ProgramEnding;

    /// <summary>The guest memory the functions read and write; set by <see cref="Bind"/>.</summary>
    public MemoryInstance? Memory { get; set; }

    /// <summary>Attaches the instance's exported "memory" (the WASI ABI's convention), once instantiation has made it.</summary>
    /// <exception cref="KeyNotFoundException">The instance exports no memory named "memory".</exception>
    public void Bind(ModuleInstance instance) => Memory = instance.GetMemory("memory");

    /// <summary>
    /// Attaches the instance's exported "memory" if it has one; for <see cref="Store.Instantiate(CompiledModule, Imports?, Action{ModuleInstance}?)"/>'s
    /// beforeStart, so that a start function may call WASI too (as in Wasmtime and WAMR).
    /// </summary>
    public void BindIfExported(ModuleInstance instance)
    {
        if (instance.TryGetExport("memory", out var memory) && memory is MemoryInstance m) Memory = m;
    }

    /// <summary>The descriptor numbers the guest holds, in order (for diagnostics and tests).</summary>
    public IEnumerable<uint> OpenDescriptors => _descriptors.Keys.Order();

    private static byte[] NulTerminated(string text)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }

    private GuestMemory GuestMemory =>
        new(Memory ?? throw new TrapException(TrapKind.HostError, "WASI was called before its memory was bound (call WasiContext.Bind after instantiation)"));

    /// <summary>Puts <paramref name="descriptor"/> in the lowest free slot, as POSIX numbers new descriptors.</summary>
    private uint Add(FileDescriptor descriptor)
    {
        uint fd = 0;
        while (_descriptors.ContainsKey(fd)) fd++;
        _descriptors[fd] = descriptor;
        return fd;
    }

    /// <summary>The descriptor <paramref name="fd"/> if it allows <paramref name="rights"/>: EBADF when there is none, ENOTCAPABLE when it lacks them.</summary>
    private FileDescriptor Get(uint fd, Rights rights)
    {
        if (!_descriptors.TryGetValue(fd, out var descriptor)) throw new WasiErrnoException(Errno.Badf);
        if ((descriptor.Base & rights) != rights) throw new WasiErrnoException(Errno.NotCapable);
        return descriptor;
    }

    /// <summary>A host file or directory; EBADF for streams and sockets, which have no host file behind them.</summary>
    private HostDescriptor GetHost(uint fd, Rights rights) =>
        Get(fd, rights) as HostDescriptor ?? throw new WasiErrnoException(Errno.Badf);

    /// <summary>A directory to resolve paths in; ENOTDIR when the descriptor is something else.</summary>
    private HostDescriptor GetDirectory(uint fd, Rights rights)
    {
        if (!_descriptors.TryGetValue(fd, out var descriptor)) throw new WasiErrnoException(Errno.Badf);
        if (descriptor is not HostDescriptor { IsDirectory: true } directory) throw new WasiErrnoException(Errno.NotDir);
        if ((descriptor.Base & rights) != rights) throw new WasiErrnoException(Errno.NotCapable);
        return directory;
    }

    private static void Check(Errno errno)
    {
        if (errno != Errno.Success) throw new WasiErrnoException(errno);
    }

    public void Dispose()
    {
        foreach (var descriptor in _descriptors.Values) descriptor.Dispose();
        _descriptors.Clear();
    }
}
