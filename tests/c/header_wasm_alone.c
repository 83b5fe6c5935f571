/* wasm.h is the standard header: like the wasm-c-api project's own, it brings <assert.h> and <string.h> (and stddef,
   stdint, stdbool), so hosts written against it call assert and memcpy without including anything else. */
#undef NDEBUG /* assert must check even in a Release build */
#include "wasm.h"

/* (module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)) */
static const byte_t add_module[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,             /* magic, version */
    0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f,       /* type 0: (i32 i32) -> i32 */
    0x03, 0x02, 0x01, 0x00,                                     /* func 0: type 0 */
    0x07, 0x07, 0x01, 0x03, 'a', 'd', 'd', 0x00, 0x00,          /* export "add" = func 0 */
    0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b, /* local.get 0, local.get 1, i32.add */
};

int main(void)
{
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_byte_vec_t binary;
    wasm_module_t *module;
    wasm_instance_t *instance;
    wasm_extern_vec_t imports = WASM_EMPTY_VEC, exports;
    wasm_val_t args_data[2] = {WASM_I32_VAL(40), WASM_I32_VAL(2)};
    wasm_val_t results_data[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(args_data), results = WASM_ARRAY_VEC(results_data);
    int32_t sum;

    wasm_byte_vec_new_uninitialized(&binary, sizeof add_module);
    memcpy(binary.data, add_module, sizeof add_module);
    module = wasm_module_new(store, &binary);
    wasm_byte_vec_delete(&binary);
    assert(module != NULL);
    instance = wasm_instance_new(store, module, &imports, NULL);
    assert(instance != NULL);
    wasm_instance_exports(instance, &exports);
    assert(exports.size == 1);
    assert(wasm_func_call(wasm_extern_as_func(exports.data[0]), &args, &results) == NULL);
    memcpy(&sum, &results_data[0].of.i32, sizeof sum);
    assert(sum == 42);

    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    return sum == 42 ? 0 : 1;
}
