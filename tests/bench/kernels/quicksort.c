/* Quicksort (Hoare partition, median of three, insertion sort for short ranges) of 100 000
 * pseudo-random integers, n times: measures compares, swaps, unpredictable branches, recursion. */
#include "kernel.h"

#define COUNT 100000

static int values[COUNT];

static void insertion_sort(int *a, int lo, int hi) {
  for (int i = lo + 1; i <= hi; i++) {
    int v = a[i], j = i - 1;
    while (j >= lo && a[j] > v) { a[j + 1] = a[j]; j--; }
    a[j + 1] = v;
  }
}

static void swap(int *a, int i, int j) { int t = a[i]; a[i] = a[j]; a[j] = t; }

static void quicksort(int *a, int lo, int hi) {
  while (hi - lo > 16) {
    int mid = lo + (hi - lo) / 2;
    if (a[mid] < a[lo]) swap(a, mid, lo);
    if (a[hi] < a[lo]) swap(a, hi, lo);
    if (a[hi] < a[mid]) swap(a, hi, mid);
    int pivot = a[mid], i = lo - 1, j = hi + 1;
    for (;;) {
      do i++; while (a[i] < pivot);
      do j--; while (a[j] > pivot);
      if (i >= j) break;
      swap(a, i, j);
    }
    /* Recurse into the smaller side, loop on the larger: the depth stays logarithmic. */
    if (j - lo < hi - j) { quicksort(a, lo, j); lo = j + 1; }
    else { quicksort(a, j + 1, hi); hi = j; }
  }
  insertion_sort(a, lo, hi);
}

KERNEL_EXPORT unsigned run(unsigned n) {
  unsigned seed = 42, checksum = 0;
  for (unsigned r = 0; r < n; r++) {
    for (int i = 0; i < COUNT; i++) {
      seed ^= seed << 13; seed ^= seed >> 17; seed ^= seed << 5;
      values[i] = (int)(seed % 1000000u) - 500000;
    }
    quicksort(values, 0, COUNT - 1);
    for (int i = 0; i < COUNT; i += 97) checksum = checksum * 31u + (unsigned)values[i];
    for (int i = 1; i < COUNT; i++)
      if (values[i - 1] > values[i]) return 0; /* not sorted: a wrong checksum on purpose */
  }
  return checksum;
}
