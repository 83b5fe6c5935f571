package microwasm

/*
#include <stdlib.h>
#include "wasm_export.h"
*/
import "C"

import (
	"errors"
	"os"
	"sync"
	"unsafe"
)

// Module is a decoded and validated module (.wasm, or an .aot artifact of `microwasm compile`). Goroutines may
// instantiate it at the same time.
type Module struct {
	engine        *Engine
	lock          sync.Mutex // guards what follows: instances of it open and close on any goroutine
	handle        C.wasm_module_t
	liveInstances int
	closing       bool
}

// ImportDesc describes an import; Type is set for functions.
type ImportDesc struct {
	Module, Name, Kind string
	Type               *FuncType
}

// ExportDesc describes an export; Type is set for functions.
type ExportDesc struct {
	Name, Kind string
	Type       *FuncType
}

var kindNames = map[C.wasm_import_export_kind_t]string{
	C.WASM_IMPORT_EXPORT_KIND_FUNC: "func", C.WASM_IMPORT_EXPORT_KIND_TABLE: "table",
	C.WASM_IMPORT_EXPORT_KIND_MEMORY: "memory", C.WASM_IMPORT_EXPORT_KIND_GLOBAL: "global",
}

// NewModule loads a module from its bytes (which the runtime copies). Bad bytes give a *LoadError.
func NewModule(engine *Engine, wasm []byte) (*Module, error) {
	if len(wasm) == 0 {
		return nil, &LoadError{Message: "WASM module load failed: the module is empty"}
	}
	bytes := C.CBytes(wasm)
	defer C.free(bytes)
	var message [256]C.char
	handle := C.wasm_runtime_load((*C.uint8_t)(bytes), C.uint32_t(len(wasm)), &message[0], C.uint32_t(len(message)))
	if handle == nil {
		return nil, &LoadError{Message: C.GoString(&message[0])}
	}
	return &Module{engine: engine, handle: handle}, nil
}

// LoadModuleFile loads a module from a file.
func LoadModuleFile(engine *Engine, path string) (*Module, error) {
	wasm, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return NewModule(engine, wasm)
}

func (m *Module) open() (C.wasm_module_t, error) {
	m.lock.Lock()
	defer m.lock.Unlock()
	if m.handle == nil || m.closing {
		return nil, errors.New("microwasm: the module is closed")
	}
	return m.handle, nil
}

func funcTypeOf(t C.wasm_func_type_t) *FuncType {
	ft := &FuncType{}
	for i := C.uint32_t(0); i < C.wasm_func_type_get_param_count(t); i++ {
		ft.Params = append(ft.Params, ValueKind(C.wasm_func_type_get_param_valkind(t, i)))
	}
	for i := C.uint32_t(0); i < C.wasm_func_type_get_result_count(t); i++ {
		ft.Results = append(ft.Results, ValueKind(C.wasm_func_type_get_result_valkind(t, i)))
	}
	return ft
}

// union u of wasm_import_t and wasm_export_t: its first member, the function type, is what is read here.
func unionFuncType(u unsafe.Pointer) C.wasm_func_type_t { return *(*C.wasm_func_type_t)(u) }

// Imports lists the module's imports.
func (m *Module) Imports() []ImportDesc {
	var list []ImportDesc
	for i := C.int32_t(0); m.handle != nil && i < C.wasm_runtime_get_import_count(m.handle); i++ {
		var d C.wasm_import_t
		C.wasm_runtime_get_import_type(m.handle, i, &d)
		desc := ImportDesc{Module: C.GoString(d.module_name), Name: C.GoString(d.name), Kind: kindNames[d.kind]}
		if d.kind == C.WASM_IMPORT_EXPORT_KIND_FUNC {
			desc.Type = funcTypeOf(unionFuncType(unsafe.Pointer(&d.u)))
		}
		list = append(list, desc)
	}
	return list
}

// Exports lists the module's exports.
func (m *Module) Exports() []ExportDesc {
	var list []ExportDesc
	for i := C.int32_t(0); m.handle != nil && i < C.wasm_runtime_get_export_count(m.handle); i++ {
		var d C.wasm_export_t
		C.wasm_runtime_get_export_type(m.handle, i, &d)
		desc := ExportDesc{Name: C.GoString(d.name), Kind: kindNames[d.kind]}
		if d.kind == C.WASM_IMPORT_EXPORT_KIND_FUNC {
			desc.Type = funcTypeOf(unionFuncType(unsafe.Pointer(&d.u)))
		}
		list = append(list, desc)
	}
	return list
}

// Close unloads the module once its instances are closed too (the C API's order); it cannot be instantiated again.
func (m *Module) Close() {
	m.lock.Lock()
	defer m.lock.Unlock()
	m.closing = true
	m.unloadIfUnused()
}

func (m *Module) unloadIfUnused() {
	if m.closing && m.handle != nil && m.liveInstances == 0 {
		C.wasm_runtime_unload(m.handle)
		m.handle = nil
	}
}

func (m *Module) instanceOpened() {
	m.lock.Lock()
	defer m.lock.Unlock()
	m.liveInstances++
}

func (m *Module) instanceClosed() {
	m.lock.Lock()
	defer m.lock.Unlock()
	m.liveInstances--
	m.unloadIfUnused()
}
