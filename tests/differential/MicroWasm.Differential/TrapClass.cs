using WasmtimeTrap = Wasmtime.TrapCode;

namespace MicroWasm.Differential;

/// <summary>
/// Trap kinds of both engines in one vocabulary, the spec's messages. Wasmtime reports a <c>call_indirect</c> past the
/// end of its table and a <c>table.get</c> out of bounds alike ("table out of bounds"), where the spec says "undefined
/// element" for the first; the two are one class here. Null is returned for the engines' own limits.
/// </summary>
internal static class TrapClass
{
    private const string TableBounds = "undefined element / out of bounds table access";

    public static string? Of(TrapKind kind) => kind switch
    {
        TrapKind.UndefinedElement or TrapKind.OutOfBoundsTableAccess => TableBounds,
        TrapKind.Terminated or TrapKind.CallStackExhausted => null,
        _ => kind.Message(),
    };

    public static string? Of(WasmtimeTrap code) => code switch
    {
        WasmtimeTrap.Unreachable => TrapKind.Unreachable.Message(),
        WasmtimeTrap.IntegerDivisionByZero => TrapKind.IntegerDivideByZero.Message(),
        WasmtimeTrap.IntegerOverflow => TrapKind.IntegerOverflow.Message(),
        WasmtimeTrap.BadConversionToInteger => TrapKind.InvalidConversionToInteger.Message(),
        WasmtimeTrap.MemoryOutOfBounds => TrapKind.OutOfBoundsMemoryAccess.Message(),
        WasmtimeTrap.TableOutOfBounds => TableBounds,
        WasmtimeTrap.IndirectCallToNull => TrapKind.UninitializedElement.Message(),
        WasmtimeTrap.BadSignature => TrapKind.IndirectCallTypeMismatch.Message(),
        WasmtimeTrap.NullReference => TrapKind.NullReference.Message(),
        WasmtimeTrap.HeapMisaligned => TrapKind.UnalignedAtomic.Message(),
        WasmtimeTrap.OutOfFuel or WasmtimeTrap.Interrupt or WasmtimeTrap.StackOverflow => null,
        _ => $"wasmtime {code}",
    };
}
