/*
 * The definitions of the functions that wasm.h's WASM_DECLARE_* families declare, one MW_DEFINE_* macro per family
 * (the generated wasm_c_api_families.c uses them). Vectors live in C, with malloc and free; everything about objects
 * goes to the library's generic functions (wasm_c_api_internal.h).
 */
#ifndef MICROWASM_WASM_C_API_SHIM_H
#define MICROWASM_WASM_C_API_SHIM_H

#include <stdlib.h>
#include <string.h>
#include "generated/wasm_c_api_internal.h"

#define MW_DEFINE_OWN(name) \
    WASM_API_EXTERN void wasm_##name##_delete(wasm_##name##_t *object) { microwasm_capi_delete(object); }

/* How one element of a vector is copied and deleted. */
#define MW_COPY_byte(dst, src) (*(dst) = *(src))
#define MW_DELETE_byte(p) ((void)(p))
#define MW_COPY_val(dst, src) wasm_val_copy((dst), (src))
#define MW_DELETE_val(p) wasm_val_delete(p)

#define MW_DEFINE_VEC_OF(name, ptr_or_none, copy_element, delete_element) \
    WASM_API_EXTERN void wasm_##name##_vec_new_empty(wasm_##name##_vec_t *out) \
    { \
        out->size = 0; \
        out->data = NULL; \
    } \
    WASM_API_EXTERN void wasm_##name##_vec_new_uninitialized(wasm_##name##_vec_t *out, size_t size) \
    { \
        out->data = size == 0 ? NULL : calloc(size, sizeof *out->data); \
        out->size = out->data == NULL ? 0 : size; \
    } \
    WASM_API_EXTERN void wasm_##name##_vec_new(wasm_##name##_vec_t *out, size_t size, \
                                               wasm_##name##_t ptr_or_none const data[]) \
    { \
        wasm_##name##_vec_new_uninitialized(out, size); \
        if (out->size > 0) \
            memcpy(out->data, data, size * sizeof *out->data); \
    } \
    WASM_API_EXTERN void wasm_##name##_vec_copy(wasm_##name##_vec_t *out, const wasm_##name##_vec_t *source) \
    { \
        size_t i; \
        wasm_##name##_vec_new_uninitialized(out, source->size); \
        for (i = 0; i < out->size; i++) \
            copy_element(&out->data[i], &source->data[i]); \
    } \
    WASM_API_EXTERN void wasm_##name##_vec_delete(wasm_##name##_vec_t *vec) \
    { \
        size_t i; \
        if (vec == NULL) \
            return; \
        for (i = 0; i < vec->size; i++) \
            delete_element(&vec->data[i]); \
        free(vec->data); \
        vec->size = 0; \
        vec->data = NULL; \
    }

#define MW_DEFINE_VEC(name) MW_DEFINE_VEC_OF(name, , MW_COPY_##name, MW_DELETE_##name)

/* Vectors of objects own their elements: copying copies each, deleting deletes each. */
#define MW_COPY_OBJECT(dst, src) (*(dst) = *(src) == NULL ? NULL : microwasm_capi_copy(*(src)))
#define MW_DELETE_OBJECT(p) microwasm_capi_delete(*(p))
#define MW_DEFINE_VEC_PTR(name) MW_DEFINE_VEC_OF(name, *, MW_COPY_OBJECT, MW_DELETE_OBJECT)

#define MW_DEFINE_TYPE(name) \
    MW_DEFINE_OWN(name) \
    MW_DEFINE_VEC_PTR(name) \
    WASM_API_EXTERN wasm_##name##_t *wasm_##name##_copy(const wasm_##name##_t *type) \
    { \
        return (wasm_##name##_t *)microwasm_capi_copy(type); \
    }

#define MW_DEFINE_REF_BASE(name) \
    MW_DEFINE_OWN(name) \
    WASM_API_EXTERN wasm_##name##_t *wasm_##name##_copy(const wasm_##name##_t *ref) \
    { \
        return (wasm_##name##_t *)microwasm_capi_copy(ref); \
    } \
    WASM_API_EXTERN bool wasm_##name##_same(const wasm_##name##_t *a, const wasm_##name##_t *b) \
    { \
        return microwasm_capi_same(a, b); \
    } \
    WASM_API_EXTERN void *wasm_##name##_get_host_info(const wasm_##name##_t *ref) \
    { \
        return microwasm_capi_get_host_info(ref); \
    } \
    WASM_API_EXTERN void wasm_##name##_set_host_info(wasm_##name##_t *ref, void *info) \
    { \
        microwasm_capi_set_host_info(ref, info, NULL); \
    } \
    WASM_API_EXTERN void wasm_##name##_set_host_info_with_finalizer(wasm_##name##_t *ref, void *info, \
                                                                    void (*finalizer)(void *)) \
    { \
        microwasm_capi_set_host_info(ref, info, finalizer); \
    }

/* A reference of any kind is the same handle as a wasm_ref_t; the way back checks the kind. */
#define MW_DEFINE_REF_CASTS(name) \
    WASM_API_EXTERN wasm_ref_t *wasm_##name##_as_ref(wasm_##name##_t *object) { return (wasm_ref_t *)object; } \
    WASM_API_EXTERN wasm_##name##_t *wasm_ref_as_##name(wasm_ref_t *ref) \
    { \
        return (wasm_##name##_t *)microwasm_capi_cast(ref, MW_KIND_##name); \
    } \
    WASM_API_EXTERN const wasm_ref_t *wasm_##name##_as_ref_const(const wasm_##name##_t *object) \
    { \
        return (const wasm_ref_t *)object; \
    } \
    WASM_API_EXTERN const wasm_##name##_t *wasm_ref_as_##name##_const(const wasm_ref_t *ref) \
    { \
        return (const wasm_##name##_t *)microwasm_capi_cast(ref, MW_KIND_##name); \
    }

#define MW_DEFINE_REF(name) \
    MW_DEFINE_REF_BASE(name) \
    MW_DEFINE_REF_CASTS(name)

#define MW_DEFINE_MODULE_REF(name) \
    MW_DEFINE_REF(name) \
    MW_DEFINE_OWN(shared_##name) \
    WASM_API_EXTERN wasm_shared_##name##_t *wasm_##name##_share(const wasm_##name##_t *object) \
    { \
        return microwasm_capi_module_share(object); \
    } \
    WASM_API_EXTERN wasm_##name##_t *wasm_##name##_obtain(wasm_store_t *store, const wasm_shared_##name##_t *shared) \
    { \
        return (wasm_##name##_t *)microwasm_capi_module_obtain(store, shared); \
    }

#define MW_DEFINE_EXTERNTYPE_CASTS(name) \
    WASM_API_EXTERN wasm_externtype_t *wasm_##name##_as_externtype(wasm_##name##_t *type) \
    { \
        return (wasm_externtype_t *)type; \
    } \
    WASM_API_EXTERN wasm_##name##_t *wasm_externtype_as_##name(wasm_externtype_t *type) \
    { \
        return (wasm_##name##_t *)microwasm_capi_cast(type, MW_KIND_##name); \
    } \
    WASM_API_EXTERN const wasm_externtype_t *wasm_##name##_as_externtype_const(const wasm_##name##_t *type) \
    { \
        return (const wasm_externtype_t *)type; \
    } \
    WASM_API_EXTERN const wasm_##name##_t *wasm_externtype_as_##name##_const(const wasm_externtype_t *type) \
    { \
        return (const wasm_##name##_t *)microwasm_capi_cast(type, MW_KIND_##name); \
    }

#define MW_DEFINE_EXTERN_CASTS(name) \
    WASM_API_EXTERN wasm_extern_t *wasm_##name##_as_extern(wasm_##name##_t *object) { return (wasm_extern_t *)object; } \
    WASM_API_EXTERN wasm_##name##_t *wasm_extern_as_##name(wasm_extern_t *object) \
    { \
        return (wasm_##name##_t *)microwasm_capi_cast(object, MW_KIND_##name); \
    } \
    WASM_API_EXTERN const wasm_extern_t *wasm_##name##_as_extern_const(const wasm_##name##_t *object) \
    { \
        return (const wasm_extern_t *)object; \
    } \
    WASM_API_EXTERN const wasm_##name##_t *wasm_extern_as_##name##_const(const wasm_extern_t *object) \
    { \
        return (const wasm_##name##_t *)microwasm_capi_cast(object, MW_KIND_##name); \
    }

#endif
