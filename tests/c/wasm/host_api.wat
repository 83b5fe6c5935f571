;; The module of tests/c/wamr_host.c: natives of every signature kind, memory, a table, and calls back into wasm.
(module
  (import "env" "host_add" (func $host_add (param i32 i32) (result i32)))            ;; "(ii)i"
  (import "env" "host_sum_bytes" (func $sum_bytes (param i32 i32) (result i32)))     ;; "(*~)i"
  (import "env" "host_strlen" (func $strlen (param i32) (result i32)))               ;; "($)i"
  (import "env" "host_mix" (func $mix (param i64 f32 f64 i32) (result f64)))         ;; "(IfFi)F"
  (import "env" "host_many" (func $many
    (param i32 i64 f32 f64 i32 i64 f32 f64 i32 i64 f32 f64 i32 i64 f32 f64 i32 i64 f32 f64) (result f64)))
  (import "env" "host_fail" (func $fail (param i32)))                                ;; sets the exception
  (import "env" "host_callback" (func $callback (param i32) (result i32)))           ;; calls "square" back
  (import "env" "host_f32" (func $host_f32 (param f32) (result f32)))                ;; "(f)f"
  (import "raw" "raw_mul" (func $raw_mul (param i32 i32) (result i32)))
  (import "raw" "raw_f64" (func $raw_f64 (param f64 i64) (result f64)))
  (import "env" "missing" (func $missing))                                           ;; never registered
  (memory (export "memory") 1 16)
  (table (export "table") 3 funcref)
  (elem (i32.const 0) $square $add64)
  (data (i32.const 16) "hello, world\00")
  (data (i32.const 64) "\01\02\03\04\05")
  (func $square (export "square") (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))
  (func $add64 (export "add64") (param i64 i64) (result i64) (i64.add (local.get 0) (local.get 1)))
  (func (export "call_add") (param i32 i32) (result i32) (call $host_add (local.get 0) (local.get 1)))
  (func (export "sum_data") (result i32) (call $sum_bytes (i32.const 64) (i32.const 5)))
  (func (export "sum_at") (param i32 i32) (result i32) (call $sum_bytes (local.get 0) (local.get 1)))
  (func (export "strlen_hello") (result i32) (call $strlen (i32.const 16)))
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
  (func (export "callback") (param i32) (result i32) (call $callback (local.get 0)))
  (func (export "f32_via_host") (param f32) (result f32) (call $host_f32 (local.get 0)))
  (func (export "raw_mul") (param i32 i32) (result i32) (call $raw_mul (local.get 0) (local.get 1)))
  (func (export "raw_f64") (param f64 i64) (result f64) (call $raw_f64 (local.get 0) (local.get 1)))
  (func (export "call_missing") (call $missing))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "mem_pages") (result i32) (memory.size))
  (func (export "f64_mul") (param f64 f64) (result f64) (f64.mul (local.get 0) (local.get 1)))
  (func (export "f32_add") (param f32 f32) (result f32) (f32.add (local.get 0) (local.get 1)))
  (func (export "counter") (result i32)
    (i32.store (i32.const 128) (i32.add (i32.load (i32.const 128)) (i32.const 1)))
    (i32.load (i32.const 128)))
  ;; globals the host reads and writes in place (wasm_runtime_get_export_global_inst)
  (global $g_const (export "g_const") i32 (i32.const 1234))
  (global $g_mut (export "g_mut") (mut i64) (i64.const 5))
  (global $g_f32 (export "g_f32") (mut f32) (f32.const 0.5))
  (func (export "get_g_mut") (result i64) (global.get $g_mut))
  (func (export "bump_g_mut") (global.set $g_mut (i64.add (global.get $g_mut) (i64.const 1))))
  (func (export "get_g_f32") (result f32) (global.get $g_f32))
)
