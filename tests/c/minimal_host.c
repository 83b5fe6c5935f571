/*
 * The smallest useful host: init, a native, load, instantiate, call, clean up. Prints the call's result and how long the whole
 * sequence took (the first call also starts the .NET runtime inside the library).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "wasm_export.h"

/* (module (import "env" "twice" (func $twice (param i32) (result i32)))
     (func (export "add") (param i32 i32) (result i32) (call $twice (i32.add (local.get 0) (local.get 1))))) */
static uint8_t add_wasm[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0c, 0x02, 0x60, 0x01, 0x7f,
                             0x01, 0x7f, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x02, 0x0d, 0x01, 0x03, 0x65, 0x6e,
                             0x76, 0x05, 0x74, 0x77, 0x69, 0x63, 0x65, 0x00, 0x00, 0x03, 0x02, 0x01, 0x01, 0x07,
                             0x07, 0x01, 0x03, 0x61, 0x64, 0x64, 0x00, 0x01, 0x0a, 0x0b, 0x01, 0x09, 0x00, 0x20,
                             0x00, 0x20, 0x01, 0x6a, 0x10, 0x00, 0x0b};

static int32_t twice(wasm_exec_env_t exec_env, int32_t value)
{
    (void)exec_env;
    return 2 * value;
}

static NativeSymbol natives[] = {
    {"twice", (void *)twice, "(i)i", NULL},
};

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(void)
{
    char error[128];
    double start = now_ms();
    wasm_module_t module;
    wasm_module_inst_t inst;
    wasm_exec_env_t env;
    wasm_function_inst_t add;
    uint32_t argv[2] = {2, 19};

    if (!wasm_runtime_init() || !wasm_runtime_register_natives("env", natives, sizeof natives / sizeof natives[0]))
        return 1;
    module = wasm_runtime_load(add_wasm, sizeof add_wasm, error, sizeof error);
    if (module == NULL) {
        fprintf(stderr, "%s\n", error);
        return 1;
    }
    inst = wasm_runtime_instantiate(module, 8192, 0, error, sizeof error);
    if (inst == NULL) {
        fprintf(stderr, "%s\n", error);
        return 1;
    }
    env = wasm_runtime_create_exec_env(inst, 8192);
    add = wasm_runtime_lookup_function(inst, "add");
    if (!wasm_runtime_call_wasm(env, add, 2, argv)) {
        fprintf(stderr, "%s\n", wasm_runtime_get_exception(inst));
        return 1;
    }
    printf("twice(add(2, 19)) = %u\n", argv[0]);
    printf("init+load+instantiate+call: %.3f ms\n", now_ms() - start);
    wasm_runtime_destroy_exec_env(env);
    wasm_runtime_deinstantiate(inst);
    wasm_runtime_unload(module);
    wasm_runtime_destroy();
    return argv[0] == 42 ? 0 : 1;
}
