package microwasm

import "strings"

// LoadError is a module the runtime refused (malformed or invalid), with its message.
type LoadError struct{ Message string }

func (e *LoadError) Error() string { return e.Message }

// InstantiationError is a module that could not be instantiated: an import without a definition, a start function
// that trapped, ...
type InstantiationError struct{ Message string }

func (e *InstantiationError) Error() string { return e.Message }

// Trap is WebAssembly code that trapped. Message is the runtime's wording ("integer divide by zero", ...) or what a
// host function's error said; Cause is that error (errors.Unwrap gives it).
type Trap struct {
	Message string
	Cause   error
}

func (t *Trap) Error() string { return "trap: " + t.Message }
func (t *Trap) Unwrap() error { return t.Cause }

// trapFromException makes a Trap of wasm_runtime_get_exception's "Exception: <message>".
func trapFromException(text string, cause error) *Trap {
	return &Trap{Message: strings.TrimPrefix(text, "Exception: "), Cause: cause}
}
