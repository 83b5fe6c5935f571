"""Instances and their exports: functions as callables, memories, globals."""

import ctypes
import threading

from . import _capi
from ._closeable import Closeable
from .errors import MicroWasmError, Trap, trap_from_exception
from .host import take_pending_error
from .memory import Memory
from .values import check_supported, from_wasm_val, kind_name, to_wasm_val


class Function:
    """An exported function: call it with Python numbers; it returns None, a value, or a tuple of values."""

    def __init__(self, instance, name, handle):
        lib = instance.engine.lib
        self._instance, self.name, self._handle = instance, name, handle
        params = (ctypes.c_uint8 * max(lib.wasm_func_get_param_count(handle, instance.handle), 1))()
        results = (ctypes.c_uint8 * max(lib.wasm_func_get_result_count(handle, instance.handle), 1))()
        lib.wasm_func_get_param_types(handle, instance.handle, params)
        lib.wasm_func_get_result_types(handle, instance.handle, results)
        self.param_kinds = tuple(params[:lib.wasm_func_get_param_count(handle, instance.handle)])
        self.result_kinds = tuple(results[:lib.wasm_func_get_result_count(handle, instance.handle)])

    @property
    def type(self):
        from .module import FuncType
        return FuncType(tuple(map(kind_name, self.param_kinds)), tuple(map(kind_name, self.result_kinds)))

    def __call__(self, *args):
        if len(args) != len(self.param_kinds):
            raise TypeError("%s takes %d argument(s), %d given" % (self.name, len(self.param_kinds), len(args)))
        check_supported(self.param_kinds + self.result_kinds, "function %s" % self.name)
        values = (_capi.WasmVal * max(len(args), 1))()
        for i, (kind, arg) in enumerate(zip(self.param_kinds, args)):
            to_wasm_val(kind, arg, values[i])
        results = (_capi.WasmVal * max(len(self.result_kinds), 1))()
        self._instance.call(self._handle, results, len(self.result_kinds), values, len(args))
        out = tuple(from_wasm_val(results[i]) for i in range(len(self.result_kinds)))
        return None if not out else out[0] if len(out) == 1 else out

    def __repr__(self):
        return "<Function %s%s>" % (self.name, self.type)


class Global:
    """An exported global: `value` reads it and, when it is mutable, writes it."""

    def __init__(self, info):
        check_supported([info.kind], "this global")
        self._info = info
        self.mutable = bool(info.is_mutable)
        self._type = {_capi.WASM_I32: ctypes.c_int32, _capi.WASM_I64: ctypes.c_int64,
                      _capi.WASM_F32: ctypes.c_float, _capi.WASM_F64: ctypes.c_double}[info.kind]

    @property
    def value(self):
        return self._type.from_address(self._info.global_data).value

    @value.setter
    def value(self, new):
        if not self.mutable:
            raise AttributeError("the global is immutable")
        self._type.from_address(self._info.global_data).value = new


class Exports:
    """The exports of an instance, by name: `exports.add(1, 2)` or `exports["add"](1, 2)`; `list(exports)` gives
    the names. Functions, memories and globals are supported; table exports are listed but not wrapped."""

    def __init__(self, instance):
        self._instance = instance
        self._kinds = {e.name: e.kind for e in instance.module_exports}

    def __iter__(self):
        return iter(self._kinds)

    def __contains__(self, name):
        return name in self._kinds

    def __getitem__(self, name):
        kind = self._kinds.get(name)
        instance, lib = self._instance, self._instance.engine.lib
        if kind == "func":
            return Function(instance, name, lib.wasm_runtime_lookup_function(instance.handle, name.encode()))
        if kind == "memory":
            return Memory.of_instance(instance.engine, instance.handle, instance, name.encode())
        if kind == "global":
            info = _capi.GlobalInst()
            if lib.wasm_runtime_get_export_global_inst(instance.handle, name.encode(), ctypes.byref(info)):
                return Global(info)
        if kind == "table":
            raise KeyError("%s is a table; tables are not wrapped by this package yet" % name)
        raise KeyError(name)

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError as e:
            raise AttributeError(e.args[0]) from None


class Instance(Closeable):
    """An instance of a module, made by Store.instantiate. Calls may come from any thread, one at a time (a lock
    serializes them); host functions may call back into it."""

    def __init__(self, store, module, handle, bindings):
        self.engine, self.store, self.module = store.engine, store, module
        self._handle, self._bindings = handle, bindings
        self._lock = threading.RLock()
        self.module_exports = module.exports
        self.exports = Exports(self)
        self._exec_env = None
        module._instance_opened()
        for binding in bindings:
            binding.instance = self

    @property
    def handle(self):
        if not self._handle:
            raise MicroWasmError("the instance is closed")
        return self._handle

    @property
    def memory(self):
        """The exported "memory" or, without one, memory 0; None without memory."""
        return Memory.of_instance(self.engine, self.handle, self)

    def call(self, function, results, result_count, args, arg_count):
        """wasm_runtime_call_wasm_a on this instance; a trap becomes Trap (with a host function's exception as its
        cause), after which the instance is usable again."""
        lib = self.engine.lib
        self.engine.enter_thread()
        with self._lock:
            if self._exec_env is None:
                self._exec_env = lib.wasm_runtime_create_exec_env(self.handle, 64 * 1024)
                if not self._exec_env:
                    raise MicroWasmError("cannot create an exec env: %s" % self.engine.last_error())
            take_pending_error()
            if lib.wasm_runtime_call_wasm_a(self._exec_env, function, result_count, results, arg_count, args):
                return
            self._raise_trap()

    def run(self):
        """Runs a WASI command (its _start) and returns the exit code it ended with (0 when _start returns)."""
        lib = self.engine.lib
        self.engine.enter_thread()
        with self._lock:
            take_pending_error()
            if not lib.wasm_application_execute_main(self.handle, 0, None):
                self._raise_trap()
            return lib.wasm_runtime_get_wasi_exit_code(self.handle)

    def _raise_trap(self):
        lib = self.engine.lib
        text = lib.wasm_runtime_get_exception(self.handle)
        trap = trap_from_exception(text.decode("utf-8", "replace") if text else "unknown trap")
        lib.wasm_runtime_clear_exception(self.handle)
        cause = take_pending_error()
        if cause is not None and not isinstance(cause, Exception):
            raise cause  # KeyboardInterrupt, SystemExit: not the module's fault
        if isinstance(cause, Trap):
            raise cause  # a nested call's trap, passed through a host function
        raise trap from cause

    def close(self):
        """Frees the instance and its memories (views of them become invalid)."""
        if self._handle:
            lib = self.engine.lib
            with self._lock:
                if self._exec_env:
                    lib.wasm_runtime_destroy_exec_env(self._exec_env)
                    self._exec_env = None
                lib.wasm_runtime_deinstantiate(self._handle)
                self._handle = None
            for binding in self._bindings:
                binding.release()
            self.module._instance_closed()
