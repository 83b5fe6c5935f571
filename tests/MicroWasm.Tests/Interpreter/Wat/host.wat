;; Imports: host functions, re-entry from the host, globals and another instance's functions.
(module
  (import "host" "add" (func $add (param i32 i64) (result i64)))
  (import "host" "reenter" (func $reenter (param i32) (result i32)))
  (import "host" "fail" (func $fail))
  (import "host" "counter" (global $counter (mut i32)))
  (import "host" "pair" (func $pair (param f32 f64) (result f64 f32)))
  (import "other" "fib" (func $fib (param i32) (result i32)))
  (import "other" "memory" (memory 1))
  (global $g (mut i64) (i64.const 5))
  (global $f (mut f32) (f32.const 1.5))
  (global $r (mut externref) (ref.null extern))
  (func (export "call-add") (param i32 i64) (result i64) local.get 0 local.get 1 call $add)
  (func (export "call-pair") (param f32 f64) (result f64 f32) local.get 0 local.get 1 call $pair)
  ;; countdown(n): n == 0 ? 0 : 1 + host.reenter(n - 1), where the host calls countdown again
  (func (export "countdown") (param i32) (result i32)
    local.get 0 i32.eqz if (result i32) i32.const 0
    else local.get 0 i32.const 1 i32.sub call $reenter i32.const 1 i32.add end)
  (func (export "call-fail") (result i32) call $fail i32.const 1)
  (func (export "bump") (result i32)
    global.get $counter i32.const 1 i32.add global.set $counter global.get $counter)
  (func (export "globals") (result i64)
    global.get $g i64.const 10 i64.add global.set $g
    global.get $f f32.const 2 f32.mul global.set $f
    global.get $g global.get $f i64.trunc_f32_s i64.add)
  (func (export "set-ref") (param externref) local.get 0 global.set $r)
  ;; a call into another instance, whose memory differs from the one imported here
  (func (export "cross") (param i32) (result i32)
    i32.const 8 i32.const 1000 i32.store
    local.get 0 call $fib
    i32.const 8 i32.load i32.add)
  (func (export "get-ref") (result externref) global.get $r)
)
