;; For wasi_host: a start function that calls WASI (fd_write to stdout) and then exits with proc_exit(7), as WAMR and
;; Wasmtime allow: the instantiation succeeds and the exit code is the program's.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "\10\00\00\00\11\00\00\00") ;; one iovec: the 17 bytes at 16
  (data (i32.const 16) "hello from start\n")
  (func $start
    (if (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)) (then unreachable))
    (call $proc_exit (i32.const 7)))
  (start $start)
  (func (export "_start") unreachable))
