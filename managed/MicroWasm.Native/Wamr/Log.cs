using MicroWasm.Native.Interop;

namespace MicroWasm.Native.Wamr;

/// <summary>WAMR-style runtime log: warnings and errors on stderr, filtered by wasm_runtime_set_log_level.</summary>
internal static unsafe class Log
{
    // WAMR prints warnings unless told otherwise.
    public static volatile int Level = (int)LogLevel.WASM_LOG_LEVEL_WARNING;

    public static void Warning(string message) => Write(LogLevel.WASM_LOG_LEVEL_WARNING, "warning: " + message);

    public static void Error(string message) => Write(LogLevel.WASM_LOG_LEVEL_ERROR, "error: " + message);

    private static void Write(LogLevel level, string message)
    {
        if ((int)level > Level) return;
        byte* text = CString.Allocate($"[MicroWasm] {message}\n");
        try { NativeShim.Print(text, 1); }
        finally { CString.Free(text); }
    }

    /// <summary>Output that WAMR prints on stdout (wasm_application_execute_func results, call stacks).</summary>
    public static void Stdout(string text)
    {
        byte* copy = CString.Allocate(text);
        try { NativeShim.Print(copy, 0); }
        finally { CString.Free(copy); }
    }
}
