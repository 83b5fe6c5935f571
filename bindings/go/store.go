package microwasm

/*
#include <stdlib.h>
#include "wasm_export.h"

extern void microwasmHostCall(wasm_exec_env_t exec_env, uint64_t *args);

// One raw native entry for the Go trampoline: the attachment names the Go function (a key, not a Go pointer).
static void set_native(NativeSymbol *symbols, int index, char *name, uintptr_t key) {
    symbols[index].symbol = name;
    symbols[index].func_ptr = (void *)microwasmHostCall;
    symbols[index].signature = NULL;
    symbols[index].attachment = (void *)key;
}
*/
import "C"

import (
	"fmt"
	"unsafe"
)

const wasiModule = "wasi_snapshot_preview1"

// Store holds the Go functions modules may import and the instances made with them. Close closes those instances.
type Store struct {
	engine    *Engine
	functions map[[2]string]*hostFunc
	instances []*Instance
}

// NewStore makes an empty store.
func NewStore(engine *Engine) *Store {
	return &Store{engine: engine, functions: map[[2]string]*hostFunc{}}
}

// Define makes fn the import module.name. fn takes an optional *Caller, then the import's parameters as int32 or
// uint32 (i32), int64 or uint64 (i64), float32, float64, and returns at most one such value, optionally followed by
// an error; its types must be the import's (checked at instantiation). An error it returns, or a panic, ends the
// WebAssembly call with a *Trap whose Cause is that error.
func (s *Store) Define(module, name string, fn interface{}) error {
	h, err := newHostFunc(fn)
	if err != nil {
		return err
	}
	s.functions[[2]string{module, name}] = h
	return nil
}

// Instantiate instantiates the module with the store's functions; a module that imports WASI gets it without
// arguments, directories, and with the process's stdio.
func (s *Store) Instantiate(m *Module) (*Instance, error) {
	return s.InstantiateWASI(m, &WasiConfig{})
}

// InstantiateWASI instantiates the module with the store's functions and WASI configured by wasi.
func (s *Store) InstantiateWASI(m *Module, wasi *WasiConfig) (*Instance, error) {
	handle, err := m.open()
	if err != nil {
		return nil, err
	}
	instance := &Instance{module: m}
	byModule := map[string][]*binding{}
	usesWasi := false
	for _, imp := range m.Imports() {
		h := s.functions[[2]string{imp.Module, imp.Name}]
		switch {
		case h == nil && imp.Module == wasiModule:
			usesWasi = true
			continue
		case h == nil:
			return nil, &InstantiationError{Message: fmt.Sprintf("unknown import: %s.%s has not been defined", imp.Module, imp.Name)}
		case imp.Kind != "func":
			return nil, &InstantiationError{Message: fmt.Sprintf("%s.%s is a %s import; only functions can be defined", imp.Module, imp.Name, imp.Kind)}
		case !h.matches(imp.Type):
			return nil, &InstantiationError{Message: fmt.Sprintf("%s.%s: the Go function's types %v -> %v are not the import's %v -> %v",
				imp.Module, imp.Name, h.params, h.results, imp.Type.Params, imp.Type.Results)}
		}
		byModule[imp.Module] = append(byModule[imp.Module], &binding{module: imp.Module, name: imp.Name, host: h, instance: instance})
	}
	inst, err := s.instantiate(handle, instance, byModule, usesWasi, wasi)
	if err != nil {
		releaseBindings(instance.bindings)
		return nil, err
	}
	instance.handle = inst
	m.instanceOpened()
	s.instances = append(s.instances, instance)
	return instance, nil
}

// instantiate registers the bindings as raw natives, instantiates, and unregisters them, under one lock: natives are
// process-wide in the C API, and are read when an instance is made.
func (s *Store) instantiate(module C.wasm_module_t, instance *Instance, byModule map[string][]*binding, usesWasi bool,
	wasi *WasiConfig) (C.wasm_module_inst_t, error) {
	instantiation.Lock()
	defer instantiation.Unlock()
	ensureThreadEnv()
	for name, list := range byModule {
		symbols := (*C.NativeSymbol)(C.calloc(C.size_t(len(list)), C.size_t(unsafe.Sizeof(C.NativeSymbol{}))))
		names := make([]*C.char, len(list))
		for i, b := range list {
			key := addBinding(b)
			instance.bindings = append(instance.bindings, key)
			names[i] = C.CString(b.name)
			C.set_native(symbols, C.int(i), names[i], C.uintptr_t(key))
		}
		cname := C.CString(name)
		registered := C.wasm_runtime_register_natives_raw(cname, symbols, C.uint32_t(len(list)))
		defer func() {
			C.wasm_runtime_unregister_natives(cname, symbols)
			freeCString(cname)
			for _, n := range names {
				freeCString(n)
			}
			C.free(unsafe.Pointer(symbols))
		}()
		if !registered {
			return nil, &InstantiationError{Message: fmt.Sprintf("cannot register the host functions of %s: %s", name, lastError())}
		}
	}
	if usesWasi {
		wasi.apply(module) // always: a module keeps the WASI arguments of its previous instantiation
	}
	var message [256]C.char
	inst := C.wasm_runtime_instantiate(module, 64*1024, 0, &message[0], C.uint32_t(len(message)))
	if inst == nil {
		return nil, &InstantiationError{Message: C.GoString(&message[0])}
	}
	return inst, nil
}

// Close closes every instance the store made.
func (s *Store) Close() {
	for _, i := range s.instances {
		i.Close()
	}
	s.instances = nil
}
