namespace MicroWasm;

/// <summary>Execution trapped (spec 4.4.1). Thrown out of the interpreter only at the embedding boundary.</summary>
public sealed class TrapException : WasmException
{
    public TrapException(TrapKind kind, string? detail = null, Exception? inner = null)
        : base(detail is null ? kind.Message() : $"{kind.Message()}: {detail}", inner)
    {
        Kind = kind;
    }

    private TrapException(TrapKind kind, string message) : base(message) => Kind = kind;

    /// <summary>A trap about one table element, worded as the reference interpreter does: "uninitialized element 2".</summary>
    public static TrapException WithIndex(TrapKind kind, uint index) => new(kind, $"{kind.Message()} {index}");

    public TrapKind Kind { get; }

    /// <summary>For <see cref="TrapKind.UncaughtException"/>: the exception, with its tag and the values it carries.</summary>
    public Runtime.ExceptionInstance? Thrown { get; private init; }

    /// <summary>
    /// The trap that carries a WebAssembly exception out to the host, "uncaught exception". A host function throws one to
    /// throw <paramref name="exception"/> into the WebAssembly code that called it, where a handler for its tag catches it.
    /// </summary>
    public static TrapException ForException(Runtime.ExceptionInstance exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new(TrapKind.UncaughtException, TrapKind.UncaughtException.Message()) { Thrown = exception };
    }

    /// <summary>The WebAssembly call stack at the trap, innermost first, as "module!function" names where known.</summary>
    public IReadOnlyList<string> WasmStackTrace { get; init; } = [];

    /// <summary>
    /// The WebAssembly call stack at the trap, innermost first, as structured frames: the same walk as
    /// <see cref="WasmStackTrace"/>. Empty for a trap that did not happen in WebAssembly code.
    /// </summary>
    public IReadOnlyList<WasmFrame> Frames { get; init; } = [];

    /// <summary>This trap (same kind, message and inner exception) with <paramref name="trace"/> and <paramref name="frames"/> as its stack trace.</summary>
    internal TrapException WithWasmStackTrace(IReadOnlyList<string> trace, IReadOnlyList<WasmFrame> frames) =>
        new(Kind, Message, InnerException, trace, frames) { Thrown = Thrown };

    private TrapException(TrapKind kind, string message, Exception? inner, IReadOnlyList<string> trace, IReadOnlyList<WasmFrame> frames)
        : base(message, inner)
    {
        Kind = kind;
        WasmStackTrace = trace;
        Frames = frames;
    }
}
