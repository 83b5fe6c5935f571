/* wasm.h traps: a host function's own trap and message, the engine's traps and their frames, and a wrong call. */
#include "capi_util.h"

static wasm_store_t *the_store;

static wasm_trap_t *fail(const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    wasm_message_t message;
    wasm_trap_t *trap;
    (void)args;
    (void)results;
    wasm_name_new_from_string_nt(&message, "the host says no");
    trap = wasm_trap_new(the_store, &message);
    wasm_name_delete(&message);
    return trap;
}

int main(int argc, char **argv)
{
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module;
    wasm_functype_t *type;
    wasm_func_t *fail_func;
    wasm_extern_t *imports_data[1];
    wasm_extern_vec_t imports, exports;
    wasm_instance_t *instance;
    wasm_trap_t *trap;
    wasm_val_vec_t none = WASM_EMPTY_VEC;
    wasm_val_t div_args_data[2] = {WASM_I32_VAL(7), WASM_I32_VAL(0)};
    wasm_val_t div_results_data[1] = {WASM_INIT_VAL};
    wasm_val_vec_t div_args = WASM_ARRAY_VEC(div_args_data), div_results = WASM_ARRAY_VEC(div_results_data);
    wasm_frame_vec_t trace;
    char text[256];
    (void)argc;

    the_store = store;
    module = capi_load(store, argv[1]);
    type = wasm_functype_new_0_0();
    fail_func = wasm_func_new(store, type, fail);
    wasm_functype_delete(type);
    imports_data[0] = wasm_func_as_extern(fail_func);
    imports = (wasm_extern_vec_t)WASM_ARRAY_VEC(imports_data);
    instance = wasm_instance_new(store, module, &imports, NULL);
    CHECK(instance != NULL);
    wasm_instance_exports(instance, &exports);

    trap = wasm_func_call(capi_func(module, &exports, "call_fail"), &none, &none);
    CHECK(trap != NULL);
    if (trap != NULL) {
        wasm_message_t message;
        wasm_trap_message(trap, &message);
        /* the message is NUL-terminated and its size counts the NUL */
        CHECK(message.size > 0 && message.data[message.size - 1] == '\0');
        wasm_byte_vec_delete(&message);
        CHECK(wasm_trap_origin(trap) == NULL); /* the host's own trap (wasm_trap_new) has no frames */
        wasm_trap_trace(trap, &trace);
        CHECK(trace.size == 0);
        wasm_frame_vec_delete(&trace);
        CHECK_STR(capi_trap_text(trap, text, sizeof text), "the host says no");
    }

    /* a host trap made outside any call has no frames either */
    {
        wasm_message_t message;
        wasm_name_new_from_string_nt(&message, "made by hand");
        trap = wasm_trap_new(store, &message);
        wasm_name_delete(&message);
        CHECK(trap != NULL && wasm_trap_origin(trap) == NULL);
        wasm_trap_trace(trap, &trace);
        CHECK(trace.size == 0);
        wasm_frame_vec_delete(&trace);
        wasm_trap_delete(trap);
    }

    /* a trap three calls deep: origin is the innermost frame, the trace has the three, innermost first */
    trap = wasm_func_call(capi_func(module, &exports, "deep"), &none, &none);
    CHECK(trap != NULL);
    if (trap != NULL) {
        wasm_frame_t *origin = wasm_trap_origin(trap);
        CHECK(origin != NULL);
        if (origin != NULL) {
            wasm_frame_t *copy = wasm_frame_copy(origin);
            CHECK(wasm_frame_func_index(origin) == 7);
            CHECK(wasm_frame_instance(origin) != NULL);
            CHECK(copy != NULL && wasm_frame_func_index(copy) == 7);
            /* MicroWasm does not track code offsets yet */
            CHECK(wasm_frame_func_offset(origin) == 0 && wasm_frame_module_offset(origin) == 0);
            wasm_frame_delete(copy);
            wasm_frame_delete(origin);
        }
        wasm_trap_trace(trap, &trace);
        CHECK(trace.size == 3);
        if (trace.size == 3) {
            CHECK(wasm_frame_func_index(trace.data[0]) == 7);
            CHECK(wasm_frame_func_index(trace.data[1]) == 6);
            CHECK(wasm_frame_func_index(trace.data[2]) == 5);
            CHECK(wasm_frame_instance(trace.data[2]) != NULL);
        }
        wasm_frame_vec_delete(&trace);
        CHECK_STR(capi_trap_text(trap, text, sizeof text), "unreachable");
    }

    trap = wasm_func_call(capi_func(module, &exports, "unreachable"), &none, &none);
    CHECK(trap != NULL);
    if (trap != NULL) {
        wasm_trap_trace(trap, &trace);
        CHECK(trace.size == 1 && wasm_frame_func_index(trace.data[0]) == 2);
        wasm_frame_vec_delete(&trace);
        CHECK_STR(capi_trap_text(trap, text, sizeof text), "unreachable");
    }

    trap = wasm_func_call(capi_func(module, &exports, "div"), &div_args, &div_results);
    CHECK(trap != NULL);
    if (trap != NULL) CHECK_STR(capi_trap_text(trap, text, sizeof text), "integer divide by zero");
    div_args_data[1].of.i32 = 2;
    CHECK(wasm_func_call(capi_func(module, &exports, "div"), &div_args, &div_results) == NULL);
    CHECK(div_results_data[0].kind == WASM_I32 && div_results_data[0].of.i32 == 3);

    trap = wasm_func_call(capi_func(module, &exports, "oob"), &none, &div_results);
    CHECK(trap != NULL);
    if (trap != NULL) CHECK_STR(capi_trap_text(trap, text, sizeof text), "out of bounds memory access");

    /* a wrong argument count or type is a trap too, not a crash */
    trap = wasm_func_call(capi_func(module, &exports, "div"), &none, &div_results);
    CHECK(trap != NULL);
    if (trap != NULL) wasm_trap_delete(trap);
    div_args_data[0].kind = WASM_F64;
    trap = wasm_func_call(capi_func(module, &exports, "div"), &div_args, &div_results);
    CHECK(trap != NULL);
    if (trap != NULL) wasm_trap_delete(trap);

    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_func_delete(fail_func);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    return test_summary("capi_trap");
}
