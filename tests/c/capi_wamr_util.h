/* Shared by the hosts that check one module through both C APIs: the wasm_export.h side's load and teardown. */
#ifndef MICROWASM_CAPI_WAMR_UTIL_H
#define MICROWASM_CAPI_WAMR_UTIL_H

#include "capi_util.h"
#include "wasm_export.h"

/* A WAMR instance of the module at path (its bytes, which WAMR may keep, in *bytes); exits with the error if none. */
static inline wasm_module_inst_t capi_wamr_instantiate(const char *test, const char *path, wasm_module_t *module,
                                                       unsigned char **bytes)
{
    unsigned int size = 0;
    char error[128];
    wasm_module_inst_t instance;
    *bytes = read_file(path, &size);
    if (!wasm_runtime_init()) exit(2);
    *module = wasm_runtime_load(*bytes, size, error, sizeof error);
    instance = *module == NULL ? NULL : wasm_runtime_instantiate(*module, 16 * 1024, 0, error, sizeof error);
    if (instance == NULL) {
        fprintf(stderr, "%s: %s\n", test, error);
        exit(1);
    }
    return instance;
}

static inline void capi_wamr_destroy(wasm_module_inst_t instance, wasm_module_t module, unsigned char *bytes)
{
    wasm_runtime_deinstantiate(instance);
    wasm_runtime_unload(module);
    wasm_runtime_destroy();
    free(bytes);
}

/* Deletes what a wasm.h check made, in reverse order. */
static inline void capi_delete(wasm_extern_vec_t *exports, wasm_instance_t *instance, wasm_module_t *module,
                               wasm_store_t *store, wasm_engine_t *engine)
{
    wasm_extern_vec_delete(exports);
    wasm_instance_delete(instance);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
}

#endif
