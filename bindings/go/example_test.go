package microwasm_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"testing"

	"microwasm"
)

// runExample is the example of README.md: load a module, call it, give it host functions, use its memory, handle a
// trap. It prints what every binding's example prints (../testdata/example.out).
func runExample(out io.Writer, path string) error {
	engine, err := microwasm.NewEngine()
	if err != nil {
		return err
	}
	module, err := microwasm.LoadModuleFile(engine, path)
	if err != nil {
		return err
	}
	defer module.Close()

	store := microwasm.NewStore(engine)
	defer store.Close()
	// Host functions: env.log reads a string from the caller's memory, env.twice returns a value.
	store.Define("env", "log", func(caller *microwasm.Caller, ptr, length int32) {
		fmt.Fprintf(out, "log: %s\n", caller.Memory("memory").Data()[ptr:ptr+length])
	})
	store.Define("env", "twice", func(x int32) int32 { return 2 * x })
	instance, err := store.Instantiate(module)
	if err != nil {
		return err
	}

	sum, _ := instance.Call("add", 2, 3)
	fmt.Fprintf(out, "add(2, 3) = %d\n", sum)
	instance.Call("hello")
	result, _ := instance.Call("twice_plus_one", 20)
	fmt.Fprintf(out, "twice_plus_one(20) = %d\n", result)

	memory := instance.Memory("memory") // Data() is the memory itself, as a []byte
	copy(memory.Data()[1000:], []byte{1, 2, 3, 4})
	total, _ := instance.Call("sum", 1000, 4)
	fmt.Fprintf(out, "sum = %d\n", total)

	var trap *microwasm.Trap
	if _, err := instance.Call("divide", 1, 0); errors.As(err, &trap) {
		fmt.Fprintf(out, "trap: %s\n", trap.Message)
	}
	return nil
}

func Example() {
	if err := runExample(os.Stdout, "../testdata/example.wasm"); err != nil {
		fmt.Println(err)
	}
	// Output:
	// add(2, 3) = 5
	// log: hello from wasm
	// twice_plus_one(20) = 41
	// sum = 10
	// trap: integer divide by zero
}

func TestExamplePrintsWhatEveryBindingPrints(t *testing.T) {
	var out bytes.Buffer
	if err := runExample(&out, "../testdata/example.wasm"); err != nil {
		t.Fatal(err)
	}
	expected, err := os.ReadFile("../testdata/example.out")
	if err != nil {
		t.Fatal(err)
	}
	if out.String() != string(expected) {
		t.Errorf("the example printed\n%s\nexpected\n%s", out.String(), expected)
	}
}
