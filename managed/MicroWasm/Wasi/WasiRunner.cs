using MicroWasm.Runtime;

namespace MicroWasm.Wasi;

/// <summary>Runs a WASI command module the way <c>wasmtime run</c> does: instantiate, call <c>_start</c>, report the exit code.</summary>
public static class WasiRunner
{
    /// <summary>
    /// Instantiates <paramref name="module"/> with WASI (plus <paramref name="extraImports"/>, if given), calls its
    /// <c>_start</c> export and returns the exit code: 0 when <c>_start</c> returns, proc_exit's code when the program exits.
    /// </summary>
    /// <paramref name="store"/> is the store to instantiate in; a fresh one, disposed afterwards, when null.
    /// <exception cref="TrapException">The program trapped (not by exiting).</exception>
    /// <exception cref="LinkException">The module imports something neither WASI nor <paramref name="extraImports"/> defines.</exception>
    /// <exception cref="KeyNotFoundException">The module exports no "memory" or no "_start".</exception>
    public static int RunStart(CompiledModule module, WasiConfiguration configuration, Store? store = null, Imports? extraImports = null)
    {
        var imports = new Imports();
        if (extraImports is not null)
            foreach (var ((moduleName, name), value) in extraImports.Definitions) imports.Define(moduleName, name, value);
        using var context = WasiPreview1.DefineIn(imports, configuration);
        bool ownsStore = store is null;
        store ??= new Store();
        try
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
            var start = instance.GetFunction("_start");
            try
            {
                start.Invoke();
                return 0;
            }
            catch (Exception e) when (WasiExitException.TryGetExitCode(e, out int code))
            {
                return code;
            }
        }
        finally
        {
            if (ownsStore) store.Dispose();
        }
    }

    /// <summary>Loads the module file at <paramref name="path"/> and runs it; see <see cref="RunStart(CompiledModule, WasiConfiguration, Store?, Imports?)"/>.</summary>
    public static int RunStart(string path, WasiConfiguration configuration, Store? store = null, Imports? extraImports = null) =>
        RunStart(CompiledModule.FromFile(path), configuration, store, extraImports);
}
