using System.Net.Sockets;
using MicroWasm.Runtime;

namespace MicroWasm.Wasi;

/// <summary>
/// The <c>wasi_snapshot_preview1</c> import module: every function of the preview1 witx, bound to a <see cref="WasiContext"/>.
/// </summary>
/// <example>
/// <code>
/// using var store = new Store();
/// var imports = new Imports();
/// using var wasi = WasiPreview1.DefineIn(imports, new WasiConfiguration().WithArguments("prog").InheritStandardStreams());
/// var instance = store.Instantiate(CompiledModule.FromFile("prog.wasm"), imports);
/// wasi.Bind(instance);
/// instance.GetFunction("_start").Invoke();
/// </code>
/// Or simply <see cref="WasiRunner.RunStart(CompiledModule, WasiConfiguration, Store?, Imports?)"/>.
/// </example>
public static class WasiPreview1
{
    public const string ModuleName = "wasi_snapshot_preview1";

    /// <summary>Names of every function this module defines, in the witx's order.</summary>
    public static IReadOnlyList<string> FunctionNames
    {
        get
        {
            // A loop, not LINQ's Select: Select over a reference type is a generic virtual call, which would keep
            // NativeAOT's runtime type loader in the library (issue 15).
            var names = new string[Functions.Length];
            for (int i = 0; i < names.Length; i++) names[i] = Functions[i].Name;
            return names;
        }
    }

    /// <summary>
    /// Defines the preview1 functions in <paramref name="imports"/> over a new context made from <paramref name="configuration"/>,
    /// and returns the context: bind it to the instance's memory after instantiation.
    /// </summary>
    public static WasiContext DefineIn(Imports imports, WasiConfiguration configuration)
    {
        var context = new WasiContext(configuration);
        DefineIn(imports, context);
        return context;
    }

    /// <summary>Defines the preview1 functions in <paramref name="imports"/> over an existing <paramref name="context"/>.</summary>
    public static void DefineIn(Imports imports, WasiContext context)
    {
        foreach (var (name, parameters, body) in Functions)
        {
            if (name == "proc_exit")
            {
                // proc_exit returns nothing: it never returns.
                imports.DefineFunction(ModuleName, name, new FuncType(parameters, []), (args, _) => WasiContext.ProcExit(U(args[0])));
                continue;
            }
            // Threads of a wasi-threads program share the context: calls take turns on it, except the two that only wait
            // (poll_oneoff locks just around its look at the descriptors).
            bool waits = name is "poll_oneoff" or "sched_yield";
            imports.DefineFunction(ModuleName, name, new FuncType(parameters, [ValueType.I32]), waits
                ? (args, results) => results[0] = Value.I32((int)Call(context, body, args))
                : (args, results) =>
                {
                    lock (context.SyncRoot)
                    {
                        using var held = RaceDetector.Holding(context.SyncRoot);
                        results[0] = Value.I32((int)Call(context, body, args));
                    }
                });
        }
    }

    private delegate Errno Body(WasiContext context, ReadOnlySpan<Value> args);

    /// <summary>
    /// Runs one function, turning every failure the guest can cause or the host can meet into an errno: EFAULT for a bad pointer,
    /// the host's I/O errors as EIO. Only proc_exit's exit and traps (e.g. no memory bound) get through to the embedder.
    /// </summary>
    private static Errno Call(WasiContext context, Body body, ReadOnlySpan<Value> args)
    {
        try
        {
            return body(context, args);
        }
        catch (WasiErrnoException e)
        {
            return e.Errno;
        }
        catch (SocketException e)
        {
            return SocketDescriptor.ErrnoOf(e);
        }
        catch (IOException)
        {
            return Errno.Io;
        }
        catch (UnauthorizedAccessException)
        {
            return Errno.Acces;
        }
    }

    private static uint U(in Value value) => (uint)value.AsI32();
    private static ulong L(in Value value) => (ulong)value.AsI64();

    private const ValueType I = ValueType.I32, J = ValueType.I64;

    private static readonly (string Name, ValueType[] Parameters, Body Body)[] Functions =
    [
        ("args_get", [I, I], (c, a) => c.ArgsGet(U(a[0]), U(a[1]))),
        ("args_sizes_get", [I, I], (c, a) => c.ArgsSizesGet(U(a[0]), U(a[1]))),
        ("environ_get", [I, I], (c, a) => c.EnvironGet(U(a[0]), U(a[1]))),
        ("environ_sizes_get", [I, I], (c, a) => c.EnvironSizesGet(U(a[0]), U(a[1]))),
        ("clock_res_get", [I, I], (c, a) => c.ClockResGet(U(a[0]), U(a[1]))),
        ("clock_time_get", [I, J, I], (c, a) => c.ClockTimeGet(U(a[0]), L(a[1]), U(a[2]))),
        ("fd_advise", [I, J, J, I], (c, a) => c.FdAdvise(U(a[0]), L(a[1]), L(a[2]), U(a[3]))),
        ("fd_allocate", [I, J, J], (c, a) => c.FdAllocate(U(a[0]), L(a[1]), L(a[2]))),
        ("fd_close", [I], (c, a) => c.FdClose(U(a[0]))),
        ("fd_datasync", [I], (c, a) => c.FdDatasync(U(a[0]))),
        ("fd_fdstat_get", [I, I], (c, a) => c.FdFdstatGet(U(a[0]), U(a[1]))),
        ("fd_fdstat_set_flags", [I, I], (c, a) => c.FdFdstatSetFlags(U(a[0]), U(a[1]))),
        ("fd_fdstat_set_rights", [I, J, J], (c, a) => c.FdFdstatSetRights(U(a[0]), L(a[1]), L(a[2]))),
        ("fd_filestat_get", [I, I], (c, a) => c.FdFilestatGet(U(a[0]), U(a[1]))),
        ("fd_filestat_set_size", [I, J], (c, a) => c.FdFilestatSetSize(U(a[0]), L(a[1]))),
        ("fd_filestat_set_times", [I, J, J, I], (c, a) => c.FdFilestatSetTimes(U(a[0]), L(a[1]), L(a[2]), U(a[3]))),
        ("fd_pread", [I, I, I, J, I], (c, a) => c.FdPread(U(a[0]), U(a[1]), U(a[2]), L(a[3]), U(a[4]))),
        ("fd_prestat_get", [I, I], (c, a) => c.FdPrestatGet(U(a[0]), U(a[1]))),
        ("fd_prestat_dir_name", [I, I, I], (c, a) => c.FdPrestatDirName(U(a[0]), U(a[1]), U(a[2]))),
        ("fd_pwrite", [I, I, I, J, I], (c, a) => c.FdPwrite(U(a[0]), U(a[1]), U(a[2]), L(a[3]), U(a[4]))),
        ("fd_read", [I, I, I, I], (c, a) => c.FdRead(U(a[0]), U(a[1]), U(a[2]), U(a[3]))),
        ("fd_readdir", [I, I, I, J, I], (c, a) => c.FdReaddir(U(a[0]), U(a[1]), U(a[2]), L(a[3]), U(a[4]))),
        ("fd_renumber", [I, I], (c, a) => c.FdRenumber(U(a[0]), U(a[1]))),
        ("fd_seek", [I, J, I, I], (c, a) => c.FdSeek(U(a[0]), a[1].AsI64(), U(a[2]), U(a[3]))),
        ("fd_sync", [I], (c, a) => c.FdSync(U(a[0]))),
        ("fd_tell", [I, I], (c, a) => c.FdTell(U(a[0]), U(a[1]))),
        ("fd_write", [I, I, I, I], (c, a) => c.FdWrite(U(a[0]), U(a[1]), U(a[2]), U(a[3]))),
        ("path_create_directory", [I, I, I], (c, a) => c.PathCreateDirectory(U(a[0]), U(a[1]), U(a[2]))),
        ("path_filestat_get", [I, I, I, I, I], (c, a) => c.PathFilestatGet(U(a[0]), U(a[1]), U(a[2]), U(a[3]), U(a[4]))),
        ("path_filestat_set_times", [I, I, I, I, J, J, I], (c, a) => c.PathFilestatSetTimes(U(a[0]), U(a[1]), U(a[2]), U(a[3]), L(a[4]), L(a[5]), U(a[6]))),
        ("path_link", [I, I, I, I, I, I, I], (c, a) => c.PathLink(U(a[0]), U(a[1]), U(a[2]), U(a[3]), U(a[4]), U(a[5]), U(a[6]))),
        ("path_open", [I, I, I, I, I, J, J, I, I], (c, a) => c.PathOpen(U(a[0]), U(a[1]), U(a[2]), U(a[3]), U(a[4]), L(a[5]), L(a[6]), U(a[7]), U(a[8]))),
        ("path_readlink", [I, I, I, I, I, I], (c, a) => c.PathReadlink(U(a[0]), U(a[1]), U(a[2]), U(a[3]), U(a[4]), U(a[5]))),
        ("path_remove_directory", [I, I, I], (c, a) => c.PathRemoveDirectory(U(a[0]), U(a[1]), U(a[2]))),
        ("path_rename", [I, I, I, I, I, I], (c, a) => c.PathRename(U(a[0]), U(a[1]), U(a[2]), U(a[3]), U(a[4]), U(a[5]))),
        ("path_symlink", [I, I, I, I, I], (c, a) => c.PathSymlink(U(a[0]), U(a[1]), U(a[2]), U(a[3]), U(a[4]))),
        ("path_unlink_file", [I, I, I], (c, a) => c.PathUnlinkFile(U(a[0]), U(a[1]), U(a[2]))),
        ("poll_oneoff", [I, I, I, I], (c, a) => c.PollOneoff(U(a[0]), U(a[1]), U(a[2]), U(a[3]))),
        ("proc_exit", [I], (c, a) => Errno.Success),
        ("proc_raise", [I], (c, a) => WasiContext.ProcRaise(U(a[0]))),
        ("sched_yield", [], (c, a) => WasiContext.SchedYield()),
        ("random_get", [I, I], (c, a) => c.RandomGet(U(a[0]), U(a[1]))),
        ("sock_accept", [I, I, I], (c, a) => c.SockAccept(U(a[0]), U(a[1]), U(a[2]))),
        ("sock_recv", [I, I, I, I, I, I], (c, a) => c.SockRecv(U(a[0]), U(a[1]), U(a[2]), U(a[3]), U(a[4]), U(a[5]))),
        ("sock_send", [I, I, I, I, I], (c, a) => c.SockSend(U(a[0]), U(a[1]), U(a[2]), U(a[3]), U(a[4]))),
        ("sock_shutdown", [I, I], (c, a) => c.SockShutdown(U(a[0]), U(a[1]))),
    ];
}
