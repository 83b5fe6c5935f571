"""MicroWasm for Python: WebAssembly through libmicrowasm.so's C API, with ctypes only.

    import microwasm
    module = microwasm.Module.from_file("example.wasm")
    store = microwasm.Store()
    store.define("env", "twice", lambda x: 2 * x)
    instance = store.instantiate(module)
    instance.exports.add(2, 3)        # 5
"""

from .engine import Engine
from .errors import InstantiationError, LoadError, MicroWasmError, Trap
from .host import Caller
from .instance import Exports, Function, Global, Instance
from .memory import Memory
from .module import ExportDesc, FuncType, ImportDesc, Module
from .store import Store
from .wasi import WasiConfig

__all__ = ["Caller", "Engine", "ExportDesc", "Exports", "FuncType", "Function", "Global", "ImportDesc", "Instance",
           "InstantiationError", "LoadError", "Memory", "MicroWasmError", "Module", "Store", "Trap", "WasiConfig"]
