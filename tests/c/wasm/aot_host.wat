;; The module of tests/c/aot_host.c, which runs it twice: as an AOT artifact (made from this module's .wasm at build
;; time by `microwasm compile`) and as the .wasm itself, and expects the same results from both. Natives of every
;; kind, a native calling back into wasm, traps of every kind, memory growth from both sides, the app heap, a table,
;; globals, and a loop that only wasm_runtime_terminate stops.
(module
  (type $i_i (func (param i32) (result i32)))
  (import "env" "host_add" (func $host_add (param i32 i32) (result i32)))            ;; "(ii)i", with an attachment
  (import "env" "host_sum_bytes" (func $sum_bytes (param i32 i32) (result i32)))     ;; "(*~)i"
  (import "env" "host_strlen" (func $strlen (param i32) (result i32)))               ;; "($)i"
  (import "env" "host_mix" (func $mix (param i64 f32 f64 i32) (result f64)))         ;; "(IfFi)F"
  (import "env" "host_many" (func $many                                              ;; 20 arguments, on the stack
    (param i32 i64 f32 f64 i32 i64 f32 f64 i32 i64 f32 f64 i32 i64 f32 f64 i32 i64 f32 f64) (result f64)))
  (import "env" "host_fail" (func $fail (param i32)))                                ;; sets the exception
  (import "env" "host_callback" (func $callback (param i32 i32) (result i32)))       ;; calls "div_s" back
  (import "env" "host_started" (func $started))                                      ;; "spin" has begun
  (import "raw" "raw_mul" (func $raw_mul (param i32 i32) (result i32)))
  (import "raw" "raw_f64" (func $raw_f64 (param f64 i64) (result f64)))
  (import "env" "missing" (func $missing))                                           ;; never registered
  (memory (export "memory") 1 16)
  (table (export "table") 4 funcref)
  ;; slot 1 holds a function of another type, slot 3 stays null
  (elem (i32.const 0) $square $add64 $negate)
  (data (i32.const 16) "hello, world\00")
  (data (i32.const 64) "\01\02\03\04\05")
  (global $counter (mut i32) (i32.const 0))
  (global $g_const (export "g_const") i32 (i32.const 1234))
  (global $g_mut (export "g_mut") (mut i64) (i64.const 5))

  (func $square (export "square") (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))
  (func $negate (param i32) (result i32) (i32.sub (i32.const 0) (local.get 0)))
  (func $add64 (export "add64") (param i64 i64) (result i64) (i64.add (local.get 0) (local.get 1)))
  (func $fib (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))

  ;; natives
  (func (export "call_add") (param i32 i32) (result i32) (call $host_add (local.get 0) (local.get 1)))
  (func (export "sum_data") (result i32) (call $sum_bytes (i32.const 64) (i32.const 5)))
  (func (export "sum_at") (param i32 i32) (result i32) (call $sum_bytes (local.get 0) (local.get 1)))
  (func (export "strlen_at") (param i32) (result i32) (call $strlen (local.get 0)))
  (func (export "mix") (param i64 f32 f64 i32) (result f64)
    (call $mix (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
  (func (export "many") (result f64)
    (call $many
      (i32.const 1) (i64.const 2) (f32.const 3) (f64.const 4)
      (i32.const 5) (i64.const 6) (f32.const 7) (f64.const 8)
      (i32.const 9) (i64.const 10) (f32.const 11) (f64.const 12)
      (i32.const 13) (i64.const 14) (f32.const 15) (f64.const 16)
      (i32.const 17) (i64.const 18) (f32.const 19) (f64.const 20)))
  (func (export "fail") (param i32) (call $fail (local.get 0)))
  ;; the native calls div_s(a, b) back on the same exec env; a trap there fails this call too
  (func (export "callback") (param i32 i32) (result i32)
    (i32.add (call $callback (local.get 0) (local.get 1)) (i32.const 1)))
  (func (export "raw_mul") (param i32 i32) (result i32) (call $raw_mul (local.get 0) (local.get 1)))
  (func (export "raw_f64") (param f64 i64) (result f64) (call $raw_f64 (local.get 0) (local.get 1)))
  (func (export "call_missing") (call $missing))

  ;; traps
  (func $div_s (export "div_s") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "trunc") (param f32) (result i32) (i32.trunc_f32_s (local.get 0)))
  (func (export "unreachable") (unreachable))
  (func $recurse (export "recurse") (param i32) (result i32)
    (i32.add (call $recurse (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
  ;; call_indirect (type i32 -> i32) on table slot `slot`
  (func (export "indirect") (param $arg i32) (param $slot i32) (result i32)
    (call_indirect (type $i_i) (local.get $arg) (local.get $slot)))

  ;; memory
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "load64") (param i32) (result i64) (i64.load (local.get 0)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "pages") (result i32) (memory.size))
  (func (export "fill") (param i32 i32 i32) (memory.fill (local.get 0) (local.get 1) (local.get 2)))
  ;; the sum of n bytes from p, read one by one (a loop the C compiler vectorises)
  (func (export "checksum") (param $p i32) (param $n i32) (result i32)
    (local $sum i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $sum (i32.add (local.get $sum) (i32.load8_u (local.get $p))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $sum))

  ;; state
  (func (export "counter") (result i32)
    (global.set $counter (i32.add (global.get $counter) (i32.const 1)))
    (global.get $counter))
  (func (export "mem_counter") (result i32)
    (i32.store (i32.const 128) (i32.add (i32.load (i32.const 128)) (i32.const 1)))
    (i32.load (i32.const 128)))
  (func (export "get_g_mut") (result i64) (global.get $g_mut))
  (func (export "bump_g_mut") (global.set $g_mut (i64.add (global.get $g_mut) (i64.const 1))))
  (func (export "f64_ops") (param f64 f64) (result f64)
    (f64.add (f64.sqrt (local.get 0)) (f64.div (local.get 1) (f64.const 4))))

  ;; runs until terminated: tells the host it has started, then loops forever
  (func (export "spin")
    (call $started)
    (loop $forever
      (global.set $counter (i32.add (global.get $counter) (i32.const 1)))
      (br $forever)))
)
