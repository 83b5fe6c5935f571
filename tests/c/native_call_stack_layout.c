/*
 * The AArch64 native-call shim's stack layout, byte by byte, for the standard AAPCS64 and for Apple's arm64 variant
 * (built with -DMW_APPLE_ARM64_PACKING=1 for the second). No Mac is at hand, so Apple's layout cannot be checked by
 * calling C code compiled for macOS; instead the callee is a few instructions of assembly that record the registers
 * and the first 64 bytes above the stack pointer as it finds them, and the test compares them with layouts written
 * out here from the two documents' rules:
 *   AAPCS64 6.8.2: every stack argument takes an 8-byte slot, the value in its low bytes;
 *   Apple ("Writing ARM64 code for Apple platforms"): an argument takes its own size (i32 and f32 4 bytes), aligned
 *   to that size.
 */
#include <stdint.h>
#include <string.h>
#include "invoke_native.h"
#include "test_util.h"

/* What capture_arguments saw: x0-x7, d0-d7, then 64 bytes from its stack pointer at entry. */
struct captured {
    uint64_t x[8];
    uint64_t d[8];
    unsigned char stack[64];
};
struct captured captured;

void capture_arguments(void);
__asm__(
    "    .text\n"
    "    .p2align 2\n"
    "    .globl capture_arguments\n"
    "    .type capture_arguments, %function\n"
    "capture_arguments:\n"
    "    adrp x9, captured\n"
    "    add x9, x9, :lo12:captured\n"
    "    stp x0, x1, [x9, #0]\n"
    "    stp x2, x3, [x9, #16]\n"
    "    stp x4, x5, [x9, #32]\n"
    "    stp x6, x7, [x9, #48]\n"
    "    stp d0, d1, [x9, #64]\n"
    "    stp d2, d3, [x9, #80]\n"
    "    stp d4, d5, [x9, #96]\n"
    "    stp d6, d7, [x9, #112]\n"
    "    ldp x10, x11, [sp, #0]\n"
    "    stp x10, x11, [x9, #128]\n"
    "    ldp x10, x11, [sp, #16]\n"
    "    stp x10, x11, [x9, #144]\n"
    "    ldp x10, x11, [sp, #32]\n"
    "    stp x10, x11, [x9, #160]\n"
    "    ldp x10, x11, [sp, #48]\n"
    "    stp x10, x11, [x9, #176]\n"
    "    mov x0, #42\n"
    "    ret\n"
    "    .size capture_arguments, .-capture_arguments\n");

/* Writes the low `size` bytes of value at offset (little-endian). */
static void put(unsigned char *block, unsigned offset, uint64_t value, unsigned size)
{
    unsigned i;
    for (i = 0; i < size; i++)
        block[offset + i] = (unsigned char)(value >> (8 * i));
}

int main(void)
{
    /* Eight integers fill x0-x7 and eight doubles d0-d7; the seven arguments after them go on the stack. */
    enum { REGS = 16, STACKED = 7 };
    static const uint8_t stacked_kinds[STACKED] = {MW_ARG_I32, MW_ARG_INTEGER, MW_ARG_I32, MW_ARG_I32,
                                                   MW_ARG_F32, MW_ARG_F64, MW_ARG_F32};
    static const uint64_t stacked_values[STACKED] = {
        0xFFFFFFFF81828384ull,  /* i32 -2122153084, sign-extended as NativeBinding passes it */
        0x1122334455667788ull,  /* i64 */
        0x0000000021222324ull,  /* i32 */
        0xFFFFFFFFA1A2A3A4ull,  /* i32, negative */
        0x000000003FC00000ull,  /* f32 1.5 */
        0x400921FB54442D18ull,  /* f64 pi */
        0x00000000C0200000ull,  /* f32 -2.5 */
    };
#if MW_APPLE_ARM64_PACKING
    /* 4 + pad 4 + 8 + 4 + 4 + 4 + pad 4 + 8 + 4 = 44 bytes. */
    static const unsigned offsets[STACKED] = {0, 8, 16, 20, 24, 32, 40};
    const char *layout = "apple";
#else
    static const unsigned offsets[STACKED] = {0, 8, 16, 24, 32, 40, 48};
    const char *layout = "aapcs64";
#endif
    uint64_t args[REGS + STACKED];
    uint8_t kinds[REGS + STACKED];
    unsigned char expected[64];
    unsigned k;
    uint64_t result;

    (void)read_file;
    for (k = 0; k < 8; k++) {
        kinds[k] = MW_ARG_INTEGER, args[k] = 0x0101010101010101ull * (k + 1);
        kinds[8 + k] = MW_ARG_F64, args[8 + k] = 0x4000000000000000ull + k;
    }
    for (k = 0; k < STACKED; k++)
        kinds[REGS + k] = stacked_kinds[k], args[REGS + k] = stacked_values[k];

    memset(&captured, 0xEE, sizeof captured);
    result = microwasm_shim_invoke_native((void *)capture_arguments, args, REGS + STACKED, kinds, MW_RESULT_I64);
    CHECK(result == 42);
    for (k = 0; k < 8; k++) {
        CHECK(captured.x[k] == args[k]);
        CHECK(captured.d[k] == args[8 + k]);
    }
    /* Compare only the bytes each argument owns: padding between them is unspecified. */
    memset(expected, 0, sizeof expected);
    for (k = 0; k < STACKED; k++) {
        uint8_t kind = stacked_kinds[k];
        unsigned size = kind == MW_ARG_I32 || kind == MW_ARG_F32 ? 4 : 8;
        put(expected, offsets[k], stacked_values[k], size);
        if (memcmp(captured.stack + offsets[k], expected + offsets[k], size) != 0) {
            fprintf(stderr, "%s layout: stack argument %u is not at byte %u\n", layout, k, offsets[k]);
            CHECK(0);
        }
    }
    return test_summary("native_call_stack_layout");
}
