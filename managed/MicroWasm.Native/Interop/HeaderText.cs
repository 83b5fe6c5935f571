// The parts of the headers that are not types or functions: macros, opaque typedefs and callback types, written by
// the generator at the given order among the generated declarations.
namespace MicroWasm.Native.Interop;

[CVerbatim(CHeader.LibExport, 20, """
/* A NativeSymbol entry for a host function `symbol` (or `symbol##_wrapper`), optionally with a WAMR signature string
   such as "(i*~)i" and an attachment that the function reads with wasm_runtime_get_function_attachment(). */
/* clang-format off */
#define EXPORT_WASM_API(symbol) \
    { #symbol, (void *)symbol, NULL, NULL }
#define EXPORT_WASM_API2(symbol) \
    { #symbol, (void *)symbol##_wrapper, NULL, NULL }
#define EXPORT_WASM_API_WITH_SIG(symbol, signature) \
    { #symbol, (void *)symbol, signature, NULL }
#define EXPORT_WASM_API_WITH_SIG2(symbol, signature) \
    { #symbol, (void *)symbol##_wrapper, signature, NULL }
#define EXPORT_WASM_API_WITH_ATT(symbol, signature, attachment) \
    { #symbol, (void *)symbol, signature, attachment }
#define EXPORT_WASM_API_WITH_ATT2(symbol, signature, attachment) \
    { #symbol, (void *)symbol##_wrapper, signature, attachment }
/* clang-format on */
""")]
[CVerbatim(CHeader.WasmExport, 10, """
/* Shorthands for native functions, which have `exec_env` and usually a local `module_inst`. */
#define get_module_inst(exec_env) wasm_runtime_get_module_inst(exec_env)

#define validate_app_addr(offset, size) \
    wasm_runtime_validate_app_addr(module_inst, offset, size)

#define validate_app_str_addr(offset) \
    wasm_runtime_validate_app_str_addr(module_inst, offset)

#define addr_app_to_native(offset) \
    wasm_runtime_addr_app_to_native(module_inst, offset)

#define addr_native_to_app(ptr) \
    wasm_runtime_addr_native_to_app(module_inst, ptr)

#define module_malloc(size, p_native_addr) \
    wasm_runtime_module_malloc(module_inst, size, p_native_addr)

#define module_free(offset) wasm_runtime_module_free(module_inst, offset)

/* Raw natives (wasm_runtime_register_natives_raw) read their arguments from, and write their result to, a uint64_t
   array: one 64-bit slot per argument. */
#define native_raw_return_type(type, args) type *raw_ret = (type *)(args)

#define native_raw_get_arg(type, name, args) type name = *((type *)(args++))

#define native_raw_set_return(val) *raw_ret = (val)
""")]
[CVerbatim(CHeader.WasmExport, 20, """
#ifndef WASM_MODULE_T_DEFINED
#define WASM_MODULE_T_DEFINED
/* A loaded (decoded and validated) module. */
struct WASMModuleCommon;
typedef struct WASMModuleCommon *wasm_module_t;
#endif
""")]
[CVerbatim(CHeader.WasmExport, 110, """
/* Types of imports and exports, valid while their module is loaded. */
struct WASMFuncType;
typedef struct WASMFuncType *wasm_func_type_t;

struct WASMTableType;
typedef struct WASMTableType *wasm_table_type_t;

struct WASMGlobalType;
typedef struct WASMGlobalType *wasm_global_type_t;

#ifndef WASM_MEMORY_T_DEFINED
#define WASM_MEMORY_T_DEFINED
struct WASMMemory;
typedef struct WASMMemory WASMMemoryType;
#endif
typedef WASMMemoryType *wasm_memory_type_t;
""")]
[CVerbatim(CHeader.WasmExport, 126, """
/* An instantiated module. */
struct WASMModuleInstanceCommon;
typedef struct WASMModuleInstanceCommon *wasm_module_inst_t;

/* A function of a module instance. */
typedef void WASMFunctionInstanceCommon;
typedef WASMFunctionInstanceCommon *wasm_function_inst_t;

/* A linear memory of a module instance. */
struct WASMMemoryInstance;
typedef struct WASMMemoryInstance *wasm_memory_inst_t;
""")]
[CVerbatim(CHeader.WasmExport, 131, """
typedef wasm_section_t aot_section_t, *wasm_section_list_t, *aot_section_list_t;

/* An execution environment: the stack and state a thread uses to call into one module instance. */
struct WASMExecEnv;
typedef struct WASMExecEnv *wasm_exec_env_t;

struct WASMSharedHeap;
typedef struct WASMSharedHeap *wasm_shared_heap_t;
""")]
[CVerbatim(CHeader.WasmExport, 251, """
typedef WASMExternInstance *wasm_extern_inst_t;
""")]
[CVerbatim(CHeader.WasmExport, 262, """
struct wasm_ref_t;
""")]
[CVerbatim(CHeader.WasmExport, 330, """
/* Multi-module callbacks: read a module file into a buffer, and release it. */
typedef bool (*module_reader)(package_type_t module_type,
                              const char *module_name, uint8_t **p_buffer,
                              uint32_t *p_size);
typedef void (*module_destroyer)(uint8_t *buffer, uint32_t size);

/* Threads spawned by the runtime. */
typedef void *(*wasm_thread_callback_t)(wasm_exec_env_t, void *);
typedef uintptr_t wasm_thread_t;

/* Called when memory.grow fails. */
typedef void (*enlarge_memory_error_callback_t)(
    uint32_t inc_page_count, uint64_t current_memory_size,
    uint32_t memory_index, enlarge_memory_error_reason_t failure_reason,
    wasm_module_inst_t instance, wasm_exec_env_t exec_env, void *user_data);
""")]
[CVerbatim(CHeader.MicroWasm, 10, """
/* The MicroWasm library version (not the WAMR API level that wasm_runtime_get_version reports). */
#define MICROWASM_VERSION_MAJOR 0
#define MICROWASM_VERSION_MINOR 1
#define MICROWASM_VERSION_PATCH 0
""")]
internal static class HeaderText;
