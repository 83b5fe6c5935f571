"""The C API of libmicrowasm.so (wasm_export.h, microwasm.h) as ctypes declarations: the functions this package calls,
with the argument and result types of the headers, and the structs it reads."""

import ctypes
import ctypes.util
import os
import shutil
import subprocess

# The ABI this package is written for: the library's soname carries major.minor (see CMakeLists.txt).
ABI_VERSION = (0, 1)
SONAME = "libmicrowasm.so.%d.%d" % ABI_VERSION

c_bool, c_char_p, c_void_p = ctypes.c_bool, ctypes.c_char_p, ctypes.c_void_p
c_int, c_int32, c_int64 = ctypes.c_int, ctypes.c_int32, ctypes.c_int64
c_uint8, c_uint32, c_uint64 = ctypes.c_uint8, ctypes.c_uint32, ctypes.c_uint64

# Value kinds (wasm_valkind_t) and import/export kinds (wasm_import_export_kind_t).
WASM_I32, WASM_I64, WASM_F32, WASM_F64, WASM_V128 = 0, 1, 2, 3, 4
WASM_EXTERNREF, WASM_FUNCREF = 128, 129
KIND_FUNC, KIND_TABLE, KIND_MEMORY, KIND_GLOBAL = 0, 1, 2, 3
WASM_LOG_LEVEL_ERROR = 1


class ValUnion(ctypes.Union):
    _fields_ = [("i32", c_int32), ("i64", c_int64), ("f32", ctypes.c_float), ("f64", ctypes.c_double),
                ("foreign", ctypes.c_size_t)]


class WasmVal(ctypes.Structure):
    """wasm_val_t: a kind, 7 bytes of padding, the value."""
    _fields_ = [("kind", c_uint8), ("_paddings", c_uint8 * 7), ("of", ValUnion)]


class TypeUnion(ctypes.Union):
    _fields_ = [("func_type", c_void_p), ("table_type", c_void_p), ("global_type", c_void_p),
                ("memory_type", c_void_p)]


class ImportType(ctypes.Structure):
    """wasm_import_t."""
    _fields_ = [("module_name", c_char_p), ("name", c_char_p), ("kind", c_int), ("linked", c_bool), ("u", TypeUnion)]


class ExportType(ctypes.Structure):
    """wasm_export_t."""
    _fields_ = [("name", c_char_p), ("kind", c_int), ("u", TypeUnion)]


class GlobalInst(ctypes.Structure):
    """wasm_global_inst_t."""
    _fields_ = [("kind", c_uint8), ("is_mutable", c_bool), ("global_data", c_void_p)]


class NativeSymbol(ctypes.Structure):
    """NativeSymbol (lib_export.h)."""
    _fields_ = [("symbol", c_char_p), ("func_ptr", c_void_p), ("signature", c_char_p), ("attachment", c_void_p)]


# A raw native: void f(wasm_exec_env_t exec_env, uint64_t *args), arguments in 64-bit slots, the result in args[0].
RAW_NATIVE = ctypes.CFUNCTYPE(None, c_void_p, ctypes.POINTER(c_uint64))

# name: (result type, argument types), as wasm_export.h and microwasm.h declare them.
_PROTOTYPES = {
    "wasm_runtime_init": (c_bool, []),
    "wasm_runtime_destroy": (None, []),
    "wasm_runtime_init_thread_env": (c_bool, []),
    "wasm_runtime_thread_env_inited": (c_bool, []),
    "wasm_runtime_set_log_level": (None, [c_int]),
    "microwasm_get_version": (None, [ctypes.POINTER(c_uint32)] * 3),
    "microwasm_last_error": (c_char_p, []),
    "wasm_runtime_load": (c_void_p, [c_char_p, c_uint32, c_char_p, c_uint32]),
    "wasm_runtime_unload": (None, [c_void_p]),
    "wasm_runtime_get_import_count": (c_int32, [c_void_p]),
    "wasm_runtime_get_import_type": (None, [c_void_p, c_int32, ctypes.POINTER(ImportType)]),
    "wasm_runtime_get_export_count": (c_int32, [c_void_p]),
    "wasm_runtime_get_export_type": (None, [c_void_p, c_int32, ctypes.POINTER(ExportType)]),
    "wasm_func_type_get_param_count": (c_uint32, [c_void_p]),
    "wasm_func_type_get_param_valkind": (c_uint8, [c_void_p, c_uint32]),
    "wasm_func_type_get_result_count": (c_uint32, [c_void_p]),
    "wasm_func_type_get_result_valkind": (c_uint8, [c_void_p, c_uint32]),
    "wasm_runtime_register_natives_raw": (c_bool, [c_char_p, ctypes.POINTER(NativeSymbol), c_uint32]),
    "wasm_runtime_unregister_natives": (c_bool, [c_char_p, ctypes.POINTER(NativeSymbol)]),
    "wasm_runtime_set_wasi_args_ex": (None, [c_void_p, ctypes.POINTER(c_char_p), c_uint32, ctypes.POINTER(c_char_p),
                                             c_uint32, ctypes.POINTER(c_char_p), c_uint32, ctypes.POINTER(c_char_p),
                                             c_int, c_int64, c_int64, c_int64]),
    "wasm_runtime_instantiate": (c_void_p, [c_void_p, c_uint32, c_uint32, c_char_p, c_uint32]),
    "wasm_runtime_deinstantiate": (None, [c_void_p]),
    "wasm_runtime_create_exec_env": (c_void_p, [c_void_p, c_uint32]),
    "wasm_runtime_destroy_exec_env": (None, [c_void_p]),
    "wasm_runtime_get_module_inst": (c_void_p, [c_void_p]),
    "wasm_runtime_get_function_attachment": (c_void_p, [c_void_p]),
    "wasm_runtime_lookup_function": (c_void_p, [c_void_p, c_char_p]),
    "wasm_func_get_param_count": (c_uint32, [c_void_p, c_void_p]),
    "wasm_func_get_result_count": (c_uint32, [c_void_p, c_void_p]),
    "wasm_func_get_param_types": (None, [c_void_p, c_void_p, ctypes.POINTER(c_uint8)]),
    "wasm_func_get_result_types": (None, [c_void_p, c_void_p, ctypes.POINTER(c_uint8)]),
    "wasm_runtime_call_wasm": (c_bool, [c_void_p, c_void_p, c_uint32, ctypes.POINTER(c_uint32)]),
    "wasm_runtime_call_wasm_a": (c_bool, [c_void_p, c_void_p, c_uint32, ctypes.POINTER(WasmVal), c_uint32,
                                          ctypes.POINTER(WasmVal)]),
    "wasm_runtime_get_exception": (c_char_p, [c_void_p]),
    "wasm_runtime_set_exception": (None, [c_void_p, c_char_p]),
    "wasm_runtime_clear_exception": (None, [c_void_p]),
    "wasm_application_execute_main": (c_bool, [c_void_p, c_int32, ctypes.POINTER(c_char_p)]),
    "wasm_runtime_get_wasi_exit_code": (c_uint32, [c_void_p]),
    "wasm_runtime_addr_app_to_native": (c_void_p, [c_void_p, c_uint64]),
    "wasm_runtime_validate_app_addr": (c_bool, [c_void_p, c_uint64, c_uint64]),
    "wasm_runtime_get_default_memory": (c_void_p, [c_void_p]),
    "wasm_runtime_lookup_memory": (c_void_p, [c_void_p, c_char_p]),
    "wasm_memory_get_base_address": (c_void_p, [c_void_p]),
    "wasm_memory_get_cur_page_count": (c_uint64, [c_void_p]),
    "wasm_memory_get_max_page_count": (c_uint64, [c_void_p]),
    "wasm_memory_get_bytes_per_page": (c_uint64, [c_void_p]),
    "wasm_memory_enlarge": (c_bool, [c_void_p, c_uint64]),
    "wasm_runtime_get_export_global_inst": (c_bool, [c_void_p, c_char_p, ctypes.POINTER(GlobalInst)]),
}


def library_candidates():
    """Where the library is looked for, in order: $MICROWASM_LIBRARY, pkg-config's libdir, the loader's own search."""
    explicit = os.environ.get("MICROWASM_LIBRARY")
    if explicit:
        return [explicit]
    candidates = []
    if shutil.which("pkg-config"):
        try:
            libdir = subprocess.run(["pkg-config", "--variable=libdir", "microwasm"], capture_output=True, text=True,
                                    check=True).stdout.strip()
            if libdir:
                candidates.append(os.path.join(libdir, SONAME))
        except (OSError, subprocess.CalledProcessError):
            pass
    found = ctypes.util.find_library("microwasm")
    candidates += [found] if found else []
    candidates.append(SONAME)
    return candidates


def load(path=None):
    """Loads the library (RTLD_LOCAL: its symbols stay out of the process's global namespace) and declares its
    functions. Raises OSError naming every place tried when it cannot be found."""
    tried = []
    for candidate in [path] if path else library_candidates():
        try:
            lib = ctypes.CDLL(candidate, mode=os.RTLD_NOW | os.RTLD_LOCAL)
            break
        except OSError as e:
            tried.append("%s (%s)" % (candidate, e))
    else:
        raise OSError("libmicrowasm not found; set MICROWASM_LIBRARY to its path. Tried: " + "; ".join(tried))
    for name, (restype, argtypes) in _PROTOTYPES.items():
        function = getattr(lib, name)
        function.restype = restype
        function.argtypes = argtypes
    return lib
