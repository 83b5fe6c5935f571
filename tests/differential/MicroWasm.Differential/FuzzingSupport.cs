namespace MicroWasm.Differential;

/// <summary>
/// The host module binaryen's translate-to-fuzz modules import, "fuzzing-support", as both engines provide it: every
/// <c>log-*</c> function (log-i32, log-i64, log-f32, log-f64, log-v128) records its arguments and returns nothing.
/// A module importing anything else is not run (<see cref="UnsupportedModuleException"/>).
/// </summary>
internal static class FuzzingSupport
{
    public const string ModuleName = "fuzzing-support";

    /// <summary>Checks that every import of the module is one this host provides.</summary>
    public static void CheckImports(CompiledModule module)
    {
        foreach (var import in module.Imports)
        {
            bool known = import.ModuleName == ModuleName && import.Name.StartsWith("log-", StringComparison.Ordinal)
                && import.Type.Function is { Results.Length: 0 };
            if (!known) throw new UnsupportedModuleException($"import \"{import.ModuleName}\" \"{import.Name}\" ({import.Type}) is not provided");
        }
    }
}

/// <summary>A module the harness cannot run on both engines (an import it does not provide, a feature beyond Wasm 2.0).</summary>
internal sealed class UnsupportedModuleException(string message) : Exception(message);
