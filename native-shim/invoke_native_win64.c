/*
 * Calling a host function of any WAMR signature on x86-64 Windows (the Microsoft x64 calling convention). Same
 * interface as invoke_native_sysv_x64.c and invoke_native_aapcs64.c (NativeShim.InvokeNative).
 *
 * The convention ("x64 calling convention", Microsoft's documentation), for the argument classes a WAMR signature has
 * (integers and pointers of at most 64 bits, f32, f64; no composites):
 *   - arguments are counted by position, not by class: the first four go in rcx, rdx, r8, r9 when they are integers
 *     and in xmm0, xmm1, xmm2, xmm3 when they are floating point (an f32 in the low 32 bits of its xmm register);
 *   - every later argument goes on the stack, one 8-byte slot each, in order (an f32 or i32 in the slot's low bytes),
 *     above the 32 bytes of shadow space the caller reserves for the four register arguments;
 *   - the result comes back in rax (eax for an i32) or xmm0.
 * The class of the first four arguments picks the register, so one C prototype cannot serve every signature as it
 * does on System V. The convention has a rule that makes one nearly do: in a variadic call, a floating-point argument
 * among the first four is put in both its xmm register and the integer register of the same position (so that a
 * variadic callee can spill rcx-r9 and read every argument from memory). So the shim calls the target through
 * `R (*)(first, ...)` with every argument after the first passed as the double whose bits are the argument's 64-bit
 * word: an integer callee parameter at positions 1-3 reads the integer register, a floating-point one reads the xmm
 * register, and both hold the same bits; at position 4 and later both read the same stack slot. The first argument is
 * named, so it goes in exactly one register: it is passed as a uint64_t (rcx) or as a double (xmm0) according to its
 * class. Extra trailing arguments (the call passes 0, 8, 16, 32 or 64 stack words) are harmless: the caller owns and
 * pops the argument area, and the callee reads only what it declares. Calling a non-variadic function through a
 * variadic type is the same call at the machine level in this convention (the callee cannot tell the two apart).
 *
 * Pure C, no assembly: MSVC has no inline assembly for x64, and clang-cl and MinGW-w64's gcc compile it as well.
 * Not for Windows on ARM64 (AAPCS64 rules, its own shim) nor for x86-64 System V (invoke_native_sysv_x64.c).
 */
#if defined(_WIN32) && (defined(_M_X64) || defined(__x86_64__)) && !defined(_M_ARM64EC)

#include <stdint.h>
#include <string.h>

#include "invoke_native.h"

#define MW_REG_ARGS 4
/* More than any WAMR native gets (NativeBinding allows 64 arguments plus the exec env, 4 of them in registers). */
#define MW_MAX_STACK 64

static double bits_to_double(uint64_t bits)
{
    double d;
    memcpy(&d, &bits, sizeof d);
    return d;
}

/* Arguments 1-3 (registers) and 8 stack words from index o of d (d[4] is the first stack slot). */
#define MW_R3 d[1], d[2], d[3]
#define MW_S8(o) d[4 + (o)], d[5 + (o)], d[6 + (o)], d[7 + (o)], d[8 + (o)], d[9 + (o)], d[10 + (o)], d[11 + (o)]

/* Calls fn as R (*)(F, ...) with the first argument `first` and 0, 8, 16, 32 or 64 stack words. */
#define MW_CALL_AS(R, F, first, out)                                                                            \
    do {                                                                                                        \
        R (*f_)(F, ...) = (R (*)(F, ...))fn;                                                                    \
        if (ns == 0)                                                                                            \
            out = f_(first, MW_R3);                                                                             \
        else if (ns <= 8)                                                                                       \
            out = f_(first, MW_R3, MW_S8(0));                                                                   \
        else if (ns <= 16)                                                                                      \
            out = f_(first, MW_R3, MW_S8(0), MW_S8(8));                                                         \
        else if (ns <= 32)                                                                                      \
            out = f_(first, MW_R3, MW_S8(0), MW_S8(8), MW_S8(16), MW_S8(24));                                   \
        else                                                                                                    \
            out = f_(first, MW_R3, MW_S8(0), MW_S8(8), MW_S8(16), MW_S8(24), MW_S8(32), MW_S8(40), MW_S8(48),  \
                     MW_S8(56));                                                                                \
    } while (0)

/* The first argument in rcx (an integer) or in xmm0 (floating point). */
#define MW_CALL(R, out)                                                                                         \
    do {                                                                                                        \
        if (first_is_float)                                                                                     \
            MW_CALL_AS(R, double, bits_to_double(first), out);                                                  \
        else                                                                                                    \
            MW_CALL_AS(R, uint64_t, first, out);                                                                \
    } while (0)

uint64_t microwasm_shim_invoke_native(void *fn, const uint64_t *args, uint32_t argc, const uint8_t *kinds,
                                      uint8_t result_kind)
{
    /* d[0] is unused (the first argument travels as `first`); d[1..3] registers; d[4..] stack slots. */
    double d[MW_REG_ARGS + MW_MAX_STACK];
    uint64_t first = 0;
    int first_is_float = 0;
    uint32_t ns, k;

    if (argc > MW_REG_ARGS + MW_MAX_STACK)
        return 0;
    memset(d, 0, sizeof d);
    for (k = 0; k < argc; k++) {
        uint64_t bits = kinds[k] == MW_ARG_F32 ? (args[k] & 0xFFFFFFFFu) : args[k];
        if (k == 0) {
            first = bits;
            first_is_float = MW_ARG_IS_FLOAT(kinds[k]);
        }
        else {
            d[k] = bits_to_double(bits);
        }
    }
    ns = argc > MW_REG_ARGS ? argc - MW_REG_ARGS : 0;

    switch (result_kind) {
        case MW_RESULT_F32: {
            float r;
            uint32_t bits;
            MW_CALL(float, r);
            memcpy(&bits, &r, sizeof bits);
            return bits;
        }
        case MW_RESULT_F64: {
            double r;
            uint64_t bits;
            MW_CALL(double, r);
            memcpy(&bits, &r, sizeof bits);
            return bits;
        }
        case MW_RESULT_I32: {
            uint32_t r;
            MW_CALL(uint32_t, r);
            return r;
        }
        default: {
            uint64_t r;
            MW_CALL(uint64_t, r);
            return result_kind == MW_RESULT_VOID ? 0 : r;
        }
    }
}

#endif
