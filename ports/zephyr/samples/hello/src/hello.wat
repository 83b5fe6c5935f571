;; The module the hello sample embeds. src/hello.wasm is built from this file by ../make-wasm.sh (wabt's wat2wasm);
;; the binary is committed, so building the sample needs no WebAssembly tool.
;;
;; sum_of_squares(n) = 1*1 + 2*2 + ... + n*n, where every square comes from the host: the native the sample registers
;; as env.host_square. For n = 10 the result is 385 and the native is called 10 times.
(module
  (import "env" "host_square" (func $square (param i32) (result i32)))
  (func (export "sum_of_squares") (param $n i32) (result i32)
    (local $i i32)
    (local $sum i32)
    (block $done
      (loop $next
        ;; i += 1; stop once i > n (unsigned, so n = 0 gives 0)
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $done (i32.gt_u (local.get $i) (local.get $n)))
        (local.set $sum (i32.add (local.get $sum) (call $square (local.get $i))))
        (br $next)))
    (local.get $sum)))
