"""WebAssembly value types and their conversion to and from Python numbers."""

import struct

from . import _capi

I32, I64, F32, F64 = "i32", "i64", "f32", "f64"
_KIND_NAMES = {_capi.WASM_I32: I32, _capi.WASM_I64: I64, _capi.WASM_F32: F32, _capi.WASM_F64: F64,
               _capi.WASM_V128: "v128", _capi.WASM_EXTERNREF: "externref", _capi.WASM_FUNCREF: "funcref"}
_NUMBERS = (_capi.WASM_I32, _capi.WASM_I64, _capi.WASM_F32, _capi.WASM_F64)


def kind_name(kind):
    return _KIND_NAMES.get(kind, "kind %d" % kind)


def check_supported(kinds, what):
    """Only numbers cross this package's boundary (v128 and references do not yet)."""
    for kind in kinds:
        if kind not in _NUMBERS:
            raise TypeError("%s uses %s, which this package does not pass yet" % (what, kind_name(kind)))


def _integer(value, bits):
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("i%d expects an int, got %s" % (bits, type(value).__name__))
    if not -(1 << (bits - 1)) <= value < (1 << bits):
        raise OverflowError("%d does not fit in i%d" % (value, bits))
    return value & ((1 << bits) - 1)


def _signed(bits_value, bits):
    return bits_value - (1 << bits) if bits_value >> (bits - 1) else bits_value


def to_bits(kind, value):
    """A Python number as the 64-bit slot of a raw native (i32 and f32 in the low half)."""
    if kind == _capi.WASM_I32:
        return _integer(value, 32)
    if kind == _capi.WASM_I64:
        return _integer(value, 64)
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise TypeError("%s expects a float, got %s" % (kind_name(kind), type(value).__name__))
    if kind == _capi.WASM_F32:
        return struct.unpack("<I", struct.pack("<f", value))[0]
    return struct.unpack("<Q", struct.pack("<d", value))[0]


def from_bits(kind, bits):
    """A 64-bit slot as a Python number: integers signed, as WebAssembly's text format shows them."""
    if kind == _capi.WASM_I32:
        return _signed(bits & 0xFFFFFFFF, 32)
    if kind == _capi.WASM_I64:
        return _signed(bits & 0xFFFFFFFFFFFFFFFF, 64)
    if kind == _capi.WASM_F32:
        return struct.unpack("<f", struct.pack("<I", bits & 0xFFFFFFFF))[0]
    return struct.unpack("<d", struct.pack("<Q", bits & 0xFFFFFFFFFFFFFFFF))[0]


def to_wasm_val(kind, value, slot):
    """Fills the wasm_val_t `slot` with `value` of `kind`."""
    slot.kind = kind
    bits = to_bits(kind, value)
    if kind in (_capi.WASM_I32, _capi.WASM_F32):
        slot.of.i32 = _signed(bits, 32)
    else:
        slot.of.i64 = _signed(bits, 64)


def from_wasm_val(slot):
    if slot.kind in (_capi.WASM_I32, _capi.WASM_F32):
        return from_bits(slot.kind, slot.of.i32 & 0xFFFFFFFF)
    return from_bits(slot.kind, slot.of.i64 & 0xFFFFFFFFFFFFFFFF)
