/* Mandelbrot set: escape-time iterations over a 200x200 grid, repeated n times with a slightly
 * shifted view. Measures f64 arithmetic in a tight loop with a data-dependent exit. */
#include "kernel.h"

#define SIZE 200
#define MAX_ITER 255

KERNEL_EXPORT unsigned run(unsigned n) {
  unsigned checksum = 0;
  for (unsigned r = 0; r < n; r++) {
    double shift = (double)(r % 16) * 1e-4;
    for (int py = 0; py < SIZE; py++) {
      double ci = -1.25 + 2.5 * py / SIZE + shift;
      for (int px = 0; px < SIZE; px++) {
        double cr = -2.0 + 2.5 * px / SIZE - shift;
        double zr = 0, zi = 0;
        int it = 0;
        while (it < MAX_ITER && zr * zr + zi * zi <= 4.0) {
          double t = zr * zr - zi * zi + cr;
          zi = 2.0 * zr * zi + ci;
          zr = t;
          it++;
        }
        checksum = checksum * 33u + (unsigned)it;
      }
    }
  }
  return checksum;
}
