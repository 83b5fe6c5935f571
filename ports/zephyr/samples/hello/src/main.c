/*
 * MicroWasm on Zephyr: the hello sample. Loads a small WebAssembly module embedded in the image, registers one native
 * for it to import, calls its export and prints the result, through the WAMR API (wasm_export.h).
 *
 * The module (src/hello.wat): sum_of_squares(n) adds 1*1 + ... + n*n, asking the host for each square through the
 * imported env.host_square. The bytes come from src/hello.wasm, turned into hello.wasm.inc at build time by Zephyr's
 * generate_inc_file_for_target (CMakeLists.txt).
 *
 * On native_sim the sample ends the process with nsi_exit(): Zephyr itself never exits, and CI waits for the result.
 * ports/zephyr/tests/host builds this same file as a plain Linux program (not Zephyr) with stand-ins for printk and
 * nsi_exit, which is how it was run on the machine it was written on.
 */
#include <stdint.h>
#include <zephyr/kernel.h>
#include <zephyr/sys/printk.h>
#include <wasm_export.h>
#ifdef CONFIG_ARCH_POSIX
#include <nsi_main.h>
#endif

/* Not const: wasm_runtime_load takes a uint8_t * (WAMR's signature; MicroWasm copies the bytes and never writes). */
static uint8_t hello_wasm[] = {
#include "hello.wasm.inc"
};

#define SUM_OF_SQUARES_N 10u

static uint32_t square_calls;

/* env.host_square, signature "(i)i": called by the module once per term. */
static int32_t host_square(wasm_exec_env_t exec_env, int32_t x)
{
    (void)exec_env;
    square_calls++;
    return x * x;
}

static NativeSymbol natives[] = {
    EXPORT_WASM_API_WITH_SIG(host_square, "(i)i"),
};

static int run(void)
{
    char error[128];
    wasm_module_t module = NULL;
    wasm_module_inst_t inst = NULL;
    wasm_exec_env_t env = NULL;
    wasm_function_inst_t sum_of_squares;
    uint32_t argv[1] = {SUM_OF_SQUARES_N};
    int status = 1;

    if (!wasm_runtime_init()) {
        printk("wasm_runtime_init failed\n");
        return 1;
    }
    /* Natives are linked at instantiation, against what is registered then. */
    if (!wasm_runtime_register_natives("env", natives, sizeof natives / sizeof natives[0])) {
        printk("wasm_runtime_register_natives failed\n");
        goto out;
    }
    module = wasm_runtime_load(hello_wasm, sizeof hello_wasm, error, sizeof error);
    if (module == NULL) {
        printk("%s\n", error);
        goto out;
    }
    inst = wasm_runtime_instantiate(module, 16 * 1024, 0, error, sizeof error);
    if (inst == NULL) {
        printk("%s\n", error);
        goto out;
    }
    env = wasm_runtime_create_exec_env(inst, 16 * 1024);
    sum_of_squares = wasm_runtime_lookup_function(inst, "sum_of_squares");
    if (env == NULL || sum_of_squares == NULL) {
        printk("no exec env or no export sum_of_squares\n");
        goto out;
    }
    if (!wasm_runtime_call_wasm(env, sum_of_squares, 1, argv)) {
        printk("%s\n", wasm_runtime_get_exception(inst));
        goto out;
    }
    printk("MicroWasm: sum_of_squares(%u) = %u, host_square called %u times\n", SUM_OF_SQUARES_N, argv[0],
           square_calls);
    /* 1 + 4 + ... + 100 */
    status = argv[0] == 385 && square_calls == SUM_OF_SQUARES_N ? 0 : 1;

out:
    if (env != NULL)
        wasm_runtime_destroy_exec_env(env);
    if (inst != NULL)
        wasm_runtime_deinstantiate(inst);
    if (module != NULL)
        wasm_runtime_unload(module);
    wasm_runtime_destroy();
    return status;
}

int main(void)
{
    int status = run();

    printk("MicroWasm hello: %s\n", status == 0 ? "PASS" : "FAIL");
#ifdef CONFIG_ARCH_POSIX
    nsi_exit(status);
#endif
    return status;
}
