/* wasm.h serialization and sharing: a module serialized, deserialized and run; a module shared with another store. */
#include "capi_util.h"

static int calls;

static wasm_trap_t *hello(const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    (void)args;
    (void)results;
    calls++;
    return NULL;
}

static void run(wasm_store_t *store, const wasm_module_t *module)
{
    wasm_functype_t *type = wasm_functype_new_0_0();
    wasm_func_t *f = wasm_func_new(store, type, hello);
    wasm_extern_t *imports_data[1];
    wasm_extern_vec_t imports, exports;
    wasm_instance_t *instance;
    wasm_val_vec_t none = WASM_EMPTY_VEC;
    wasm_functype_delete(type);
    imports_data[0] = wasm_func_as_extern(f);
    imports = (wasm_extern_vec_t)WASM_ARRAY_VEC(imports_data);
    instance = wasm_instance_new(store, module, &imports, NULL);
    CHECK(instance != NULL);
    if (instance == NULL)
        return;
    wasm_instance_exports(instance, &exports);
    CHECK(wasm_func_call(capi_func(module, &exports, "run"), &none, &none) == NULL);
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_func_delete(f);
}

int main(int argc, char **argv)
{
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine), *other;
    wasm_module_t *module = capi_load(store, argv[1]), *back, *obtained;
    wasm_byte_vec_t serialized, broken;
    wasm_shared_module_t *shared;
    (void)argc;

    wasm_module_serialize(module, &serialized);
    CHECK(serialized.size > 8);
    wasm_module_delete(module);
    back = wasm_module_deserialize(store, &serialized);
    CHECK(back != NULL);
    wasm_byte_vec_copy(&broken, &serialized);
    broken.data[0] ^= 0x55;
    CHECK(wasm_module_deserialize(store, &broken) == NULL);
    wasm_byte_vec_delete(&broken);
    wasm_byte_vec_delete(&serialized);
    run(store, back);
    CHECK(calls == 1);

    shared = wasm_module_share(back);
    CHECK(shared != NULL);
    wasm_module_delete(back);
    other = wasm_store_new(engine);
    obtained = wasm_module_obtain(other, shared);
    wasm_shared_module_delete(shared);
    CHECK(obtained != NULL);
    run(other, obtained);
    CHECK(calls == 2);
    wasm_module_delete(obtained);

    wasm_store_delete(other);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    return test_summary("capi_serialize");
}
