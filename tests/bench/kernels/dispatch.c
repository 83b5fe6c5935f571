/* Calls through function pointers, as virtual methods and callbacks do: a table of small
 * transformations, the next one picked by the data, so that no compiler can see which one runs.
 * Measures indirect calls (call_indirect in wasm) and little else. */
#include "kernel.h"

typedef unsigned (*step_fn)(unsigned state, unsigned input);

static unsigned add_step(unsigned s, unsigned x) { return s + x; }
static unsigned xor_step(unsigned s, unsigned x) { return s ^ (x * 2654435761u); }
static unsigned rotate_step(unsigned s, unsigned x) { return (s << (x & 31)) | (s >> ((32 - (x & 31)) & 31)); }
static unsigned mix_step(unsigned s, unsigned x) { return s * 31u + x; }

/* Not const: the table is data the program could change, as a vtable reached through an object is. */
static step_fn steps[4] = { add_step, xor_step, rotate_step, mix_step };

KERNEL_EXPORT unsigned run(unsigned n) {
  unsigned state = 1;
  for (unsigned r = 0; r < n; r++)
    for (unsigned i = 0; i < 100000; i++) state = steps[(state ^ i) & 3](state, i);
  return state;
}
