/* wasm.h globals: host globals imported by a module, its exported globals, read and written from both sides. */
#include "capi_util.h"

int main(int argc, char **argv)
{
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = capi_load(store, argv[1]);
    wasm_globaltype_t *const_f32_type = wasm_globaltype_new(wasm_valtype_new_f32(), WASM_CONST);
    wasm_globaltype_t *var_i64_type = wasm_globaltype_new(wasm_valtype_new_i64(), WASM_VAR);
    wasm_val_t f32_init = WASM_F32_VAL(2.5f), i64_init = WASM_I64_VAL(-3), value, wrong = WASM_I32_VAL(1);
    wasm_global_t *const_f32 = wasm_global_new(store, const_f32_type, &f32_init);
    wasm_global_t *var_i64 = wasm_global_new(store, var_i64_type, &i64_init);
    wasm_extern_t *imports_data[2];
    wasm_extern_vec_t imports, exports;
    wasm_instance_t *instance;
    wasm_global_t *const_i32, *var_f64;
    wasm_globaltype_t *type;
    wasm_val_t results_data[1], args_data[1];
    wasm_val_vec_t none = WASM_EMPTY_VEC, results = WASM_ARRAY_VEC(results_data), args = WASM_ARRAY_VEC(args_data);
    (void)argc;

    CHECK(wasm_global_new(store, const_f32_type, &wrong) == NULL);
    CHECK(wasm_globaltype_mutability(var_i64_type) == WASM_VAR);
    CHECK(wasm_valtype_kind(wasm_globaltype_content(const_f32_type)) == WASM_F32);
    wasm_globaltype_delete(const_f32_type);
    wasm_globaltype_delete(var_i64_type);

    imports_data[0] = wasm_global_as_extern(const_f32);
    imports_data[1] = wasm_global_as_extern(var_i64);
    imports = (wasm_extern_vec_t)WASM_ARRAY_VEC(imports_data);
    instance = wasm_instance_new(store, module, &imports, NULL);
    CHECK(instance != NULL);
    wasm_instance_exports(instance, &exports);
    const_i32 = wasm_extern_as_global(capi_export(module, &exports, "const i32"));
    var_f64 = wasm_extern_as_global(capi_export(module, &exports, "var f64"));
    CHECK(const_i32 != NULL && var_f64 != NULL);
    CHECK(wasm_extern_as_func(capi_export(module, &exports, "const i32")) == NULL);

    type = wasm_global_type(const_i32);
    CHECK(wasm_globaltype_mutability(type) == WASM_CONST);
    wasm_globaltype_delete(type);

    wasm_global_get(const_i32, &value);
    CHECK(value.kind == WASM_I32 && value.of.i32 == 7);
    wasm_global_get(var_f64, &value);
    CHECK(value.kind == WASM_F64 && value.of.f64 == 1.5);

    /* host writes, wasm reads */
    CHECK(wasm_func_call(capi_func(module, &exports, "get imported const"), &none, &results) == NULL);
    CHECK(results_data[0].kind == WASM_F32 && results_data[0].of.f32 == 2.5f);
    value = (wasm_val_t)WASM_I64_VAL(99);
    wasm_global_set(var_i64, &value);
    CHECK(wasm_func_call(capi_func(module, &exports, "get imported var"), &none, &results) == NULL);
    CHECK(results_data[0].kind == WASM_I64 && results_data[0].of.i64 == 99);
    value = (wasm_val_t)WASM_F64_VAL(6.25);
    wasm_global_set(var_f64, &value);
    CHECK(wasm_func_call(capi_func(module, &exports, "get var"), &none, &results) == NULL);
    CHECK(results_data[0].of.f64 == 6.25);

    /* wasm writes, host reads */
    args_data[0] = (wasm_val_t)WASM_I64_VAL(-12);
    CHECK(wasm_func_call(capi_func(module, &exports, "set imported var"), &args, &none) == NULL);
    wasm_global_get(var_i64, &value);
    CHECK(value.of.i64 == -12);
    args_data[0] = (wasm_val_t)WASM_F64_VAL(0.5);
    CHECK(wasm_func_call(capi_func(module, &exports, "set var"), &args, &none) == NULL);
    wasm_global_get(var_f64, &value);
    CHECK(value.of.f64 == 0.5);

    /* an immutable global, or a value of the wrong type, is not written */
    value = (wasm_val_t)WASM_I32_VAL(8);
    wasm_global_set(const_i32, &value);
    wasm_global_get(const_i32, &value);
    CHECK(value.of.i32 == 7);
    wasm_global_set(var_f64, &wrong);
    wasm_global_get(var_f64, &value);
    CHECK(value.kind == WASM_F64 && value.of.f64 == 0.5);

    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_global_delete(const_f32);
    wasm_global_delete(var_i64);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    return test_summary("capi_global");
}
