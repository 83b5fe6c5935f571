/* wasm.h multi-value: a host function of four results called from wasm, and the results returned to the host. */
#include "capi_util.h"

static wasm_trap_t *swap(const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    size_t i;
    CHECK(args->size == 4 && results->size == 4);
    for (i = 0; i < 4; i++)
        results->data[i] = args->data[3 - i];
    return NULL;
}

int main(int argc, char **argv)
{
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = capi_load(store, argv[1]);
    wasm_valtype_t *ps[4], *rs[4];
    wasm_valtype_vec_t params, results_types;
    wasm_functype_t *type;
    wasm_func_t *swap_func;
    wasm_extern_t *imports_data[1];
    wasm_extern_vec_t imports, exports;
    wasm_instance_t *instance;
    wasm_val_t args_data[4] = {WASM_I32_VAL(1), WASM_I64_VAL(2), WASM_I64_VAL(3), WASM_I32_VAL(4)};
    wasm_val_t results_data[4] = {WASM_INIT_VAL, WASM_INIT_VAL, WASM_INIT_VAL, WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(args_data), results = WASM_ARRAY_VEC(results_data);
    (void)argc;

    ps[0] = wasm_valtype_new_i32();
    ps[1] = wasm_valtype_new_i64();
    ps[2] = wasm_valtype_new_i64();
    ps[3] = wasm_valtype_new_i32();
    rs[0] = wasm_valtype_new_i32();
    rs[1] = wasm_valtype_new_i64();
    rs[2] = wasm_valtype_new_i64();
    rs[3] = wasm_valtype_new_i32();
    wasm_valtype_vec_new(&params, 4, ps);
    wasm_valtype_vec_new(&results_types, 4, rs);
    type = wasm_functype_new(&params, &results_types);
    swap_func = wasm_func_new(store, type, swap);
    wasm_functype_delete(type);

    imports_data[0] = wasm_func_as_extern(swap_func);
    imports = (wasm_extern_vec_t)WASM_ARRAY_VEC(imports_data);
    instance = wasm_instance_new(store, module, &imports, NULL);
    CHECK(instance != NULL);
    wasm_instance_exports(instance, &exports);

    /* the host's swap returns (i32 4, i64 3, i64 2, i32 1) for types (i32, i64, i64, i32): kinds must line up */
    args_data[0] = (wasm_val_t)WASM_I32_VAL(1);
    args_data[1] = (wasm_val_t)WASM_I64_VAL(2);
    args_data[2] = (wasm_val_t)WASM_I64_VAL(3);
    args_data[3] = (wasm_val_t)WASM_I32_VAL(4);
    CHECK(wasm_func_call(capi_func(module, &exports, "run"), &args, &results) == NULL);
    CHECK(results_data[0].kind == WASM_I32 && results_data[0].of.i32 == 4);
    CHECK(results_data[1].kind == WASM_I64 && results_data[1].of.i64 == 3);
    CHECK(results_data[2].kind == WASM_I64 && results_data[2].of.i64 == 2);
    CHECK(results_data[3].kind == WASM_I32 && results_data[3].of.i32 == 1);

    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_func_delete(swap_func);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    return test_summary("capi_multi");
}
