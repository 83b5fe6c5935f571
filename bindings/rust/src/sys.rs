//! The C API of libmicrowasm.so as Rust declares it: the types and functions of `wasm_export.h`, `lib_export.h`
//! and `microwasm.h` that the wrapper uses (tests/declarations.rs checks each against the generated headers).
#![allow(non_camel_case_types)]

use std::os::raw::{c_char, c_int, c_void};

/// Opaque handles of the C API.
pub type wasm_module_t = *mut c_void;
pub type wasm_module_inst_t = *mut c_void;
pub type wasm_exec_env_t = *mut c_void;
pub type wasm_function_inst_t = *mut c_void;
pub type wasm_memory_inst_t = *mut c_void;
pub type wasm_func_type_t = *mut c_void;
pub type wasm_valkind_t = u8;

pub const WASM_I32: wasm_valkind_t = 0;
pub const WASM_I64: wasm_valkind_t = 1;
pub const WASM_F32: wasm_valkind_t = 2;
pub const WASM_F64: wasm_valkind_t = 3;
pub const WASM_IMPORT_EXPORT_KIND_FUNC: c_int = 0;
pub const WASM_IMPORT_EXPORT_KIND_TABLE: c_int = 1;
pub const WASM_IMPORT_EXPORT_KIND_MEMORY: c_int = 2;
pub const WASM_IMPORT_EXPORT_KIND_GLOBAL: c_int = 3;

/// `wasm_val_t`: a kind, 7 bytes of padding, the value (`of`: i32, i64, f32, f64 share 8 bytes).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct wasm_val_t {
    pub kind: wasm_valkind_t,
    pub _paddings: [u8; 7],
    pub of: u64,
}

/// `wasm_import_t`; `u` is a union of type handles, read as the function type for functions.
#[repr(C)]
pub struct wasm_import_t {
    pub module_name: *const c_char,
    pub name: *const c_char,
    pub kind: c_int,
    pub linked: bool,
    pub u: *mut c_void,
}

/// `wasm_export_t`.
#[repr(C)]
pub struct wasm_export_t {
    pub name: *const c_char,
    pub kind: c_int,
    pub u: *mut c_void,
}

/// `NativeSymbol` (lib_export.h).
#[repr(C)]
pub struct NativeSymbol {
    pub symbol: *const c_char,
    pub func_ptr: *mut c_void,
    pub signature: *const c_char,
    pub attachment: *mut c_void,
}

/// A raw native: the exec env and the arguments in 64-bit slots; the result goes to the first slot.
pub type RawNative = extern "C" fn(exec_env: wasm_exec_env_t, args: *mut u64);

extern "C" {
    pub fn wasm_runtime_init() -> bool;
    pub fn wasm_runtime_thread_env_inited() -> bool;
    pub fn wasm_runtime_init_thread_env() -> bool;
    pub fn microwasm_get_version(major: *mut u32, minor: *mut u32, patch: *mut u32);
    pub fn microwasm_last_error() -> *const c_char;
    pub fn wasm_runtime_load(buf: *mut u8, size: u32, error_buf: *mut c_char, error_buf_size: u32) -> wasm_module_t;
    pub fn wasm_runtime_unload(module: wasm_module_t);
    pub fn wasm_runtime_get_import_count(module: wasm_module_t) -> i32;
    pub fn wasm_runtime_get_import_type(module: wasm_module_t, import_index: i32, import_type: *mut wasm_import_t);
    pub fn wasm_runtime_get_export_count(module: wasm_module_t) -> i32;
    pub fn wasm_runtime_get_export_type(module: wasm_module_t, export_index: i32, export_type: *mut wasm_export_t);
    pub fn wasm_func_type_get_param_count(func_type: wasm_func_type_t) -> u32;
    pub fn wasm_func_type_get_param_valkind(func_type: wasm_func_type_t, param_index: u32) -> wasm_valkind_t;
    pub fn wasm_func_type_get_result_count(func_type: wasm_func_type_t) -> u32;
    pub fn wasm_func_type_get_result_valkind(func_type: wasm_func_type_t, result_index: u32) -> wasm_valkind_t;
    pub fn wasm_runtime_register_natives_raw(module_name: *const c_char, native_symbols: *mut NativeSymbol,
                                             n_native_symbols: u32) -> bool;
    pub fn wasm_runtime_unregister_natives(module_name: *const c_char, native_symbols: *mut NativeSymbol) -> bool;
    pub fn wasm_runtime_set_wasi_args_ex(module: wasm_module_t, dir_list: *mut *const c_char, dir_count: u32,
                                         map_dir_list: *mut *const c_char, map_dir_count: u32,
                                         env: *mut *const c_char, env_count: u32, argv: *mut *mut c_char,
                                         argc: c_int, stdinfd: i64, stdoutfd: i64, stderrfd: i64);
    pub fn wasm_runtime_instantiate(module: wasm_module_t, default_stack_size: u32, host_managed_heap_size: u32,
                                    error_buf: *mut c_char, error_buf_size: u32) -> wasm_module_inst_t;
    pub fn wasm_runtime_deinstantiate(module_inst: wasm_module_inst_t);
    pub fn wasm_runtime_create_exec_env(module_inst: wasm_module_inst_t, stack_size: u32) -> wasm_exec_env_t;
    pub fn wasm_runtime_destroy_exec_env(exec_env: wasm_exec_env_t);
    pub fn wasm_runtime_get_module_inst(exec_env: wasm_exec_env_t) -> wasm_module_inst_t;
    pub fn wasm_runtime_get_function_attachment(exec_env: wasm_exec_env_t) -> *mut c_void;
    pub fn wasm_runtime_lookup_function(module_inst: wasm_module_inst_t, name: *const c_char) -> wasm_function_inst_t;
    pub fn wasm_func_get_param_count(func_inst: wasm_function_inst_t, module_inst: wasm_module_inst_t) -> u32;
    pub fn wasm_func_get_result_count(func_inst: wasm_function_inst_t, module_inst: wasm_module_inst_t) -> u32;
    pub fn wasm_func_get_param_types(func_inst: wasm_function_inst_t, module_inst: wasm_module_inst_t,
                                     param_types: *mut wasm_valkind_t);
    pub fn wasm_func_get_result_types(func_inst: wasm_function_inst_t, module_inst: wasm_module_inst_t,
                                      result_types: *mut wasm_valkind_t);
    pub fn wasm_runtime_call_wasm_a(exec_env: wasm_exec_env_t, function: wasm_function_inst_t, num_results: u32,
                                    results: *mut wasm_val_t, num_args: u32, args: *mut wasm_val_t) -> bool;
    pub fn wasm_runtime_get_exception(module_inst: wasm_module_inst_t) -> *const c_char;
    pub fn wasm_runtime_set_exception(module_inst: wasm_module_inst_t, exception: *const c_char);
    pub fn wasm_runtime_clear_exception(module_inst: wasm_module_inst_t);
    pub fn wasm_application_execute_main(module_inst: wasm_module_inst_t, argc: i32, argv: *mut *mut c_char) -> bool;
    pub fn wasm_runtime_get_wasi_exit_code(module_inst: wasm_module_inst_t) -> u32;
    pub fn wasm_runtime_lookup_memory(module_inst: wasm_module_inst_t, name: *const c_char) -> wasm_memory_inst_t;
    pub fn wasm_runtime_get_default_memory(module_inst: wasm_module_inst_t) -> wasm_memory_inst_t;
    pub fn wasm_memory_get_base_address(memory_inst: wasm_memory_inst_t) -> *mut c_void;
    pub fn wasm_memory_get_cur_page_count(memory_inst: wasm_memory_inst_t) -> u64;
    pub fn wasm_memory_get_max_page_count(memory_inst: wasm_memory_inst_t) -> u64;
    pub fn wasm_memory_get_bytes_per_page(memory_inst: wasm_memory_inst_t) -> u64;
    pub fn wasm_memory_enlarge(memory_inst: wasm_memory_inst_t, inc_page_count: u64) -> bool;
    pub fn wasm_runtime_addr_app_to_native(module_inst: wasm_module_inst_t, app_offset: u64) -> *mut c_void;
}
