/*
 * A C host of the WAMR API built the way an application builds one: its own CMake project that adds the MicroWasm
 * source tree with add_subdirectory and links microwasm::runtime (see CMakeLists.txt here). scripts/test-arm64.sh
 * configures it with ports/linux-arm64/toolchain.cmake and runs it under qemu-aarch64.
 *
 * The module (converted by the engine's own text parser):
 *   (module
 *     (import "env" "mix" (func $mix (param i32 i64 f32 f64) (result f64)))
 *     (memory (export "memory") 1)
 *     (func (export "run") (param i32) (result f64)
 *       (call $mix (local.get 0) (i64.const -5) (f32.const 1.5) (f64.const 0.25))))
 */
#include <stdio.h>
#include <string.h>
#include "wasm_export.h"

static uint8_t module_bytes[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0e, 0x02, 0x60,
    0x04, 0x7f, 0x7e, 0x7d, 0x7c, 0x01, 0x7c, 0x60, 0x01, 0x7f, 0x01, 0x7c,
    0x02, 0x0b, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x03, 0x6d, 0x69, 0x78, 0x00,
    0x00, 0x03, 0x02, 0x01, 0x01, 0x05, 0x03, 0x01, 0x00, 0x01, 0x07, 0x10,
    0x02, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, 0x03, 0x72,
    0x75, 0x6e, 0x00, 0x01, 0x0a, 0x18, 0x01, 0x16, 0x00, 0x20, 0x00, 0x42,
    0x7b, 0x43, 0x00, 0x00, 0xc0, 0x3f, 0x44, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0xd0, 0x3f, 0x10, 0x00, 0x0b, 0x00, 0x0d, 0x04, 0x6e, 0x61, 0x6d,
    0x65, 0x01, 0x06, 0x01, 0x00, 0x03, 0x6d, 0x69, 0x78
};

/* Every argument class of a WAMR signature, "(iIfF)F": the host-call shim of the port passes them. */
static double mix(wasm_exec_env_t exec_env, int32_t a, int64_t b, float c, double d)
{
    (void)exec_env;
    return a * 1000.0 + (double)b * 100.0 + c * 10.0 + d;
}

static NativeSymbol natives[] = {
    {"mix", (void *)mix, "(iIfF)F", NULL},
};

int main(void)
{
    char error[128];
    wasm_module_t module;
    wasm_module_inst_t inst;
    wasm_exec_env_t env;
    wasm_function_inst_t run;
    uint32_t argv[2] = {7, 0};
    double result;
    const double expected = 7 * 1000.0 - 5 * 100.0 + 1.5 * 10.0 + 0.25;

    if (!wasm_runtime_init() || !wasm_runtime_register_natives("env", natives, 1))
        return 1;
    module = wasm_runtime_load(module_bytes, sizeof module_bytes, error, sizeof error);
    if (module == NULL) {
        fprintf(stderr, "load: %s\n", error);
        return 1;
    }
    inst = wasm_runtime_instantiate(module, 8192, 0, error, sizeof error);
    if (inst == NULL) {
        fprintf(stderr, "instantiate: %s\n", error);
        return 1;
    }
    env = wasm_runtime_create_exec_env(inst, 8192);
    run = wasm_runtime_lookup_function(inst, "run");
    if (run == NULL || !wasm_runtime_call_wasm(env, run, 1, argv)) {
        fprintf(stderr, "call: %s\n", run ? wasm_runtime_get_exception(inst) : "no export run");
        return 1;
    }
    memcpy(&result, argv, sizeof result);
    printf("run(7) = %.2f (expected %.2f)\n", result, expected);
    wasm_runtime_destroy_exec_env(env);
    wasm_runtime_deinstantiate(inst);
    wasm_runtime_unload(module);
    wasm_runtime_destroy();
    return result == expected ? 0 : 1;
}
