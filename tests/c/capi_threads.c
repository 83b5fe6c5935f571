/* wasm.h threads: one engine, a module shared between threads, a store per thread, host callbacks with an environment. */
#include <pthread.h>
#include "capi_util.h"

#define THREADS 4
#define CALLS 50

static wasm_engine_t *engine;
static wasm_shared_module_t *shared;

static wasm_trap_t *print(const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    results->data[0].of.i32 = args->data[0].of.i32;
    return NULL;
}

static wasm_trap_t *closure(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    (void)args;
    results->data[0].of.i32 = *(int *)env;
    return NULL;
}

static void *worker(void *arg)
{
    int id = (int)(intptr_t)arg, i, ok = 1;
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = wasm_module_obtain(store, shared);
    wasm_functype_t *print_type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
    wasm_functype_t *closure_type = wasm_functype_new_0_1(wasm_valtype_new_i32());
    wasm_func_t *print_func = wasm_func_new(store, print_type, print);
    wasm_func_t *closure_func = wasm_func_new_with_env(store, closure_type, closure, &id, NULL);
    wasm_extern_t *imports_data[2];
    wasm_extern_vec_t imports, exports;
    wasm_instance_t *instance;
    wasm_functype_delete(print_type);
    wasm_functype_delete(closure_type);
    imports_data[0] = wasm_func_as_extern(print_func);
    imports_data[1] = wasm_func_as_extern(closure_func);
    imports = (wasm_extern_vec_t)WASM_ARRAY_VEC(imports_data);
    instance = module == NULL ? NULL : wasm_instance_new(store, module, &imports, NULL);
    if (instance == NULL) {
        ok = 0;
    } else {
        wasm_instance_exports(instance, &exports);
        for (i = 0; i < CALLS; i++) {
            wasm_val_t a[1] = {WASM_I32_VAL(i)}, r[1] = {WASM_INIT_VAL};
            wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_ARRAY_VEC(r);
            wasm_trap_t *trap = wasm_func_call(wasm_extern_as_func(exports.data[0]), &args, &results);
            if (trap != NULL || r[0].of.i32 != i + id) {
                ok = 0;
                if (trap != NULL) wasm_trap_delete(trap);
            }
        }
        wasm_extern_vec_delete(&exports);
        wasm_instance_delete(instance);
    }
    wasm_func_delete(print_func);
    wasm_func_delete(closure_func);
    wasm_module_delete(module);
    wasm_store_delete(store);
    return (void *)(intptr_t)ok;
}

int main(int argc, char **argv)
{
    pthread_t threads[THREADS];
    wasm_store_t *store;
    wasm_module_t *module;
    int i;
    (void)argc;

    engine = wasm_engine_new();
    store = wasm_store_new(engine);
    module = capi_load(store, argv[1]);
    shared = wasm_module_share(module);
    wasm_module_delete(module);
    wasm_store_delete(store);
    for (i = 0; i < THREADS; i++)
        CHECK(pthread_create(&threads[i], NULL, worker, (void *)(intptr_t)(i + 1)) == 0);
    for (i = 0; i < THREADS; i++) {
        void *ok = NULL;
        pthread_join(threads[i], &ok);
        CHECK(ok == (void *)1);
    }
    wasm_shared_module_delete(shared);
    wasm_engine_delete(engine);
    return test_summary("capi_threads");
}
