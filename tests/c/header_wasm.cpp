/* wasm.h compiles cleanly as C++17, alone and together with wasm_export.h. */
#include "wasm.h"
#include "wasm_export.h"
#include <cstdio>

int main()
{
    wasm_val_t value;
    value.kind = WASM_I64;
    value.of.i64 = 42;
    wasm_limits_t limits = {1, wasm_limits_max_default};
    wasm_byte_vec_t empty = {0, nullptr};
    wasm_engine_delete(wasm_engine_new());
    std::printf("wasm.h: C++17, kind %d, value %lld, limits %u..%u, %zu bytes\n", value.kind, (long long)value.of.i64,
                limits.min, limits.max, empty.size);
    return value.of.i64 == 42 && MEMORY_PAGE_SIZE == 65536 ? 0 : 1;
}
