/*
 * Provokes every trap kind, and call stack exhaustion, on one instance: each call fails with WAMR's exception text
 * and the instance keeps working afterwards. Also: the named call stack of a trap, and wasm_runtime_terminate.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <string.h>
#include <time.h>
#include "wasm_export.h"
#include "test_util.h"

static wasm_module_inst_t inst;
static wasm_exec_env_t env;

static void expect_trap(const char *export_name, const char *exception)
{
    wasm_function_inst_t f = wasm_runtime_lookup_function(inst, export_name);
    wasm_function_inst_t ok = wasm_runtime_lookup_function(inst, "ok");
    uint32_t cells[4] = {0, 0, 0, 0};
    CHECK(f != NULL);
    CHECK(!wasm_runtime_call_wasm(env, f, wasm_func_get_param_count(f, inst), cells));
    CHECK_STR(wasm_runtime_get_exception(inst), exception);
    wasm_runtime_clear_exception(inst);
    /* still alive */
    cells[0] = 41;
    CHECK(wasm_runtime_call_wasm(env, ok, 1, cells) && cells[0] == 42);
}

static void *terminate_later(void *spinner)
{
    struct timespec delay = {0, 50 * 1000 * 1000};
    nanosleep(&delay, NULL);
    wasm_runtime_terminate((wasm_module_inst_t)spinner);
    return NULL;
}

int main(int argc, char **argv)
{
    unsigned int size;
    unsigned char *wasm;
    char error[128];
    wasm_module_t module;
    int round;

    if (argc < 2) {
        fprintf(stderr, "usage: traps_host traps.wasm\n");
        return 2;
    }
    CHECK(wasm_runtime_init());
    wasm = read_file(argv[1], &size);
    module = wasm_runtime_load(wasm, size, error, sizeof error);
    CHECK(module != NULL);
    inst = module ? wasm_runtime_instantiate(module, 64 * 1024, 0, error, sizeof error) : NULL;
    CHECK(inst != NULL);
    if (inst == NULL) {
        fprintf(stderr, "%s\n", error);
        return test_summary("traps_host");
    }
    env = wasm_runtime_create_exec_env(inst, 64 * 1024);

    for (round = 0; round < 3; round++) {
        expect_trap("unreachable", "Exception: unreachable");
        expect_trap("div_zero", "Exception: integer divide by zero");
        expect_trap("overflow", "Exception: integer overflow");
        expect_trap("bad_conversion", "Exception: invalid conversion to integer");
        expect_trap("oob_memory", "Exception: out of bounds memory access");
        expect_trap("oob_table", "Exception: out of bounds table access");
        expect_trap("oob_table_set", "Exception: out of bounds table access");
        expect_trap("undefined_element", "Exception: undefined element");
        expect_trap("uninitialized_element", "Exception: uninitialized element");
        expect_trap("type_mismatch", "Exception: indirect call type mismatch");
        expect_trap("recurse", "Exception: wasm operand stack overflow");
    }

    /* memory.grow past the maximum is -1, not a trap */
    {
        wasm_function_inst_t f = wasm_runtime_lookup_function(inst, "grow_fails");
        uint32_t cells[1];
        CHECK(wasm_runtime_call_wasm(env, f, 0, cells) && (int32_t)cells[0] == -1);
        CHECK(wasm_runtime_get_exception(inst) == NULL);
    }
    /* the call stack of the last trap can be read */
    {
        char buf[256];
        CHECK(wasm_runtime_get_call_stack_buf_size(env) > 0);
        CHECK(wasm_runtime_dump_call_stack_to_buf(env, buf, sizeof buf) > 0);
        CHECK(strstr(buf, "recurse") != NULL); /* the frames of the exhausted recursion, named */
    }
    /* wasm_runtime_terminate from another thread stops a loop that calls nothing */
    {
        wasm_module_inst_t spinner = wasm_runtime_instantiate(module, 8192, 0, error, sizeof error);
        wasm_exec_env_t spin_env = spinner ? wasm_runtime_create_exec_env(spinner, 8192) : NULL;
        wasm_function_inst_t spin = spinner ? wasm_runtime_lookup_function(spinner, "spin") : NULL;
        pthread_t stopper;
        CHECK(spin != NULL);
        if (spin != NULL) {
            CHECK(pthread_create(&stopper, NULL, terminate_later, spinner) == 0);
            CHECK(!wasm_runtime_call_wasm(spin_env, spin, 0, NULL));
            CHECK_STR(wasm_runtime_get_exception(spinner), "Exception: terminated by user");
            pthread_join(stopper, NULL);
        }
        if (spin_env) wasm_runtime_destroy_exec_env(spin_env);
        if (spinner) wasm_runtime_deinstantiate(spinner);
        /* the other instance is not affected */
        {
            uint32_t cells[1] = {1};
            CHECK(wasm_runtime_call_wasm(env, wasm_runtime_lookup_function(inst, "ok"), 1, cells) && cells[0] == 2);
        }
    }
    /* a trap in the start function fails instantiation */
    {
        static uint8_t start_traps[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60,
                                        0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x08, 0x01, 0x00, 0x0a, 0x05, 0x01,
                                        0x03, 0x00, 0x00, 0x0b};
        wasm_module_t m = wasm_runtime_load(start_traps, sizeof start_traps, error, sizeof error);
        CHECK(m != NULL);
        CHECK(m != NULL && wasm_runtime_instantiate(m, 8192, 0, error, sizeof error) == NULL);
        CHECK_STR(error, "WASM module instantiate failed: Exception: unreachable");
        wasm_runtime_unload(m);
    }

    wasm_runtime_destroy_exec_env(env);
    wasm_runtime_deinstantiate(inst);
    wasm_runtime_unload(module);
    free(wasm);
    wasm_runtime_destroy();
    return test_summary("traps_host");
}
