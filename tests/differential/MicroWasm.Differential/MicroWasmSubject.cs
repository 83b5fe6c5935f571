namespace MicroWasm.Differential;

/// <summary>
/// MicroWasm running the module, interpreted or as an AOT artifact (<see cref="CompiledModule.IsAot"/>). The engine
/// has no fuel counter: a call is stopped by <see cref="Store.Terminate"/> once its time budget is spent.
/// </summary>
internal sealed class MicroWasmSubject : ISubject
{
    private readonly Store _store = new();
    private readonly ModuleInstance _instance;
    private readonly TimeSpan _budget;
    private readonly List<LogEntry> _log = [];

    /// <summary>Instantiates the module; a trap during instantiation is thrown as <see cref="TrapException"/>.</summary>
    public MicroWasmSubject(string name, CompiledModule module, TimeSpan budget)
    {
        Name = name;
        _budget = budget;
        var imports = new Imports();
        foreach (var import in module.Imports)
        {
            if (import.Type.Global is { } globalType)
            {
                imports.Define(import.ModuleName, import.Name,
                    _store.CreateGlobal(globalType, Value.ExternRef(FuzzingSupport.ExternalReference)));
                continue;
            }
            string importName = import.Name;
            var type = import.Type.Function!;
            imports.DefineFunction(import.ModuleName, importName, type, (arguments, results) =>
            {
                var observed = new ObservedValue[arguments.Length];
                for (int i = 0; i < arguments.Length; i++) _log.Add(new LogEntry(importName, observed[i] = Observe(arguments[i])));
                var response = FuzzingSupport.Respond(importName, type, observed);
                for (int i = 0; i < results.Length; i++) results[i] = ToValue(response[i]);
            });
        }
        try
        {
            _instance = _store.Instantiate(module, imports);
        }
        catch
        {
            _store.Dispose();
            throw;
        }
    }

    public string Name { get; }

    public CallOutcome Call(string export, FuncType type)
    {
        _log.Clear();
        var arguments = type.Parameters.Select(Value.Default).ToArray();
        // The timer's callback may still be running when the call ends: the lock keeps it from terminating the next call.
        var guard = new Lock();
        bool armed = true;
        var timer = new Timer(_ => { lock (guard) if (armed) _store.Terminate(); }, null, _budget, Timeout.InfiniteTimeSpan);
        try
        {
            var results = _instance.GetFunction(export).Invoke(arguments);
            return CallOutcome.Returned(results.Select(Observe).ToList(), [.. _log]);
        }
        catch (TrapException trap)
        {
            return TrapClass.Of(trap.Kind) is { } kind
                ? CallOutcome.Trapped(kind, [.. _log])
                : CallOutcome.Limit(trap.Kind.Message(), [.. _log]);
        }
        finally
        {
            lock (guard) armed = false;
            timer.Dispose();
            _store.ClearTermination();
        }
    }

    public ReadOnlySpan<byte> Memory(string export)
    {
        var memory = _instance.GetMemory(export);
        return memory.GetSpan(0, checked((int)memory.SizeInBytes));
    }

    public ObservedValue Global(string export, ValueType type) => Observe(_instance.GetGlobal(export).Value);

    private static ObservedValue Observe(Value value) => value.Type switch
    {
        ValueType.V128 => ObservedValue.Vector(value.Bits, value.HighBits),
        ValueType.FuncRef or ValueType.ExternRef => ObservedValue.Reference(value.Type, value.IsNullReference),
        _ => ObservedValue.Number(value.Type, value.Bits),
    };

    private static Value ToValue(ObservedValue value) => value.Type switch
    {
        ValueType.FuncRef => Value.FuncRef(null),
        ValueType.ExternRef => Value.ExternRef(null),
        _ => Value.FromBits(value.Type, value.Low, value.High),
    };

    public void Dispose() => _store.Dispose();
}
