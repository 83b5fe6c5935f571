/* Recursive Fibonacci: measures calls and returns (two calls per call, almost no work in each). */
#include "kernel.h"

static unsigned fib(unsigned n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

/* fib(30) and fib(31) alternately, so that the compiler cannot hoist the call out of the loop. */
KERNEL_EXPORT unsigned run(unsigned n) {
  unsigned sum = 0;
  for (unsigned r = 0; r < n; r++) sum += fib(30 + (r & 1));
  return sum;
}
