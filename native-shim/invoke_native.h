/*
 * The interface of the native-call shims (native-shim/invoke_native_<abi>.c, one per calling convention), which
 * NativeShim.InvokeNative calls from C#: the argument and result classes of a WAMR signature.
 */
#ifndef MICROWASM_INVOKE_NATIVE_H
#define MICROWASM_INVOKE_NATIVE_H

#include <stdint.h>

/* Argument classes. Every convention here treats an i32 as any other integer, except Apple's arm64 one, which packs
 * stack arguments by their size; so NativeBinding tells the two apart. */
#define MW_ARG_INTEGER 0 /* a 64-bit integer or a pointer */
#define MW_ARG_F32 1
#define MW_ARG_F64 2
#define MW_ARG_I32 3
#define MW_ARG_IS_FLOAT(kind) ((kind) == MW_ARG_F32 || (kind) == MW_ARG_F64)

#define MW_RESULT_VOID 0
#define MW_RESULT_I32 1
#define MW_RESULT_I64 2
#define MW_RESULT_F32 3
#define MW_RESULT_F64 4

/* Calls fn with argc arguments of the given classes (i32 arguments sign-extended to 64 bits, f32 bits in the low half)
 * and returns the result's bits (f32 and i32 zero-extended). */
uint64_t microwasm_shim_invoke_native(void *fn, const uint64_t *args, uint32_t argc, const uint8_t *kinds,
                                      uint8_t result_kind);

#endif
