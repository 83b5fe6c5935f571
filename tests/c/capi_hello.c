/* wasm.h: the smallest round trip. A module calls an imported host function; the host calls the module. */
#include "capi_util.h"

static int hello_calls;

static wasm_trap_t *hello(const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    (void)args;
    (void)results;
    hello_calls++;
    return NULL;
}

int main(int argc, char **argv)
{
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module;
    wasm_functype_t *type;
    wasm_func_t *hello_func;
    wasm_extern_t *imports_data[1];
    wasm_extern_vec_t imports, exports;
    wasm_instance_t *instance;
    wasm_trap_t *trap = NULL;
    wasm_func_t *run;
    wasm_val_vec_t args = WASM_EMPTY_VEC, results = WASM_EMPTY_VEC;
    wasm_byte_vec_t garbage;
    (void)argc;

    CHECK(engine != NULL && store != NULL);
    module = capi_load(store, argv[1]);

    wasm_byte_vec_new(&garbage, 4, "\0asx");
    CHECK(!wasm_module_validate(store, &garbage));
    CHECK(wasm_module_new(store, &garbage) == NULL);
    wasm_byte_vec_delete(&garbage);

    type = wasm_functype_new_0_0();
    hello_func = wasm_func_new(store, type, hello);
    wasm_functype_delete(type);
    CHECK(hello_func != NULL);
    CHECK(wasm_func_param_arity(hello_func) == 0 && wasm_func_result_arity(hello_func) == 0);

    imports_data[0] = wasm_func_as_extern(hello_func);
    wasm_extern_vec_new(&imports, 1, imports_data);
    instance = wasm_instance_new(store, module, &imports, &trap);
    CHECK(instance != NULL && trap == NULL);
    /* the vector owned the extern: deleting it deletes our reference to the function */
    wasm_extern_vec_delete(&imports);

    wasm_instance_exports(instance, &exports);
    CHECK(exports.size == 1);
    run = capi_func(module, &exports, "run");
    CHECK(run != NULL);
    CHECK(wasm_extern_kind(exports.data[0]) == WASM_EXTERN_FUNC);
    CHECK(wasm_func_call(run, &args, &results) == NULL);
    CHECK(wasm_func_call(run, &args, &results) == NULL);
    CHECK(hello_calls == 2);

    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    return test_summary("capi_hello");
}
