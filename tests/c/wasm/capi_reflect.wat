;; wasm.h reflection: imports and exports of every kind, with their types.
(module
  (import "env" "f" (func (param i32 f64) (result i64)))
  (import "env" "g" (global (mut f32)))
  (import "env" "t" (table 1 funcref))
  (import "env" "m" (memory 1 2))
  (func (export "func") (param i32 i64) (result f32 f64) (f32.const 1) (f64.const 2))
  (global (export "global") i64 (i64.const 0))
  (table (export "table") 2 5 externref)
  (export "memory" (memory 0)))
