using Wasmtime;

namespace MicroWasm.Differential;

using Module = Wasmtime.Module;
using Store = Wasmtime.Store;
using TrapException = Wasmtime.TrapException;
using WasmtimeValueKind = Wasmtime.ValueKind;

/// <summary>Wasmtime (Cranelift, through its .NET embedding) running the module, each call bounded by fuel.</summary>
internal sealed class WasmtimeSubject : ISubject
{
    private readonly Store _store;
    private readonly Instance _instance;
    private readonly ulong _fuelPerCall;
    private readonly List<LogEntry> _log = [];

    /// <summary>
    /// An engine limited to WebAssembly 2.0 (SIMD, bulk memory, reference types, multi-value; no GC, typed function
    /// references, tail calls, threads, memory64, multiple memories, relaxed SIMD, exceptions), with fuel.
    /// </summary>
    public static Engine CreateEngine() => new(new Config()
        .WithReferenceTypes(true).WithSIMD(true).WithBulkMemory(true).WithMultiValue(true)
        .WithGc(false).WithFunctionReferences(false).WithTailCalls(false).WithWasmThreads(false).WithMemory64(false)
        .WithMultiMemory(false).WithRelaxedSIMD(false, false).WithExceptions(false).WithWideArithmetic(false)
        .WithFuelConsumption(true));

    /// <summary>Instantiates the module; a trap during instantiation is thrown as Wasmtime's <see cref="TrapException"/>.</summary>
    public WasmtimeSubject(Engine engine, Module module, CompiledModule description, ulong fuelPerCall)
    {
        _fuelPerCall = fuelPerCall;
        _store = new Store(engine);
        try
        {
            using var linker = new Linker(engine);
            foreach (var import in description.Imports)
            {
                if (import.Type.Global is { } globalType)
                {
                    linker.Define(import.ModuleName, import.Name, new Global(_store, WasmtimeValueKind.ExternRef,
                        FuzzingSupport.ExternalReference, globalType.Mutable ? Mutability.Mutable : Mutability.Immutable));
                    continue;
                }
                string importName = import.Name;
                var type = import.Type.Function!;
                linker.DefineFunction(import.ModuleName, importName, (caller, arguments, results) =>
                {
                    var observed = new ObservedValue[arguments.Length];
                    for (int i = 0; i < arguments.Length; i++)
                        _log.Add(new LogEntry(importName, observed[i] = Observe(type.Parameters[i], arguments[i])));
                    var response = FuzzingSupport.Respond(importName, type, observed);
                    for (int i = 0; i < results.Length; i++) results[i] = ToBox(response[i]);
                }, type.Parameters.Select(KindOf).ToArray(), type.Results.Select(KindOf).ToArray());
            }
            _store.Fuel = fuelPerCall;
            _instance = linker.Instantiate(_store, module);
        }
        catch
        {
            _store.Dispose();
            throw;
        }
    }

    public string Name => "wasmtime";

    public CallOutcome Call(string export, FuncType type)
    {
        _log.Clear();
        _store.Fuel = _fuelPerCall;
        var function = _instance.GetFunction(export) ?? throw new InvalidOperationException($"wasmtime has no export {export}");
        var arguments = type.Parameters.Select(Zero).ToArray();
        try
        {
            object? result = function.Invoke(arguments);
            var values = type.Results.Length switch
            {
                0 => [],
                1 => [Observe(type.Results[0], result)],
                _ => ((object?[])result!).Select((r, i) => Observe(type.Results[i], r)).ToList(),
            };
            return CallOutcome.Returned(values, [.. _log]);
        }
        catch (TrapException trap)
        {
            return TrapClass.Of(trap.Type) is { } kind
                ? CallOutcome.Trapped(kind, [.. _log])
                : CallOutcome.Limit(trap.Type.ToString(), [.. _log]);
        }
    }

    public ReadOnlySpan<byte> Memory(string export)
    {
        var memory = _instance.GetMemory(export) ?? throw new InvalidOperationException($"wasmtime has no memory {export}");
        return memory.GetSpan(0, checked((int)memory.GetLength()));
    }

    public ObservedValue Global(string export, ValueType type)
    {
        var global = _instance.GetGlobal(export) ?? throw new InvalidOperationException($"wasmtime has no global {export}");
        return Observe(type, global.GetValue());
    }

    private static ValueBox Zero(ValueType type) => ToBox(new ObservedValue(type, 0, 0, IsNull: true));

    /// <summary>A number or vector with its bits; a reference only as null (the host never makes other references).</summary>
    private static ValueBox ToBox(ObservedValue value) => value.Type switch
    {
        ValueType.I32 => (int)(uint)value.Low,
        ValueType.I64 => (long)value.Low,
        ValueType.F32 => BitConverter.UInt32BitsToSingle((uint)value.Low),
        ValueType.F64 => BitConverter.UInt64BitsToDouble(value.Low),
        ValueType.V128 => new V128([.. BitConverter.GetBytes(value.Low), .. BitConverter.GetBytes(value.High)]),
        ValueType.FuncRef => Function.Null,
        _ => ValueBox.AsBox<object>(null),
    };

    private static WasmtimeValueKind KindOf(ValueType type) => type switch
    {
        ValueType.I32 => WasmtimeValueKind.Int32,
        ValueType.I64 => WasmtimeValueKind.Int64,
        ValueType.F32 => WasmtimeValueKind.Float32,
        ValueType.F64 => WasmtimeValueKind.Float64,
        ValueType.V128 => WasmtimeValueKind.V128,
        ValueType.FuncRef => WasmtimeValueKind.FuncRef,
        _ => WasmtimeValueKind.ExternRef,
    };

    private ObservedValue Observe(ValueType type, ValueBox box) => type switch
    {
        ValueType.I32 => ObservedValue.Number(type, (uint)box.AsInt32()),
        ValueType.I64 => ObservedValue.Number(type, (ulong)box.AsInt64()),
        ValueType.F32 => ObservedValue.Number(type, BitConverter.SingleToUInt32Bits(box.AsSingle())),
        ValueType.F64 => ObservedValue.Number(type, BitConverter.DoubleToUInt64Bits(box.AsDouble())),
        ValueType.V128 => Observe(type, (object)box.AsV128()),
        ValueType.FuncRef => ObservedValue.Reference(type, box.AsFunction(_store) is not { IsNull: false }),
        _ => ObservedValue.Reference(type, box.As<object>() is null),
    };

    private static ObservedValue Observe(ValueType type, object? value)
    {
        switch (type)
        {
            case ValueType.I32: return ObservedValue.Number(type, (uint)(int)value!);
            case ValueType.I64: return ObservedValue.Number(type, (ulong)(long)value!);
            case ValueType.F32: return ObservedValue.Number(type, BitConverter.SingleToUInt32Bits((float)value!));
            case ValueType.F64: return ObservedValue.Number(type, BitConverter.DoubleToUInt64Bits((double)value!));
            case ValueType.V128:
                var vector = (V128)value!;
                var bytes = vector.AsSpan();
                return ObservedValue.Vector(BitConverter.ToUInt64(bytes[..8]), BitConverter.ToUInt64(bytes[8..]));
            case ValueType.FuncRef: return ObservedValue.Reference(type, value is not Function { IsNull: false });
            default: return ObservedValue.Reference(type, value is null);
        }
    }

    public void Dispose() => _store.Dispose();
}
