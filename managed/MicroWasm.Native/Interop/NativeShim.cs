using System.Runtime.InteropServices;

namespace MicroWasm.Native.Interop;

/// <summary>
/// The C functions of native-shim/ that C# calls. They are bound directly at the host's link (DirectPInvoke in the
/// project), so the library never loads anything at run time.
/// </summary>
internal static unsafe partial class NativeShim
{
    private const string Library = "microwasm_shim";

    /// <summary>
    /// Argument classes for <see cref="InvokeNative"/> (native-shim/invoke_native.h): a 64-bit integer or pointer, f32,
    /// f64, i32. An i32 differs from a 64-bit integer only on Apple's arm64, whose stack arguments take their own size.
    /// </summary>
    public const byte ArgInteger = 0, ArgF32 = 1, ArgF64 = 2, ArgI32 = 3;

    /// <summary>Result classes for <see cref="InvokeNative"/>.</summary>
    public const byte ResultVoid = 0, ResultI32 = 1, ResultI64 = 2, ResultF32 = 3, ResultF64 = 4;

    /// <summary>
    /// Calls <paramref name="function"/> with <paramref name="argc"/> arguments of the classes in <paramref name="kinds"/>,
    /// following the host's C calling convention; returns the result's bits (f32 in the low 32 bits).
    /// </summary>
    [DllImport(Library, EntryPoint = "microwasm_shim_invoke_native")]
    public static extern ulong InvokeNative(void* function, ulong* args, uint argc, byte* kinds, byte resultKind);

    /// <summary>Writes a NUL-terminated UTF-8 line through C's stdio (stdout when <paramref name="toStderr"/> is 0), so it
    /// interleaves correctly with the host's own printf output.</summary>
    [DllImport(Library, EntryPoint = "microwasm_shim_print")]
    public static extern void Print(byte* text, int toStderr);

    /// <summary>1 and drd's two happens-before client requests when the process runs under valgrind, 0 otherwise
    /// (native-shim/race_detector.c).</summary>
    [DllImport(Library, EntryPoint = "microwasm_shim_race_detector")]
    public static extern int RaceDetector(nint* happensBefore, nint* happensAfter);
}
