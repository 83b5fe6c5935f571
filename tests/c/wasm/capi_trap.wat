;; wasm.h traps: from the host, from wasm (unreachable, divide by zero, out of bounds), and three calls deep.
(module
  (import "host" "fail" (func $fail))
  (memory 1)
  (func (export "call_fail") (call $fail))
  (func (export "unreachable") unreachable)
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "oob") (result i32) (i32.load (i32.const 70000)))
  ;; function indices: $fail 0, call_fail 1, unreachable 2, div 3, oob 4, $outer 5, $middle 6, $inner 7
  (func $outer (export "deep") (call $middle))
  (func $middle (call $inner))
  (func $inner unreachable))
