/* wasm.h callbacks: host functions with and without an environment, arguments and results of each number type. */
#include "capi_util.h"

static int32_t printed;

static wasm_trap_t *print(const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    CHECK(args->size == 1 && args->data[0].kind == WASM_I32);
    CHECK(results->size == 1 && results->data[0].kind == WASM_I32);
    printed = args->data[0].of.i32;
    results->data[0].of.i32 = printed * 2;
    return NULL;
}

static wasm_trap_t *closure(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    int *counter = (int *)env;
    (void)args;
    results->data[0].kind = WASM_I32;
    results->data[0].of.i32 = ++*counter;
    return NULL;
}

int main(int argc, char **argv)
{
    wasm_engine_t *engine = wasm_engine_new_with_config(wasm_config_new());
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = capi_load(store, argv[1]);
    wasm_functype_t *print_type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
    wasm_functype_t *closure_type = wasm_functype_new_0_1(wasm_valtype_new_i32());
    int counter = 100;
    wasm_func_t *print_func = wasm_func_new(store, print_type, print);
    wasm_func_t *closure_func = wasm_func_new_with_env(store, closure_type, closure, &counter, NULL);
    wasm_extern_t *imports_data[2];
    wasm_extern_vec_t imports, exports;
    wasm_instance_t *instance;
    wasm_val_t args_data[4], results_data[1];
    wasm_val_vec_t args, results = WASM_ARRAY_VEC(results_data);
    wasm_functype_t *run_type;
    (void)argc;

    wasm_functype_delete(print_type);
    wasm_functype_delete(closure_type);
    imports_data[0] = wasm_func_as_extern(print_func);
    imports_data[1] = wasm_func_as_extern(closure_func);
    imports = (wasm_extern_vec_t)WASM_ARRAY_VEC(imports_data);
    instance = wasm_instance_new(store, module, &imports, NULL);
    CHECK(instance != NULL);
    wasm_instance_exports(instance, &exports);

    args_data[0].kind = WASM_I32;
    args_data[0].of.i32 = 21;
    args = (wasm_val_vec_t){1, args_data};
    CHECK(wasm_func_call(capi_func(module, &exports, "run"), &args, &results) == NULL);
    CHECK(printed == 21);
    CHECK(results_data[0].kind == WASM_I32 && results_data[0].of.i32 == 42 + 101);
    CHECK(wasm_func_call(capi_func(module, &exports, "run"), &args, &results) == NULL);
    CHECK(results_data[0].of.i32 == 42 + 102);

    run_type = wasm_func_type(capi_func(module, &exports, "run"));
    CHECK(wasm_functype_params(run_type)->size == 1 && wasm_functype_results(run_type)->size == 1);
    CHECK(wasm_valtype_kind(wasm_functype_params(run_type)->data[0]) == WASM_I32);
    wasm_functype_delete(run_type);

    args_data[0].kind = WASM_I32;
    args_data[0].of.i32 = 1;
    args_data[1].kind = WASM_I64;
    args_data[1].of.i64 = 2;
    args_data[2].kind = WASM_F32;
    args_data[2].of.f32 = 0.5f;
    args_data[3].kind = WASM_F64;
    args_data[3].of.f64 = 0.25;
    args = (wasm_val_vec_t){4, args_data};
    CHECK(wasm_func_call(capi_func(module, &exports, "mix"), &args, &results) == NULL);
    CHECK(results_data[0].kind == WASM_F64 && results_data[0].of.f64 == 3.75);

    /* the host functions themselves can be called through wasm.h too */
    args = (wasm_val_vec_t){1, args_data};
    args_data[0].kind = WASM_I32;
    args_data[0].of.i32 = 5;
    CHECK(wasm_func_call(print_func, &args, &results) == NULL);
    CHECK(results_data[0].of.i32 == 10);

    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_func_delete(print_func);
    wasm_func_delete(closure_func);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    return test_summary("capi_callback");
}
