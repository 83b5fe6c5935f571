/* Each kernel defines `unsigned run(unsigned n)`: it does work proportional to n and returns a
 * checksum that must be the same on every engine. The same source is built natively (with
 * native/main.c calling run) and as a freestanding wasm32 module exporting run.
 *
 * wabt's wasm-interp cannot pass arguments to an export, so for it the kernel is built again with
 * -DFIXED_N=n, which adds an export `bench()` that returns run(FIXED_N). */
#ifndef KERNEL_H
#define KERNEL_H
#if defined(__wasm__)
#define KERNEL_EXPORT __attribute__((export_name("run")))
#else
#define KERNEL_EXPORT
#endif

KERNEL_EXPORT unsigned run(unsigned n);

#if defined(__wasm__) && defined(FIXED_N)
__attribute__((export_name("bench"))) unsigned bench(void) { return run(FIXED_N); }
#endif

/* Freestanding wasm has no libc: the few helpers the kernels need. */
static inline double kernel_sqrt(double x) { return __builtin_sqrt(x); }
#endif
