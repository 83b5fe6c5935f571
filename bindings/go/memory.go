package microwasm

/*
#include "wasm_export.h"
*/
import "C"

import (
	"fmt"
	"unsafe"
)

// Memory is a linear memory of an instance. Data is a []byte over the native memory itself: on 64-bit hosts it never
// moves, but a slice taken before Grow does not see the new pages. Valid while the instance is open.
type Memory struct {
	handle C.wasm_memory_inst_t
}

func memoryOf(inst C.wasm_module_inst_t, name string) *Memory {
	cname := cString(name)
	defer freeCString(cname)
	handle := C.wasm_runtime_lookup_memory(inst, cname)
	if handle == nil && name == "memory" {
		handle = C.wasm_runtime_get_default_memory(inst)
	}
	if handle == nil {
		return nil
	}
	return &Memory{handle: handle}
}

// Pages is the current size in 64 KiB pages; MaxPages the maximum.
func (m *Memory) Pages() uint64    { return uint64(C.wasm_memory_get_cur_page_count(m.handle)) }
func (m *Memory) MaxPages() uint64 { return uint64(C.wasm_memory_get_max_page_count(m.handle)) }

// Size is the current size in bytes.
func (m *Memory) Size() int {
	return int(m.Pages() * uint64(C.wasm_memory_get_bytes_per_page(m.handle)))
}

// Data is the whole memory as a byte slice.
func (m *Memory) Data() []byte {
	size := m.Size()
	if size == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(C.wasm_memory_get_base_address(m.handle)), size)
}

// Grow adds pages and returns the previous size in pages.
func (m *Memory) Grow(pages uint64) (uint64, error) {
	previous := m.Pages()
	if !C.wasm_memory_enlarge(m.handle, C.uint64_t(pages)) {
		return previous, fmt.Errorf("microwasm: cannot grow the memory by %d pages from %d (maximum %d)", pages, previous, m.MaxPages())
	}
	return previous, nil
}
