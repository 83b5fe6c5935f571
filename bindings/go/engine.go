// Package microwasm runs WebAssembly through libmicrowasm.so's C API (wasm_export.h), with cgo. The library is found
// through pkg-config (microwasm.pc, installed with it); at run time the dynamic loader must find
// libmicrowasm.so.0.1 (LD_LIBRARY_PATH, or an installation in the loader's path).
//
// An Engine loads and validates Modules; a Store holds the Go functions modules import and instantiates them;
// an Instance's exports are called with Call, its memory is a []byte, and a trap is a *Trap error.
package microwasm

/*
#cgo pkg-config: microwasm
#include <stdlib.h>
#include "microwasm.h"
*/
import "C"

import (
	"fmt"
	"sync"
)

// ABIMajor and ABIMinor are the library ABI this package is written for (the soname's libmicrowasm.so.0.1).
const (
	ABIMajor = 0
	ABIMinor = 1
)

// Engine is the initialized library. One per process is enough; every Engine shares the one runtime.
type Engine struct {
	Version [3]uint32
}

var (
	initOnce  sync.Once
	initError error
	// instantiation registers host functions process-wide for a moment (WAMR natives): one at a time.
	instantiation sync.Mutex
)

// NewEngine initializes the runtime (wasm_runtime_init, once per process) after checking the library's version.
func NewEngine() (*Engine, error) {
	var major, minor, patch C.uint32_t
	C.microwasm_get_version(&major, &minor, &patch)
	if major != ABIMajor || minor != ABIMinor {
		return nil, fmt.Errorf("microwasm: libmicrowasm %d.%d.%d does not have the ABI %d.%d this package is written for",
			major, minor, patch, ABIMajor, ABIMinor)
	}
	initOnce.Do(func() {
		if !C.wasm_runtime_init() {
			initError = fmt.Errorf("microwasm: wasm_runtime_init failed: %s", lastError())
		}
	})
	if initError != nil {
		return nil, initError
	}
	return &Engine{Version: [3]uint32{uint32(major), uint32(minor), uint32(patch)}}, nil
}

// lastError is microwasm_last_error(): the last failure on this thread of a function without an error buffer.
func lastError() string {
	if text := C.microwasm_last_error(); text != nil {
		return C.GoString(text)
	}
	return "unknown error"
}
