;; Several memories (WebAssembly 3.0): memory 0 of one page, memory 1 of two pages (at most 4), each with data, and
;; functions that read, write and size each one.
(module
  (memory $first (export "first") 1)
  (memory $second (export "second") 2 4)
  (data (memory $first) (i32.const 16) "one")
  (data (memory $second) (i32.const 16) "two")
  (func (export "load") (param $memory i32) (param $address i32) (result i32)
    (if (result i32) (local.get $memory)
      (then (i32.load8_u $second (local.get $address)))
      (else (i32.load8_u $first (local.get $address)))))
  (func (export "store_second") (param i32 i32) (i32.store8 $second (local.get 0) (local.get 1)))
  (func (export "size_second") (result i32) (memory.size $second)))
