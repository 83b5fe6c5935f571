"""Linear memory: native memory of the instance, seen from Python as a memoryview."""

import ctypes

from .errors import MicroWasmError


class Memory:
    """A linear memory of an instance. `view()` is a writable memoryview over all of it; on 64-bit hosts the memory
    never moves, but a view made before `grow` does not see the new pages (make a new one). Views, like the memory,
    are valid while the instance is open."""

    def __init__(self, engine, handle, owner):
        self._lib, self._handle, self._owner = engine.lib, handle, owner

    @classmethod
    def of_instance(cls, engine, instance_handle, owner, name=b"memory"):
        """The instance's export `name`, else its memory 0; None if it has no memory."""
        handle = (engine.lib.wasm_runtime_lookup_memory(instance_handle, name)
                  or engine.lib.wasm_runtime_get_default_memory(instance_handle))
        return cls(engine, handle, owner) if handle else None

    @property
    def pages(self):
        return self._lib.wasm_memory_get_cur_page_count(self._handle)

    @property
    def max_pages(self):
        return self._lib.wasm_memory_get_max_page_count(self._handle)

    def __len__(self):
        return self.pages * self._lib.wasm_memory_get_bytes_per_page(self._handle)

    def view(self):
        size = len(self)
        if size == 0:
            return memoryview(b"")
        base = self._lib.wasm_memory_get_base_address(self._handle)
        return memoryview((ctypes.c_ubyte * size).from_address(base)).cast("B")

    def _check(self, offset, length):
        if offset < 0 or length < 0 or offset + length > len(self):
            raise IndexError("bytes %d..%d are outside the memory (%d bytes)" % (offset, offset + length, len(self)))

    def read(self, offset, length):
        self._check(offset, length)
        return self.view()[offset:offset + length].tobytes()

    def write(self, offset, data):
        data = bytes(data)
        self._check(offset, len(data))
        self.view()[offset:offset + len(data)] = data

    def grow(self, pages):
        """Adds `pages` pages (64 KiB each); returns the previous size in pages."""
        previous = self.pages
        if not self._lib.wasm_memory_enlarge(self._handle, pages):
            raise MicroWasmError("cannot grow the memory by %d pages from %d (maximum %d)" % (pages, previous,
                                                                                              self.max_pages))
        return previous
