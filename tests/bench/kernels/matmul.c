/* Single-precision matrix multiply, repeated: measures float arithmetic and loads. */
#include "kernel.h"

#define N 128
static float a[N][N], b[N][N], c[N][N];

KERNEL_EXPORT unsigned run(unsigned repeats) {
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) {
      a[i][j] = (float)((i * 7 + j * 3) % 17) * 0.25f;
      b[i][j] = (float)((i * 5 + j * 11) % 13) * 0.5f;
    }
  for (unsigned r = 0; r < repeats; r++)
    for (int i = 0; i < N; i++)
      for (int j = 0; j < N; j++) {
        float sum = 0.0f;
        for (int k = 0; k < N; k++) sum += a[i][k] * b[k][j];
        c[i][j] = sum + (float)r;
      }
  /* A checksum over the result that does not depend on float summation order across engines. */
  unsigned h = 0;
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) h = h * 31u + (unsigned)c[i][j];
  return h;
}
