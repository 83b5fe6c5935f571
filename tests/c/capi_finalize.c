/* wasm.h finalizers: host info finalizers and host function environments run when the last reference goes, or with the store. */
#include "capi_util.h"

#define INSTANCES 20

static int finalized_instances, finalized_envs, finalized_foreigns;

static void finalize_instance(void *info)
{
    CHECK(info != NULL);
    finalized_instances++;
}

static void finalize_env(void *env)
{
    (*(int *)env)++;
    finalized_envs++;
}

static void finalize_foreign(void *info)
{
    (void)info;
    finalized_foreigns++;
}

static wasm_trap_t *f(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    (void)args;
    results->data[0].of.i32 = *(int *)env;
    return NULL;
}

int main(int argc, char **argv)
{
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = capi_load(store, argv[1]);
    wasm_functype_t *type = wasm_functype_new_0_1(wasm_valtype_new_i32());
    static int envs[INSTANCES + 1];
    int i;
    wasm_foreign_t *foreign, *copy;
    wasm_func_t *kept;
    wasm_extern_vec_t kept_exports;
    wasm_instance_t *kept_instance;
    (void)argc;

    for (i = 0; i < INSTANCES; i++) {
        wasm_func_t *func = wasm_func_new_with_env(store, type, f, &envs[i], finalize_env);
        wasm_extern_t *imports_data[1];
        wasm_extern_vec_t imports;
        wasm_instance_t *instance;
        imports_data[0] = wasm_func_as_extern(func);
        imports = (wasm_extern_vec_t)WASM_ARRAY_VEC(imports_data);
        instance = wasm_instance_new(store, module, &imports, NULL);
        CHECK(instance != NULL);
        wasm_instance_set_host_info_with_finalizer(instance, &envs[i], finalize_instance);
        /* the instance still imports the function: its environment stays */
        wasm_func_delete(func);
        CHECK(finalized_envs == i);
        wasm_instance_delete(instance);
        CHECK(finalized_instances == i + 1);
        CHECK(finalized_envs == i + 1);
    }

    /* copies share the object: the finalizer waits for the last one */
    foreign = wasm_foreign_new(store);
    wasm_foreign_set_host_info_with_finalizer(foreign, &envs[0], finalize_foreign);
    copy = wasm_foreign_copy(foreign);
    CHECK(wasm_foreign_same(foreign, copy) && wasm_foreign_get_host_info(copy) == &envs[0]);
    wasm_foreign_delete(foreign);
    CHECK(finalized_foreigns == 0);
    wasm_foreign_delete(copy);
    CHECK(finalized_foreigns == 1);

    /* what is still alive when the store goes is finalized with it */
    kept = wasm_func_new_with_env(store, type, f, &envs[INSTANCES], finalize_env);
    {
        wasm_extern_t *imports_data[1];
        wasm_extern_vec_t imports;
        imports_data[0] = wasm_func_as_extern(kept);
        imports = (wasm_extern_vec_t)WASM_ARRAY_VEC(imports_data);
        kept_instance = wasm_instance_new(store, module, &imports, NULL);
    }
    wasm_instance_set_host_info_with_finalizer(kept_instance, &envs[INSTANCES], finalize_instance);
    wasm_instance_exports(kept_instance, &kept_exports);
    foreign = wasm_foreign_new(store);
    wasm_foreign_set_host_info_with_finalizer(foreign, &envs[0], finalize_foreign);
    CHECK(finalized_envs == INSTANCES && finalized_instances == INSTANCES);

    wasm_functype_delete(type);
    wasm_module_delete(module);
    wasm_store_delete(store);
    CHECK(finalized_instances == INSTANCES + 1);
    CHECK(finalized_envs == INSTANCES + 1);
    CHECK(finalized_foreigns == 2);
    for (i = 0; i <= INSTANCES; i++)
        CHECK(envs[i] == 1);
    /* the references of a deleted store are dead: deleting them does nothing */
    wasm_extern_vec_delete(&kept_exports);
    wasm_engine_delete(engine);
    return test_summary("capi_finalize");
}
