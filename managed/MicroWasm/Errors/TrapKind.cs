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
        _ => "trap",
    };
}
