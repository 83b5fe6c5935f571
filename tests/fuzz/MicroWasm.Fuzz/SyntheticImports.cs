using MicroWasm.Runtime;

namespace MicroWasm.Fuzz;

/// <summary>
/// Satisfies any module's imports by type, so that instantiation and execution are reached whatever a mutated module
/// imports: functions that return zeros, and fresh tables, memories and globals of the imported types.
/// </summary>
internal static class SyntheticImports
{
    /// <exception cref="WasmException">The store refuses a table or memory of that size (resource exhaustion).</exception>
    public static Extern[] For(CompiledModule module, Store store)
    {
        var externs = new Extern[module.Imports.Count];
        for (int i = 0; i < externs.Length; i++)
        {
            var type = module.Imports[i].Type;
            externs[i] = type.Kind switch
            {
                ExternalKind.Function => new HostFunction(type.Function!, ReturnZeros(type.Function!), module.Imports[i].Name),
                ExternalKind.Table => store.CreateTable(type.Table!),
                ExternalKind.Memory => store.CreateMemory(type.Memory!),
                ExternalKind.Global => store.CreateGlobal(type.Global!, Value.Default(type.Global!.ValueType)),
                _ => throw new InvalidOperationException($"import kind {type.Kind}"),
            };
        }
        return externs;
    }

    private static HostFunctionCallback ReturnZeros(FuncType type) => (_, results) =>
    {
        for (int r = 0; r < results.Length; r++) results[r] = Value.Default(type.Results[r]);
    };
}
