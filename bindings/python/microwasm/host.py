"""Host functions: Python callables that WebAssembly imports, called through one raw-native trampoline."""

import itertools
import threading
import traceback

from . import _capi
from .values import from_bits, to_bits


class Caller:
    """What a host function defined with caller=True receives first: the calling instance's memory, and the Instance
    itself (None while instantiation runs the module's start function)."""

    def __init__(self, engine, handle, instance):
        self._engine, self._handle, self.instance = engine, handle, instance

    @property
    def memory(self):
        """The instance's exported "memory" or, without one, its memory 0."""
        from .memory import Memory
        return Memory.of_instance(self._engine, self._handle, self.instance)


class HostBinding:
    """One import bound to a Python callable for one instantiation: the attachment the trampoline finds it by."""

    _next_key = itertools.count(1)
    _live = {}
    _live_lock = threading.Lock()

    def __init__(self, engine, module, name, func, with_caller, params, results):
        self.engine, self.module, self.name, self.func, self.with_caller = engine, module, name, func, with_caller
        self.params, self.results = params, results
        self.instance = None  # the Instance, once instantiation returns (a start function runs before)
        self.key = next(HostBinding._next_key)
        with HostBinding._live_lock:
            HostBinding._live[self.key] = self

    def release(self):
        with HostBinding._live_lock:
            HostBinding._live.pop(self.key, None)

    @staticmethod
    def find(key):
        with HostBinding._live_lock:
            return HostBinding._live.get(key)


# The exception a host function raised on this thread, re-raised as the cause of the trap the call then ends with.
pending = threading.local()


def _call(exec_env, args, lib):
    binding = HostBinding.find(lib.wasm_runtime_get_function_attachment(exec_env) or 0)
    inst = lib.wasm_runtime_get_module_inst(exec_env)
    try:
        if binding is None:
            raise RuntimeError("no host function is bound to this import any more")
        values = [from_bits(kind, args[i]) for i, kind in enumerate(binding.params)]
        if binding.with_caller:
            values.insert(0, Caller(binding.engine, inst, binding.instance))
        result = binding.func(*values)
        if binding.results:
            args[0] = to_bits(binding.results[0], result)
        elif result is not None:
            raise TypeError("host function %s.%s returned %r; its type has no result" % (binding.module, binding.name,
                                                                                          result))
    except BaseException as e:  # nothing may unwind into the runtime's frames
        pending.error = e
        where = "%s.%s" % (binding.module, binding.name) if binding else "host function"
        text = "%s: %s" % (type(e).__name__, e) if str(e) else type(e).__name__
        lib.wasm_runtime_set_exception(inst, ("%s failed: %s" % (where, text)).encode("utf-8", "replace"))


def trampoline(lib):
    """The C function pointer every host function is registered with (kept alive by the engine)."""
    def dispatch(exec_env, args):
        try:
            _call(exec_env, args, lib)
        except BaseException:  # a failure in the failure path: report it, never raise into C
            traceback.print_exc()
    return _capi.RAW_NATIVE(dispatch)


def take_pending_error():
    error = getattr(pending, "error", None)
    pending.error = None
    return error
