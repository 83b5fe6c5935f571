/* Each kernel exports `unsigned run(unsigned n)` returning a checksum. The same source is built
 * natively (with native/main.c calling run) and as a freestanding wasm32 module exporting run. */
#ifndef KERNEL_H
#define KERNEL_H
#if defined(__wasm__)
#define KERNEL_EXPORT __attribute__((export_name("run")))
#else
#define KERNEL_EXPORT
#endif
#endif
