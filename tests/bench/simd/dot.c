/* Dot products, repeated: an i16 dot product (the inner loop of integer filters and quantized inference)
 * and an f32 one. Built twice from this source: with -msimd128 the loops use wasm_simd128.h intrinsics
 * (i32x4.dot_i16x8_s, f32x4.mul/add, v128 loads), without it they are plain scalar C. Same checksum. */
#include "../kernels/kernel.h"
#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

#define N 4096
static short xs[N], ys[N];
static float fa[N], fb[N];

static int dot_i16(void) {
#ifdef __wasm_simd128__
  v128_t acc = wasm_i32x4_splat(0);
  for (int i = 0; i < N; i += 8)
    acc = wasm_i32x4_add(acc, wasm_i32x4_dot_i16x8(wasm_v128_load(&xs[i]), wasm_v128_load(&ys[i])));
  return wasm_i32x4_extract_lane(acc, 0) + wasm_i32x4_extract_lane(acc, 1) + wasm_i32x4_extract_lane(acc, 2) +
         wasm_i32x4_extract_lane(acc, 3);
#else
  int acc = 0;
  for (int i = 0; i < N; i++) acc += xs[i] * ys[i];
  return acc;
#endif
}

/* Summed in four interleaved lanes in both builds, so the float results are bit-identical. */
static float dot_f32(void) {
#ifdef __wasm_simd128__
  v128_t acc = wasm_f32x4_splat(0.0f);
  for (int i = 0; i < N; i += 4) acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_v128_load(&fa[i]), wasm_v128_load(&fb[i])));
  return (wasm_f32x4_extract_lane(acc, 0) + wasm_f32x4_extract_lane(acc, 1)) +
         (wasm_f32x4_extract_lane(acc, 2) + wasm_f32x4_extract_lane(acc, 3));
#else
  float a0 = 0, a1 = 0, a2 = 0, a3 = 0;
  for (int i = 0; i < N; i += 4) {
    a0 += fa[i] * fb[i];
    a1 += fa[i + 1] * fb[i + 1];
    a2 += fa[i + 2] * fb[i + 2];
    a3 += fa[i + 3] * fb[i + 3];
  }
  return (a0 + a1) + (a2 + a3);
#endif
}

KERNEL_EXPORT unsigned run(unsigned repeats) {
  for (int i = 0; i < N; i++) {
    xs[i] = (short)((i * 37) % 2001 - 1000);
    ys[i] = (short)((i * 91) % 1999 - 999);
    fa[i] = (float)((i * 7) % 17) * 0.25f;
    fb[i] = (float)((i * 5) % 13) * 0.5f;
  }
  unsigned h = 0;
  for (unsigned r = 0; r < repeats; r++) {
    xs[r % N] = (short)r; /* each round differs, so no round can be skipped */
    fa[r % N] = (float)(r % 8);
    h = h * 31u + (unsigned)dot_i16() + (unsigned)(int)dot_f32();
  }
  return h;
}
