"""Stores: the host functions modules may import, and the instances made with them."""

import ctypes
import weakref

from . import _capi
from ._closeable import Closeable
from .engine import engine_or_default
from .errors import InstantiationError
from .host import HostBinding, trampoline
from .instance import Instance
from .module import func_type_kinds
from .values import check_supported

WASI_MODULE = "wasi_snapshot_preview1"


class Store(Closeable):
    """Host functions by import name, and the instances made from them. `close()` (or the end of a `with` block)
    closes every instance the store made."""

    _trampolines = {}  # one per engine, alive as long as the process: the runtime keeps its address

    def __init__(self, engine=None):
        self.engine = engine_or_default(engine)
        self._functions = {}
        self._instances = weakref.WeakSet()
        if id(self.engine) not in Store._trampolines:
            Store._trampolines[id(self.engine)] = (self.engine, trampoline(self.engine.lib))
        self._trampoline = Store._trampolines[id(self.engine)][1]

    def define(self, module, name, func, caller=False):
        """Makes `func` the import `module`.`name`. Its parameters and result follow the import's type (numbers as
        Python ints and floats, at most one result). With caller=True it gets a Caller first. An exception it raises
        ends the WebAssembly call with a Trap whose __cause__ is that exception."""
        if not callable(func):
            raise TypeError("%s.%s: %r is not callable" % (module, name, func))
        self._functions[(module, name)] = (func, caller)
        return self

    def instantiate(self, module, wasi=None, heap_size=0):
        """Instantiates `module` with this store's functions (and WASI, configured by `wasi`, if it imports it).
        `heap_size` is the app heap of wasm_runtime_instantiate. Raises InstantiationError."""
        lib = self.engine.lib
        self.engine.enter_thread()
        bindings, by_module = self._bind(module)
        arrays = {}
        with self.engine.instantiation_lock:
            try:
                for import_module, entries in by_module.items():
                    array = (_capi.NativeSymbol * len(entries))(*entries)
                    if not lib.wasm_runtime_register_natives_raw(import_module.encode(), array, len(entries)):
                        raise InstantiationError("cannot register the host functions of %s: %s"
                                                 % (import_module, self.engine.last_error()))
                    arrays[import_module] = array
                if any(i.module == WASI_MODULE for i in module.imports):
                    # Always set: a module keeps the WASI arguments of its previous instantiation.
                    (wasi or _no_wasi()).apply(lib, module.handle)
                error = ctypes.create_string_buffer(256)
                handle = lib.wasm_runtime_instantiate(module.handle, 64 * 1024, heap_size, error, len(error))
            finally:
                for import_module, array in arrays.items():
                    lib.wasm_runtime_unregister_natives(import_module.encode(), array)
        if not handle:
            for binding in bindings:
                binding.release()
            raise InstantiationError(error.value.decode("utf-8", "replace"))
        instance = Instance(self, module, handle, bindings)
        self._instances.add(instance)
        return instance

    def _bind(self, module):
        """The host bindings of `module`'s function imports, and their NativeSymbol entries by import module."""
        bindings, by_module = [], {}
        for i in range(module.engine.lib.wasm_runtime_get_import_count(module.handle)):
            desc = _capi.ImportType()
            module.engine.lib.wasm_runtime_get_import_type(module.handle, i, ctypes.byref(desc))
            import_module, name = desc.module_name.decode(), desc.name.decode()
            defined = self._functions.get((import_module, name))
            if defined is None:
                if import_module == WASI_MODULE:
                    continue
                raise InstantiationError("unknown import: %s.%s has not been defined" % (import_module, name))
            if desc.kind != _capi.KIND_FUNC:
                raise InstantiationError("%s.%s is not a function import; only functions can be defined"
                                         % (import_module, name))
            params, results = func_type_kinds(module.engine.lib, desc.u.func_type)
            check_supported(params + results, "import %s.%s" % (import_module, name))
            if len(results) > 1:
                raise InstantiationError("%s.%s returns %d values; host functions return at most one"
                                         % (import_module, name, len(results)))
            binding = HostBinding(self.engine, import_module, name, defined[0], defined[1], params, results)
            bindings.append(binding)
            by_module.setdefault(import_module, []).append(
                _capi.NativeSymbol(name.encode(), ctypes.cast(self._trampoline, ctypes.c_void_p), None, binding.key))
        return bindings, by_module

    def close(self):
        for instance in list(self._instances):
            instance.close()


def _no_wasi():
    from .wasi import WasiConfig
    return WasiConfig()
