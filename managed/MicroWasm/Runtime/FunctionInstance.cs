namespace MicroWasm.Runtime;

/// <summary>A function instance (spec 4.2.6): a module's function, or a host function.</summary>
public abstract class FunctionInstance
{
    protected FunctionInstance(FuncType type) => Type = type;

    public FuncType Type { get; }
}

/// <summary>A function defined by a WebAssembly module, closed over its instance.</summary>
public sealed class WasmFunction : FunctionInstance
{
    internal WasmFunction(ModuleInstance instance, int functionIndex, int definedIndex, FuncType type) : base(type)
    {
        Instance = instance;
        FunctionIndex = functionIndex;
        DefinedIndex = definedIndex;
    }

    public ModuleInstance Instance { get; }

    /// <summary>The index in the module's function index space (imports first).</summary>
    public int FunctionIndex { get; }

    /// <summary>The index among the module's own definitions, i.e. into <see cref="Module.Codes"/>.</summary>
    public int DefinedIndex { get; }

    public override string ToString() =>
        Instance.Module.FunctionNames.TryGetValue(FunctionIndex, out var name) ? $"${name}" : $"func[{FunctionIndex}]";
}

/// <summary>The signature of a host function: read the arguments, write exactly <c>results.Length</c> results.</summary>
/// <remarks>Throw <see cref="TrapException"/> to trap; any other exception becomes a trap of kind <see cref="TrapKind.HostError"/>.</remarks>
public delegate void HostFunctionCallback(ReadOnlySpan<Value> arguments, Span<Value> results);

/// <summary>A function provided by the embedder.</summary>
public sealed class HostFunction : FunctionInstance
{
    public HostFunction(FuncType type, HostFunctionCallback callback, string? name = null) : base(type)
    {
        Callback = callback;
        Name = name;
    }

    public HostFunctionCallback Callback { get; }

    /// <summary>A name for traces and messages.</summary>
    public string? Name { get; }

    public override string ToString() => Name ?? "host function";
}
