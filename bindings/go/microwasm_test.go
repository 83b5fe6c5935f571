package microwasm_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"microwasm"
)

const exampleWasm = "../testdata/example.wasm"
const wasiFixtures = "../../tests/fixtures/wasi"

func engine(t *testing.T) *microwasm.Engine {
	t.Helper()
	e, err := microwasm.NewEngine()
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// exampleInstance instantiates the example with env.log collecting strings into *log and env.twice given.
func exampleInstance(t *testing.T, twice interface{}, log *[]string) *microwasm.Instance {
	t.Helper()
	e := engine(t)
	module, err := microwasm.LoadModuleFile(e, exampleWasm)
	if err != nil {
		t.Fatal(err)
	}
	store := microwasm.NewStore(e)
	t.Cleanup(func() { store.Close(); module.Close() })
	must(t, store.Define("env", "log", func(c *microwasm.Caller, ptr, n int32) {
		if log != nil {
			*log = append(*log, string(c.Memory("memory").Data()[ptr:ptr+n]))
		}
	}))
	must(t, store.Define("env", "twice", twice))
	instance, err := store.Instantiate(module)
	if err != nil {
		t.Fatal(err)
	}
	return instance
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func call(t *testing.T, i *microwasm.Instance, name string, args ...interface{}) interface{} {
	t.Helper()
	result, err := i.Call(name, args...)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return result
}

func double(x int32) int32 { return 2 * x }

func TestBadBytesAreRefusedWithTheRuntimeMessage(t *testing.T) {
	for _, c := range []struct{ wasm, message string }{
		{"hello", "WASM module load failed: magic header not detected"},
		{"\x00asm\x02\x00\x00\x00", "WASM module load failed: unknown binary version"},
		{"", "WASM module load failed: the module is empty"},
	} {
		_, err := microwasm.NewModule(engine(t), []byte(c.wasm))
		var loadError *microwasm.LoadError
		if !errors.As(err, &loadError) || loadError.Message != c.message {
			t.Errorf("%q: got %v, expected %q", c.wasm, err, c.message)
		}
	}
}

func TestModuleDescribesItsImportsAndExports(t *testing.T) {
	module, err := microwasm.LoadModuleFile(engine(t), exampleWasm)
	must(t, err)
	defer module.Close()
	imports := module.Imports()
	if len(imports) != 2 || imports[1].Module != "env" || imports[1].Name != "twice" || imports[1].Kind != "func" ||
		fmt.Sprint(imports[1].Type) != "&{[i32] [i32]}" {
		t.Errorf("imports: %+v", imports)
	}
	kinds := map[string]string{}
	for _, e := range module.Exports() {
		kinds[e.Name] = e.Kind
		if e.Name == "add64" && fmt.Sprint(e.Type) != "&{[i64 i64] [i64]}" {
			t.Errorf("add64: %v", e.Type)
		}
	}
	if kinds["memory"] != "memory" || kinds["counter"] != "global" || kinds["add"] != "func" {
		t.Errorf("exports: %v", kinds)
	}
}

func TestCallsTakeAndReturnGoNumbers(t *testing.T) {
	i := exampleInstance(t, double, nil)
	for _, c := range []struct {
		name     string
		args     []interface{}
		expected interface{}
	}{
		{"add", []interface{}{2, 3}, int32(5)},
		{"add", []interface{}{int32(-5), 2}, int32(-3)},
		{"add", []interface{}{uint32(0xFFFFFFFF), 2}, int32(1)},
		{"add64", []interface{}{int64(1) << 40, int64(-1)}, int64(1)<<40 - 1},
		{"half", []interface{}{5.0}, 2.5},
		{"hello", nil, nil},
	} {
		if got := call(t, i, c.name, c.args...); got != c.expected {
			t.Errorf("%s%v = %v (%T), expected %v (%T)", c.name, c.args, got, got, c.expected, c.expected)
		}
	}
}

func TestArgumentsAreCheckedBeforeTheCall(t *testing.T) {
	i := exampleInstance(t, double, nil)
	for _, args := range [][]interface{}{{1}, {1, "2"}, {int64(1) << 32, 0}, {1.5, 2}} {
		if _, err := i.Call("add", args...); err == nil {
			t.Errorf("add%v: no error", args)
		}
	}
	if _, err := i.Call("no_such_function"); err == nil || !strings.Contains(err.Error(), "no exported function") {
		t.Errorf("missing export: %v", err)
	}
}

func TestATrapIsATrapErrorAndTheInstanceStaysUsable(t *testing.T) {
	i := exampleInstance(t, double, nil)
	for name, args := range map[string][]interface{}{"integer divide by zero": {"divide", 1, 0},
		"out of bounds memory access": {"load", 4 * 65536}} {
		_, err := i.Call(args[0].(string), args[1:]...)
		var trap *microwasm.Trap
		if !errors.As(err, &trap) || trap.Message != name {
			t.Errorf("expected the trap %q, got %v", name, err)
		}
	}
	if got := call(t, i, "divide", 7, 2); got != int32(3) {
		t.Errorf("divide(7, 2) = %v", got)
	}
}

func TestHostFunctionsGetArgumentsAndTheCallersMemory(t *testing.T) {
	var log []string
	i := exampleInstance(t, double, &log)
	call(t, i, "hello")
	if got := call(t, i, "twice_plus_one", 20); got != int32(41) || len(log) != 1 || log[0] != "hello from wasm" {
		t.Errorf("twice_plus_one(20) = %v, log %q", got, log)
	}
}

func TestAHostErrorOrPanicBecomesATrapCausedByIt(t *testing.T) {
	failure := errors.New("no twice today")
	i := exampleInstance(t, func(x int32) (int32, error) { return 0, failure }, nil)
	_, err := i.Call("twice_plus_one", 3)
	var trap *microwasm.Trap
	if !errors.As(err, &trap) || trap.Message != "env.twice failed: no twice today" || !errors.Is(err, failure) {
		t.Errorf("got %v", err)
	}
	i = exampleInstance(t, func(x int32) int32 { panic("boom") }, nil)
	if _, err := i.Call("twice_plus_one", 3); !errors.As(err, &trap) || trap.Message != "env.twice failed: panic: boom" {
		t.Errorf("got %v", err)
	}
	if got := call(t, i, "add", 1, 1); got != int32(2) {
		t.Errorf("after the trap: %v", got)
	}
}

func TestAHostFunctionMayCallBackIntoTheInstance(t *testing.T) {
	var i *microwasm.Instance
	i = exampleInstance(t, func(x int32) (int32, error) {
		r, err := i.Call("divide", x, x-3)
		if err != nil {
			return 0, err
		}
		return r.(int32), nil
	}, nil)
	if got := call(t, i, "twice_plus_one", 6); got != int32(3) {
		t.Errorf("twice_plus_one(6) = %v", got)
	}
	_, err := i.Call("twice_plus_one", 3)
	var trap *microwasm.Trap
	if !errors.As(err, &trap) || trap.Message != "integer divide by zero" {
		t.Errorf("nested trap: %v", err)
	}
}

func TestImportsAreCheckedAtInstantiation(t *testing.T) {
	e := engine(t)
	module, err := microwasm.LoadModuleFile(e, exampleWasm)
	must(t, err)
	defer module.Close()
	store := microwasm.NewStore(e)
	must(t, store.Define("env", "log", func(ptr, n int32) {}))
	if _, err := store.Instantiate(module); err == nil || !strings.Contains(err.Error(), "env.twice has not been defined") {
		t.Errorf("missing import: %v", err)
	}
	must(t, store.Define("env", "twice", func(x int64) int64 { return x }))
	if _, err := store.Instantiate(module); err == nil || !strings.Contains(err.Error(), "are not the import's") {
		t.Errorf("wrong types: %v", err)
	}
	if err := store.Define("env", "twice", func(x string) int32 { return 0 }); err == nil {
		t.Error("a string parameter was accepted")
	}
}

func TestMemoryIsTheInstancesBytes(t *testing.T) {
	i := exampleInstance(t, double, nil)
	memory := i.Memory("memory")
	if memory.Size() != 65536 || memory.MaxPages() != 4 || string(memory.Data()[16:31]) != "hello from wasm" {
		t.Fatalf("size %d, max %d", memory.Size(), memory.MaxPages())
	}
	copy(memory.Data()[300:], []byte{0xff, 0xff, 0xff, 0xff})
	if got := call(t, i, "load", 300); got != int32(-1) {
		t.Errorf("load(300) = %v", got)
	}
	if previous, err := memory.Grow(2); err != nil || previous != 1 || len(memory.Data()) != 3*65536 {
		t.Errorf("grow: %d, %v", previous, err)
	}
	if _, err := memory.Grow(2); err == nil {
		t.Error("grew beyond the maximum")
	}
}

func TestGlobalsReadAndWrite(t *testing.T) {
	i := exampleInstance(t, double, nil)
	g, err := i.Global("counter")
	must(t, err)
	if g.Get() != int32(7) || !g.Mutable() {
		t.Errorf("counter = %v", g.Get())
	}
	must(t, g.Set(9))
	if g2, _ := i.Global("counter"); g2.Get() != int32(9) {
		t.Errorf("after Set: %v", g2.Get())
	}
}

func TestAClosedInstanceRefusesCalls(t *testing.T) {
	i := exampleInstance(t, double, nil)
	i.Close()
	if _, err := i.Call("add", 1, 2); err == nil {
		t.Error("a closed instance was called")
	}
}

func runWasi(t *testing.T, name string, config microwasm.WasiConfig) (int, string) {
	t.Helper()
	e := engine(t)
	module, err := microwasm.LoadModuleFile(e, filepath.Join(wasiFixtures, name))
	must(t, err)
	defer module.Close()
	out, err := os.CreateTemp(t.TempDir(), "out")
	must(t, err)
	defer out.Close()
	config.Stdout, config.Stderr = out, out
	store := microwasm.NewStore(e)
	defer store.Close()
	instance, err := store.InstantiateWASI(module, &config)
	must(t, err)
	code, err := instance.RunWASI()
	must(t, err)
	text, err := os.ReadFile(out.Name())
	must(t, err)
	return code, string(text)
}

func TestWasiPrograms(t *testing.T) {
	if code, out := runWasi(t, "hello.wasm", microwasm.WasiConfig{}); code != 0 || out != "Hello, WASI!\n" {
		t.Errorf("hello: %d %q", code, out)
	}
	code, out := runWasi(t, "args_env.wasm", microwasm.WasiConfig{Args: []string{"prog", "one two"}, Env: []string{"HOME=/data"}})
	if code != 0 || out != "argc=2\nargv[0]=prog\nargv[1]=one two\nenv HOME=/data\n" {
		t.Errorf("args_env: %d %q", code, out)
	}
	if code, out := runWasi(t, "exit_code.wasm", microwasm.WasiConfig{Args: []string{"exit_code", "7"}}); code != 7 || out != "exiting with 7\n" {
		t.Errorf("exit_code: %d %q", code, out)
	}
	source, target := t.TempDir(), t.TempDir()
	must(t, os.WriteFile(filepath.Join(source, "a.txt"), []byte(strings.Repeat("x", 1000)), 0o644))
	code, out = runWasi(t, "copy.wasm", microwasm.WasiConfig{Args: []string{"copy", "/in/a.txt", "/out/b.txt"},
		Preopens: map[string]string{"/in": source, "/out": target}})
	copied, _ := os.ReadFile(filepath.Join(target, "b.txt"))
	if code != 0 || out != "copied 1000 bytes\n" || len(copied) != 1000 {
		t.Errorf("copy: %d %q, %d bytes", code, out, len(copied))
	}
}

func TestGoroutinesRunTheirOwnInstancesInParallel(t *testing.T) {
	e := engine(t)
	module, err := microwasm.LoadModuleFile(e, exampleWasm)
	must(t, err)
	defer module.Close()
	var wg sync.WaitGroup
	failures := make(chan error, 8)
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int32) {
			defer wg.Done()
			store := microwasm.NewStore(e)
			defer store.Close()
			store.Define("env", "log", func(ptr, n int32) {})
			store.Define("env", "twice", func(x int32) int32 { return x * g })
			i, err := store.Instantiate(module)
			if err != nil {
				failures <- err
				return
			}
			for n := int32(0); n < 300; n++ {
				if r, err := i.Call("twice_plus_one", n); err != nil || r != n*g+1 {
					failures <- fmt.Errorf("goroutine %d, %d: %v %v", g, n, r, err)
					return
				}
			}
		}(int32(g))
	}
	wg.Wait()
	close(failures)
	for err := range failures {
		t.Error(err)
	}
}
