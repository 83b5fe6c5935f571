// WAMR functions declared in the headers but not implemented yet. Each fails with "unsupported: <name>" (see
// CUnsupportedAttribute); the generator writes their stubs and the table in docs/wamr-api-status.md.
namespace MicroWasm.Native.Interop;

[CShimFunction(CHeader.WasmExport, "bool", "wasm_runtime_call_wasm_v",
    "wasm_exec_env_t exec_env, wasm_function_inst_t function, uint32_t num_results, wasm_val_t results[], uint32_t num_args, ...",
    "wasm_runtime_call_wasm_a with the arguments as C variadic arguments, in the function's parameter types\n(int32_t, int64_t, double for f32 and f64 after C's promotion, uintptr_t for externref).\n@return true if success, false with the instance's exception set")]
[CUnsupported("char *", "wasm_runtime_get_module_hash", "wasm_module_t module", Reason = "SGX only")]
[CUnsupported("uint32_t", "wasm_runtime_start_debug_instance_with_port", "wasm_exec_env_t exec_env, int32_t port", Reason = "debugger")]
[CUnsupported("uint32_t", "wasm_runtime_start_debug_instance", "wasm_exec_env_t exec_env", Reason = "debugger")]
[CUnsupported("wasm_memory_inst_t", "wasm_runtime_create_memory", "const wasm_module_t module, const wasm_memory_type_t type", Reason = "host-provided imports")]
[CUnsupported("void", "wasm_runtime_destroy_memory", "const wasm_module_t module, wasm_memory_inst_t memory_inst", Reason = "host-provided imports")]
[CUnsupported("void", "wasm_runtime_dump_perf_profiling", "wasm_module_inst_t module_inst", Reason = "profiler")]
[CUnsupported("double", "wasm_runtime_sum_wasm_exec_time", "wasm_module_inst_t module_inst", Reason = "profiler")]
[CUnsupported("double", "wasm_runtime_get_wasm_func_exec_time", "wasm_module_inst_t inst, const char *func_name", Reason = "profiler")]
[CUnsupported("uint32_t", "wasm_runtime_get_pgo_prof_data_size", "wasm_module_inst_t module_inst", Reason = "LLVM PGO")]
[CUnsupported("uint32_t", "wasm_runtime_dump_pgo_prof_data_to_buf", "wasm_module_inst_t module_inst, char *buf, uint32_t len", Reason = "LLVM PGO")]
[CUnsupported("void", "wasm_runtime_set_enlarge_mem_error_callback", "const enlarge_memory_error_callback_t callback, void *user_data", Reason = "needs a memory.grow hook (engine)")]
[CUnsupported("wasm_shared_heap_t", "wasm_runtime_create_shared_heap", "SharedHeapInitArgs *init_args", Reason = "shared heap")]
[CUnsupported("bool", "wasm_runtime_attach_shared_heap", "wasm_module_inst_t module_inst, wasm_shared_heap_t shared_heap", Reason = "shared heap")]
[CUnsupported("void", "wasm_runtime_detach_shared_heap", "wasm_module_inst_t module_inst", Reason = "shared heap")]
[CUnsupported("uint64_t", "wasm_runtime_shared_heap_malloc", "wasm_module_inst_t module_inst, uint64_t size, void **p_native_addr", Reason = "shared heap")]
[CUnsupported("void", "wasm_runtime_shared_heap_free", "wasm_module_inst_t module_inst, uint64_t ptr", Reason = "shared heap")]
[CUnsupported("wasm_extern_inst_t", "wasm_runtime_create_imports_with_builtin", "wasm_module_t module", Reason = "host-provided imports")]
[CUnsupported("void", "wasm_runtime_destroy_imports", "wasm_module_t module, wasm_extern_inst_t imports", Reason = "host-provided imports")]
[CUnsupported("wasm_extern_inst_t", "wasm_runtime_create_imports", "wasm_module_t module, bool (*module_name_filter)(const char *)", Reason = "host-provided imports")]
internal static class UnsupportedApi;

/// <summary>lib_export.h's one function, WAMR's built-in library of natives, which MicroWasm does not have.</summary>
[CUnsupported("uint32_t", "get_base_lib_export_apis", "NativeSymbol **p_base_lib_apis", Reason = "WAMR's built-in base library", Header = CHeader.LibExport)]
internal static class UnsupportedLibExport;
