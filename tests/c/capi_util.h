/* Shared by the wasm.h test hosts: loading a module and finding exports by name. */
#ifndef MICROWASM_CAPI_UTIL_H
#define MICROWASM_CAPI_UTIL_H

#include "test_util.h"
#include "wasm.h"

static inline wasm_module_t *capi_load(wasm_store_t *store, const char *path)
{
    unsigned int size = 0;
    unsigned char *bytes = read_file(path, &size);
    wasm_byte_vec_t binary;
    wasm_module_t *module;
    wasm_byte_vec_new(&binary, size, (const wasm_byte_t *)bytes);
    free(bytes);
    module = wasm_module_new(store, &binary);
    wasm_byte_vec_delete(&binary);
    if (module == NULL) {
        fprintf(stderr, "cannot compile %s\n", path);
        exit(2);
    }
    return module;
}

/* The export of the module called name, from an instance's exports (borrowed). */
static inline wasm_extern_t *capi_export(const wasm_module_t *module, const wasm_extern_vec_t *exports, const char *name)
{
    wasm_exporttype_vec_t types;
    wasm_extern_t *found = NULL;
    size_t i;
    wasm_module_exports(module, &types);
    for (i = 0; i < types.size && i < exports->size; i++) {
        const wasm_name_t *n = wasm_exporttype_name(types.data[i]);
        if (n->size == strlen(name) && memcmp(n->data, name, n->size) == 0)
            found = exports->data[i];
    }
    wasm_exporttype_vec_delete(&types);
    if (found == NULL)
        fprintf(stderr, "no export %s\n", name);
    return found;
}

static inline wasm_func_t *capi_func(const wasm_module_t *module, const wasm_extern_vec_t *exports, const char *name)
{
    wasm_extern_t *e = capi_export(module, exports, name);
    return e == NULL ? NULL : wasm_extern_as_func(e);
}

/* The message of a trap (and deletes it). */
static inline const char *capi_trap_text(wasm_trap_t *trap, char *buffer, size_t size)
{
    wasm_message_t message;
    wasm_trap_message(trap, &message);
    snprintf(buffer, size, "%.*s", (int)message.size, message.data);
    wasm_byte_vec_delete(&message);
    wasm_trap_delete(trap);
    return buffer;
}

#endif
