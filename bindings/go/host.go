package microwasm

/*
#include "wasm_export.h"
*/
import "C"

import (
	"fmt"
	"reflect"
	"sync"
	"unsafe"
)

// hostFunc is a Go function given to Store.Define, checked once: optionally a *Caller first, then numbers
// (int32/uint32 for i32, int64/uint64 for i64, float32, float64), at most one result, optionally a last error.
type hostFunc struct {
	fn         reflect.Value
	withCaller bool
	params     []ValueKind
	results    []ValueKind
	withError  bool
}

var (
	callerType = reflect.TypeOf((*Caller)(nil))
	errorType  = reflect.TypeOf((*error)(nil)).Elem()
	kindOfType = map[reflect.Kind]ValueKind{reflect.Int32: I32, reflect.Uint32: I32, reflect.Int64: I64,
		reflect.Uint64: I64, reflect.Float32: F32, reflect.Float64: F64}
)

func newHostFunc(fn interface{}) (*hostFunc, error) {
	v := reflect.ValueOf(fn)
	if v.Kind() != reflect.Func {
		return nil, fmt.Errorf("microwasm: a host function must be a func, got %T", fn)
	}
	t, h := v.Type(), &hostFunc{fn: v}
	for i := 0; i < t.NumIn(); i++ {
		if i == 0 && t.In(0) == callerType {
			h.withCaller = true
			continue
		}
		kind, ok := kindOfType[t.In(i).Kind()]
		if !ok {
			return nil, fmt.Errorf("microwasm: host function parameter %d is %s; use int32, uint32, int64, uint64, float32 or float64", i, t.In(i))
		}
		h.params = append(h.params, kind)
	}
	outs := t.NumOut()
	if outs > 0 && t.Out(outs-1) == errorType {
		h.withError = true
		outs--
	}
	if outs > 1 {
		return nil, fmt.Errorf("microwasm: host functions return at most one value (and an error), %s returns %d", t, outs)
	}
	if outs == 1 {
		kind, ok := kindOfType[t.Out(0).Kind()]
		if !ok {
			return nil, fmt.Errorf("microwasm: host function result is %s; use int32, uint32, int64, uint64, float32 or float64", t.Out(0))
		}
		h.results = []ValueKind{kind}
	}
	return h, nil
}

// matches reports whether the function's Go types are the import's.
func (h *hostFunc) matches(t *FuncType) bool {
	return sameKinds(h.params, t.Params) && sameKinds(h.results, t.Results)
}

func sameKinds(a, b []ValueKind) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Caller is what a host function taking a *Caller first gets: the calling instance's memory, and the Instance.
type Caller struct {
	inst C.wasm_module_inst_t
	// Instance is the calling instance (its exports cannot be called while instantiation runs its start function).
	Instance *Instance
}

// Memory is the calling instance's export name ("memory" also finds memory 0 when nothing has that name).
func (c *Caller) Memory(name string) *Memory { return memoryOf(c.inst, name) }

// binding is one import bound to a hostFunc for one instance; the attachment the C trampoline finds it by.
type binding struct {
	module, name string
	host         *hostFunc
	instance     *Instance
}

var (
	bindingsLock sync.Mutex
	bindings     = map[uintptr]*binding{}
	nextBinding  uintptr
)

func addBinding(b *binding) uintptr {
	bindingsLock.Lock()
	defer bindingsLock.Unlock()
	nextBinding++
	bindings[nextBinding] = b
	return nextBinding
}

func releaseBindings(keys []uintptr) {
	bindingsLock.Lock()
	defer bindingsLock.Unlock()
	for _, k := range keys {
		delete(bindings, k)
	}
}

func findBinding(key uintptr) *binding {
	bindingsLock.Lock()
	defer bindingsLock.Unlock()
	return bindings[key]
}

// call runs the Go function on the raw native's 64-bit slots; a panic becomes an error.
func (b *binding) call(inst C.wasm_module_inst_t, slots []uint64) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	h := b.host
	in := make([]reflect.Value, 0, len(h.params)+1)
	if h.withCaller {
		in = append(in, reflect.ValueOf(&Caller{inst: inst, Instance: b.instance}))
	}
	t := h.fn.Type()
	for i, kind := range h.params {
		in = append(in, reflect.ValueOf(fromBits(kind, slots[i])).Convert(t.In(len(in))))
	}
	out := h.fn.Call(in)
	if h.withError && !out[len(out)-1].IsNil() {
		return out[len(out)-1].Interface().(error)
	}
	if len(h.results) == 1 {
		var value interface{}
		switch r := out[0]; r.Kind() {
		case reflect.Int32, reflect.Int64:
			value = r.Int()
		case reflect.Uint32, reflect.Uint64:
			value = r.Uint()
		default:
			value = r.Float()
		}
		bits, convErr := toBits(h.results[0], value)
		if convErr != nil {
			return convErr
		}
		slots[0] = bits
	}
	return nil
}

//export microwasmHostCall
func microwasmHostCall(env C.wasm_exec_env_t, args *C.uint64_t) {
	inst := C.wasm_runtime_get_module_inst(env)
	b := findBinding(uintptr(C.wasm_runtime_get_function_attachment(env)))
	if b == nil {
		message := C.CString("no host function is bound to this import any more")
		C.wasm_runtime_set_exception(inst, message)
		freeCString(message)
		return
	}
	count := len(b.host.params)
	if count == 0 {
		count = 1 // the result slot
	}
	if err := b.call(inst, unsafe.Slice((*uint64)(unsafe.Pointer(args)), count)); err != nil {
		b.instance.pending = err
		message := C.CString(fmt.Sprintf("%s.%s failed: %v", b.module, b.name, err))
		C.wasm_runtime_set_exception(inst, message)
		freeCString(message)
	}
}
