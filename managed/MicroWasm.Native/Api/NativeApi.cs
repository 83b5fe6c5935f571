using MicroWasm.Native.Interop;
using MicroWasm.Native.Wamr;

namespace MicroWasm.Native.Api;

/// <summary>Registering host functions ("natives") that modules import.</summary>
public static unsafe class NativeApi
{
    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_register_natives")]
    [CApi(CHeader.WasmExport, """
        Registers host functions that modules import as @p module_name.<symbol>. Imports are linked when a module is
        instantiated, so natives must be registered before that. A later registration of a name hides an earlier one.
        Signature letters: 'i' i32, 'I' i64, 'f' f32, 'F' f64, 'r' externref (uintptr_t), '*' a pointer (an i32 app
        address, checked against the memory and passed as a native address; its length is the next parameter when that
        is '~', else 1), '~' the byte length of the preceding pointer, '$' a NUL-terminated string (checked, translated).
        A NULL signature passes the values as they are. The native function gets the exec env first:
        e.g. "(i*~)i" is int32_t f(wasm_exec_env_t, int32_t, void *, uint32_t). Keep @p native_symbols alive.
        @return true if success, false otherwise (a bad signature, a missing name)
        """)]
    public static bool RegisterNatives([CType("const char *")] byte* module_name, NativeSymbol* native_symbols, uint n_native_symbols)
    {
        try
        {
            if (NativeRegistry.Register(module_name, native_symbols, n_native_symbols, raw: false, out var error)) return true;
            Log.Error("wasm_runtime_register_natives: " + error);
            return Errors.Fail(error!);
        }
        catch (Exception e) { return Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_register_natives_raw")]
    [CApi(CHeader.WasmExport, """
        Registers raw host functions: void f(wasm_exec_env_t exec_env, uint64_t *args), reading argument i from args[i]
        (one 64-bit slot each; pointers are app addresses, unchecked) and writing the result to args[0]
        (see native_raw_get_arg and native_raw_set_return).
        @return true if success, false otherwise
        """)]
    public static bool RegisterNativesRaw([CType("const char *")] byte* module_name, NativeSymbol* native_symbols, uint n_native_symbols)
    {
        try
        {
            if (NativeRegistry.Register(module_name, native_symbols, n_native_symbols, raw: true, out var error)) return true;
            Log.Error("wasm_runtime_register_natives_raw: " + error);
            return Errors.Fail(error!);
        }
        catch (Exception e) { return Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_unregister_natives")]
    [CApi(CHeader.WasmExport, "Undoes a registration of @p native_symbols (the same array) under @p module_name. Existing instances keep their links.\n@return true if something was unregistered")]
    public static bool UnregisterNatives([CType("const char *")] byte* module_name, NativeSymbol* native_symbols)
    {
        try { return NativeRegistry.Unregister(module_name, native_symbols); }
        catch (Exception e) { return Errors.Fail(e); }
    }
}
