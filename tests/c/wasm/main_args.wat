;; A non-WASI program for wasm_application_execute_main: main(argc, argv) returns argc * 256 + the first byte of
;; argv[1] (0 without one), so the host sees that argv reached linear memory; "twice" is for spawned exec envs.
(module
  (memory (export "memory") 1)
  (func (export "main") (param $argc i32) (param $argv i32) (result i32)
    (i32.add
      (i32.mul (local.get $argc) (i32.const 256))
      (if (result i32) (i32.gt_s (local.get $argc) (i32.const 1))
        (then (i32.load8_u (i32.load offset=4 (local.get $argv))))
        (else (i32.const 0)))))
  (func (export "twice") (param i32) (result i32)
    (i32.shl (local.get 0) (i32.const 1))))
