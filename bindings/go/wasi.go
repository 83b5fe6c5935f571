package microwasm

/*
#include "wasm_export.h"
*/
import "C"

import (
	"fmt"
	"os"
)

// WasiConfig is what a WASI program sees: Args (its name first), Env ("NAME=VALUE"), Preopens (guest directory to
// host directory) and standard streams (nil: the process's own).
type WasiConfig struct {
	Args                  []string
	Env                   []string
	Preopens              map[string]string
	Stdin, Stdout, Stderr *os.File
}

func fd(f *os.File) C.int64_t {
	if f == nil {
		return -1
	}
	return C.int64_t(f.Fd())
}

// apply sets the WASI arguments of the instances the module makes from now on (the runtime copies the strings).
func (w *WasiConfig) apply(module C.wasm_module_t) {
	var maps []string
	for guest, host := range w.Preopens {
		maps = append(maps, fmt.Sprintf("%s::%s", guest, host)) // WAMR's "GUEST::HOST"
	}
	dirs, mapped, env, args := newCStrings(nil), newCStrings(maps), newCStrings(w.Env), newCStrings(w.Args)
	defer func() { dirs.free(); mapped.free(); env.free(); args.free() }()
	C.wasm_runtime_set_wasi_args_ex(module, dirs.array, 0, mapped.array, C.uint32_t(mapped.count), env.array,
		C.uint32_t(env.count), args.array, C.int(args.count), fd(w.Stdin), fd(w.Stdout), fd(w.Stderr))
}
