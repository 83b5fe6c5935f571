;; wasm.h start: a start function that traps, so instantiation fails with a trap.
(module
  (func $start unreachable)
  (start $start))
