namespace MicroWasm;

/// <summary>Execution trapped (spec 4.4.1). Thrown out of the interpreter only at the embedding boundary.</summary>
public sealed class TrapException : WasmException
{
    public TrapException(TrapKind kind, string? detail = null, Exception? inner = null)
        : base(detail is null ? kind.Message() : $"{kind.Message()}: {detail}", inner)
    {
        Kind = kind;
    }

    public TrapKind Kind { get; }

    /// <summary>The WebAssembly call stack at the trap, innermost first, as "module!function" names where known.</summary>
    public IReadOnlyList<string> WasmStackTrace { get; init; } = [];
}
