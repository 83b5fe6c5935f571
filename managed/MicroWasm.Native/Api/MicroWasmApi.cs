using MicroWasm.Native.Interop;

namespace MicroWasm.Native.Api;

/// <summary>What MicroWasm adds to the WAMR API (microwasm.h).</summary>
public static unsafe class MicroWasmApi
{
    [UnmanagedCallersOnly(EntryPoint = "microwasm_last_error")]
    [CApi(CHeader.MicroWasm, "The message of the last failure on this thread of a function that has no error buffer or instance to report it (e.g. wasm_runtime_register_natives, an unsupported function), or NULL. Valid until the next failure on this thread.")]
    [return: CType("const char *")]
    public static byte* LastError() => Errors.Last;

    [UnmanagedCallersOnly(EntryPoint = "microwasm_clear_last_error")]
    [CApi(CHeader.MicroWasm, "Forgets the last error of this thread.")]
    public static void ClearLastError()
    {
        try { Errors.Clear(); }
        catch { /* nothing to report it to */ }
    }

    [UnmanagedCallersOnly(EntryPoint = "microwasm_get_version")]
    [CApi(CHeader.MicroWasm, "MicroWasm's own version (MICROWASM_VERSION_* of the headers the library was built with).")]
    public static void GetVersion(uint* major, uint* minor, uint* patch)
    {
        if (major is not null) *major = 0;
        if (minor is not null) *minor = 1;
        if (patch is not null) *patch = 0;
    }

    [UnmanagedCallersOnly(EntryPoint = "microwasm_report_unsupported")]
    [CApi(CHeader.MicroWasm, "Used by the stubs of unsupported WAMR functions: records \"unsupported: @p function\" as the last error and logs it as a warning.")]
    public static void ReportUnsupported([CType("const char *")] byte* function)
    {
        try
        {
            string message = "unsupported: " + (Wamr.CString.Read(function) ?? "?");
            Errors.Set(message);
            Wamr.Log.Warning(message);
        }
        catch { /* nothing to report it to */ }
    }
}
