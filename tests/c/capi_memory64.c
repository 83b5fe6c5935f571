/* A 64-bit memory (WebAssembly 3.0 memory64) through both C APIs: grown past 4 GiB by the host, its bytes above 4 GiB
 * are the ones wasm stores to at i64 addresses (wasm.h's size_t data size, WAMR's 64-bit app offsets), and an access
 * past the end is a trap or an invalid app address. */
#include "capi_wamr_util.h"

#define FAR_ADDRESS 0x100000010ULL /* 4 GiB + 16 */
#define PAGES_AFTER_GROWTH 65537ULL

static void check_wasm_h(const char *path)
{
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = capi_load(store, path);
    wasm_extern_vec_t imports = WASM_EMPTY_VEC, exports;
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
    wasm_memory_t *memory;
    wasm_val_t args_data[2], results_data[1];
    wasm_val_vec_t args = {2, args_data}, no_results = {0, NULL}, load_args = {1, args_data}, results = {1, results_data};
    wasm_trap_t *trap;

    CHECK(instance != NULL);
    wasm_instance_exports(instance, &exports);
    memory = wasm_extern_as_memory(capi_export(module, &exports, "memory"));
    CHECK(memory != NULL);
    CHECK(memcmp(wasm_memory_data(memory) + 16, "sixty-four", 10) == 0);
    CHECK(wasm_memory_grow(memory, 65536));
    CHECK(wasm_memory_size(memory) == PAGES_AFTER_GROWTH);
    CHECK(wasm_memory_data_size(memory) == (size_t)(PAGES_AFTER_GROWTH * 65536));

    args_data[0] = (wasm_val_t)WASM_I64_VAL((int64_t)FAR_ADDRESS);
    args_data[1] = (wasm_val_t)WASM_I32_VAL(77);
    CHECK(wasm_func_call(capi_func(module, &exports, "store"), &args, &no_results) == NULL);
    CHECK(wasm_memory_data(memory)[FAR_ADDRESS] == 77 && wasm_memory_data(memory)[16] == 's');

    /* one byte past the end traps */
    args_data[0] = (wasm_val_t)WASM_I64_VAL((int64_t)(PAGES_AFTER_GROWTH * 65536));
    trap = wasm_func_call(capi_func(module, &exports, "load"), &load_args, &results);
    CHECK(trap != NULL);
    if (trap != NULL) wasm_trap_delete(trap);

    capi_delete(&exports, instance, module, store, engine);
}

static void check_wamr(const char *path)
{
    unsigned char *bytes;
    wasm_module_t module;
    wasm_module_inst_t instance = capi_wamr_instantiate("capi_memory64", path, &module, &bytes);
    wasm_memory_inst_t memory;
    wasm_exec_env_t env;
    wasm_val_t args[2];
    unsigned char *far;

    memory = wasm_runtime_get_default_memory(instance);
    CHECK(memory != NULL && wasm_memory_enlarge(memory, 65536));
    CHECK(wasm_memory_get_cur_page_count(memory) == PAGES_AFTER_GROWTH);

    env = wasm_runtime_create_exec_env(instance, 16 * 1024);
    args[0].kind = WASM_I64;
    args[0].of.i64 = (int64_t)FAR_ADDRESS;
    args[1].kind = WASM_I32;
    args[1].of.i32 = 99;
    CHECK(wasm_runtime_call_wasm_a(env, wasm_runtime_lookup_function(instance, "store"), 0, NULL, 2, args));

    /* app offsets are 64-bit: the byte above 4 GiB is addressable, the end is not */
    CHECK(wasm_runtime_validate_app_addr(instance, FAR_ADDRESS, 1));
    far = wasm_runtime_addr_app_to_native(instance, FAR_ADDRESS);
    CHECK(far != NULL && *far == 99);
    CHECK(far == (unsigned char *)wasm_memory_get_base_address(memory) + FAR_ADDRESS);
    CHECK(wasm_runtime_addr_native_to_app(instance, far) == FAR_ADDRESS);
    CHECK(!wasm_runtime_validate_app_addr(instance, PAGES_AFTER_GROWTH * 65536, 1));

    wasm_runtime_destroy_exec_env(env);
    capi_wamr_destroy(instance, module, bytes);
}

int main(int argc, char **argv)
{
    (void)argc;
    check_wasm_h(argv[1]);
    check_wamr(argv[1]);
    return test_summary("capi_memory64");
}
