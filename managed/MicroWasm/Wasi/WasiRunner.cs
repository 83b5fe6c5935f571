using MicroWasm.Runtime;

namespace MicroWasm.Wasi;

/// <summary>Runs a WASI command module the way <c>wasmtime run</c> does: instantiate, call <c>_start</c>, report the exit code.</summary>
public static class WasiRunner
{
    /// <summary>
    /// Instantiates <paramref name="module"/> with WASI (plus <paramref name="extraImports"/>, if given), calls its
    /// <c>_start</c> export and returns the exit code: 0 when <c>_start</c> returns, proc_exit's code when the program exits.
    /// </summary>
    /// <remarks>
    /// A wasi-threads program (one that imports <c>wasi</c> <c>thread-spawn</c>) gets the memory it imports, created from its
    /// declared limits unless <paramref name="extraImports"/> defines it, and threads as <see cref="WasiThreads"/> describes,
    /// at most <see cref="WasiConfiguration.MaxThreads"/> at once. The program ends when its first thread ends it: proc_exit
    /// or a trap in any thread, or <c>_start</c> returning; the other threads are terminated.
    /// </remarks>
    /// <paramref name="store"/> is the store to instantiate in; a fresh one, disposed afterwards, when null.
    /// <exception cref="TrapException">The program trapped (not by exiting), in any of its threads.</exception>
    /// <exception cref="LinkException">The module imports something neither WASI nor <paramref name="extraImports"/> defines.</exception>
    /// <exception cref="KeyNotFoundException">The module exports no "memory" or no "_start".</exception>
    public static int RunStart(CompiledModule module, WasiConfiguration configuration, Store? store = null, Imports? extraImports = null) =>
        Run(module, configuration, store, extraImports, static instance =>
        {
            instance.GetFunction("_start").Invoke();
            return 0;
        });

    /// <summary>
    /// As <see cref="RunStart(CompiledModule, WasiConfiguration, Store?, Imports?)"/>, but runs <paramref name="entry"/> on
    /// the instance instead of calling <c>_start</c> (<c>microwasm run --invoke</c>): its return value is the exit code
    /// when it returns, and proc_exit or a trap in any thread ends the program as there.
    /// </summary>
    public static int Run(CompiledModule module, WasiConfiguration configuration, Store? store, Imports? extraImports,
                          Func<ModuleInstance, int> entry)
    {
        var imports = new Imports();
        if (extraImports is not null)
            foreach (var ((moduleName, name), value) in extraImports.Definitions) imports.Define(moduleName, name, value);
        var context = WasiPreview1.DefineIn(imports, configuration);
        bool ownsStore = store is null;
        store ??= new Store();
        MemoryInstance? importedMemory = null;
        WasiThreads? threads = null;
        try
        {
            if (WasiThreads.IsImportedBy(module))
            {
                importedMemory = WasiThreads.CreateImportedMemory(module, imports, store.Options);
                if (importedMemory is not null) context.Memory = importedMemory;
                threads = new WasiThreads(module, imports, context, store, configuration.MaxThreads);
            }
            int exitCode;
            try
            {
                exitCode = RunMain(module, imports, context, store, entry);
            }
            catch (Exception e) when (threads is not null && e is WasmException)
            {
                return threads.Finish(0, e);
            }
            return threads?.Finish(exitCode, null) ?? exitCode;
        }
        finally
        {
            threads?.Dispose();
            // What a thread still stuck in a host call uses is left to the process's end rather than freed under it.
            if (threads is null || threads.AllStopped)
            {
                context.Dispose();
                importedMemory?.Dispose();
            }
            if (ownsStore) store.Dispose();
        }
    }

    /// <summary>Instantiates and runs <paramref name="entry"/> on this thread; the exit code, or the trap that ended it.</summary>
    private static int RunMain(CompiledModule module, Imports imports, WasiContext context, Store store, Func<ModuleInstance, int> entry)
    {
        ModuleInstance instance;
        try
        {
            instance = store.Instantiate(module, imports, context.BindIfExported);
        }
        catch (Exception e) when (WasiExitException.TryGetExitCode(e, out int code))
        {
            return code; // A start function (spec 2.5.9) may exit too, though WASI programs rarely have one.
        }
        try
        {
            return entry(instance);
        }
        catch (Exception e) when (WasiExitException.TryGetExitCode(e, out int code))
        {
            return code;
        }
    }

    /// <summary>Loads the module file at <paramref name="path"/> and runs it; see <see cref="RunStart(CompiledModule, WasiConfiguration, Store?, Imports?)"/>.</summary>
    public static int RunStart(string path, WasiConfiguration configuration, Store? store = null, Imports? extraImports = null) =>
        RunStart(CompiledModule.FromFile(path), configuration, store, extraImports);
}
