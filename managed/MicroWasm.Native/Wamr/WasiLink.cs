using MicroWasm.Runtime;
using MicroWasm.Wasi;

namespace MicroWasm.Native.Wamr;

/// <summary>
/// WAMR's libc-wasi at instantiation: a module that imports wasi_snapshot_preview1 gets a WASI context of its own, made
/// from the module's WASI arguments (or none, with the host's stdio, as WAMR does when none were set), and its WASI
/// imports are linked to it. A native registered under the same name wins, as a later registration does in WAMR.
/// </summary>
internal static class WasiLink
{
    /// <summary>What proc_exit leaves on an instance while it unwinds through natives; never seen after the outermost call.</summary>
    public const string ProcExitException = "wasi proc exit";

    /// <summary>WAMR's <c>import_wasi_api</c>: whether the module imports from WASI.</summary>
    public static bool ImportsWasi(CompiledModule module)
    {
        foreach (var import in module.Imports)
            if (import.ModuleName is WasiPreview1.ModuleName or "wasi_unstable") return true;
        return false;
    }

    /// <summary>The WASI context of a new instance of <paramref name="module"/>, and the functions bound to it.</summary>
    /// <exception cref="WasiArgsException">A preopen or a stdio descriptor cannot be opened (WAMR's message).</exception>
    public static (WasiContext Context, Imports Functions) Create(LoadedModule module)
    {
        var config = (module.Wasi ?? WasiArgs.Default).ToConfiguration();
        WasiContext context;
        try
        {
            context = new WasiContext(config);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new WasiArgsException($"error while pre-opening directory: {e.Message}");
        }
        catch (UnsupportedFeatureException e)
        {
            throw new WasiArgsException($"Init wasi environment failed: {e.Message}");
        }
        var functions = new Imports();
        WasiPreview1.DefineIn(functions, context);
        return (context, functions);
    }

    /// <summary>
    /// The WASI function for an import of wasi_snapshot_preview1, or null when WASI has no function of that name and type
    /// (then the import is left to the natives, and unlinked if none matches). The function refuses to run once the
    /// instance is terminated, as natives do.
    /// </summary>
    public static HostFunction? Bind(WamrInstance instance, Imports functions, string name, FuncType type)
    {
        if (!functions.TryGet(WasiPreview1.ModuleName, name, out var found) || found is not HostFunction wasi || !wasi.Type.Equals(type))
            return null;
        var body = wasi.Callback;
        return new HostFunction(type, (args, results) =>
        {
            if (instance.Terminated)
            {
                instance.SetException("terminated by user");
                throw new NativeBinding.ExceptionAlreadySet();
            }
            body(args, results);
        }, $"{WasiPreview1.ModuleName}.{name}");
    }

    /// <summary>
    /// Gives the context the instance's memory: the export "memory" (WASI's convention), else memory 0. Called before the
    /// start function runs, so that it may call WASI.
    /// </summary>
    public static void BindMemory(WamrInstance instance)
    {
        if (instance.Wasi is not { } context) return;
        context.Memory = instance.Instance.TryGetExport("memory", out var e) && e is MemoryInstance m ? m : instance.Memory;
    }
}
