/* The functions of wasm.h that are simplest in C: values. */
#include "generated/wasm_c_api_internal.h"

WASM_API_EXTERN void wasm_val_delete(wasm_val_t *v)
{
    if (v != NULL && wasm_valkind_is_ref(v->kind) && v->of.ref != NULL) {
        wasm_ref_delete(v->of.ref);
        v->of.ref = NULL;
    }
}

WASM_API_EXTERN void wasm_val_copy(wasm_val_t *out, const wasm_val_t *v)
{
    *out = *v;
    if (wasm_valkind_is_ref(v->kind) && v->of.ref != NULL)
        out->of.ref = wasm_ref_copy(v->of.ref);
}
