"""Modules: decoded and validated WebAssembly, ready to be instantiated any number of times."""

import ctypes
import threading
from collections import namedtuple

from . import _capi
from ._closeable import Closeable
from .engine import engine_or_default
from .errors import LoadError, MicroWasmError

FuncType = namedtuple("FuncType", "params results")
FuncType.__doc__ = "A function type: tuples of value type names ('i32', 'i64', 'f32', 'f64', ...)."
ImportDesc = namedtuple("ImportDesc", "module name kind type")
ImportDesc.__doc__ = "An import: module and name, kind ('func', 'table', 'memory', 'global'), FuncType for functions."
ExportDesc = namedtuple("ExportDesc", "name kind type")
ExportDesc.__doc__ = "An export: name, kind ('func', 'table', 'memory', 'global'), FuncType for functions."

_KINDS = {_capi.KIND_FUNC: "func", _capi.KIND_TABLE: "table", _capi.KIND_MEMORY: "memory", _capi.KIND_GLOBAL: "global"}


def func_type_kinds(lib, handle):
    """The (params, results) value kinds of a wasm_func_type_t."""
    params = tuple(lib.wasm_func_type_get_param_valkind(handle, i)
                   for i in range(lib.wasm_func_type_get_param_count(handle)))
    results = tuple(lib.wasm_func_type_get_result_valkind(handle, i)
                    for i in range(lib.wasm_func_type_get_result_count(handle)))
    return params, results


class Module(Closeable):
    """A module loaded from its bytes (.wasm, or an .aot artifact of `microwasm compile`); the bytes are copied."""

    def __init__(self, data, engine=None):
        self.engine = engine_or_default(engine)
        data = bytes(data)
        error = ctypes.create_string_buffer(256)
        self._handle = self.engine.lib.wasm_runtime_load(data, len(data), error, len(error))
        self._closing = False
        self._live_instances = 0
        self._lock = threading.Lock()  # instances of one module open and close on any thread
        if not self._handle:
            raise LoadError(error.value.decode("utf-8", "replace"))

    @classmethod
    def from_file(cls, path, engine=None):
        with open(path, "rb") as f:
            return cls(f.read(), engine)

    @property
    def handle(self):
        """The wasm_module_t; raises once the module is closed."""
        if not self._handle or self._closing:
            raise MicroWasmError("the module is closed")
        return self._handle

    @property
    def imports(self):
        lib, handle = self.engine.lib, self.handle
        result = []
        for i in range(lib.wasm_runtime_get_import_count(handle)):
            desc = _capi.ImportType()
            lib.wasm_runtime_get_import_type(handle, i, ctypes.byref(desc))
            result.append(ImportDesc(desc.module_name.decode(), desc.name.decode(), _KINDS[desc.kind],
                                     self._describe(desc.kind, desc.u.func_type)))
        return result

    @property
    def exports(self):
        lib, handle = self.engine.lib, self.handle
        result = []
        for i in range(lib.wasm_runtime_get_export_count(handle)):
            desc = _capi.ExportType()
            lib.wasm_runtime_get_export_type(handle, i, ctypes.byref(desc))
            result.append(ExportDesc(desc.name.decode(), _KINDS[desc.kind], self._describe(desc.kind, desc.u.func_type)))
        return result

    def _describe(self, kind, func_type):
        if kind != _capi.KIND_FUNC:
            return None
        from .values import kind_name
        params, results = func_type_kinds(self.engine.lib, func_type)
        return FuncType(tuple(map(kind_name, params)), tuple(map(kind_name, results)))

    def close(self):
        """Unloads the module, once the instances made from it are closed too (the C API's order); it cannot be
        instantiated again."""
        with self._lock:
            self._closing = True
            self._unload_if_unused()

    def _unload_if_unused(self):
        if self._closing and self._handle and self._live_instances == 0:
            self.engine.lib.wasm_runtime_unload(self._handle)
            self._handle = None

    def _instance_opened(self):
        with self._lock:
            self._live_instances += 1

    def _instance_closed(self):
        with self._lock:
            self._live_instances -= 1
            self._unload_if_unused()
