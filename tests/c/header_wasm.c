/* wasm.h compiles cleanly as strict C99, alone and together with wasm_export.h (they share wasm_val_t). */
#include "wasm.h"
#include "wasm_export.h"
#include <stdio.h>

int main(void)
{
    wasm_val_t value = WASM_I32_VAL(42);
    wasm_limits_t limits = {1, wasm_limits_max_default};
    wasm_byte_vec_t empty = WASM_EMPTY_VEC;
    wasm_engine_delete(wasm_engine_new());
    printf("wasm.h: C99, kind %d, value %d, limits %u..%u, %zu bytes\n", value.kind, (int)value.of.i32, limits.min,
           limits.max, empty.size);
    return value.of.i32 == 42 && MEMORY_PAGE_SIZE == 65536 ? 0 : 1;
}
