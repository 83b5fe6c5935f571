"""Shared by the tests: where the fixtures are, and the library to test."""

import ctypes
import os

from microwasm import _capi

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
EXAMPLE_WASM = os.path.join(REPO, "bindings", "testdata", "example.wasm")
WASI_FIXTURES = os.path.join(REPO, "tests", "fixtures", "wasi")
HEADERS = os.path.join(REPO, "include")


def library_path():
    """The first candidate the dynamic loader accepts (as microwasm.Engine chooses it)."""
    for candidate in _capi.library_candidates():
        try:
            ctypes.CDLL(candidate, mode=os.RTLD_LOCAL)
            return candidate
        except OSError:
            continue
    raise OSError("libmicrowasm not found; set MICROWASM_LIBRARY")


def read(path):
    with open(path, "rb") as f:
        return f.read()
