/* wasm.h memory: an exported memory's bytes, size and growth, shared by host and wasm; a host-made memory. */
#include "capi_util.h"

static wasm_trap_t *call_i32(const wasm_func_t *f, int n, int32_t a, int32_t b, int32_t *result)
{
    wasm_val_t args_data[2], results_data[1];
    wasm_val_vec_t args = {(size_t)n, args_data}, results = {result != NULL ? 1u : 0u, results_data};
    wasm_trap_t *trap;
    args_data[0] = (wasm_val_t)WASM_I32_VAL(a);
    args_data[1] = (wasm_val_t)WASM_I32_VAL(b);
    trap = wasm_func_call(f, &args, &results);
    if (trap == NULL && result != NULL)
        *result = results_data[0].of.i32;
    return trap;
}

int main(int argc, char **argv)
{
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = capi_load(store, argv[1]);
    wasm_extern_vec_t imports = WASM_EMPTY_VEC, exports;
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
    wasm_memory_t *memory;
    wasm_func_t *size, *load, *store_fn;
    byte_t *data;
    int32_t result = 0;
    wasm_trap_t *trap;
    wasm_memorytype_t *type;
    wasm_limits_t limits = {1, 2};
    wasm_memory_t *host_memory;
    (void)argc;

    CHECK(instance != NULL);
    wasm_instance_exports(instance, &exports);
    memory = wasm_extern_as_memory(capi_export(module, &exports, "memory"));
    size = capi_func(module, &exports, "size");
    load = capi_func(module, &exports, "load");
    store_fn = capi_func(module, &exports, "store");
    CHECK(memory != NULL);

    data = wasm_memory_data(memory);
    CHECK(data != NULL);
    CHECK(wasm_memory_size(memory) == 2);
    CHECK(wasm_memory_data_size(memory) == 2 * MEMORY_PAGE_SIZE);
    CHECK(data[0x1000] == 1 && data[0x1003] == 4);

    CHECK(call_i32(load, 1, 0x1002, 0, &result) == NULL && result == 3);
    data[0x1002] = 0x7f;
    CHECK(call_i32(load, 1, 0x1002, 0, &result) == NULL && result == 0x7f);
    CHECK(call_i32(store_fn, 2, 0x1ffff, 5, NULL) == NULL);
    CHECK(data[0x1ffff] == 5);

    trap = call_i32(load, 1, 0x20000, 0, &result);
    CHECK(trap != NULL);
    if (trap != NULL) wasm_trap_delete(trap);

    /* grow by one page: the base address stays (64-bit hosts), the new page is zero */
    CHECK(wasm_memory_grow(memory, 1));
    CHECK(wasm_memory_size(memory) == 3);
    CHECK(wasm_memory_data(memory) == data);
    CHECK(data[0x20000] == 0);
    CHECK(call_i32(size, 0, 0, 0, &result) == NULL && result == 3);
    CHECK(call_i32(store_fn, 2, 0x2ffff, 6, NULL) == NULL && data[0x2ffff] == 6);
    /* past the maximum: refused */
    CHECK(!wasm_memory_grow(memory, 1));
    CHECK(wasm_memory_grow(memory, 0));

    type = wasm_memory_type(memory);
    CHECK(wasm_memorytype_limits(type)->min == 3 && wasm_memorytype_limits(type)->max == 3);
    wasm_memorytype_delete(type);

    /* a memory made by the host */
    type = wasm_memorytype_new(&limits);
    host_memory = wasm_memory_new(store, type);
    wasm_memorytype_delete(type);
    CHECK(host_memory != NULL && wasm_memory_size(host_memory) == 1);
    CHECK(wasm_memory_grow(host_memory, 1) && !wasm_memory_grow(host_memory, 1));
    CHECK(wasm_memory_data(host_memory)[2 * MEMORY_PAGE_SIZE - 1] == 0);
    wasm_memory_delete(host_memory);

    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    return test_summary("capi_memory");
}
