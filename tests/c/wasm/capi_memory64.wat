;; A 64-bit memory (WebAssembly 3.0 memory64) of one page with data at an i64 offset, and functions that store and
;; load a byte at an i64 address (the C hosts grow it past 4 GiB and reach the bytes above it).
(module
  (memory (export "memory") i64 1)
  (data (i64.const 16) "sixty-four")
  (func (export "store") (param i64 i32) (i32.store8 (local.get 0) (local.get 1)))
  (func (export "load") (param i64) (result i32) (i32.load8_u (local.get 0))))
