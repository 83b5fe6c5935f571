;; For stress_host: a small function to call, memory growth until refused, and unbounded recursion.
(module
  (memory (export "memory") 1)
  (func (export "add") (param i32 i32) (result i32)
    ;; touches the instance's memory, so that each instance commits its first page
    (i32.store (i32.const 0) (i32.add (local.get 0) (local.get 1)))
    (i32.load (i32.const 0)))
  ;; Grows one page at a time until memory.grow refuses (-1), writing a byte every 4 KiB of each new page so that the
  ;; host really commits it; returns the size reached, in pages.
  (func (export "grow_until_refused") (result i32)
    (local $old i32) (local $at i32)
    (block $refused
      (loop $grow
        (local.set $old (memory.grow (i32.const 1)))
        (br_if $refused (i32.eq (local.get $old) (i32.const -1)))
        (local.set $at (i32.mul (local.get $old) (i32.const 65536)))
        (loop $touch
          (i32.store8 (local.get $at) (i32.const 1))
          (local.set $at (i32.add (local.get $at) (i32.const 4096)))
          (br_if $touch (i32.rem_u (local.get $at) (i32.const 65536))))
        (br $grow)))
    (memory.size))
  ;; Never returns: each call adds a frame until the wasm stack is exhausted.
  (func $recurse (export "recurse") (param $depth i32) (result i32)
    (i32.add (call $recurse (i32.add (local.get $depth) (i32.const 1))) (i32.const 1))))
