;; Control flow, locals and calls: the translator's compile-time stack, branches and frames.
(module
  (type $ii (func (param i32) (result i32)))
  (func $fib (export "fib") (param i32) (result i32)
    local.get 0 i32.const 2 i32.lt_u
    if (result i32) local.get 0
    else
      local.get 0 i32.const 1 i32.sub call $fib
      local.get 0 i32.const 2 i32.sub call $fib
      i32.add
    end)
  (func (export "fac64") (param i64) (result i64) (local i64)
    i64.const 1 local.set 1
    block
      loop
        local.get 0 i64.eqz br_if 1
        local.get 1 local.get 0 i64.mul local.set 1
        local.get 0 i64.const 1 i64.sub local.set 0
        br 0
      end
    end
    local.get 1)
  ;; sum of 0..n-1 with a counting loop and a conditional back-edge
  (func (export "sum") (param i32) (result i32) (local i32 i32)
    block
      local.get 0 i32.eqz br_if 0
      loop
        local.get 2 local.get 1 i32.add local.set 2
        local.get 1 i32.const 1 i32.add local.tee 1
        local.get 0 i32.lt_s br_if 0
      end
    end
    local.get 2)
  ;; local.get of x stays on the stack while x is set: the old value must survive
  (func (export "alias-set") (param i32) (result i32)
    local.get 0
    i32.const 100 local.set 0
    local.get 0 i32.sub)
  (func (export "alias-tee") (param i32) (result i32)
    local.get 0
    local.get 0 i32.const 1 i32.add local.tee 0
    i32.const 10 i32.mul i32.add local.get 0 i32.add)
  ;; an alias below a block whose local changes on only one path
  (func (export "alias-if") (param i32 i32) (result i32)
    local.get 0
    local.get 1 if i32.const 7 local.set 0 end
    local.get 0 i32.const 1000 i32.mul i32.add)
  ;; an alias below a loop whose local changes in the body
  (func (export "alias-loop") (param i32) (result i32) (local i32)
    local.get 0
    loop
      local.get 0 i32.const 1 i32.add local.set 0
      local.get 1 i32.const 1 i32.add local.tee 1 i32.const 3 i32.lt_u br_if 0
    end
    local.get 0 i32.const 1000 i32.mul i32.add)
  ;; an alias below a block that is left early by a branch before the local changes
  (func (export "alias-br") (param i32 i32) (result i32)
    local.get 0
    block
      local.get 1 br_if 0
      i32.const 5 local.set 0
    end
    local.get 0 i32.const 1000 i32.mul i32.add)
  ;; a pending "local + constant" must be computed before the local changes
  (func (export "pending-add-set") (param i32) (result i32)
    local.get 0 i32.const 1 i32.add
    i32.const 100 local.set 0
    local.get 0 i32.sub)
  (func (export "pending-add-if") (param i32 i32) (result i32)
    local.get 0 i32.const 3 i32.add
    local.get 1 if i32.const 7 local.set 0 end
    local.get 0 i32.const 1000 i32.mul i32.add)
  (func (export "pending-add-chain") (param i32) (result i32) (local i32)
    local.get 0 i32.const 5 i32.add i32.const 7 i32.sub local.tee 1 local.get 1 i32.mul)
  (func (export "pending-add-return") (param i32) (result i32 i32)
    local.get 0 i32.const 1 i32.add local.get 0 i32.const 2 i32.add)
  (func (export "block-result") (param i32) (result i32)
    block (result i32)
      i32.const 10
      local.get 0 br_if 0
      drop i32.const 20
    end
    i32.const 1 i32.add)
  (func (export "br-value-deep") (param i32) (result i32)
    i32.const 1
    block (result i32)
      i32.const 2
      block (result i32)
        i32.const 3
        local.get 0
        br_if 1
        i32.const 4 i32.add
      end
      i32.add
    end
    i32.add)
  (func (export "br_table") (param i32) (result i32)
    block (result i32)
      block
        block
          block
            local.get 0
            br_table 0 1 2
          end
          i32.const 100 return
        end
        i32.const 101 return
      end
      i32.const 102
    end)
  (func (export "br_table-values") (param i32) (result i32)
    block (result i32)
      block (result i32)
        i32.const 7
        i32.const 8
        local.get 0
        br_table 0 1 0
      end
      i32.const 1000 i32.add
    end
    i32.const 1 i32.add)
  (func (export "br_table-return") (param i32) (result i32)
    block (result i32)
      i32.const 55
      local.get 0
      br_table 0 1
    end
    i32.const 1 i32.add)
  (func (export "if-else") (param i32) (result i32)
    local.get 0 if (result i32) i32.const 1 else i32.const 2 end)
  (func (export "if-no-else") (param i32) (result i32) (local i32)
    i32.const 5 local.set 1
    local.get 0 i32.const 3 i32.gt_s if local.get 1 i32.const 10 i32.mul local.set 1 end
    local.get 1)
  (func (export "nested-if") (param i32 i32) (result i32)
    local.get 0 if (result i32)
      local.get 1 if (result i32) i32.const 11 else i32.const 10 end
    else
      local.get 1 if (result i32) i32.const 1 else i32.const 0 end
    end)
  (func (export "select") (param i32 i32 i32) (result i32)
    local.get 0 local.get 1 local.get 2 select)
  (func (export "select-i64") (param i64 i64 i32) (result i64)
    local.get 0 local.get 1 local.get 2 select (result i64))
  (func (export "unreachable") (result i32) unreachable)
  (func (export "dead-code") (param i32) (result i32)
    block (result i32)
      local.get 0 return
      i32.const 1 br 0
      unreachable
    end)
  (func (export "return-early") (param i32) (result i32)
    local.get 0 i32.const 0 i32.lt_s if i32.const -1 return end
    local.get 0 i32.const 2 i32.mul)
  ;; multi-value: blocks with parameters and several results, functions returning several values
  (func $swap (export "swap") (param i32 i32) (result i32 i32) local.get 1 local.get 0)
  (func (export "swap-twice") (param i32 i32) (result i32 i32) local.get 0 local.get 1 call $swap call $swap)
  (func (export "multi-block") (param i32 i32) (result i32)
    local.get 0 local.get 1
    block (param i32 i32) (result i32 i32 i32)
      i32.const 3
    end
    i32.mul i32.sub)
  (func (export "multi-loop") (param i32) (result i32 i32)
    i32.const 0 local.get 0
    loop (param i32 i32) (result i32 i32)
      ;; (acc, n) -> (acc + n, n - 1) while n > 0
      local.tee 0 i32.add local.get 0 i32.const 1 i32.sub
      local.tee 0 local.get 0 i32.const 0 i32.gt_s br_if 0
    end)
  (func (export "multi-if") (param i32 i32 i32) (result i32 i32)
    local.get 0 local.get 1 local.get 2
    if (param i32 i32) (result i32 i32) i32.add i32.const 1 else i32.sub i32.const 2 end)
  (func (export "return-multi-local") (param i32 i32) (result i32 i32 i32) (local i32)
    i32.const 9 local.set 2
    local.get 1 local.get 0 local.get 2)
  (func (export "br-multi") (param i32) (result i32 i64)
    block (result i32 i64)
      i32.const 1 i64.const 2
      local.get 0 br_if 0
      drop drop i32.const 3 i64.const 4
    end)
  (func (export "deep-stack") (param i32) (result i32)
    local.get 0 local.get 0 local.get 0 local.get 0 local.get 0 local.get 0 local.get 0 local.get 0
    i32.add i32.add i32.add i32.add i32.add i32.add i32.add)
  (func $even (export "even") (param i32) (result i32)
    local.get 0 i32.eqz if (result i32) i32.const 1 else local.get 0 i32.const 1 i32.sub call $odd end)
  (func $odd (param i32) (result i32)
    local.get 0 i32.eqz if (result i32) i32.const 0 else local.get 0 i32.const 1 i32.sub call $even end)
  (func $recurse (export "recurse") (param i32) (result i32)
    local.get 0 i32.const 1 i32.add call $recurse)
  (func $locals (export "locals-zeroed") (param i32) (result i64) (local i32 i64 f32 f64)
    local.get 0 if (result i64) i64.const 0 else
      local.get 1 i64.extend_i32_u local.get 2 i64.add local.get 3 i32.reinterpret_f32 i64.extend_i32_u i64.add
      local.get 4 i64.reinterpret_f64 i64.add
    end)
  (func (export "dirty-then-zero") (param i32) (result i64)
    ;; calls a function with locals right after a call that left garbage in the same slots
    local.get 0 call $fib drop
    i32.const 0 call $locals)
  (func $maybe-set (param i32) (result i32) (local i32)
    local.get 0 if i32.const 5 local.set 1 end
    local.get 1)
  (func $written-first (param i32) (result i32) (local i32 i32)
    local.get 0 local.set 1 local.get 1 local.get 2 i32.add)
  (func (export "conditionally-set-local-is-zero") (param i32) (result i32)
    ;; fill the slots with garbage first
    i32.const 1 call $maybe-set drop
    i32.const 99 call $written-first drop
    local.get 0 call $maybe-set
    local.get 0 call $written-first i32.const 1000 i32.mul i32.add)
  (func (export "cmp-fused-i64") (param i64 i64) (result i32)
    local.get 0 local.get 1 i64.lt_u if (result i32) i32.const 1 else i32.const 0 end)
  (func (export "br_if-value-kept") (param i32) (result i32)
    block (result i32)
      local.get 0 local.get 0 br_if 0
      i32.const 1 i32.add
    end)
  (func (export "set-after-op") (param i32 i32) (result i32) (local i32)
    local.get 0 local.get 1 i32.add local.set 2
    local.get 2 local.get 2 i32.mul local.set 2
    local.get 2)
  (func (export "tee-cond") (param i32) (result i32) (local i32)
    local.get 0 i32.const 5 i32.gt_s local.tee 1
    if (result i32) local.get 1 i32.const 10 i32.add else local.get 1 end)
  (func (export "block-end-label-set") (param i32) (result i32) (local i32)
    block (result i32)
      i32.const 3
      local.get 0 br_if 0
      i32.const 4 i32.add
    end
    local.set 1 local.get 1)
)
