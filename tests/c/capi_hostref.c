/* wasm.h host references: foreign objects as externref through functions, a global and a table, keeping identity and host info. */
#include "capi_util.h"

static int echoes;

static wasm_trap_t *echo(const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    echoes++;
    /* the argument is borrowed: the result gets its own reference */
    wasm_val_copy(&results->data[0], &args->data[0]);
    return NULL;
}

static wasm_ref_t *call_ref(const wasm_func_t *f, wasm_val_t *args_data, size_t nargs)
{
    wasm_val_t results_data[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = {nargs, args_data}, results = WASM_ARRAY_VEC(results_data);
    CHECK(wasm_func_call(f, &args, &results) == NULL);
    CHECK(results_data[0].kind == WASM_EXTERNREF);
    return results_data[0].of.ref;
}

int main(int argc, char **argv)
{
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = capi_load(store, argv[1]);
    wasm_functype_t *type = wasm_functype_new_1_1(wasm_valtype_new_anyref(), wasm_valtype_new_externref());
    wasm_func_t *echo_func = wasm_func_new(store, type, echo);
    wasm_extern_t *imports_data[1];
    wasm_extern_vec_t imports, exports;
    wasm_instance_t *instance;
    wasm_foreign_t *a = wasm_foreign_new(store), *b = wasm_foreign_new(store);
    int info_a = 1, info_b = 2;
    wasm_ref_t *r;
    wasm_val_t args[2], value;
    wasm_global_t *global;
    wasm_table_t *table;
    wasm_val_vec_t none = WASM_EMPTY_VEC;
    (void)argc;

    wasm_functype_delete(type);
    wasm_foreign_set_host_info(a, &info_a);
    wasm_foreign_set_host_info(b, &info_b);
    CHECK(wasm_foreign_get_host_info(a) == &info_a);
    CHECK(!wasm_foreign_same(a, b));

    imports_data[0] = wasm_func_as_extern(echo_func);
    imports = (wasm_extern_vec_t)WASM_ARRAY_VEC(imports_data);
    instance = wasm_instance_new(store, module, &imports, NULL);
    CHECK(instance != NULL);
    wasm_instance_exports(instance, &exports);

    /* through a host function and back */
    args[0].kind = WASM_EXTERNREF;
    args[0].of.ref = wasm_foreign_as_ref(a);
    r = call_ref(capi_func(module, &exports, "roundtrip"), args, 1);
    CHECK(r != NULL && echoes == 1);
    CHECK(wasm_ref_same(r, wasm_foreign_as_ref(a)));
    CHECK(wasm_ref_get_host_info(r) == &info_a);
    CHECK(wasm_ref_as_foreign(r) != NULL && wasm_ref_as_func(r) == NULL);
    wasm_ref_delete(r);

    /* null in, null out */
    args[0].of.ref = NULL;
    r = call_ref(capi_func(module, &exports, "roundtrip"), args, 1);
    CHECK(r == NULL);

    /* a global, from wasm and from the host */
    global = wasm_extern_as_global(capi_export(module, &exports, "global"));
    args[0].of.ref = wasm_foreign_as_ref(b);
    {
        wasm_val_vec_t a1 = {1, args};
        CHECK(wasm_func_call(capi_func(module, &exports, "global.set"), &a1, &none) == NULL);
    }
    wasm_global_get(global, &value);
    CHECK(value.kind == WASM_EXTERNREF && value.of.ref != NULL && wasm_ref_get_host_info(value.of.ref) == &info_b);
    wasm_val_delete(&value);
    value.kind = WASM_EXTERNREF;
    value.of.ref = wasm_foreign_as_ref(a);
    wasm_global_set(global, &value);
    r = call_ref(capi_func(module, &exports, "global.get"), NULL, 0);
    CHECK(r != NULL && wasm_ref_same(r, wasm_foreign_as_ref(a)));
    wasm_ref_delete(r);

    /* a table, from wasm and from the host */
    table = wasm_extern_as_table(capi_export(module, &exports, "table"));
    CHECK(wasm_table_size(table) == 4);
    args[0] = (wasm_val_t)WASM_I32_VAL(1);
    args[1].kind = WASM_EXTERNREF;
    args[1].of.ref = wasm_foreign_as_ref(b);
    {
        wasm_val_vec_t a2 = {2, args};
        CHECK(wasm_func_call(capi_func(module, &exports, "table.set"), &a2, &none) == NULL);
    }
    r = wasm_table_get(table, 1);
    CHECK(r != NULL && wasm_ref_get_host_info(r) == &info_b);
    wasm_ref_delete(r);
    CHECK(wasm_table_get(table, 0) == NULL);
    CHECK(wasm_table_set(table, 2, wasm_foreign_as_ref(a)));
    CHECK(!wasm_table_set(table, 4, wasm_foreign_as_ref(a)));
    args[0] = (wasm_val_t)WASM_I32_VAL(2);
    r = call_ref(capi_func(module, &exports, "table.get"), args, 1);
    CHECK(r != NULL && wasm_ref_same(r, wasm_foreign_as_ref(a)));
    {
        wasm_ref_t *c = wasm_ref_copy(r);
        CHECK(wasm_ref_same(c, r));
        wasm_ref_delete(c);
    }
    wasm_ref_delete(r);

    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_func_delete(echo_func);
    wasm_foreign_delete(a);
    wasm_foreign_delete(b);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    return test_summary("capi_hostref");
}
