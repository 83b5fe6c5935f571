/*
 * Calling a host function of any WAMR signature on AArch64, under the standard procedure call standard (AAPCS64, as
 * Linux and the other ELF systems use it) and under Apple's arm64 variant of it. Same interface as
 * invoke_native_sysv_x64.c (invoke_native.h, NativeShim.InvokeNative).
 *
 * AAPCS64 section 6.8.2 ("Parameter passing rules"), for the argument classes a WAMR signature has (integers and
 * pointers of at most 64 bits, f32, f64; no composites, no variadic functions):
 *   - the first eight integer-class arguments go in x0-x7 (an i32 in the low half; the callee ignores the rest),
 *   - the first eight floating-point arguments go in v0-v7 (an f32 in s<n>, an f64 in d<n>), counted separately,
 *   - every later argument goes on the stack, in order, one 8-byte slot each (an f32 or i32 in the slot's low 4
 *     bytes), starting at the stack pointer at the call, which is 16-byte aligned;
 *   - the result comes back in x0/w0 or in d0/s0.
 * Apple's arm64 ABI ("Writing ARM64 code for Apple platforms") differs, for these classes, only on the stack: an
 * argument takes only its own size there (an i32 or f32 4 bytes), aligned to that size, so two i32 share a slot.
 * So the shim sorts the arguments into the eight x registers, the eight v registers and a block of stack bytes laid
 * out by the platform's rule, and a small assembly trampoline loads all sixteen registers, copies the block under the
 * stack pointer, calls, and keeps both result registers; the callee reads the registers and bytes it declares.
 *
 * MW_APPLE_ARM64_PACKING selects Apple's stack layout on an ELF build too: tests/c/native_call_stack_layout.c checks
 * both layouts byte by byte under qemu, since no Mac is at hand. Windows on ARM64 follows AAPCS64 for non-variadic
 * calls but is neither ELF nor Mach-O: not built here.
 */
#if defined(__aarch64__) && (defined(__ELF__) || defined(__APPLE__))
#if defined(__APPLE__) && !defined(MW_APPLE_ARM64_PACKING)
#define MW_APPLE_ARM64_PACKING 1
#endif

#include <stddef.h>
#include <stdint.h>

#include "invoke_native.h"

#define MW_X_REGS 8
#define MW_V_REGS 8
/* More than any WAMR native gets (NativeBinding allows 64 arguments plus the exec env, 16 of them in registers). */
#define MW_MAX_STACK 64

/* What the trampoline reads and writes; the offsets are spelled out in the assembly below. */
struct mw_call {
    uint64_t x[MW_X_REGS];      /*   0: x0-x7 */
    uint64_t v[MW_V_REGS];      /*  64: d0-d7, the low 64 bits of v0-v7 */
    const uint64_t *stack;      /* 128: the stack block, stack_words 8-byte words */
    uint64_t stack_words;       /* 136: even, so the stack pointer stays 16-byte aligned */
    void *fn;                   /* 144 */
    uint64_t result_x;          /* 152: x0 after the call */
    uint64_t result_v;          /* 160: d0 after the call (s0 in its low 32 bits) */
};

/* C99 has no static_assert: an array of negative size stops the build if a field moved. */
#define MW_AT(field, offset) typedef char mw_check_##field[offsetof(struct mw_call, field) == (offset) ? 1 : -1]
MW_AT(x, 0);
MW_AT(v, 64);
MW_AT(stack, 128);
MW_AT(stack_words, 136);
MW_AT(fn, 144);
MW_AT(result_x, 152);
MW_AT(result_v, 160);

__attribute__((visibility("hidden"))) void microwasm_aapcs64_call(struct mw_call *call);

/* Mach-O prefixes C names with an underscore and has no .type/.size; both hide the symbol from other modules. */
#if defined(__APPLE__)
#define MW_TRAMPOLINE "_microwasm_aapcs64_call"
#define MW_TRAMPOLINE_DECLARE "    .private_extern " MW_TRAMPOLINE "\n"
#define MW_TRAMPOLINE_END ""
#else
#define MW_TRAMPOLINE "microwasm_aapcs64_call"
#define MW_TRAMPOLINE_DECLARE "    .hidden " MW_TRAMPOLINE "\n    .type " MW_TRAMPOLINE ", %function\n"
#define MW_TRAMPOLINE_END "    .size " MW_TRAMPOLINE ", .-" MW_TRAMPOLINE "\n"
#endif

/*
 * The trampoline. x19 (callee-saved) keeps the call block across the call; x29 keeps the stack pointer to restore,
 * whatever the stack block's size. x16 (IP0) holds the target: it is not an argument register. `hint #34` is
 * BTI c, a no-op where branch target identification is off.
 */
__asm__(
    "    .text\n"
    "    .p2align 2\n"
    "    .globl " MW_TRAMPOLINE "\n"
    MW_TRAMPOLINE_DECLARE
    MW_TRAMPOLINE ":\n"
    "    .cfi_startproc\n"
    "    hint #34\n"
    "    stp x29, x30, [sp, #-32]!\n"
    "    .cfi_def_cfa_offset 32\n"
    "    .cfi_offset x29, -32\n"
    "    .cfi_offset x30, -24\n"
    "    mov x29, sp\n"
    "    .cfi_def_cfa_register x29\n"
    "    str x19, [sp, #16]\n"
    "    .cfi_offset x19, -16\n"
    "    mov x19, x0\n"
    /* Reserve and fill the stack block: stack_words slots from `stack`, lowest address first. */
    "    ldr x9, [x19, #136]\n"
    "    lsl x10, x9, #3\n"
    "    sub sp, sp, x10\n"
    "    ldr x10, [x19, #128]\n"
    "    mov x11, sp\n"
    "    cbz x9, 2f\n"
    "1:  ldr x12, [x10], #8\n"
    "    str x12, [x11], #8\n"
    "    subs x9, x9, #1\n"
    "    b.ne 1b\n"
    "2:  ldp d0, d1, [x19, #64]\n"
    "    ldp d2, d3, [x19, #80]\n"
    "    ldp d4, d5, [x19, #96]\n"
    "    ldp d6, d7, [x19, #112]\n"
    "    ldr x16, [x19, #144]\n"
    "    ldp x0, x1, [x19, #0]\n"
    "    ldp x2, x3, [x19, #16]\n"
    "    ldp x4, x5, [x19, #32]\n"
    "    ldp x6, x7, [x19, #48]\n"
    "    blr x16\n"
    "    str x0, [x19, #152]\n"
    "    str d0, [x19, #160]\n"
    "    mov sp, x29\n"
    "    ldr x19, [sp, #16]\n"
    "    ldp x29, x30, [sp], #32\n"
    "    .cfi_def_cfa sp, 0\n"
    "    .cfi_restore x19\n"
    "    .cfi_restore x29\n"
    "    .cfi_restore x30\n"
    "    ret\n"
    "    .cfi_endproc\n"
    MW_TRAMPOLINE_END);

/* Bytes an argument takes on the stack, which is also its alignment there. */
static uint32_t stack_bytes(uint8_t kind)
{
#if MW_APPLE_ARM64_PACKING
    return kind == MW_ARG_I32 || kind == MW_ARG_F32 ? 4 : 8;
#else
    (void)kind;
    return 8;
#endif
}

uint64_t microwasm_shim_invoke_native(void *fn, const uint64_t *args, uint32_t argc, const uint8_t *kinds,
                                      uint8_t result_kind)
{
    /* One word more than the limit, so that rounding up to an even count never reads past the block. */
    uint64_t stack[MW_MAX_STACK + 1];
    struct mw_call call = {{0}, {0}, stack, 0, fn, 0, 0};
    uint32_t nx = 0, nv = 0, used = 0, k;

    for (k = 0; k < argc; k++) {
        /* An f32 is its 32 bits in the low half of the register or slot; the upper half is not read. */
        uint64_t bits = kinds[k] == MW_ARG_F32 ? (args[k] & 0xFFFFFFFFu) : args[k];
        int is_float = MW_ARG_IS_FLOAT(kinds[k]);
        if (!is_float && nx < MW_X_REGS)
            call.x[nx++] = bits;
        else if (is_float && nv < MW_V_REGS)
            call.v[nv++] = bits;
        else {
            uint32_t size = stack_bytes(kinds[k]);
            used = (used + size - 1) / size * size;
            if (used + size > MW_MAX_STACK * 8)
                return 0; /* unreachable with WAMR signatures: NativeBinding refuses more than 64 arguments */
            if (used % 8 == 0)
                stack[used / 8] = 0;
            /* Little-endian: the value is its low bytes. A builtin, so that the file needs no C library header (it
             * is compiled for macOS here with clang alone, in scripts/check-ports.sh). */
            __builtin_memcpy((unsigned char *)stack + used, &bits, size);
            used += size;
        }
    }
    call.stack_words = (used + 7) / 8;
    if (call.stack_words & 1)
        stack[call.stack_words++] = 0;

    microwasm_aapcs64_call(&call);

    switch (result_kind) {
        case MW_RESULT_I32: /* w0: the upper half of x0 is unspecified */
            return (uint32_t)call.result_x;
        case MW_RESULT_F32: /* s0 */
            return (uint32_t)call.result_v;
        case MW_RESULT_I64:
            return call.result_x;
        case MW_RESULT_F64:
            return call.result_v;
        default:
            return 0;
    }
}

#endif
