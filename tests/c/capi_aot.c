/*
 * wasm.h with an AOT artifact (capi_trap.wasm compiled at build time by `microwasm compile`): wasm_module_deserialize
 * and wasm_module_new accept the artifact as WAMR's accept its .aot files, wasm_module_serialize gives the artifact
 * back, and its instances behave as the bytecode's do (host function, results, traps and their messages). A changed
 * or truncated artifact gives NULL and a reason in microwasm_last_error(), never a crash.
 *
 * usage: capi_aot_host ARTIFACT.aot MODULE.wasm
 */
#include "capi_util.h"
#include "microwasm.h"

static wasm_store_t *the_store;
static int fail_calls;

static wasm_trap_t *fail(const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    wasm_message_t message;
    wasm_trap_t *trap;
    (void)args;
    (void)results;
    fail_calls++;
    wasm_name_new_from_string_nt(&message, "the host says no");
    trap = wasm_trap_new(the_store, &message);
    wasm_name_delete(&message);
    return trap;
}

static wasm_byte_vec_t file_bytes(const char *path)
{
    unsigned int size = 0;
    unsigned char *bytes = read_file(path, &size);
    wasm_byte_vec_t vec;
    wasm_byte_vec_new(&vec, size, (const wasm_byte_t *)bytes);
    free(bytes);
    return vec;
}

/*
 * Instantiates the module and runs capi_trap's exports; writes what happened to `out` (results, trap messages, the
 * origin of a trap three calls deep) so that the artifact's run can be compared with the bytecode's.
 */
static void run(wasm_store_t *store, const wasm_module_t *module, char *out, size_t out_size)
{
    wasm_functype_t *type = wasm_functype_new_0_0();
    wasm_func_t *fail_func = wasm_func_new(store, type, fail);
    wasm_extern_t *imports_data[1];
    wasm_extern_vec_t imports, exports;
    wasm_instance_t *instance;
    wasm_trap_t *trap;
    wasm_val_vec_t none = WASM_EMPTY_VEC;
    wasm_val_t args_data[2] = {WASM_I32_VAL(7), WASM_I32_VAL(2)};
    wasm_val_t results_data[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(args_data), results = WASM_ARRAY_VEC(results_data);
    char text[128];
    size_t n = 0;

    wasm_functype_delete(type);
    out[0] = 0;
    imports_data[0] = wasm_func_as_extern(fail_func);
    imports = (wasm_extern_vec_t)WASM_ARRAY_VEC(imports_data);
    instance = wasm_instance_new(store, module, &imports, NULL);
    CHECK(instance != NULL);
    if (instance == NULL) {
        wasm_func_delete(fail_func);
        return;
    }
    wasm_instance_exports(instance, &exports);

    CHECK(wasm_func_call(capi_func(module, &exports, "div"), &args, &results) == NULL);
    CHECK(results_data[0].kind == WASM_I32 && results_data[0].of.i32 == 3);
    n += (size_t)snprintf(out + n, out_size - n, "div(7, 2) = %d\n", results_data[0].of.i32);

    args_data[1].of.i32 = 0;
    trap = wasm_func_call(capi_func(module, &exports, "div"), &args, &results);
    CHECK(trap != NULL);
    if (trap != NULL) {
        CHECK_STR(capi_trap_text(trap, text, sizeof text), "integer divide by zero");
        n += (size_t)snprintf(out + n, out_size - n, "div(7, 0) ! %s\n", text);
    }

    trap = wasm_func_call(capi_func(module, &exports, "call_fail"), &none, &none);
    CHECK(trap != NULL && fail_calls > 0);
    if (trap != NULL) {
        CHECK_STR(capi_trap_text(trap, text, sizeof text), "the host says no");
        n += (size_t)snprintf(out + n, out_size - n, "call_fail ! %s\n", text);
    }

    trap = wasm_func_call(capi_func(module, &exports, "oob"), &none, &results);
    CHECK(trap != NULL);
    if (trap != NULL) {
        CHECK_STR(capi_trap_text(trap, text, sizeof text), "out of bounds memory access");
        n += (size_t)snprintf(out + n, out_size - n, "oob ! %s\n", text);
    }

    trap = wasm_func_call(capi_func(module, &exports, "deep"), &none, &none);
    CHECK(trap != NULL);
    if (trap != NULL) {
        wasm_frame_t *origin = wasm_trap_origin(trap);
        wasm_frame_vec_t trace;
        CHECK(origin != NULL && wasm_frame_func_index(origin) == 7); /* $inner, the function that trapped */
        n += (size_t)snprintf(out + n, out_size - n, "deep: origin %u\n", origin ? wasm_frame_func_index(origin) : 0);
        if (origin != NULL)
            wasm_frame_delete(origin);
        wasm_trap_trace(trap, &trace);
        CHECK(trace.size >= 1 && wasm_frame_func_index(trace.data[0]) == 7);
        /* not compared: AOT code reports the frame that trapped, the interpreter every frame */
        printf("capi_aot: \"deep\" trapped with %u frame(s)\n", (unsigned)trace.size);
        wasm_frame_vec_delete(&trace);
        CHECK_STR(capi_trap_text(trap, text, sizeof text), "unreachable");
        n += (size_t)snprintf(out + n, out_size - n, "deep ! %s\n", text);
    }

    /* the instance works after its traps */
    args_data[0].of.i32 = 9;
    args_data[1].of.i32 = -3;
    CHECK(wasm_func_call(capi_func(module, &exports, "div"), &args, &results) == NULL && results_data[0].of.i32 == -3);
    n += (size_t)snprintf(out + n, out_size - n, "div(9, -3) = %d\n", results_data[0].of.i32);

    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_func_delete(fail_func);
}

static int contains(const char *text, const char *part)
{
    return text != NULL && strstr(text, part) != NULL;
}

int main(int argc, char **argv)
{
    wasm_engine_t *engine;
    wasm_store_t *store, *other;
    wasm_byte_vec_t artifact, wasm, serialized, bad;
    wasm_module_t *module, *from_new, *bytecode, *obtained;
    wasm_shared_module_t *shared;
    wasm_importtype_vec_t imports_aot, imports_wasm;
    wasm_exporttype_vec_t exports_aot, exports_wasm;
    char aot_run[1024], new_run[1024], wasm_run[1024], shared_run[1024];

    if (argc < 3) {
        fprintf(stderr, "usage: capi_aot_host ARTIFACT.aot MODULE.wasm\n");
        return 2;
    }
    {
        FILE *f = fopen(argv[1], "rb");
        if (f == NULL) {
            fprintf(stderr,
                    "capi_aot: the artifact %s is missing. The build makes it with `microwasm compile` (target "
                    "microwasm_test_artifacts in tests/c/CMakeLists.txt); build again and look for its error.\n",
                    argv[1]);
            return 1;
        }
        fclose(f);
    }
    engine = wasm_engine_new();
    store = wasm_store_new(engine);
    the_store = store;
    artifact = file_bytes(argv[1]);
    wasm = file_bytes(argv[2]);

    /* wasm_module_deserialize takes an artifact, as WAMR's takes an AOT file */
    module = wasm_module_deserialize(store, &artifact);
    CHECK(module != NULL);
    if (module == NULL) {
        fprintf(stderr, "capi_aot: wasm_module_deserialize: %s\n", microwasm_last_error());
        return test_summary("capi_aot");
    }
    run(store, module, aot_run, sizeof aot_run);

    /* serializing it gives the artifact back, which deserializes again */
    wasm_module_serialize(module, &serialized);
    CHECK(serialized.size == artifact.size && memcmp(serialized.data, artifact.data, artifact.size) == 0);
    {
        wasm_module_t *again = wasm_module_deserialize(store, &serialized);
        CHECK(again != NULL);
        if (again != NULL)
            wasm_module_delete(again);
    }
    wasm_byte_vec_delete(&serialized);

    /* wasm_module_new and wasm_module_validate take it too */
    CHECK(wasm_module_validate(store, &artifact));
    from_new = wasm_module_new(store, &artifact);
    CHECK(from_new != NULL);
    if (from_new != NULL) {
        run(store, from_new, new_run, sizeof new_run);
        CHECK_STR(new_run, aot_run);
        wasm_module_delete(from_new);
    }

    /* the bytecode gives the same results, and the module the same imports and exports */
    bytecode = wasm_module_new(store, &wasm);
    CHECK(bytecode != NULL);
    if (bytecode != NULL) {
        run(store, bytecode, wasm_run, sizeof wasm_run);
        CHECK_STR(aot_run, wasm_run);
        wasm_module_imports(module, &imports_aot);
        wasm_module_imports(bytecode, &imports_wasm);
        CHECK(imports_aot.size == 1 && imports_aot.size == imports_wasm.size);
        wasm_importtype_vec_delete(&imports_aot);
        wasm_importtype_vec_delete(&imports_wasm);
        wasm_module_exports(module, &exports_aot);
        wasm_module_exports(bytecode, &exports_wasm);
        CHECK(exports_aot.size == 5 && exports_aot.size == exports_wasm.size);
        wasm_exporttype_vec_delete(&exports_aot);
        wasm_exporttype_vec_delete(&exports_wasm);
        wasm_module_delete(bytecode);
    }

    /* shared with another store: the mapped code serves both */
    shared = wasm_module_share(module);
    CHECK(shared != NULL);
    other = wasm_store_new(engine);
    obtained = shared ? wasm_module_obtain(other, shared) : NULL;
    CHECK(obtained != NULL);
    if (obtained != NULL) {
        the_store = other;
        run(other, obtained, shared_run, sizeof shared_run);
        CHECK_STR(shared_run, aot_run);
        the_store = store;
        wasm_module_delete(obtained);
    }
    if (shared != NULL)
        wasm_shared_module_delete(shared);
    wasm_store_delete(other);

    /* refused: a changed byte, a truncated file, a changed header; the reason is in microwasm_last_error() */
    wasm_byte_vec_copy(&bad, &artifact);
    bad.data[bad.size / 2] ^= 0x01;
    CHECK(wasm_module_deserialize(store, &bad) == NULL);
    CHECK(contains(microwasm_last_error(), "checksum mismatch"));
    CHECK(wasm_module_new(store, &bad) == NULL);
    CHECK(contains(microwasm_last_error(), "checksum mismatch"));
    CHECK(!wasm_module_validate(store, &bad));
    bad.data[bad.size / 2] ^= 0x01;
    bad.data[8] = 42; /* the format version */
    CHECK(wasm_module_deserialize(store, &bad) == NULL);
    CHECK(contains(microwasm_last_error(), "format version 42"));
    bad.size = 30; /* truncated (the vector keeps its allocation; its size is only read) */
    CHECK(wasm_module_deserialize(store, &bad) == NULL);
    CHECK(contains(microwasm_last_error(), "truncated"));
    bad.size = artifact.size;
    wasm_byte_vec_delete(&bad);
    /* plain bytecode is not a serialized module */
    CHECK(wasm_module_deserialize(store, &wasm) == NULL);

    wasm_module_delete(module);
    wasm_byte_vec_delete(&artifact);
    wasm_byte_vec_delete(&wasm);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    return test_summary("capi_aot");
}
