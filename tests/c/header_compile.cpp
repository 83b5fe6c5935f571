/* The public headers compile cleanly as C++17 (the same test as header_compile.c). */
#include "microwasm.h"
#include <stdio.h>

int main(void)
{
    /* not EXPORT_WASM_API_*: they cast a function to void *, which ISO C does not allow (WAMR's macros, as they are) */
    NativeSymbol symbol = {"f", NULL, "()i", NULL};
    wasm_val_t value;
    RuntimeInitArgs args;
    uint32_t major = 0, minor = 0, patch = 0;
    value.kind = WASM_I32;
    value.of.i32 = 1;
    args.mem_alloc_type = Alloc_With_System_Allocator;
    (void)args;
    microwasm_get_version(&major, &minor, &patch);
    printf("headers: %s, MicroWasm %u.%u.%u, kind %d, %s\n", HEADER_LANGUAGE, major, minor, patch, value.kind, symbol.symbol);
    return major == MICROWASM_VERSION_MAJOR && minor == MICROWASM_VERSION_MINOR ? 0 : 1;
}
