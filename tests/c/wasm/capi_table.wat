;; wasm.h tables: an exported funcref table with elements, and call_indirect through it.
(module
  (type $i32_i32 (func (param i32) (result i32)))
  (table (export "table") 2 10 funcref)
  (elem (i32.const 1) $negate)
  (func $negate (export "negate") (type $i32_i32) (i32.sub (i32.const 0) (local.get 0)))
  (func (export "call_indirect") (param i32 i32) (result i32)
    (call_indirect (type $i32_i32) (local.get 0) (local.get 1)))
  (func (export "size") (result i32) (table.size)))
