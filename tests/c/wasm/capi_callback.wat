;; wasm.h callbacks: a host function with and without an environment, arguments and results of every number type.
(module
  (import "host" "print" (func $print (param i32) (result i32)))
  (import "host" "closure" (func $closure (result i32)))
  (func (export "run") (param i32) (result i32)
    (i32.add (call $print (local.get 0)) (call $closure)))
  (func (export "mix") (param i32 i64 f32 f64) (result f64)
    (f64.add
      (f64.add (f64.convert_i32_s (local.get 0)) (f64.convert_i64_s (local.get 1)))
      (f64.add (f64.promote_f32 (local.get 2)) (local.get 3)))))
