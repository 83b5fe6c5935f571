package microwasm

/*
#include <string.h>
#include "wasm_export.h"

// A goroutine may move between threads: each call prepares the thread it runs on, as the C API asks of threads the
// host created (cheap once done).
static void ensure_thread_env(void) {
    if (!wasm_runtime_thread_env_inited())
        wasm_runtime_init_thread_env();
}

static void set_val(wasm_val_t *values, int index, uint8_t kind, uint64_t bits) {
    values[index].kind = kind;
    if (kind == WASM_I32 || kind == WASM_F32) {
        uint32_t low = (uint32_t)bits;
        memcpy(&values[index].of, &low, sizeof low);
    } else {
        memcpy(&values[index].of, &bits, sizeof bits);
    }
}

static uint64_t get_val(const wasm_val_t *values, int index) {
    if (values[index].kind == WASM_I32 || values[index].kind == WASM_F32) {
        uint32_t low;
        memcpy(&low, &values[index].of, sizeof low);
        return low;
    }
    uint64_t bits;
    memcpy(&bits, &values[index].of, sizeof bits);
    return bits;
}
*/
import "C"

import (
	"errors"
	"fmt"
)

func ensureThreadEnv() { C.ensure_thread_env() }

// Instance is an instance of a module, made by a Store. One goroutine may use an instance at a time (host
// functions may call back into it); different instances may run in parallel.
type Instance struct {
	module   *Module
	handle   C.wasm_module_inst_t
	execEnv  C.wasm_exec_env_t
	bindings []uintptr
	pending  error // the error of the host function that made the running call trap
}

var errClosed = errors.New("microwasm: the instance is closed")

// Func is an exported function of an instance.
type Func struct {
	instance *Instance
	handle   C.wasm_function_inst_t
	Name     string
	Type     FuncType
}

// Func looks up an exported function; an error if there is none.
func (i *Instance) Func(name string) (*Func, error) {
	if i.handle == nil {
		return nil, errClosed
	}
	cname := cString(name)
	defer freeCString(cname)
	handle := C.wasm_runtime_lookup_function(i.handle, cname)
	if handle == nil {
		return nil, fmt.Errorf("microwasm: no exported function %q", name)
	}
	f := &Func{instance: i, handle: handle, Name: name}
	params := make([]C.wasm_valkind_t, C.wasm_func_get_param_count(handle, i.handle)+1)
	results := make([]C.wasm_valkind_t, C.wasm_func_get_result_count(handle, i.handle)+1)
	C.wasm_func_get_param_types(handle, i.handle, &params[0])
	C.wasm_func_get_result_types(handle, i.handle, &results[0])
	for _, k := range params[:len(params)-1] {
		f.Type.Params = append(f.Type.Params, ValueKind(k))
	}
	for _, k := range results[:len(results)-1] {
		f.Type.Results = append(f.Type.Results, ValueKind(k))
	}
	return f, nil
}

// Call calls the exported function name; see Func.Call.
func (i *Instance) Call(name string, args ...interface{}) (interface{}, error) {
	f, err := i.Func(name)
	if err != nil {
		return nil, err
	}
	return f.Call(args...)
}

// Call calls the function with Go numbers (ints fit for i32 or i64 parameters, floats for f32 and f64). It returns
// nil, the one result (int32, int64, float32 or float64) or a []interface{} of them; a trap is a *Trap, after which
// the instance is usable again.
func (f *Func) Call(args ...interface{}) (interface{}, error) {
	i := f.instance
	if i.handle == nil {
		return nil, errClosed
	}
	if len(args) != len(f.Type.Params) {
		return nil, fmt.Errorf("microwasm: %s takes %d argument(s), %d given", f.Name, len(f.Type.Params), len(args))
	}
	if err := checkNumeric(append(append([]ValueKind{}, f.Type.Params...), f.Type.Results...), "function "+f.Name); err != nil {
		return nil, err
	}
	// One array for both: wasm_val_t holds no Go pointer, so cgo may pass it.
	values := make([]C.wasm_val_t, len(args)+len(f.Type.Results)+1)
	for n, kind := range f.Type.Params {
		bits, err := toBits(kind, args[n])
		if err != nil {
			return nil, fmt.Errorf("%s argument %d: %w", f.Name, n, err)
		}
		C.set_val(&values[0], C.int(n), C.uint8_t(kind), C.uint64_t(bits))
	}
	results := &values[len(args)]
	C.ensure_thread_env()
	if i.execEnv == nil {
		if i.execEnv = C.wasm_runtime_create_exec_env(i.handle, 64*1024); i.execEnv == nil {
			return nil, fmt.Errorf("microwasm: cannot create an exec env: %s", lastError())
		}
	}
	i.pending = nil
	if !C.wasm_runtime_call_wasm_a(i.execEnv, f.handle, C.uint32_t(len(f.Type.Results)), results,
		C.uint32_t(len(args)), &values[0]) {
		return nil, i.takeTrap()
	}
	out := make([]interface{}, len(f.Type.Results))
	for n, kind := range f.Type.Results {
		out[n] = fromBits(kind, uint64(C.get_val(results, C.int(n))))
	}
	switch len(out) {
	case 0:
		return nil, nil
	case 1:
		return out[0], nil
	}
	return out, nil
}

// takeTrap makes the instance's exception a *Trap and clears it. A trap that passed through a host function (a nested
// call's) comes out as itself.
func (i *Instance) takeTrap() error {
	text := "unknown trap"
	if e := C.wasm_runtime_get_exception(i.handle); e != nil {
		text = C.GoString(e)
	}
	C.wasm_runtime_clear_exception(i.handle)
	cause := i.pending
	i.pending = nil
	var nested *Trap
	if errors.As(cause, &nested) {
		return nested
	}
	return trapFromException(text, cause)
}

// Memory is the exported memory name ("memory" also finds memory 0 when nothing has that name), or nil.
func (i *Instance) Memory(name string) *Memory {
	if i.handle == nil {
		return nil
	}
	return memoryOf(i.handle, name)
}

// Global is an exported global.
type Global struct {
	info C.wasm_global_inst_t
	Kind ValueKind
}

// Global looks up an exported global.
func (i *Instance) Global(name string) (*Global, error) {
	if i.handle == nil {
		return nil, errClosed
	}
	cname := cString(name)
	defer freeCString(cname)
	var g Global
	if !C.wasm_runtime_get_export_global_inst(i.handle, cname, &g.info) {
		return nil, fmt.Errorf("microwasm: no exported global %q", name)
	}
	g.Kind = ValueKind(g.info.kind)
	if err := checkNumeric([]ValueKind{g.Kind}, "global "+name); err != nil {
		return nil, err
	}
	return &g, nil
}

// Mutable tells whether Set may change the global.
func (g *Global) Mutable() bool { return bool(g.info.is_mutable) }

// Get reads the global: int32, int64, float32 or float64.
func (g *Global) Get() interface{} {
	if g.Kind == I32 || g.Kind == F32 {
		return fromBits(g.Kind, uint64(*(*uint32)(g.info.global_data)))
	}
	return fromBits(g.Kind, *(*uint64)(g.info.global_data))
}

// Set writes a mutable global.
func (g *Global) Set(value interface{}) error {
	if !g.Mutable() {
		return errors.New("microwasm: the global is immutable")
	}
	bits, err := toBits(g.Kind, value)
	if err != nil {
		return err
	}
	if g.Kind == I32 || g.Kind == F32 {
		*(*uint32)(g.info.global_data) = uint32(bits)
	} else {
		*(*uint64)(g.info.global_data) = bits
	}
	return nil
}

// RunWASI runs a WASI command (its _start) and returns the exit code it ended with (0 when _start returns).
func (i *Instance) RunWASI() (int, error) {
	if i.handle == nil {
		return 0, errClosed
	}
	C.ensure_thread_env()
	i.pending = nil
	if !C.wasm_application_execute_main(i.handle, 0, nil) {
		return 0, i.takeTrap()
	}
	return int(C.wasm_runtime_get_wasi_exit_code(i.handle)), nil
}

// Close frees the instance and its memories (slices of them become invalid).
func (i *Instance) Close() {
	if i.handle == nil {
		return
	}
	if i.execEnv != nil {
		C.wasm_runtime_destroy_exec_env(i.execEnv)
		i.execEnv = nil
	}
	C.wasm_runtime_deinstantiate(i.handle)
	i.handle = nil
	releaseBindings(i.bindings)
	i.module.instanceClosed()
}
