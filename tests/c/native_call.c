/*
 * The native-call shim (native-shim/invoke_native_<abi>.c) alone, called directly as NativeBinding calls it: every
 * argument class in registers and on the stack, up to the 65 arguments a WAMR native can get (the exec env and 64
 * wasm arguments), and every result class. Each callee records the arguments it received; the test compares them,
 * bit for bit, with what the shim was given. Built for every port, it checks the calling convention of the target.
 */
#include <stdint.h>
#include <string.h>
#include "invoke_native.h"
#include "test_util.h"

enum { ARG_INTEGER = MW_ARG_INTEGER, ARG_F32 = MW_ARG_F32, ARG_F64 = MW_ARG_F64, ARG_I32 = MW_ARG_I32 };
enum { RESULT_VOID = MW_RESULT_VOID, RESULT_I32 = MW_RESULT_I32, RESULT_I64 = MW_RESULT_I64, RESULT_F32 = MW_RESULT_F32,
       RESULT_F64 = MW_RESULT_F64 };
#define MAX_ARGS 65

/* What the callee saw, one 64-bit word per argument: i32 sign-extended (as NativeBinding passes it), f32 bits
 * zero-extended. */
static uint64_t seen[MAX_ARGS];
static int nseen;

static void see_i32(int32_t v) { seen[nseen++] = (uint64_t)(int64_t)v; }
static void see_i64(int64_t v) { seen[nseen++] = (uint64_t)v; }
static void see_f32(float v)
{
    uint32_t bits;
    memcpy(&bits, &v, sizeof bits);
    seen[nseen++] = bits;
}
static void see_f64(double v)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    seen[nseen++] = bits;
}

#define LIST8(T, p) T p##0, T p##1, T p##2, T p##3, T p##4, T p##5, T p##6, T p##7
#define SEE8(f, p) f(p##0); f(p##1); f(p##2); f(p##3); f(p##4); f(p##5); f(p##6); f(p##7)

/* 65 integers: 8 in registers, 57 (an odd number) on the stack. */
static int64_t ints65(LIST8(int64_t, a), LIST8(int64_t, b), LIST8(int64_t, c), LIST8(int64_t, d), LIST8(int64_t, e),
                      LIST8(int64_t, f), LIST8(int64_t, g), LIST8(int64_t, h), int64_t last)
{
    SEE8(see_i64, a); SEE8(see_i64, b); SEE8(see_i64, c); SEE8(see_i64, d);
    SEE8(see_i64, e); SEE8(see_i64, f); SEE8(see_i64, g); SEE8(see_i64, h);
    see_i64(last);
    return INT64_C(-0x123456789ABCDEF);
}

/* An exec env and 64 f32: the floats fill the 8 (or x64's 8) float registers, then 56 stack slots. */
static float floats64(void *env, LIST8(float, a), LIST8(float, b), LIST8(float, c), LIST8(float, d),
                      LIST8(float, e), LIST8(float, f), LIST8(float, g), LIST8(float, h))
{
    see_i64((int64_t)(intptr_t)env);
    SEE8(see_f32, a); SEE8(see_f32, b); SEE8(see_f32, c); SEE8(see_f32, d);
    SEE8(see_f32, e); SEE8(see_f32, f); SEE8(see_f32, g); SEE8(see_f32, h);
    return -1.5f;
}

/* Every class interleaved, 8 times over: integers and floats run out of registers at different arguments, and the
 * stack slots interleave in argument order. */
#define MIX(n) int32_t i##n, int64_t l##n, float f##n, double d##n
#define SEE_MIX(n) see_i32(i##n); see_i64(l##n); see_f32(f##n); see_f64(d##n)
static double mixed(void *env, MIX(0), MIX(1), MIX(2), MIX(3), MIX(4), MIX(5), MIX(6), MIX(7))
{
    see_i64((int64_t)(intptr_t)env);
    SEE_MIX(0); SEE_MIX(1); SEE_MIX(2); SEE_MIX(3); SEE_MIX(4); SEE_MIX(5); SEE_MIX(6); SEE_MIX(7);
    return 1.0 / 3.0;
}

/* Small signatures, as most natives have, and the i32 result (only its low 32 bits are defined). */
static int32_t two_i32(void *env, int32_t a, int32_t b)
{
    see_i64((int64_t)(intptr_t)env);
    see_i32(a);
    see_i32(b);
    return -7;
}

static void no_result(void *env, double x)
{
    see_i64((int64_t)(intptr_t)env);
    see_f64(x);
}

/* Runs one call and checks what the callee saw against the arguments (low 32 bits of f32 and i32 arguments). */
static uint64_t call(const char *name, void *fn, const uint64_t *args, const uint8_t *kinds, uint32_t argc,
                     uint8_t result_kind)
{
    uint64_t result;
    uint32_t k;
    int ok = 1;
    nseen = 0;
    memset(seen, 0, sizeof seen);
    result = microwasm_shim_invoke_native(fn, args, argc, kinds, result_kind);
    if (nseen != (int)argc) {
        fprintf(stderr, "%s: the callee saw %d arguments, expected %u\n", name, nseen, argc);
        ok = 0;
    }
    for (k = 0; k < argc && ok; k++) {
        uint64_t expected = args[k];
        if (kinds[k] == ARG_F32)
            expected &= 0xFFFFFFFFu;
        else if (kinds[k] == ARG_I32)
            expected = (uint64_t)(int64_t)(int32_t)(uint32_t)expected;
        if (seen[k] != expected) {
            fprintf(stderr, "%s: argument %u: expected 0x%016llx, got 0x%016llx\n", name, k,
                    (unsigned long long)expected, (unsigned long long)seen[k]);
            ok = 0;
        }
    }
    CHECK(ok);
    return result;
}

/* A distinct, recognisable bit pattern per argument, with garbage above the 32 bits an f32 or i32 uses. */
static uint64_t pattern(uint32_t k, uint8_t kind)
{
    uint64_t low = 0x3F800000u + k * 0x10001u; /* as an f32: a normal number near 1 */
    if (kind == ARG_F64)
        return 0x4000000000000000ull | ((uint64_t)k << 32) | low;
    if (kind == ARG_F32)
        return 0xDEAD000000000000ull | ((uint64_t)k << 32) | low;
    return 0x8000000000000000ull ^ ((uint64_t)(k + 1) * 0x0101010101010101ull);
}

int main(void)
{
    uint64_t args[MAX_ARGS], result;
    uint8_t kinds[MAX_ARGS];
    uint32_t k, bits32;
    float f;
    double d;

    (void)read_file;
    for (k = 0; k < 65; k++)
        kinds[k] = ARG_INTEGER, args[k] = pattern(k, ARG_INTEGER);
    result = call("ints65", (void *)ints65, args, kinds, 65, RESULT_I64);
    CHECK(result == (uint64_t)INT64_C(-0x123456789ABCDEF));

    kinds[0] = ARG_INTEGER, args[0] = (uint64_t)(uintptr_t)&seen;
    for (k = 1; k < 65; k++)
        kinds[k] = ARG_F32, args[k] = pattern(k, ARG_F32);
    result = call("floats64", (void *)floats64, args, kinds, 65, RESULT_F32);
    f = -1.5f;
    memcpy(&bits32, &f, sizeof bits32);
    CHECK(result == bits32);

    kinds[0] = ARG_INTEGER, args[0] = (uint64_t)(uintptr_t)&seen;
    for (k = 1; k < 33; k++) {
        static const uint8_t cycle[4] = {ARG_I32, ARG_INTEGER, ARG_F32, ARG_F64};
        kinds[k] = cycle[(k - 1) % 4];
        args[k] = pattern(k, kinds[k]);
    }
    result = call("mixed", (void *)mixed, args, kinds, 33, RESULT_F64);
    d = 1.0 / 3.0;
    CHECK(memcmp(&result, &d, sizeof d) == 0);

    kinds[0] = ARG_INTEGER, kinds[1] = kinds[2] = ARG_I32;
    args[0] = (uint64_t)(uintptr_t)&seen, args[1] = (uint64_t)(int64_t)-2, args[2] = 0x7FFFFFFF;
    result = call("two_i32", (void *)two_i32, args, kinds, 3, RESULT_I32);
    CHECK(result == 0xFFFFFFF9u); /* -7 as an i32, zero-extended */

    kinds[1] = ARG_F64, args[1] = pattern(1, ARG_F64);
    result = call("no_result", (void *)no_result, args, kinds, 2, RESULT_VOID);
    CHECK(result == 0);

    return test_summary("native_call");
}
