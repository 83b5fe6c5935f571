;; Linear memory: loads and stores of every width, bounds, growth and the bulk instructions.
(module
  (memory 1 4)
  (data (i32.const 16) "\01\02\03\04\05\06\07\08\f0\ff")
  (data $passive "hello")
  (func (export "i32.load") (param i32) (result i32) local.get 0 i32.load)
  (func (export "i32.load/off") (param i32) (result i32) local.get 0 i32.load offset=4)
  (func (export "i32.load/maxoff") (param i32) (result i32) local.get 0 i32.load offset=0xffffffff)
  (func (export "i64.load") (param i32) (result i64) local.get 0 i64.load)
  (func (export "f32.load") (param i32) (result f32) local.get 0 f32.load)
  (func (export "f64.load") (param i32) (result f64) local.get 0 f64.load)
  (func (export "i32.load8_s") (param i32) (result i32) local.get 0 i32.load8_s)
  (func (export "i32.load8_u") (param i32) (result i32) local.get 0 i32.load8_u)
  (func (export "i32.load16_s") (param i32) (result i32) local.get 0 i32.load16_s)
  (func (export "i32.load16_u") (param i32) (result i32) local.get 0 i32.load16_u)
  (func (export "i64.load8_s") (param i32) (result i64) local.get 0 i64.load8_s)
  (func (export "i64.load8_u") (param i32) (result i64) local.get 0 i64.load8_u)
  (func (export "i64.load16_s") (param i32) (result i64) local.get 0 i64.load16_s)
  (func (export "i64.load16_u") (param i32) (result i64) local.get 0 i64.load16_u)
  (func (export "i64.load32_s") (param i32) (result i64) local.get 0 i64.load32_s)
  (func (export "i64.load32_u") (param i32) (result i64) local.get 0 i64.load32_u)
  (func (export "i32.store") (param i32 i32) local.get 0 local.get 1 i32.store)
  (func (export "i64.store") (param i32 i64) local.get 0 local.get 1 i64.store)
  (func (export "f32.store") (param i32 f32) local.get 0 local.get 1 f32.store)
  (func (export "f64.store") (param i32 f64) local.get 0 local.get 1 f64.store)
  (func (export "i32.store8") (param i32 i32) local.get 0 local.get 1 i32.store8)
  (func (export "i32.store16") (param i32 i32) local.get 0 local.get 1 i32.store16)
  (func (export "i64.store8") (param i32 i64) local.get 0 local.get 1 i64.store8)
  (func (export "i64.store16") (param i32 i64) local.get 0 local.get 1 i64.store16)
  (func (export "i64.store32") (param i32 i64) local.get 0 local.get 1 i64.store32)
  ;; an added constant wraps at 32 bits, an offset does not (spec 4.4.7.1)
  (func (export "load-add-wraps") (param i32) (result i32) local.get 0 i32.const 20 i32.add i32.load)
  (func (export "load-add-offset") (param i32) (result i32) local.get 0 i32.const 4 i32.add i32.const 8 i32.sub i32.load offset=4)
  (func (export "store-add") (param i32 i32) local.get 0 i32.const -4 i32.add local.get 1 i32.store offset=8)
  ;; a product of two loads (fused into one instruction)
  (func (export "mul-loads-f32") (param i32 i32) (result f32) local.get 0 f32.load local.get 1 f32.load f32.mul)
  (func (export "mul-loads-f64") (param i32 i32) (result f64)
    local.get 0 f64.load offset=8 local.get 1 i32.const 8 i32.add f64.load f64.mul)
  ;; multiply-add: acc + load * load (fused into one instruction), product + acc, and unfused references
  (func (export "mla-f32") (param f32 i32 i32) (result f32)
    local.get 0 local.get 1 f32.load local.get 2 f32.load f32.mul f32.add)
  (func (export "mla-f32-r") (param f32 i32 i32) (result f32)
    local.get 1 f32.load local.get 2 f32.load f32.mul local.get 0 f32.add)
  (func (export "mla-f32-ref") (param f32 i32 i32) (result f32) (local f32 f32)
    local.get 1 f32.load local.set 3 local.get 2 f32.load local.set 4
    local.get 0 local.get 3 local.get 4 f32.mul f32.add)
  (func (export "mla-f32-r-ref") (param f32 i32 i32) (result f32) (local f32 f32)
    local.get 1 f32.load local.set 3 local.get 2 f32.load local.set 4
    local.get 3 local.get 4 f32.mul local.get 0 f32.add)
  (func (export "mla-f64") (param f64 i32 i32) (result f64)
    local.get 0 local.get 1 f64.load local.get 2 f64.load offset=8 f64.mul f64.add)
  (func (export "mla-f64-r") (param f64 i32 i32) (result f64)
    local.get 1 f64.load local.get 2 f64.load offset=8 f64.mul local.get 0 f64.add)
  (func (export "mla-f64-ref") (param f64 i32 i32) (result f64) (local f64 f64)
    local.get 1 f64.load local.set 3 local.get 2 f64.load offset=8 local.set 4
    local.get 0 local.get 3 local.get 4 f64.mul f64.add)
  (func (export "mla-f64-r-ref") (param f64 i32 i32) (result f64) (local f64 f64)
    local.get 1 f64.load local.set 3 local.get 2 f64.load offset=8 local.set 4
    local.get 3 local.get 4 f64.mul local.get 0 f64.add)
  ;; a dot product of n f32s at a and b (stride 4), accumulated in a local
  (func (export "dot-f32") (param i32 i32 i32) (result f32) (local f32)
    block loop
      local.get 2 i32.eqz br_if 1
      local.get 3 local.get 0 f32.load local.get 1 f32.load f32.mul f32.add local.set 3
      local.get 0 i32.const 4 i32.add local.set 0 local.get 1 i32.const 4 i32.add local.set 1
      local.get 2 i32.const 1 i32.sub local.set 2 br 0
    end end
    local.get 3)
  ;; stores of constants (the value rides in the instruction)
  (func (export "store-consts") (param i32)
    local.get 0 i32.const 0x1234 i32.store8
    local.get 0 i64.const -2 i64.store16 offset=1
    local.get 0 f32.const -0 f32.store offset=3
    local.get 0 i64.const -3 i64.store offset=7
    local.get 0 f64.const 1.5 f64.store offset=15
    local.get 0 i64.const 0x1_0000_0007 i64.store32 offset=23)
  (func (export "size") (result i32) memory.size)
  (func (export "grow") (param i32) (result i32) local.get 0 memory.grow)
  (func (export "grow-then-store") (param i32) (result i32)
    i32.const 1 memory.grow drop
    local.get 0 i32.const 42 i32.store
    local.get 0 i32.load)
  (func (export "fill") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 memory.fill)
  (func (export "copy") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 memory.copy)
  (func (export "init") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 memory.init $passive)
  (func (export "drop") data.drop $passive)
  (func (export "sieve") (param i32) (result i32) (local i32 i32 i32)
    ;; counts primes below n using bytes at 1024.. as flags
    i32.const 1024 i32.const 0 local.get 0 memory.fill
    i32.const 2 local.set 1
    block loop
      local.get 1 local.get 0 i32.ge_u br_if 1
      local.get 1 i32.const 1024 i32.add i32.load8_u i32.eqz
      if
        local.get 3 i32.const 1 i32.add local.set 3
        local.get 1 local.get 1 i32.mul local.set 2
        block loop
          local.get 2 local.get 0 i32.ge_u br_if 1
          local.get 2 i32.const 1024 i32.add i32.const 1 i32.store8
          local.get 2 local.get 1 i32.add local.set 2
          br 0
        end end
      end
      local.get 1 i32.const 1 i32.add local.set 1
      br 0
    end end
    local.get 3)
)
