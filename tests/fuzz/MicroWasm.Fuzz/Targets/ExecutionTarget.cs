using MicroWasm.Runtime;

namespace MicroWasm.Fuzz.Targets;

/// <summary>
/// Instantiation and execution: the module is loaded, instantiated in a small store with synthetic imports (its start
/// function runs), then every exported function is called twice (with zeros, then with edge values), exported memories
/// and tables are grown and exported globals read. <see cref="Watchdog"/> bounds the whole input's execution time.
/// </summary>
internal sealed class ExecutionTarget : FuzzTarget
{
    /// <summary>Wall time all of one input's WebAssembly code may run before the store is terminated.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(100);

    // Small limits keep one input's memory use low; the interpreter's stack and call depth stay at their defaults,
    // so deep recursion reaches "call stack exhausted".
    private static readonly RuntimeOptions Options = new() { MaxMemoryPages = 256, MaxTableElements = 100_000, MaxArrayLength = 1 << 20 };

    public override string Name => "execution";
    public override string Description => "CompiledModule.FromBytes, Store.Instantiate with synthetic imports, every export called (time-bounded)";
    public override SeedKind Seeds => SeedKind.Binary;

    public override void Run(byte[] input)
    {
        CompiledModule module;
        try
        {
            module = CompiledModule.FromBytes(input);
        }
        catch (Exception e) when (Findings.IsDocumented(e)) { return; }
        if (module.IsAot) return; // artifacts have a target of their own, which never runs their code

        using var store = new Store(Options);
        Watchdog.Arm(store, Budget);
        try
        {
            ModuleInstance instance;
            try
            {
                instance = store.Instantiate(module, SyntheticImports.For(module, store));
            }
            catch (Exception e) when (Findings.IsDocumented(e)) { return; }

            foreach (var (_, value) in instance.Exports)
            {
                try
                {
                    Exercise(value);
                }
                catch (Exception e) when (Findings.IsDocumented(e)) { }
            }
        }
        finally
        {
            Watchdog.Disarm();
            store.ClearTermination();
        }
    }

    private static void Exercise(Extern value)
    {
        switch (value)
        {
            case FunctionInstance function:
                var parameters = function.Type.Parameters;
                var arguments = new Value[parameters.Length];
                for (int i = 0; i < arguments.Length; i++) arguments[i] = Value.Default(parameters[i]);
                Call(function, arguments);
                for (int i = 0; i < arguments.Length; i++) arguments[i] = EdgeValue(parameters[i], i);
                Call(function, arguments);
                break;
            case MemoryInstance memory:
                memory.Grow(1);
                if (memory.SizeInBytes >= 8) memory.Read<ulong>(memory.SizeInBytes - 8);
                break;
            case TableInstance table:
                table.Grow(1, null);
                break;
            case GlobalInstance global:
                _ = global.Value;
                break;
        }
    }

    private static void Call(FunctionInstance function, Value[] arguments)
    {
        try
        {
            function.Invoke(arguments);
        }
        catch (Exception e) when (Findings.IsDocumented(e)) { }
    }

    /// <summary>Values at the edges of each type's range, chosen by the parameter's position.</summary>
    private static Value EdgeValue(ValueType type, int position) => type switch
    {
        ValueType.I32 => Value.I32((position % 4) switch { 0 => -1, 1 => int.MinValue, 2 => 65536, _ => 1 }),
        ValueType.I64 => Value.I64((position % 4) switch { 0 => -1, 1 => long.MinValue, 2 => uint.MaxValue, _ => 1 }),
        ValueType.F32 => Value.F32((position % 3) switch { 0 => float.NaN, 1 => -0.0f, _ => float.MaxValue }),
        ValueType.F64 => Value.F64((position % 3) switch { 0 => double.NaN, 1 => double.NegativeInfinity, _ => 4294967296.0 }),
        ValueType.V128 => Value.V128(ulong.MaxValue, 0x8000_0000_0000_0000),
        _ => Value.Default(type),
    };
}
