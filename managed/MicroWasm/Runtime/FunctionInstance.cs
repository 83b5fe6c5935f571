using MicroWasm.Interpreter;

namespace MicroWasm.Runtime;

/// <summary>A function instance (spec 4.2.6): a module's function, or a host function.</summary>
public abstract class FunctionInstance : Extern
{
    private protected FunctionInstance(FuncType type, DefinedType? definedType = null)
    {
        Type = type;
        KnownDefinedType = definedType;
    }

    public FuncType Type { get; }

    /// <summary>
    /// The function's canonical type (<see cref="TypeRegistry"/>): what <c>call_indirect</c>, casts and import matching
    /// compare. A module's function has its module's; a host function's type is a final type in a group of its own.
    /// </summary>
    public DefinedType DefinedType => KnownDefinedType ?? PublishDefinedType();

    /// <summary>
    /// Interpreter contract: <see cref="DefinedType"/> when already known (always for a module's function), else null;
    /// a field, so call_indirect's check is a load and a compare.
    /// </summary>
    internal DefinedType? KnownDefinedType;

    private DefinedType PublishDefinedType()
    {
        var defined = TypeRegistry.OfFunction(Type);
        return Interlocked.CompareExchange(ref KnownDefinedType, defined, null) ?? defined;
    }

    public override ExternalKind Kind => ExternalKind.Function;
    public override ExternType ExternType => ExternType.Of(Type, DefinedType);

    /// <summary>
    /// Invokes the function (spec 4.5.5): checks the arguments against <see cref="Type"/>, runs it, and returns its results.
    /// </summary>
    /// <exception cref="ArgumentException">Wrong number or types of arguments.</exception>
    /// <exception cref="TrapException">Execution trapped; <see cref="TrapException.Kind"/> says why.</exception>
    public Value[] Invoke(params ReadOnlySpan<Value> arguments)
    {
        var parameters = Type.Parameters;
        if (arguments.Length != parameters.Length)
            throw new ArgumentException($"{this} expects {parameters.Length} argument(s), got {arguments.Length}", nameof(arguments));
        for (int i = 0; i < parameters.Length; i++)
        {
            if (!arguments[i].IsOfType(parameters[i], (this as WasmFunction)?.Instance.Module.CanonicalTypes))
                throw new ArgumentException($"argument {i} of {this} must be {parameters[i].ToText()}, got {arguments[i].Type.ToText()}", nameof(arguments));
            // The message is built only on failure: this runs for every argument of every call.
            if (IsFunctionOfAnotherStore(arguments[i]))
                throw new ArgumentException($"argument {i} of {this} is a function of another store", nameof(arguments));
        }
        return InvokeUnchecked(arguments);
    }

    /// <summary>Runs the function with arguments already checked against its type.</summary>
    internal abstract Value[] InvokeUnchecked(ReadOnlySpan<Value> arguments);
}

/// <summary>A function defined by a WebAssembly module, closed over its instance.</summary>
public sealed class WasmFunction : FunctionInstance
{
    internal WasmFunction(ModuleInstance instance, int functionIndex, int definedIndex, FuncType type)
        : base(type, instance.Module.CanonicalTypes[instance.Module.FunctionTypeIndices[definedIndex]])
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

    /// <summary>The store of the function's instance: its code keeps references as that store's handles.</summary>
    public override Store? Owner => Instance.Store;

    internal override Value[] InvokeUnchecked(ReadOnlySpan<Value> arguments) =>
        Instance.AotInstance is not null ? Aot.AotExecutor.Invoke(this, arguments) : Executor.Invoke(this, arguments);

    public override string ToString() =>
        Instance.Module.FunctionNames.TryGetValue(FunctionIndex, out var name) ? $"${name}" : $"func[{FunctionIndex}]";
}

/// <summary>The signature of a host function: read the arguments, write exactly <c>results.Length</c> results.</summary>
/// <remarks>
/// <c>results</c> arrives filled with the default value of each result type. Throw <see cref="TrapException"/> to trap;
/// any other exception becomes a trap of kind <see cref="TrapKind.HostError"/>.
/// </remarks>
public delegate void HostFunctionCallback(ReadOnlySpan<Value> arguments, Span<Value> results);

/// <summary>
/// A function provided by the embedder (spec 4.5.3.2, allochostfunc). It belongs to no store, so one host function may be
/// imported by instances of any store.
/// </summary>
/// <remarks>
/// <c>Wrap</c> makes one from a typed lambda of up to four parameters, e.g. <c>HostFunction.Wrap((int a, int b) =&gt; a + b)</c>.
/// Its types map as: <c>int</c>/<c>uint</c> to i32, <c>long</c>/<c>ulong</c> to i64, <c>float</c> to f32, <c>double</c> to f64,
/// <see cref="FunctionInstance"/> to funcref and <see cref="object"/> to externref. C# prefers the value-returning overload for
/// an expression-bodied lambda whose expression has a value (<c>() =&gt; x = 1</c>); give an action a block body (<c>() =&gt; { x = 1; }</c>).
/// </remarks>
public sealed partial class HostFunction : FunctionInstance
{
    public HostFunction(FuncType type, HostFunctionCallback callback, string? name = null) : base(type)
    {
        Callback = callback;
        Name = name;
    }

    public HostFunctionCallback Callback { get; }

    /// <summary>A name for traces and messages.</summary>
    public string? Name { get; }

    public override Store? Owner => null;

    internal override Value[] InvokeUnchecked(ReadOnlySpan<Value> arguments)
    {
        var results = new Value[Type.Results.Length];
        Call(arguments, results);
        return results;
    }

    /// <summary>
    /// Calls <see cref="Callback"/> the way every caller must (the interpreter too): <paramref name="results"/> is set to
    /// default values first, an exception other than a trap becomes a <see cref="TrapKind.HostError"/> trap, and results of the
    /// wrong type are a trap rather than a corrupt value.
    /// </summary>
    /// <param name="arguments">Arguments already checked against <see cref="FunctionInstance.Type"/>.</param>
    /// <param name="results">Exactly <c>Type.Results.Length</c> slots.</param>
    internal void Call(ReadOnlySpan<Value> arguments, Span<Value> results)
    {
        var resultTypes = Type.Results;
        for (int i = 0; i < resultTypes.Length; i++) results[i] = Value.Default(resultTypes[i]);
        try
        {
            Callback(arguments, results);
        }
        catch (TrapException)
        {
            throw;
        }
        catch (Exception e)
        {
            throw new TrapException(TrapKind.HostError, $"{this}: {e.Message}", e);
        }
        // A callback that writes a result of the wrong type is a host bug; the guest sees a trap, not a corrupt value.
        for (int i = 0; i < resultTypes.Length; i++)
        {
            if (results[i].Type != resultTypes[i])
                throw new TrapException(TrapKind.HostError, $"{this} returned {results[i].Type.ToText()} for a result of type {resultTypes[i].ToText()}");
        }
    }

    public override string ToString() => Name ?? "host function";
}
