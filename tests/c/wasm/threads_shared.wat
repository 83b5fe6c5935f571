;; For the thread API and thread stress hosts: a shared memory counted into with atomics, a native counter (a host
;; call per round), a mutable global and a table that threads grow and fill at once.
(module
  (import "env" "count_call" (func $count_call))
  (memory (export "memory") 1 1 shared)
  (global $rounds (mut i32) (i32.const 0))
  (table $refs 0 1000000 funcref)
  ;; Adds 1 to the counter at 0, $n times (0 times for 0), then calls the native once.
  (func $add (export "add") (param $n i32)
    (block $done
      (loop $again
        (br_if $done (i32.eqz (local.get $n)))
        (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $again)))
    (call $count_call))
  (func (export "count") (result i32) (i32.atomic.load (i32.const 0)))
  ;; Grows the table by one element holding $add; returns the old size (or -1).
  (func (export "grow_table") (result i32) (table.grow $refs (ref.func $add) (i32.const 1)))
  (func (export "table_size") (result i32) (table.size $refs))
  ;; Calls through every table element once with n: what a grown table holds must stay callable.
  (type $adder (func (param i32)))
  (func (export "call_all") (param $n i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (table.size $refs)))
        (call_indirect $refs (type $adder) (local.get $n) (local.get $i))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))
  ;; Waits on address 8 until woken or the timeout (ns) passes; notify wakes it.
  (func (export "wait") (param $timeout i64) (result i32)
    (memory.atomic.wait32 (i32.const 8) (i32.const 0) (local.get $timeout)))
  (func (export "notify") (result i32) (memory.atomic.notify (i32.const 8) (i32.const 1000))))
