;; wasm.h finalizers: a module with one host import, instantiated many times.
(module
  (import "host" "f" (func $f (result i32)))
  (func (export "run") (result i32) (call $f)))
