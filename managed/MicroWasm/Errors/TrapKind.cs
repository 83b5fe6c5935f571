namespace MicroWasm;

/// <summary>Why execution trapped (spec 4.4). <see cref="TrapKindMessages"/> gives the spec's wording.</summary>
public enum TrapKind
{
    Unreachable,
    IntegerDivideByZero,
    IntegerOverflow,
    InvalidConversionToInteger,
    OutOfBoundsMemoryAccess,
    OutOfBoundsTableAccess,
    UndefinedElement,
    UninitializedElement,
    IndirectCallTypeMismatch,
    CallStackExhausted,
    NullReference,
    UnalignedAtomic,
    /// <summary>A host function failed; the message is the host's.</summary>
    HostError,
    /// <summary>The embedder asked execution to stop (WAMR's <c>wasm_runtime_terminate</c>).</summary>
    Terminated,
    /// <summary><c>memory.atomic.wait32/64</c> on a memory that is not shared (threads proposal).</summary>
    ExpectedSharedMemory,
    /// <summary>
    /// A WebAssembly exception (<c>throw</c>, exception handling) that no handler caught; <see cref="TrapException.Thrown"/>
    /// holds it. Unlike the other kinds it is not final: carried back into WebAssembly (a host function that lets it
    /// pass, or throws one it made), it can still be caught there.
    /// </summary>
    UncaughtException,
    /// <summary><c>throw_ref</c> of a null exnref (exception handling).</summary>
    NullExceptionReference,
    /// <summary><c>call_ref</c> or <c>return_call_ref</c> of a null reference (typed function references).</summary>
    NullFunctionReference,
    /// <summary>A struct instruction on a null reference (GC).</summary>
    NullStructReference,
    /// <summary>An array instruction on a null reference (GC).</summary>
    NullArrayReference,
    /// <summary>i31.get_s or i31.get_u of a null reference (GC).</summary>
    NullI31Reference,
    /// <summary>An array index or range past the array's length, or past a data or element segment (GC).</summary>
    OutOfBoundsArrayAccess,
    /// <summary><c>ref.cast</c> of a reference that is not of the target type (GC).</summary>
    CastFailure,
    /// <summary>An array longer than the runtime allocates (GC; <see cref="MicroWasm.Runtime.RuntimeOptions.MaxArrayLength"/>, or memory ran out).</summary>
    ArrayTooLarge,
    /// <summary>
    /// A slot named a GC object whose handle had been freed: only possible when a handle outlived the interpreter's
    /// value stack (e.g. kept by AOT code across a collection), reported instead of naming another object.
    /// </summary>
    StaleReference,
}

public static class TrapKindMessages
{
    public static string Message(this TrapKind kind) => kind switch
    {
        TrapKind.Unreachable => "unreachable",
        TrapKind.IntegerDivideByZero => "integer divide by zero",
        TrapKind.IntegerOverflow => "integer overflow",
        TrapKind.InvalidConversionToInteger => "invalid conversion to integer",
        TrapKind.OutOfBoundsMemoryAccess => "out of bounds memory access",
        TrapKind.OutOfBoundsTableAccess => "out of bounds table access",
        TrapKind.UndefinedElement => "undefined element",
        TrapKind.UninitializedElement => "uninitialized element",
        TrapKind.IndirectCallTypeMismatch => "indirect call type mismatch",
        TrapKind.CallStackExhausted => "call stack exhausted",
        TrapKind.NullReference => "null reference",
        TrapKind.UnalignedAtomic => "unaligned atomic",
        TrapKind.HostError => "host error",
        TrapKind.Terminated => "terminated",
        TrapKind.ExpectedSharedMemory => "expected shared memory",
        TrapKind.UncaughtException => "uncaught exception",
        TrapKind.NullExceptionReference => "null exception reference",
        TrapKind.NullFunctionReference => "null function reference",
        TrapKind.NullStructReference => "null structure reference",
        TrapKind.NullArrayReference => "null array reference",
        TrapKind.NullI31Reference => "null i31 reference",
        TrapKind.OutOfBoundsArrayAccess => "out of bounds array access",
        TrapKind.CastFailure => "cast failure",
        TrapKind.ArrayTooLarge => "array too large",
        TrapKind.StaleReference => "stale reference",
        _ => "trap",
    };
}
