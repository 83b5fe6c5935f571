// The declarations of wasm.h (the standard WebAssembly C API) that are not C# exports: its macros, the uses of its
// WASM_DECLARE_* families, its enums and structs, and the static inline conveniences. Names, types and values are the
// standard's; the generator writes them in Order, the conveniences (Order >= 1000) after the prototypes they call.
#pragma warning disable CA1707, IDE1006 // C names on purpose
using MicroWasm.Native.Interop;

namespace MicroWasm.Native.WasmCApi;

[CVerbatim(CHeader.Wasm, 10, """
/* Machine types. */
typedef char byte_t;
typedef float float32_t;
typedef double float64_t;

/* Ownership: `own` marks data whose ownership passes with the parameter or result; the owner releases it with the
   matching wasm_xxx_delete. Deleting a reference ends this owner's use, not necessarily the object (copies and
   instances may keep it). Anything not `own` is borrowed. */
#define own

#define WASM_DECLARE_OWN(name) \
  typedef struct wasm_##name##_t wasm_##name##_t; \
  \
  WASM_API_EXTERN void wasm_##name##_delete(own wasm_##name##_t*);

/* Vectors: `own wasm_xxx_vec_t` owns its data and its elements. */
#define WASM_DECLARE_VEC(name, ptr_or_none) \
  typedef struct wasm_##name##_vec_t { \
    size_t size; \
    wasm_##name##_t ptr_or_none* data; \
  } wasm_##name##_vec_t; \
  \
  WASM_API_EXTERN void wasm_##name##_vec_new_empty(own wasm_##name##_vec_t* out); \
  WASM_API_EXTERN void wasm_##name##_vec_new_uninitialized( \
    own wasm_##name##_vec_t* out, size_t); \
  WASM_API_EXTERN void wasm_##name##_vec_new( \
    own wasm_##name##_vec_t* out, \
    size_t, own wasm_##name##_t ptr_or_none const[]); \
  WASM_API_EXTERN void wasm_##name##_vec_copy( \
    own wasm_##name##_vec_t* out, const wasm_##name##_vec_t*); \
  WASM_API_EXTERN void wasm_##name##_vec_delete(own wasm_##name##_vec_t*);

#define WASM_DECLARE_TYPE(name) \
  WASM_DECLARE_OWN(name) \
  WASM_DECLARE_VEC(name, *) \
  \
  WASM_API_EXTERN own wasm_##name##_t* wasm_##name##_copy(const wasm_##name##_t*);

/* References: every runtime object. Host info is per object, shared by all references to it; its finalizer runs when
   the last reference is deleted (or the store is). */
#define WASM_DECLARE_REF_BASE_FUNCS(name) \
  WASM_API_EXTERN void wasm_##name##_delete(own wasm_##name##_t*); \
  WASM_API_EXTERN own wasm_##name##_t* wasm_##name##_copy(const wasm_##name##_t*); \
  WASM_API_EXTERN bool wasm_##name##_same(const wasm_##name##_t*, const wasm_##name##_t*); \
  \
  WASM_API_EXTERN void* wasm_##name##_get_host_info(const wasm_##name##_t*); \
  WASM_API_EXTERN void wasm_##name##_set_host_info(wasm_##name##_t*, void*); \
  WASM_API_EXTERN void wasm_##name##_set_host_info_with_finalizer( \
    wasm_##name##_t*, void*, void (*)(void*));

#define WASM_DECLARE_REF_BASE(name) \
  typedef struct wasm_##name##_t wasm_##name##_t; \
  WASM_DECLARE_REF_BASE_FUNCS(name)

#define WASM_DECLARE_REF_CASTS(name) \
  WASM_API_EXTERN wasm_ref_t* wasm_##name##_as_ref(wasm_##name##_t*); \
  WASM_API_EXTERN wasm_##name##_t* wasm_ref_as_##name(wasm_ref_t*); \
  WASM_API_EXTERN const wasm_ref_t* wasm_##name##_as_ref_const(const wasm_##name##_t*); \
  WASM_API_EXTERN const wasm_##name##_t* wasm_ref_as_##name##_const(const wasm_ref_t*);

#define WASM_DECLARE_REF(name) \
  WASM_DECLARE_REF_BASE(name) \
  WASM_DECLARE_REF_CASTS(name)

#define WASM_DECLARE_SHARABLE_REF(name) \
  WASM_DECLARE_REF(name) \
  WASM_DECLARE_OWN(shared_##name) \
  \
  WASM_API_EXTERN own wasm_shared_##name##_t* wasm_##name##_share(const wasm_##name##_t*); \
  WASM_API_EXTERN own wasm_##name##_t* wasm_##name##_obtain(wasm_store_t*, const wasm_shared_##name##_t*);

/* wasm_module_t is typedef'd as wasm_export.h does (so that both headers can be included together); this declares
   what WASM_DECLARE_SHARABLE_REF(module) would without the typedef. */
#define WASM_DECLARE_MODULE_REF(name) \
  WASM_DECLARE_REF_BASE_FUNCS(name) \
  WASM_DECLARE_REF_CASTS(name) \
  WASM_DECLARE_OWN(shared_##name) \
  \
  WASM_API_EXTERN own wasm_shared_##name##_t* wasm_##name##_share(const wasm_##name##_t*); \
  WASM_API_EXTERN own wasm_##name##_t* wasm_##name##_obtain(wasm_store_t*, const wasm_shared_##name##_t*);

/* The conversions between wasm_externtype_t and one kind of extern type (NULL if the kind differs). */
#define WASM_DECLARE_EXTERNTYPE_CASTS(name) \
  WASM_API_EXTERN wasm_externtype_t* wasm_##name##_as_externtype(wasm_##name##_t*); \
  WASM_API_EXTERN wasm_##name##_t* wasm_externtype_as_##name(wasm_externtype_t*); \
  WASM_API_EXTERN const wasm_externtype_t* wasm_##name##_as_externtype_const(const wasm_##name##_t*); \
  WASM_API_EXTERN const wasm_##name##_t* wasm_externtype_as_##name##_const(const wasm_externtype_t*);

/* The conversions between wasm_extern_t and one kind of extern (NULL if the kind differs). */
#define WASM_DECLARE_EXTERN_CASTS(name) \
  WASM_API_EXTERN wasm_extern_t* wasm_##name##_as_extern(wasm_##name##_t*); \
  WASM_API_EXTERN wasm_##name##_t* wasm_extern_as_##name(wasm_extern_t*); \
  WASM_API_EXTERN const wasm_extern_t* wasm_##name##_as_extern_const(const wasm_##name##_t*); \
  WASM_API_EXTERN const wasm_##name##_t* wasm_extern_as_##name##_const(const wasm_extern_t*);

/* Byte vectors and names. */
typedef byte_t wasm_byte_t;
""")]
[CFamily(21, "VEC", "byte")]
[CVerbatim(CHeader.Wasm, 22, """
typedef wasm_byte_vec_t wasm_name_t;

#define wasm_name wasm_byte_vec
#define wasm_name_new wasm_byte_vec_new
#define wasm_name_new_empty wasm_byte_vec_new_empty
#define wasm_name_new_new_uninitialized wasm_byte_vec_new_uninitialized
#define wasm_name_copy wasm_byte_vec_copy
#define wasm_name_delete wasm_byte_vec_delete
""")]
[CVerbatim(CHeader.Wasm, 29, "/* Runtime environment: configuration, engine, store. */")]
[CFamily(30, "OWN", "config")]
[CFamily(31, "OWN", "engine")]
[CFamily(32, "OWN", "store")]
[CVerbatim(CHeader.Wasm, 42, "static const uint32_t wasm_limits_max_default = 0xffffffff;")]
[CVerbatim(CHeader.Wasm, 49, "/* Type representations. */")]
[CFamily(50, "TYPE", "valtype")]
[CFamily(52, "TYPE", "functype")]
[CFamily(53, "TYPE", "globaltype")]
[CFamily(54, "TYPE", "tabletype")]
[CFamily(55, "TYPE", "memorytype")]
[CFamily(56, "TYPE", "externtype")]
[CFamily(58, "EXTERNTYPE_CASTS", "functype")]
[CFamily(59, "EXTERNTYPE_CASTS", "globaltype")]
[CFamily(60, "EXTERNTYPE_CASTS", "tabletype")]
[CFamily(61, "EXTERNTYPE_CASTS", "memorytype")]
[CFamily(62, "TYPE", "importtype")]
[CFamily(63, "TYPE", "exporttype")]
[CVerbatim(CHeader.Wasm, 261, """
/* The standard's early name of externref. */
#define WASM_ANYREF WASM_EXTERNREF
""")]
[CVerbatim(CHeader.Wasm, 262, """
/* Runtime objects: values. */
struct wasm_ref_t;
""")]
[CFamily(270, "VEC", "val")]
[CFamily(280, "REF_BASE", "ref")]
[CVerbatim(CHeader.Wasm, 289, "/* Frames of a trap's stack trace. */")]
[CFamily(290, "OWN", "frame")]
[CFamily(291, "VEC_PTR", "frame")]
[CVerbatim(CHeader.Wasm, 300, """
/* Traps. A message is a NUL-terminated string whose size counts the NUL. */
typedef wasm_name_t wasm_message_t;
""")]
[CFamily(301, "REF", "trap")]
[CFamily(310, "REF", "foreign")]
[CVerbatim(CHeader.Wasm, 320, """
/* Modules (decoded and validated; not tied to a store). */
#ifndef WASM_MODULE_T_DEFINED
#define WASM_MODULE_T_DEFINED
struct WASMModuleCommon;
typedef struct WASMModuleCommon *wasm_module_t;
#endif
""")]
[CFamily(321, "MODULE_REF", "module")]
[CVerbatim(CHeader.Wasm, 329, "/* Function instances. */")]
[CFamily(330, "REF", "func")]
[CVerbatim(CHeader.Wasm, 331, """
typedef own wasm_trap_t* (*wasm_func_callback_t)(
  const wasm_val_vec_t* args, own wasm_val_vec_t* results);
typedef own wasm_trap_t* (*wasm_func_callback_with_env_t)(
  void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results);
""")]
[CVerbatim(CHeader.Wasm, 339, "/* Global, table and memory instances. */")]
[CFamily(340, "REF", "global")]
[CFamily(350, "REF", "table")]
[CVerbatim(CHeader.Wasm, 351, "typedef uint32_t wasm_table_size_t;")]
[CFamily(360, "REF", "memory")]
[CVerbatim(CHeader.Wasm, 361, """
typedef uint32_t wasm_memory_pages_t;

static const size_t MEMORY_PAGE_SIZE = 0x10000;
""")]
[CVerbatim(CHeader.Wasm, 369, "/* Externals: functions, globals, tables and memories, as imports and exports. */")]
[CFamily(370, "REF", "extern")]
[CFamily(371, "VEC_PTR", "extern")]
[CFamily(372, "EXTERN_CASTS", "func")]
[CFamily(373, "EXTERN_CASTS", "global")]
[CFamily(374, "EXTERN_CASTS", "table")]
[CFamily(375, "EXTERN_CASTS", "memory")]
[CVerbatim(CHeader.Wasm, 379, "/* Module instances. */")]
[CFamily(380, "REF", "instance")]
[CVerbatim(CHeader.Wasm, 1000, """
/* Conveniences. */
static inline void wasm_name_new_from_string(own wasm_name_t* out, const char* s) {
  wasm_name_new(out, strlen(s), s);
}

static inline void wasm_name_new_from_string_nt(own wasm_name_t* out, const char* s) {
  wasm_name_new(out, strlen(s) + 1, s);
}

static inline bool wasm_valkind_is_num(wasm_valkind_t k) {
  return k < WASM_EXTERNREF;
}
static inline bool wasm_valkind_is_ref(wasm_valkind_t k) {
  return k >= WASM_EXTERNREF;
}

static inline bool wasm_valtype_is_num(const wasm_valtype_t* t) {
  return wasm_valkind_is_num(wasm_valtype_kind(t));
}
static inline bool wasm_valtype_is_ref(const wasm_valtype_t* t) {
  return wasm_valkind_is_ref(wasm_valtype_kind(t));
}

static inline own wasm_valtype_t* wasm_valtype_new_i32(void) {
  return wasm_valtype_new(WASM_I32);
}
static inline own wasm_valtype_t* wasm_valtype_new_i64(void) {
  return wasm_valtype_new(WASM_I64);
}
static inline own wasm_valtype_t* wasm_valtype_new_f32(void) {
  return wasm_valtype_new(WASM_F32);
}
static inline own wasm_valtype_t* wasm_valtype_new_f64(void) {
  return wasm_valtype_new(WASM_F64);
}
static inline own wasm_valtype_t* wasm_valtype_new_anyref(void) {
  return wasm_valtype_new(WASM_EXTERNREF);
}
static inline own wasm_valtype_t* wasm_valtype_new_externref(void) {
  return wasm_valtype_new(WASM_EXTERNREF);
}
static inline own wasm_valtype_t* wasm_valtype_new_funcref(void) {
  return wasm_valtype_new(WASM_FUNCREF);
}

/* wasm_functype_new_P_R: a function type of P parameters and R results, taking ownership of the value types. */
static inline own wasm_functype_t* wasm_functype_new_0_0(void) {
  wasm_valtype_vec_t params, results;
  wasm_valtype_vec_new_empty(&params);
  wasm_valtype_vec_new_empty(&results);
  return wasm_functype_new(&params, &results);
}

static inline own wasm_functype_t* wasm_functype_new_1_0(own wasm_valtype_t* p) {
  wasm_valtype_t* ps[1];
  wasm_valtype_vec_t params, results;
  ps[0] = p;
  wasm_valtype_vec_new(&params, 1, ps);
  wasm_valtype_vec_new_empty(&results);
  return wasm_functype_new(&params, &results);
}

static inline own wasm_functype_t* wasm_functype_new_2_0(own wasm_valtype_t* p1, own wasm_valtype_t* p2) {
  wasm_valtype_t* ps[2];
  wasm_valtype_vec_t params, results;
  ps[0] = p1; ps[1] = p2;
  wasm_valtype_vec_new(&params, 2, ps);
  wasm_valtype_vec_new_empty(&results);
  return wasm_functype_new(&params, &results);
}

static inline own wasm_functype_t* wasm_functype_new_3_0(own wasm_valtype_t* p1, own wasm_valtype_t* p2, own wasm_valtype_t* p3) {
  wasm_valtype_t* ps[3];
  wasm_valtype_vec_t params, results;
  ps[0] = p1; ps[1] = p2; ps[2] = p3;
  wasm_valtype_vec_new(&params, 3, ps);
  wasm_valtype_vec_new_empty(&results);
  return wasm_functype_new(&params, &results);
}

static inline own wasm_functype_t* wasm_functype_new_0_1(own wasm_valtype_t* r) {
  wasm_valtype_t* rs[1];
  wasm_valtype_vec_t params, results;
  rs[0] = r;
  wasm_valtype_vec_new_empty(&params);
  wasm_valtype_vec_new(&results, 1, rs);
  return wasm_functype_new(&params, &results);
}

static inline own wasm_functype_t* wasm_functype_new_1_1(own wasm_valtype_t* p, own wasm_valtype_t* r) {
  wasm_valtype_t* ps[1];
  wasm_valtype_t* rs[1];
  wasm_valtype_vec_t params, results;
  ps[0] = p; rs[0] = r;
  wasm_valtype_vec_new(&params, 1, ps);
  wasm_valtype_vec_new(&results, 1, rs);
  return wasm_functype_new(&params, &results);
}

static inline own wasm_functype_t* wasm_functype_new_2_1(own wasm_valtype_t* p1, own wasm_valtype_t* p2, own wasm_valtype_t* r) {
  wasm_valtype_t* ps[2];
  wasm_valtype_t* rs[1];
  wasm_valtype_vec_t params, results;
  ps[0] = p1; ps[1] = p2; rs[0] = r;
  wasm_valtype_vec_new(&params, 2, ps);
  wasm_valtype_vec_new(&results, 1, rs);
  return wasm_functype_new(&params, &results);
}

static inline own wasm_functype_t* wasm_functype_new_3_1(own wasm_valtype_t* p1, own wasm_valtype_t* p2, own wasm_valtype_t* p3, own wasm_valtype_t* r) {
  wasm_valtype_t* ps[3];
  wasm_valtype_t* rs[1];
  wasm_valtype_vec_t params, results;
  ps[0] = p1; ps[1] = p2; ps[2] = p3; rs[0] = r;
  wasm_valtype_vec_new(&params, 3, ps);
  wasm_valtype_vec_new(&results, 1, rs);
  return wasm_functype_new(&params, &results);
}

static inline own wasm_functype_t* wasm_functype_new_0_2(own wasm_valtype_t* r1, own wasm_valtype_t* r2) {
  wasm_valtype_t* rs[2];
  wasm_valtype_vec_t params, results;
  rs[0] = r1; rs[1] = r2;
  wasm_valtype_vec_new_empty(&params);
  wasm_valtype_vec_new(&results, 2, rs);
  return wasm_functype_new(&params, &results);
}

static inline own wasm_functype_t* wasm_functype_new_1_2(own wasm_valtype_t* p, own wasm_valtype_t* r1, own wasm_valtype_t* r2) {
  wasm_valtype_t* ps[1];
  wasm_valtype_t* rs[2];
  wasm_valtype_vec_t params, results;
  ps[0] = p; rs[0] = r1; rs[1] = r2;
  wasm_valtype_vec_new(&params, 1, ps);
  wasm_valtype_vec_new(&results, 2, rs);
  return wasm_functype_new(&params, &results);
}

static inline own wasm_functype_t* wasm_functype_new_2_2(own wasm_valtype_t* p1, own wasm_valtype_t* p2, own wasm_valtype_t* r1, own wasm_valtype_t* r2) {
  wasm_valtype_t* ps[2];
  wasm_valtype_t* rs[2];
  wasm_valtype_vec_t params, results;
  ps[0] = p1; ps[1] = p2; rs[0] = r1; rs[1] = r2;
  wasm_valtype_vec_new(&params, 2, ps);
  wasm_valtype_vec_new(&results, 2, rs);
  return wasm_functype_new(&params, &results);
}

static inline own wasm_functype_t* wasm_functype_new_3_2(own wasm_valtype_t* p1, own wasm_valtype_t* p2, own wasm_valtype_t* p3, own wasm_valtype_t* r1, own wasm_valtype_t* r2) {
  wasm_valtype_t* ps[3];
  wasm_valtype_t* rs[2];
  wasm_valtype_vec_t params, results;
  ps[0] = p1; ps[1] = p2; ps[2] = p3; rs[0] = r1; rs[1] = r2;
  wasm_valtype_vec_new(&params, 3, ps);
  wasm_valtype_vec_new(&results, 2, rs);
  return wasm_functype_new(&params, &results);
}

/* A host pointer as a value (i32 or i64, as wide as a pointer). */
static inline void wasm_val_init_ptr(own wasm_val_t* out, void* p) {
#if UINTPTR_MAX == UINT32_MAX
  out->kind = WASM_I32;
  out->of.i32 = (int32_t)(intptr_t)p;
#else
  out->kind = WASM_I64;
  out->of.i64 = (int64_t)(intptr_t)p;
#endif
}

static inline void* wasm_val_ptr(const wasm_val_t* val) {
#if UINTPTR_MAX == UINT32_MAX
  return (void*)(intptr_t)val->of.i32;
#else
  return (void*)(intptr_t)val->of.i64;
#endif
}

/* Initializers (C99 designated initializers; C++ needs C++20). */
#define WASM_I32_VAL(i) {.kind = WASM_I32, .of = {.i32 = i}}
#define WASM_I64_VAL(i) {.kind = WASM_I64, .of = {.i64 = i}}
#define WASM_F32_VAL(z) {.kind = WASM_F32, .of = {.f32 = z}}
#define WASM_F64_VAL(z) {.kind = WASM_F64, .of = {.f64 = z}}
#define WASM_REF_VAL(r) {.kind = WASM_EXTERNREF, .of = {.ref = r}}
#define WASM_INIT_VAL {.kind = WASM_EXTERNREF, .of = {.ref = NULL}}

#define WASM_EMPTY_VEC {0, NULL}
#define WASM_ARRAY_VEC(array) {sizeof(array) / sizeof(*(array)), array}
""")]
internal static class WasmHeaderText;

[CEnum(CHeader.Wasm, 40, "wasm_mutability_t", Storage = "uint8_t", EnumTag = "wasm_mutability_enum")]
public enum WasmMutability : byte
{
    WASM_CONST,
    WASM_VAR,
}

[CEnum(CHeader.Wasm, 57, "wasm_externkind_t", Storage = "uint8_t", EnumTag = "wasm_externkind_enum")]
public enum WasmExternKind : byte
{
    WASM_EXTERN_FUNC,
    WASM_EXTERN_GLOBAL,
    WASM_EXTERN_TABLE,
    WASM_EXTERN_MEMORY,
}

[CStruct(CHeader.Wasm, 41, "wasm_limits_t", Tag = "wasm_limits_t", Doc = "Limits of a table or memory type, in elements or pages; max wasm_limits_max_default means none.")]
[StructLayout(LayoutKind.Sequential)]
public struct WasmLimits
{
    public uint min;
    public uint max;
}

/// <summary>A byte vector (wasm_byte_vec_t, also wasm_name_t and wasm_message_t), declared by WASM_DECLARE_VEC.</summary>
[CStruct(CHeader.Wasm, 0, "wasm_byte_vec_t", Emit = false)]
[StructLayout(LayoutKind.Sequential)]
public unsafe struct ByteVec
{
    public nuint size;
    public byte* data;
}

/// <summary>A value vector (wasm_val_vec_t).</summary>
[CStruct(CHeader.Wasm, 0, "wasm_val_vec_t", Emit = false)]
[StructLayout(LayoutKind.Sequential)]
public unsafe struct ValVec
{
    public nuint size;
    public WasmVal* data;
}

/// <summary>A vector of object pointers (wasm_extern_vec_t, wasm_valtype_vec_t and the others declared with `*`).</summary>
[CStruct(CHeader.Wasm, 0, "wasm_extern_vec_t", Emit = false)]
[StructLayout(LayoutKind.Sequential)]
public unsafe struct HandleVec
{
    public nuint size;
    public nint* data;
}

/// <summary>What an object of the internal generic functions is, for the checked conversions (wasm_ref_as_func ...).</summary>
[CEnum(CHeader.WasmInternal, 10, "mw_kind_t")]
public enum ObjectKind
{
    MW_KIND_func,
    MW_KIND_global,
    MW_KIND_table,
    MW_KIND_memory,
    MW_KIND_extern,
    MW_KIND_module,
    MW_KIND_instance,
    MW_KIND_trap,
    MW_KIND_foreign,
    MW_KIND_functype,
    MW_KIND_globaltype,
    MW_KIND_tabletype,
    MW_KIND_memorytype,
}

/// <summary>wasm.h functions defined in C by native-shim/wasm_c_api.c.</summary>
[CShimFunction(CHeader.Wasm, "void", "wasm_val_delete", "own wasm_val_t* v",
    "Deletes the reference a value holds, if any.")]
[CShimFunction(CHeader.Wasm, "void", "wasm_val_copy", "own wasm_val_t* out, const wasm_val_t* v",
    "Copies a value; a reference in it becomes a new reference.")]
internal static class WasmShimFunctions;
