;; wasm.h globals: imported and exported, constant and mutable, read and written from both sides.
(module
  (import "host" "const f32" (global $in_const f32))
  (import "host" "var i64" (global $in_var (mut i64)))
  (global $const (export "const i32") i32 (i32.const 7))
  (global $var (export "var f64") (mut f64) (f64.const 1.5))
  (func (export "get imported const") (result f32) (global.get $in_const))
  (func (export "get imported var") (result i64) (global.get $in_var))
  (func (export "set imported var") (param i64) (global.set $in_var (local.get 0)))
  (func (export "get var") (result f64) (global.get $var))
  (func (export "set var") (param f64) (global.set $var (local.get 0))))
