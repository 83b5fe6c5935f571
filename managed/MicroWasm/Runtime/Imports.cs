namespace MicroWasm.Runtime;

/// <summary>
/// What the embedder offers for instantiation: externs by two-level name (module, name), as spec 2.5.11 imports them.
/// Instantiation resolves each import of a module here (spec 4.5.4 step 3); one <see cref="Imports"/> may serve many modules.
/// </summary>
/// <example>
/// <code>
/// var imports = new Imports()
///     .DefineFunction("env", "log", (int x) => Console.WriteLine(x))
///     .Define("env", "memory", store.CreateMemory(new MemoryType(new Limits(1, 16))))
///     .DefineInstance("lib", libInstance);
/// </code>
/// </example>
public sealed partial class Imports
{
    private readonly Dictionary<(string Module, string Name), Extern> _externs = [];

    /// <summary>Everything defined, in no particular order.</summary>
    public IEnumerable<KeyValuePair<(string Module, string Name), Extern>> Definitions => _externs;

    /// <summary>Offers <paramref name="value"/> as <paramref name="moduleName"/>.<paramref name="name"/>, replacing any earlier definition.</summary>
    public Imports Define(string moduleName, string name, Extern value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _externs[(moduleName, name)] = value;
        return this;
    }

    /// <summary>Offers a host function of type <paramref name="type"/>; see <see cref="HostFunctionCallback"/>.</summary>
    public Imports DefineFunction(string moduleName, string name, FuncType type, HostFunctionCallback callback) =>
        Define(moduleName, name, new HostFunction(type, callback, $"{moduleName}.{name}"));

    /// <summary>
    /// Offers every export of <paramref name="instance"/> under the module name <paramref name="moduleName"/>
    /// (what the spec test scripts' <c>register</c> does), replacing earlier definitions of the same names.
    /// </summary>
    public Imports DefineInstance(string moduleName, ModuleInstance instance)
    {
        foreach (var (name, value) in instance.Exports) _externs[(moduleName, name)] = value;
        return this;
    }

    /// <summary>The extern defined as <paramref name="moduleName"/>.<paramref name="name"/>, if any.</summary>
    public bool TryGet(string moduleName, string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Extern? value) =>
        _externs.TryGetValue((moduleName, name), out value);

    /// <summary>
    /// The externs for <paramref name="module"/>'s imports, in order (spec 4.5.4 step 3), each checked against its import's type.
    /// </summary>
    /// <exception cref="LinkException">"unknown import": nothing is defined under an import's name; "incompatible import type":
    /// what is defined does not match the import.</exception>
    public Extern[] Resolve(CompiledModule module) => Resolve(module, null);

    /// <summary>Resolves the imports one by one, as the reference interpreter does, so that the first bad import is the one reported.</summary>
    internal Extern[] Resolve(CompiledModule module, Store? store)
    {
        var imports = module.Imports;
        var externs = new Extern[imports.Count];
        for (int i = 0; i < externs.Length; i++)
        {
            var import = imports[i];
            externs[i] = TryGet(import.ModuleName, import.Name, out var value)
                ? value
                : throw new LinkException($"unknown import \"{import.ModuleName}\" \"{import.Name}\" ({import.Type})");
            Instantiation.CheckImport(store, import, value);
        }
        return externs;
    }
}
