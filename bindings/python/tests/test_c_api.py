"""The C API through ctypes alone, as any language's FFI sees libmicrowasm.so: wasm_export.h's init, load,
instantiate, calls with i32 and i64 arguments in 32-bit cells (wasm_runtime_call_wasm), traps, linear memory through
wasm_runtime_addr_app_to_native, missing exports, refused bytes. Nothing of the microwasm package is used but the
search for the library."""

import ctypes
import unittest

from tests.support import EXAMPLE_WASM, library_path, read

c_void_p, c_uint32, c_bool, c_char_p = ctypes.c_void_p, ctypes.c_uint32, ctypes.c_bool, ctypes.c_char_p


class NativeSymbol(ctypes.Structure):
    _fields_ = [("symbol", c_char_p), ("func_ptr", c_void_p), ("signature", c_char_p), ("attachment", c_void_p)]


# A native by signature "(i)i": the exec env, then the arguments as C values.
TWICE = ctypes.CFUNCTYPE(ctypes.c_int32, c_void_p, ctypes.c_int32)


def declare(lib):
    for name, restype, argtypes in [
            ("wasm_runtime_init", c_bool, []),
            ("wasm_runtime_set_log_level", None, [ctypes.c_int]),
            ("wasm_runtime_register_natives", c_bool, [c_char_p, ctypes.POINTER(NativeSymbol), c_uint32]),
            ("wasm_runtime_load", c_void_p, [c_char_p, c_uint32, c_char_p, c_uint32]),
            ("wasm_runtime_unload", None, [c_void_p]),
            ("wasm_runtime_instantiate", c_void_p, [c_void_p, c_uint32, c_uint32, c_char_p, c_uint32]),
            ("wasm_runtime_deinstantiate", None, [c_void_p]),
            ("wasm_runtime_create_exec_env", c_void_p, [c_void_p, c_uint32]),
            ("wasm_runtime_destroy_exec_env", None, [c_void_p]),
            ("wasm_runtime_lookup_function", c_void_p, [c_void_p, c_char_p]),
            ("wasm_runtime_call_wasm", c_bool, [c_void_p, c_void_p, c_uint32, ctypes.POINTER(c_uint32)]),
            ("wasm_runtime_get_exception", c_char_p, [c_void_p]),
            ("wasm_runtime_clear_exception", None, [c_void_p]),
            ("wasm_runtime_addr_app_to_native", c_void_p, [c_void_p, ctypes.c_uint64])]:
        getattr(lib, name).restype = restype
        getattr(lib, name).argtypes = argtypes
    return lib


class CApiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.lib = declare(ctypes.CDLL(library_path(), mode=ctypes.RTLD_LOCAL))
        assert cls.lib.wasm_runtime_init()
        cls.twice = TWICE(lambda env, x: 2 * x)
        cls.natives = (NativeSymbol * 1)(NativeSymbol(b"twice", ctypes.cast(cls.twice, c_void_p), b"(i)i", None))
        assert cls.lib.wasm_runtime_register_natives(b"env", cls.natives, 1)
        cls.lib.wasm_runtime_set_log_level(1)  # env.log stays unlinked here: no warning for it
        error = ctypes.create_string_buffer(128)
        wasm = read(EXAMPLE_WASM)
        cls.module = cls.lib.wasm_runtime_load(wasm, len(wasm), error, len(error))
        assert cls.module, error.value
        cls.inst = cls.lib.wasm_runtime_instantiate(cls.module, 16 * 1024, 0, error, len(error))
        assert cls.inst, error.value
        cls.env = cls.lib.wasm_runtime_create_exec_env(cls.inst, 16 * 1024)

    @classmethod
    def tearDownClass(cls):
        cls.lib.wasm_runtime_destroy_exec_env(cls.env)
        cls.lib.wasm_runtime_deinstantiate(cls.inst)
        cls.lib.wasm_runtime_unload(cls.module)

    def call(self, name, *cells, results=1):
        """wasm_runtime_call_wasm with argument cells; returns (ok, result cells)."""
        function = self.lib.wasm_runtime_lookup_function(self.inst, name.encode())
        self.assertIsNotNone(function, name)
        argv = (c_uint32 * max(len(cells), results, 1))(*cells)
        ok = self.lib.wasm_runtime_call_wasm(self.env, function, len(cells), argv)
        return ok, list(argv[:results])

    def test_i32_arguments_and_result(self):
        self.assertEqual(self.call("add", 40, 2), (True, [42]))
        self.assertEqual(self.call("add", 0xFFFFFFFF, 2), (True, [1]))  # i32 wraps: -1 + 2

    def test_i64_arguments_take_two_cells_low_word_first(self):
        a, b = (1 << 40) + 7, (1 << 33) + 5
        ok, cells = self.call("add64", a & 0xFFFFFFFF, a >> 32, b & 0xFFFFFFFF, b >> 32, results=2)
        self.assertTrue(ok)
        self.assertEqual(cells[0] | (cells[1] << 32), a + b)

    def test_a_native_registered_by_signature_is_called(self):
        self.assertEqual(self.call("twice_plus_one", 20), (True, [41]))

    def test_a_trap_returns_false_with_the_exception_text_and_the_instance_stays_usable(self):
        ok, _ = self.call("divide", 7, 0)
        self.assertFalse(ok)
        self.assertEqual(self.lib.wasm_runtime_get_exception(self.inst), b"Exception: integer divide by zero")
        self.lib.wasm_runtime_clear_exception(self.inst)
        self.assertIsNone(self.lib.wasm_runtime_get_exception(self.inst))
        self.assertEqual(self.call("divide", 7, 2), (True, [3]))

    def test_linear_memory_through_app_to_native_addresses(self):
        text = self.lib.wasm_runtime_addr_app_to_native(self.inst, 16)
        self.assertEqual(ctypes.string_at(text, 15), b"hello from wasm")  # the module's data segment
        ctypes.memmove(self.lib.wasm_runtime_addr_app_to_native(self.inst, 1000), bytes([10, 20, 30, 40]), 4)
        self.assertEqual(self.call("sum", 1000, 4), (True, [100]))  # the module reads what the host wrote
        self.assertIsNone(self.lib.wasm_runtime_addr_app_to_native(self.inst, 4 * 65536 + 1))  # beyond the memory

    def test_a_missing_export_is_null(self):
        self.assertIsNone(self.lib.wasm_runtime_lookup_function(self.inst, b"no_such_function"))
        self.assertIsNone(self.lib.wasm_runtime_lookup_function(self.inst, b"memory"))  # not a function

    def test_bad_bytes_are_refused_with_a_message(self):
        cases = [(b"not wasm", "magic header not detected"),
                 (b"\0asm\x02\0\0\0", "unknown binary version"),
                 (b"\0asm\x01\0\0\0\x05", "unexpected end of section or function"),
                 (read(EXAMPLE_WASM)[:-3], "length out of bounds")]  # the last section is cut short
        for data, message in cases:
            with self.subTest(message=message):
                error = ctypes.create_string_buffer(128)
                self.assertIsNone(self.lib.wasm_runtime_load(data, len(data), error, len(error)))
                self.assertTrue(error.value.startswith(b"WASM module load failed: "), error.value)
                self.assertIn(message, error.value.decode())


if __name__ == "__main__":
    unittest.main()
