package microwasm

/*
#include "wasm_export.h"
*/
import "C"

import (
	"fmt"
	"math"
)

// ValueKind is a WebAssembly value type as the C API numbers it (wasm_valkind_t).
type ValueKind uint8

// The value kinds; only the four numeric ones cross this package's API.
const (
	I32       ValueKind = C.WASM_I32
	I64       ValueKind = C.WASM_I64
	F32       ValueKind = C.WASM_F32
	F64       ValueKind = C.WASM_F64
	V128      ValueKind = C.WASM_V128
	ExternRef ValueKind = C.WASM_EXTERNREF
	FuncRef   ValueKind = C.WASM_FUNCREF
)

func (k ValueKind) String() string {
	switch k {
	case I32:
		return "i32"
	case I64:
		return "i64"
	case F32:
		return "f32"
	case F64:
		return "f64"
	case V128:
		return "v128"
	case ExternRef:
		return "externref"
	case FuncRef:
		return "funcref"
	}
	return fmt.Sprintf("kind %d", uint8(k))
}

func (k ValueKind) numeric() bool { return k <= F64 }

// FuncType is a function's parameter and result kinds.
type FuncType struct {
	Params, Results []ValueKind
}

func checkNumeric(kinds []ValueKind, what string) error {
	for _, k := range kinds {
		if !k.numeric() {
			return fmt.Errorf("microwasm: %s uses %s, which this package does not pass yet", what, k)
		}
	}
	return nil
}

// toBits converts a Go number to the 64-bit pattern of kind (i32 and f32 in the low half). Integers must fit the
// kind, signed or unsigned; float kinds take float32 or float64.
func toBits(kind ValueKind, value interface{}) (uint64, error) {
	switch kind {
	case I32, I64:
		bits := 32
		if kind == I64 {
			bits = 64
		}
		var n int64
		var u uint64
		unsigned := false
		switch v := value.(type) {
		case int:
			n = int64(v)
		case int32:
			n = int64(v)
		case int64:
			n = v
		case uint32:
			u, unsigned = uint64(v), true
		case uint64:
			u, unsigned = v, true
		case uint:
			u, unsigned = uint64(v), true
		default:
			return 0, fmt.Errorf("microwasm: %s expects an integer, got %T", kind, value)
		}
		if unsigned {
			if bits == 32 && u > math.MaxUint32 {
				return 0, fmt.Errorf("microwasm: %d does not fit in i32", u)
			}
			return u, nil
		}
		if bits == 32 && (n < math.MinInt32 || n > math.MaxUint32) {
			return 0, fmt.Errorf("microwasm: %d does not fit in i32", n)
		}
		if bits == 32 {
			return uint64(uint32(n)), nil
		}
		return uint64(n), nil
	case F32, F64:
		var f float64
		switch v := value.(type) {
		case float32:
			f = float64(v)
		case float64:
			f = v
		default:
			return 0, fmt.Errorf("microwasm: %s expects a float, got %T", kind, value)
		}
		if kind == F32 {
			return uint64(math.Float32bits(float32(f))), nil
		}
		return math.Float64bits(f), nil
	}
	return 0, fmt.Errorf("microwasm: %s values are not supported", kind)
}

// fromBits converts a 64-bit pattern of kind to int32, int64, float32 or float64.
func fromBits(kind ValueKind, bits uint64) interface{} {
	switch kind {
	case I32:
		return int32(uint32(bits))
	case I64:
		return int64(bits)
	case F32:
		return math.Float32frombits(uint32(bits))
	default:
		return math.Float64frombits(bits)
	}
}
