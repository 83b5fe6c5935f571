;; wasm.h hello: a function that calls back into the host.
(module
  (import "host" "hello" (func $hello))
  (func (export "run") (call $hello)))
