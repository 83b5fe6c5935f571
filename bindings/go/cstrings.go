package microwasm

/*
#include <stdlib.h>
*/
import "C"

import "unsafe"

// C strings for the C API: the caller frees what these make.

func cString(s string) *C.char { return C.CString(s) }
func freeCString(s *C.char)    { C.free(unsafe.Pointer(s)) }

// cStrings is a C array of C strings, freed by free.
type cStrings struct {
	array **C.char
	count int
}

func newCStrings(items []string) cStrings {
	size := C.size_t(len(items)+1) * C.size_t(unsafe.Sizeof((*C.char)(nil)))
	array := (**C.char)(C.calloc(1, size))
	slots := unsafe.Slice(array, len(items)+1)
	for i, s := range items {
		slots[i] = C.CString(s)
	}
	return cStrings{array, len(items)}
}

func (s cStrings) free() {
	for _, p := range unsafe.Slice(s.array, s.count) {
		C.free(unsafe.Pointer(p))
	}
	C.free(unsafe.Pointer(s.array))
}
