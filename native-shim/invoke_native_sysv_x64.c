/*
 * Calling a host function of any WAMR signature on x86-64 System V (Linux, macOS, BSDs).
 *
 * The ABI puts the first six integer-class arguments in rdi, rsi, rdx, rcx, r8, r9, the first eight floating-point
 * arguments in xmm0-7, and every other argument, in order, in 8-byte stack slots. So calling the target through a
 * prototype of six integers, eight doubles and N stack words puts each value where the real prototype expects it:
 * the callee reads the registers and slots it declares and ignores the rest. An f32 travels in the low half of its
 * xmm register or stack slot, so it is passed as the double whose low 32 bits are its bits.
 *
 * One file per ABI: native-shim/invoke_native_<abi>.c (AArch64: invoke_native_aapcs64.c).
 */
#if defined(__x86_64__) && !defined(_WIN32)

#include <stdint.h>
#include <string.h>

#include "invoke_native.h"

#define MW_INT_REGS 6
#define MW_FLOAT_REGS 8
#define MW_MAX_STACK 64

static double bits_to_double(uint64_t bits)
{
    double d;
    memcpy(&d, &bits, sizeof d);
    return d;
}

#define MW_REGS_T uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, \
    double, double, double, double, double, double, double, double
#define MW_REGS_V i[0], i[1], i[2], i[3], i[4], i[5], f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7]

#define MW_S8_T uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t
#define MW_S8_V(o) s[(o)], s[(o) + 1], s[(o) + 2], s[(o) + 3], s[(o) + 4], s[(o) + 5], s[(o) + 6], s[(o) + 7]

/* Calls fn with the registers and 0, 8, 16, 32 or 64 stack words, returning type R. */
#define MW_CALL(R, out)                                                                                      \
    do {                                                                                                     \
        if (ns == 0)                                                                                         \
            out = ((R(*)(MW_REGS_T))fn)(MW_REGS_V);                                                          \
        else if (ns <= 8)                                                                                    \
            out = ((R(*)(MW_REGS_T, MW_S8_T))fn)(MW_REGS_V, MW_S8_V(0));                                     \
        else if (ns <= 16)                                                                                   \
            out = ((R(*)(MW_REGS_T, MW_S8_T, MW_S8_T))fn)(MW_REGS_V, MW_S8_V(0), MW_S8_V(8));                \
        else if (ns <= 32)                                                                                   \
            out = ((R(*)(MW_REGS_T, MW_S8_T, MW_S8_T, MW_S8_T, MW_S8_T))fn)(                                 \
                MW_REGS_V, MW_S8_V(0), MW_S8_V(8), MW_S8_V(16), MW_S8_V(24));                                \
        else                                                                                                 \
            out = ((R(*)(MW_REGS_T, MW_S8_T, MW_S8_T, MW_S8_T, MW_S8_T, MW_S8_T, MW_S8_T, MW_S8_T, MW_S8_T))fn)( \
                MW_REGS_V, MW_S8_V(0), MW_S8_V(8), MW_S8_V(16), MW_S8_V(24), MW_S8_V(32), MW_S8_V(40),       \
                MW_S8_V(48), MW_S8_V(56));                                                                   \
    } while (0)

uint64_t microwasm_shim_invoke_native(void *fn, const uint64_t *args, uint32_t argc, const uint8_t *kinds,
                                      uint8_t result_kind)
{
    uint64_t i[MW_INT_REGS] = {0};
    double f[MW_FLOAT_REGS] = {0};
    uint64_t s[MW_MAX_STACK] = {0};
    uint32_t ni = 0, nf = 0, ns = 0, k;

    for (k = 0; k < argc; k++) {
        if (!MW_ARG_IS_FLOAT(kinds[k])) {
            if (ni < MW_INT_REGS)
                i[ni++] = args[k];
            else if (ns < MW_MAX_STACK)
                s[ns++] = args[k];
            else
                return 0;
        }
        else {
            uint64_t bits = kinds[k] == MW_ARG_F32 ? (args[k] & 0xFFFFFFFFu) : args[k];
            if (nf < MW_FLOAT_REGS)
                f[nf++] = bits_to_double(bits);
            else if (ns < MW_MAX_STACK)
                s[ns++] = bits;
            else
                return 0;
        }
    }

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
