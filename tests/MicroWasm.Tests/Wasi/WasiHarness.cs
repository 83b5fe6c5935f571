using System.Text;
using MicroWasm.Runtime;
using MicroWasm.Wasi;

namespace MicroWasm.Tests.Wasi;

/// <summary>
/// Calls the wasi_snapshot_preview1 host functions directly, as a guest would, over a memory of our own and a temporary
/// directory preopened as "sandbox" (descriptor 3). Everything is removed on dispose.
/// </summary>
internal sealed class WasiHarness : IDisposable
{
    public const uint Sandbox = 3;

    /// <summary>What wasi-libc asks to open a directory (O_RDONLY): a directory is never opened with write rights.</summary>
    public const Rights DirectoryReadRights = Rights.Directory | Rights.FdRead | Rights.FdReaddir;
    private readonly Store _store = new();
    private readonly Imports _imports = new();
    private uint _next = 1024;

    public WasiHarness(Action<WasiConfiguration>? configure = null)
    {
        Root = Path.Combine(Path.GetTempPath(), "microwasm-wasi-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(Root, "sandbox"));
        // Something outside the sandbox for escapes to aim at.
        File.WriteAllText(Path.Combine(Root, "secret"), "secret");
        Configuration = new WasiConfiguration().WithPreopen(Path.Combine(Root, "sandbox"), "sandbox");
        Configuration.Stdout = Stdout;
        Configuration.Stderr = Stderr;
        configure?.Invoke(Configuration);
        Memory = _store.CreateMemory(new MemoryType(new Limits(2, 2)));
        Context = WasiPreview1.DefineIn(_imports, Configuration);
        Context.Memory = Memory;
    }

    public string Root { get; }
    public string SandboxPath => Path.Combine(Root, "sandbox");
    public WasiConfiguration Configuration { get; }
    public WasiContext Context { get; }
    public MemoryInstance Memory { get; }
    public MemoryStream Stdout { get; } = new();
    public MemoryStream Stderr { get; } = new();

    public HostFunction Function(string name) =>
        _imports.TryGet(WasiPreview1.ModuleName, name, out var f) ? (HostFunction)f : throw new KeyNotFoundException(name);

    /// <summary>Calls a WASI function with arguments converted to its parameter types; returns its errno.</summary>
    public Errno Call(string name, params long[] args)
    {
        var function = Function(name);
        var parameters = function.Type.Parameters;
        Assert.Equal(parameters.Length, args.Length);
        var values = new Value[args.Length];
        for (int i = 0; i < args.Length; i++)
            values[i] = parameters[i] == ValueType.I64 ? Value.I64(args[i]) : Value.I32(unchecked((int)args[i]));
        var results = function.Invoke(values);
        return (Errno)results[0].AsI32();
    }

    /// <summary>Reserves <paramref name="size"/> bytes of guest memory (8-aligned, zeroed).</summary>
    public uint Alloc(uint size)
    {
        uint address = (_next + 7) & ~7u;
        _next = address + size;
        Memory.GetSpan(address, (int)size).Clear();
        return address;
    }

    /// <summary>Puts a UTF-8 string in guest memory; returns its address and length.</summary>
    public (uint Address, uint Length) String(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        uint address = Alloc((uint)bytes.Length);
        Memory.Write(address, bytes);
        return (address, (uint)bytes.Length);
    }

    /// <summary>Puts bytes in guest memory and an iovec array of one entry pointing at them; returns the array's address.</summary>
    public uint Iovec(byte[] data)
    {
        uint buffer = Alloc((uint)data.Length);
        Memory.Write(buffer, data);
        return Iovec(buffer, (uint)data.Length);
    }

    public uint Iovec(uint buffer, uint length)
    {
        uint iov = Alloc(8);
        Memory.Write(iov, buffer);
        Memory.Write(iov + 4, length);
        return iov;
    }

    public uint U32(uint address) => Memory.Read<uint>(address);
    public ulong U64(uint address) => Memory.Read<ulong>(address);
    public byte[] Bytes(uint address, int length) => Memory.GetSpan(address, length).ToArray();

    /// <summary>path_open relative to <paramref name="dir"/>, returning the errno and the new descriptor.</summary>
    public (Errno Errno, uint Fd) Open(string path, OFlags oflags = OFlags.None, Rights rights = Rights.RegularFile | Rights.Directory,
        FdFlags fdflags = FdFlags.None, LookupFlags lookup = LookupFlags.SymlinkFollow, uint dir = Sandbox)
    {
        var (p, n) = String(path);
        uint fdOut = Alloc(4);
        var errno = Call("path_open", dir, (long)lookup, p, n, (long)oflags, (long)rights, (long)Rights.DirectoryInheriting, (long)fdflags, fdOut);
        return (errno, errno == Errno.Success ? U32(fdOut) : uint.MaxValue);
    }

    /// <summary>Calls a path function of the form f(fd, path, path_len).</summary>
    public Errno PathCall(string name, string path, uint dir = Sandbox)
    {
        var (p, n) = String(path);
        return Call(name, dir, p, n);
    }

    public (Errno Errno, int Count) Write(uint fd, string text)
    {
        uint iov = Iovec(Encoding.UTF8.GetBytes(text));
        uint written = Alloc(4);
        var errno = Call("fd_write", fd, iov, 1, written);
        return (errno, (int)U32(written));
    }

    public (Errno Errno, string Text) Read(uint fd, int max = 256)
    {
        uint buffer = Alloc((uint)max);
        uint iov = Iovec(buffer, (uint)max);
        uint read = Alloc(4);
        var errno = Call("fd_read", fd, iov, 1, read);
        return (errno, Encoding.UTF8.GetString(Bytes(buffer, (int)U32(read))));
    }

    public void Dispose()
    {
        Context.Dispose();
        _store.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
