/* wasm.h tables: an exported funcref table read, written and grown by the host, with call_indirect seeing the changes. */
#include "capi_util.h"

static wasm_trap_t *plus_one(const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    results->data[0].kind = WASM_I32;
    results->data[0].of.i32 = args->data[0].of.i32 + 1;
    return NULL;
}

static wasm_trap_t *call_indirect(const wasm_func_t *f, int32_t arg, int32_t index, int32_t *result)
{
    wasm_val_t args_data[2] = {WASM_I32_VAL(arg), WASM_I32_VAL(index)}, results_data[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(args_data), results = WASM_ARRAY_VEC(results_data);
    wasm_trap_t *trap = wasm_func_call(f, &args, &results);
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
    wasm_table_t *table;
    wasm_func_t *negate, *indirect, *host;
    wasm_functype_t *type;
    wasm_tabletype_t *table_type;
    wasm_limits_t limits = {2, 3};
    wasm_table_t *host_table;
    wasm_ref_t *r;
    wasm_trap_t *trap;
    int32_t result = 0;
    char text[128];
    (void)argc;

    CHECK(instance != NULL);
    wasm_instance_exports(instance, &exports);
    table = wasm_extern_as_table(capi_export(module, &exports, "table"));
    negate = capi_func(module, &exports, "negate");
    indirect = capi_func(module, &exports, "call_indirect");

    CHECK(wasm_table_size(table) == 2);
    CHECK(wasm_table_get(table, 0) == NULL);
    r = wasm_table_get(table, 1);
    CHECK(r != NULL && wasm_ref_same(r, wasm_func_as_ref(negate)));
    wasm_ref_delete(r);
    CHECK(wasm_table_get(table, 2) == NULL);

    CHECK(call_indirect(indirect, 7, 1, &result) == NULL && result == -7);
    trap = call_indirect(indirect, 7, 0, &result);
    CHECK(trap != NULL);
    /* the engine's message names the index */
    if (trap != NULL) CHECK_STR(capi_trap_text(trap, text, sizeof text), "uninitialized element 0");

    /* a host function in the table */
    type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
    host = wasm_func_new(store, type, plus_one);
    wasm_functype_delete(type);
    CHECK(wasm_table_set(table, 0, wasm_func_as_ref(host)));
    CHECK(call_indirect(indirect, 7, 0, &result) == NULL && result == 8);
    CHECK(wasm_table_set(table, 0, NULL));
    CHECK(!wasm_table_set(table, 2, NULL));

    /* grow, with an initial element, up to the maximum */
    CHECK(wasm_table_grow(table, 3, wasm_func_as_ref(negate)));
    CHECK(wasm_table_size(table) == 5);
    CHECK(call_indirect(indirect, 3, 4, &result) == NULL && result == -3);
    CHECK(!wasm_table_grow(table, 6, NULL));
    CHECK(wasm_table_grow(table, 0, NULL));

    /* a table made by the host */
    table_type = wasm_tabletype_new(wasm_valtype_new_funcref(), &limits);
    host_table = wasm_table_new(store, table_type, wasm_func_as_ref(host));
    wasm_tabletype_delete(table_type);
    CHECK(host_table != NULL && wasm_table_size(host_table) == 2);
    r = wasm_table_get(host_table, 1);
    CHECK(r != NULL && wasm_ref_same(r, wasm_func_as_ref(host)));
    wasm_ref_delete(r);
    CHECK(wasm_table_grow(host_table, 1, NULL) && !wasm_table_grow(host_table, 1, NULL));
    table_type = wasm_table_type(host_table);
    CHECK(wasm_tabletype_limits(table_type)->min == 3 && wasm_tabletype_limits(table_type)->max == 3);
    wasm_tabletype_delete(table_type);
    wasm_table_delete(host_table);

    wasm_func_delete(host);
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    return test_summary("capi_table");
}
