"""The package's ctypes declarations (microwasm/_capi.py) against the generated headers: each function it declares
exists there with the same number of parameters and C types that match, so a header change cannot go unnoticed."""

import ctypes
import os
import re
import unittest

from microwasm import _capi
from tests.support import HEADERS

# C spellings of the headers, and the ctypes type each is declared with here.
HANDLES = {"wasm_module_t", "wasm_module_inst_t", "wasm_exec_env_t", "wasm_function_inst_t", "wasm_memory_inst_t",
           "wasm_func_type_t", "void *", "const wasm_module_inst_t"}
SCALARS = {"bool": ctypes.c_bool, "int": ctypes.c_int, "log_level_t": ctypes.c_int, "int32_t": ctypes.c_int32,
           "uint32_t": ctypes.c_uint32, "int64_t": ctypes.c_int64, "uint64_t": ctypes.c_uint64,
           "wasm_valkind_t": ctypes.c_uint8, "const char *": ctypes.c_char_p, "char *": ctypes.c_char_p,
           "uint8_t *": ctypes.c_char_p}
POINTEES = {"uint32_t": ctypes.c_uint32, "wasm_valkind_t": ctypes.c_uint8, "wasm_val_t": _capi.WasmVal,
            "wasm_import_t": _capi.ImportType, "wasm_export_t": _capi.ExportType, "NativeSymbol": _capi.NativeSymbol,
            "wasm_global_inst_t": _capi.GlobalInst, "const char *": ctypes.c_char_p, "char *": ctypes.c_char_p}


def declarations():
    """name: (return type, [parameter types]) of every function prototype in the installed headers."""
    found = {}
    for header in ("wasm_export.h", "microwasm.h", "lib_export.h"):
        with open(os.path.join(HEADERS, header)) as f:
            text = f.read()
        for ret, name, params in re.findall(r"\n(?:WASM_RUNTIME_API_EXTERN )?([^\n;()]+?)\s*\n(\w+)\(([^;]*?)\);", text):
            found[name] = (ret.strip(), [] if params.strip() == "void" else [p.strip() for p in params.split(",")])
    return found


def normalize(c_type):
    """One spelling per type: single spaces, "T *" for pointers."""
    return re.sub(r"\s+", " ", c_type.replace("*", " * ")).replace("* *", "**").strip()


def parameter_type(declaration):
    """The type of a parameter declaration without its name; an array parameter is the pointer it is."""
    base, _, array = re.match(r"(.*?)(\w+)(\[\])?$", declaration.strip()).groups()
    return normalize(base + (" *" if array else ""))


def matches(c_type, ctypes_type):
    """Whether the C type is what ctypes_type declares."""
    c_type = normalize(c_type)
    if c_type in HANDLES:
        return ctypes_type is ctypes.c_void_p
    if c_type in SCALARS:
        return ctypes_type is SCALARS[c_type]
    pointee = normalize(c_type[:-1]) if c_type.endswith("*") else None
    return pointee in POINTEES and ctypes_type is ctypes.POINTER(POINTEES[pointee])


class DeclarationsTest(unittest.TestCase):
    def test_every_declared_function_matches_its_header_prototype(self):
        headers = declarations()
        for name, (restype, argtypes) in _capi._PROTOTYPES.items():
            with self.subTest(function=name):
                self.assertIn(name, headers)
                ret, params = headers[name]
                self.assertTrue(restype is None if ret == "void" else matches(ret, restype),
                                "%s returns %s" % (name, ret))
                self.assertEqual(len(params), len(argtypes), params)
                for c_param, declared in zip(params, argtypes):
                    self.assertTrue(matches(parameter_type(c_param), declared),
                                    "%s: %s is not %s" % (name, c_param, declared))

    def test_the_matcher_tells_types_apart(self):
        self.assertTrue(matches(parameter_type("uint32_t size"), ctypes.c_uint32))
        self.assertFalse(matches(parameter_type("uint32_t size"), ctypes.c_uint64))
        self.assertTrue(matches(parameter_type("const char *dir_list[]"), ctypes.POINTER(ctypes.c_char_p)))
        self.assertFalse(matches(parameter_type("wasm_val_t *args"), ctypes.POINTER(ctypes.c_uint32)))
        self.assertTrue(matches(parameter_type("wasm_module_t module"), ctypes.c_void_p))
        self.assertTrue(matches("const char *", ctypes.c_char_p))


if __name__ == "__main__":
    unittest.main()
