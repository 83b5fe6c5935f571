/* Native harness: runs a kernel's run(n) once and prints its checksum, like `microwasm run --invoke run n`. */
#include <stdio.h>
#include <stdlib.h>

unsigned run(unsigned n);

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s N\n", argv[0]);
    return 2;
  }
  printf("%u\n", run((unsigned)strtoul(argv[1], NULL, 10)));
  return 0;
}
