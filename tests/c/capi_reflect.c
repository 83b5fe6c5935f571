/* wasm.h reflection: a module's imports and exports of every kind, and their types, through the conversions. */
#include "capi_util.h"

static int name_is(const wasm_name_t *name, const char *text)
{
    return name->size == strlen(text) && memcmp(name->data, text, name->size) == 0;
}

int main(int argc, char **argv)
{
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = capi_load(store, argv[1]);
    wasm_importtype_vec_t imports;
    wasm_exporttype_vec_t exports, copy;
    const wasm_externtype_t *t;
    const wasm_functype_t *ft;
    const wasm_tabletype_t *tt;
    const wasm_memorytype_t *mt;
    const wasm_globaltype_t *gt;
    wasm_externtype_t *made;
    wasm_name_t name;
    wasm_importtype_t *import;
    (void)argc;

    wasm_module_imports(module, &imports);
    CHECK(imports.size == 4);
    CHECK(name_is(wasm_importtype_module(imports.data[0]), "env") && name_is(wasm_importtype_name(imports.data[0]), "f"));
    t = wasm_importtype_type(imports.data[0]);
    CHECK(wasm_externtype_kind(t) == WASM_EXTERN_FUNC);
    ft = wasm_externtype_as_functype_const(t);
    CHECK(ft != NULL && wasm_functype_params(ft)->size == 2 && wasm_functype_results(ft)->size == 1);
    CHECK(wasm_valtype_kind(wasm_functype_params(ft)->data[1]) == WASM_F64);
    CHECK(wasm_valtype_kind(wasm_functype_results(ft)->data[0]) == WASM_I64);
    CHECK(wasm_externtype_as_globaltype_const(t) == NULL);
    gt = wasm_externtype_as_globaltype_const(wasm_importtype_type(imports.data[1]));
    CHECK(gt != NULL && wasm_globaltype_mutability(gt) == WASM_VAR && wasm_valtype_kind(wasm_globaltype_content(gt)) == WASM_F32);
    tt = wasm_externtype_as_tabletype_const(wasm_importtype_type(imports.data[2]));
    CHECK(tt != NULL && wasm_valtype_kind(wasm_tabletype_element(tt)) == WASM_FUNCREF);
    CHECK(wasm_tabletype_limits(tt)->min == 1 && wasm_tabletype_limits(tt)->max == wasm_limits_max_default);
    mt = wasm_externtype_as_memorytype_const(wasm_importtype_type(imports.data[3]));
    CHECK(mt != NULL && wasm_memorytype_limits(mt)->min == 1 && wasm_memorytype_limits(mt)->max == 2);
    wasm_importtype_vec_delete(&imports);

    wasm_module_exports(module, &exports);
    CHECK(exports.size == 4);
    CHECK(name_is(wasm_exporttype_name(exports.data[0]), "func"));
    ft = wasm_externtype_as_functype_const(wasm_exporttype_type(exports.data[0]));
    CHECK(ft != NULL && wasm_functype_results(ft)->size == 2);
    CHECK(wasm_valtype_is_num(wasm_functype_results(ft)->data[0]));
    CHECK(wasm_externtype_kind(wasm_exporttype_type(exports.data[1])) == WASM_EXTERN_GLOBAL);
    tt = wasm_externtype_as_tabletype_const(wasm_exporttype_type(exports.data[2]));
    CHECK(tt != NULL && wasm_valtype_is_ref(wasm_tabletype_element(tt)));
    CHECK(wasm_valtype_kind(wasm_tabletype_element(tt)) == WASM_EXTERNREF);
    CHECK(wasm_tabletype_limits(tt)->min == 2 && wasm_tabletype_limits(tt)->max == 5);
    CHECK(wasm_externtype_kind(wasm_exporttype_type(exports.data[3])) == WASM_EXTERN_MEMORY);

    /* copies are deep and independent */
    wasm_exporttype_vec_copy(&copy, &exports);
    wasm_exporttype_vec_delete(&exports);
    CHECK(copy.size == 4 && name_is(wasm_exporttype_name(copy.data[3]), "memory"));
    wasm_exporttype_vec_delete(&copy);

    /* types made by the host */
    made = wasm_functype_as_externtype(wasm_functype_new_2_1(wasm_valtype_new_i32(), wasm_valtype_new_f32(), wasm_valtype_new_i64()));
    wasm_name_new_from_string(&name, "m");
    {
        wasm_name_t field;
        wasm_name_new_from_string(&field, "field");
        import = wasm_importtype_new(&name, &field, made);
    }
    CHECK(name_is(wasm_importtype_module(import), "m") && name_is(wasm_importtype_name(import), "field"));
    CHECK(wasm_externtype_kind(wasm_importtype_type(import)) == WASM_EXTERN_FUNC);
    {
        wasm_importtype_t *c = wasm_importtype_copy(import);
        wasm_importtype_delete(import);
        CHECK(name_is(wasm_importtype_name(c), "field"));
        wasm_importtype_delete(c);
    }
    CHECK(wasm_valtype_new((wasm_valkind_t)77) == NULL);

    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    return test_summary("capi_reflect");
}
