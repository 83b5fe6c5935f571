/* wasm.h start: a start function that traps makes wasm_instance_new fail with that trap; a missing import fails too. */
#include "capi_util.h"

int main(int argc, char **argv)
{
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = capi_load(store, argv[1]);
    wasm_extern_vec_t imports = WASM_EMPTY_VEC;
    wasm_trap_t *trap = NULL;
    wasm_instance_t *instance;
    char text[256];
    wasm_functype_t *type;
    wasm_func_t *extra;
    wasm_extern_t *too_many[1];
    (void)argc;

    instance = wasm_instance_new(store, module, &imports, &trap);
    CHECK(instance == NULL);
    CHECK(trap != NULL);
    if (trap != NULL) CHECK_STR(capi_trap_text(trap, text, sizeof text), "unreachable");

    /* an import count that differs from the module's: no instance, a trap that says so */
    type = wasm_functype_new_0_0();
    extra = wasm_func_new(store, type, NULL);
    CHECK(extra == NULL); /* a function needs a callback */
    wasm_functype_delete(type);
    too_many[0] = NULL;
    imports = (wasm_extern_vec_t)WASM_ARRAY_VEC(too_many);
    trap = NULL;
    CHECK(wasm_instance_new(store, module, &imports, &trap) == NULL);
    CHECK(trap != NULL);
    if (trap != NULL) wasm_trap_delete(trap);

    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    return test_summary("capi_start");
}
