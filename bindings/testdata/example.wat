;; The module of every binding's example and tests (bindings/*/README.md): exported functions over i32, i64 and f64, a
;; host function that reads a string from linear memory, one that returns a value, an exported memory and global, and
;; functions that trap. Rebuilt into example.wasm by build.sh.
(module
  (import "env" "log" (func $log (param i32 i32)))
  (import "env" "twice" (func $twice (param i32) (result i32)))
  (memory (export "memory") 1 4)
  (global (export "counter") (mut i32) (i32.const 7))
  (data (i32.const 16) "hello from wasm")

  (func (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1)))
  (func (export "add64") (param i64 i64) (result i64)
    (i64.add (local.get 0) (local.get 1)))
  (func (export "half") (param f64) (result f64)
    (f64.mul (local.get 0) (f64.const 0.5)))
  ;; Traps with "integer divide by zero" when the divisor is 0.
  (func (export "divide") (param i32 i32) (result i32)
    (i32.div_s (local.get 0) (local.get 1)))
  ;; Calls the host's env.log with the 15 bytes at address 16.
  (func (export "hello")
    (call $log (i32.const 16) (i32.const 15)))
  ;; The host's env.twice of the argument, plus one.
  (func (export "twice_plus_one") (param i32) (result i32)
    (i32.add (call $twice (local.get 0)) (i32.const 1)))
  ;; The sum of the $len bytes at $ptr (the host writes them into memory first).
  (func (export "sum") (param $ptr i32) (param $len i32) (result i32)
    (local $total i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $len)))
        (local.set $total (i32.add (local.get $total) (i32.load8_u (local.get $ptr))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 1)))
        (local.set $len (i32.sub (local.get $len) (i32.const 1)))
        (br $next)))
    (local.get $total))
  ;; Reads the i32 at an address: "out of bounds memory access" beyond the memory.
  (func (export "load") (param i32) (result i32)
    (i32.load (local.get 0))))
