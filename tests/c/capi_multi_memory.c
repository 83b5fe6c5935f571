/* Several memories (WebAssembly 3.0) through both C APIs: wasm.h sees every exported memory with its own bytes and
 * size; WAMR's default memory is memory 0 and wasm_runtime_get_memory reaches the others. */
#include "capi_wamr_util.h"

static int32_t call2(const wasm_func_t *f, int32_t a, int32_t b)
{
    wasm_val_t args_data[2], results_data[1];
    wasm_val_vec_t args = {2, args_data}, results = {1, results_data};
    args_data[0] = (wasm_val_t)WASM_I32_VAL(a);
    args_data[1] = (wasm_val_t)WASM_I32_VAL(b);
    CHECK(wasm_func_call(f, &args, &results) == NULL);
    return results_data[0].of.i32;
}

static void check_wasm_h(const char *path)
{
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = capi_load(store, path);
    wasm_extern_vec_t imports = WASM_EMPTY_VEC, exports;
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
    wasm_memory_t *first, *second;
    wasm_func_t *load, *store_second;
    wasm_val_t args_data[2], results_data[1];
    wasm_val_vec_t args = {2, args_data}, no_results = {0, NULL}, size_results = {1, results_data}, no_args = WASM_EMPTY_VEC;

    CHECK(instance != NULL);
    wasm_instance_exports(instance, &exports);
    first = wasm_extern_as_memory(capi_export(module, &exports, "first"));
    second = wasm_extern_as_memory(capi_export(module, &exports, "second"));
    load = capi_func(module, &exports, "load");
    store_second = capi_func(module, &exports, "store_second");
    CHECK(first != NULL && second != NULL && load != NULL && store_second != NULL);
    CHECK(wasm_memory_data(first) != wasm_memory_data(second));
    CHECK(wasm_memory_size(first) == 1 && wasm_memory_size(second) == 2);
    CHECK(memcmp(wasm_memory_data(first) + 16, "one", 3) == 0);
    CHECK(memcmp(wasm_memory_data(second) + 16, "two", 3) == 0);

    /* the host writes memory 1 only; wasm reads each memory by index */
    wasm_memory_data(second)[70000] = 9;
    CHECK(call2(load, 1, 70000) == 9);
    CHECK(call2(load, 0, 16) == 'o' && call2(load, 1, 16) == 't');

    args_data[0] = (wasm_val_t)WASM_I32_VAL(100);
    args_data[1] = (wasm_val_t)WASM_I32_VAL(42);
    CHECK(wasm_func_call(store_second, &args, &no_results) == NULL);
    CHECK(wasm_memory_data(second)[100] == 42 && wasm_memory_data(first)[100] == 0);

    /* growing memory 1 from the host shows in wasm's memory.size of it, not in memory 0 */
    CHECK(wasm_memory_grow(second, 1));
    CHECK(wasm_func_call(capi_func(module, &exports, "size_second"), &no_args, &size_results) == NULL);
    CHECK(results_data[0].of.i32 == 3 && wasm_memory_size(first) == 1);

    capi_delete(&exports, instance, module, store, engine);
}

static void check_wamr(const char *path)
{
    unsigned char *bytes;
    wasm_module_t module;
    wasm_module_inst_t instance = capi_wamr_instantiate("capi_multi_memory", path, &module, &bytes);
    wasm_memory_inst_t memory0, memory1;

    memory0 = wasm_runtime_get_default_memory(instance);
    memory1 = wasm_runtime_get_memory(instance, 1);
    CHECK(memory0 != NULL && memory1 != NULL);
    CHECK(wasm_runtime_get_memory(instance, 0) == memory0);
    CHECK(wasm_runtime_get_memory(instance, 2) == NULL);
    CHECK(wasm_memory_get_cur_page_count(memory0) == 1 && wasm_memory_get_cur_page_count(memory1) == 2);
    CHECK(wasm_memory_get_max_page_count(memory1) == 4);
    CHECK(memcmp((char *)wasm_memory_get_base_address(memory0) + 16, "one", 3) == 0);
    CHECK(memcmp((char *)wasm_memory_get_base_address(memory1) + 16, "two", 3) == 0);
    /* app addresses are memory 0's: valid below its one page, not in memory 1's second page */
    CHECK(wasm_runtime_validate_app_addr(instance, 16, 3));
    CHECK(!wasm_runtime_validate_app_addr(instance, 70000, 1));
    CHECK(memcmp(wasm_runtime_addr_app_to_native(instance, 16), "one", 3) == 0);

    capi_wamr_destroy(instance, module, bytes);
}

int main(int argc, char **argv)
{
    (void)argc;
    check_wasm_h(argv[1]);
    check_wamr(argv[1]);
    return test_summary("capi_multi_memory");
}
