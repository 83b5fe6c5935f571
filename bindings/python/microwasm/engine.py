"""The engine: the loaded library, initialized once per process."""

import threading

from . import _capi
from .errors import MicroWasmError


class Engine:
    """libmicrowasm loaded and initialized (wasm_runtime_init). Modules and stores are made with an engine; one per
    process is enough, and `Engine.default()` gives it. `library` is the path of libmicrowasm.so (default: see
    _capi.library_candidates)."""

    _default = None
    _default_lock = threading.Lock()

    def __init__(self, library=None):
        self.lib = _capi.load(library)
        major, minor, patch = (_capi.c_uint32() for _ in range(3))
        self.lib.microwasm_get_version(major, minor, patch)
        self.version = (major.value, minor.value, patch.value)
        if self.version[:2] != _capi.ABI_VERSION:
            raise MicroWasmError("libmicrowasm %d.%d.%d does not have the ABI %d.%d this package is written for"
                                 % (self.version + _capi.ABI_VERSION))
        if not self.lib.wasm_runtime_init():
            raise MicroWasmError("wasm_runtime_init failed: %s" % self.last_error())
        # Instantiation registers host functions process-wide for a moment (WAMR natives): one at a time.
        self.instantiation_lock = threading.Lock()
        self._threads = threading.local()

    @classmethod
    def default(cls):
        """The engine shared by everything made without an explicit one."""
        with cls._default_lock:
            if cls._default is None:
                cls._default = Engine()
            return cls._default

    def last_error(self):
        """microwasm_last_error(): the last failure on this thread of a function without an error buffer."""
        text = self.lib.microwasm_last_error()
        return text.decode("utf-8", "replace") if text else "unknown error"

    def enter_thread(self):
        """Prepares the calling thread for WebAssembly once (wasm_runtime_init_thread_env), as the C API asks of
        threads the host created."""
        if not getattr(self._threads, "ready", False):
            self._threads.ready = bool(self.lib.wasm_runtime_thread_env_inited()) or bool(
                self.lib.wasm_runtime_init_thread_env())


def engine_or_default(engine):
    return engine if engine is not None else Engine.default()
