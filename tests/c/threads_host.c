/*
 * One module, one instance per thread: each thread set up with wasm_runtime_init_thread_env calls into its own
 * instance concurrently with the others.
 */
#include <pthread.h>
#include "wasm_export.h"
#include "test_util.h"

enum { THREADS = 4, CALLS = 30 };

static wasm_module_t module;
static int results[THREADS];

static void *worker(void *arg)
{
    int index = (int)(intptr_t)arg;
    char error[128];
    wasm_module_inst_t inst;
    wasm_exec_env_t env;
    wasm_function_inst_t fib;
    int i, good = 0;

    if (!wasm_runtime_init_thread_env())
        return NULL;
    inst = wasm_runtime_instantiate(module, 32 * 1024, 0, error, sizeof error);
    if (inst != NULL) {
        env = wasm_runtime_create_exec_env(inst, 32 * 1024);
        fib = wasm_runtime_lookup_function(inst, "fib");
        for (i = 0; i < CALLS; i++) {
            uint32_t cells[1] = {(uint32_t)(15 + index)};
            static const uint32_t expected[] = {610, 987, 1597, 2584};
            if (wasm_runtime_call_wasm(env, fib, 1, cells) && cells[0] == expected[index])
                good++;
        }
        wasm_runtime_destroy_exec_env(env);
        wasm_runtime_deinstantiate(inst);
    }
    results[index] = good;
    wasm_runtime_destroy_thread_env();
    return NULL;
}

int main(int argc, char **argv)
{
    pthread_t threads[THREADS];
    unsigned int size;
    unsigned char *wasm;
    char error[128];
    int i;

    if (argc < 2) {
        fprintf(stderr, "usage: threads_host fib.wasm\n");
        return 2;
    }
    CHECK(wasm_runtime_init());
    wasm = read_file(argv[1], &size);
    module = wasm_runtime_load(wasm, size, error, sizeof error);
    CHECK(module != NULL);
    for (i = 0; i < THREADS; i++)
        CHECK(pthread_create(&threads[i], NULL, worker, (void *)(intptr_t)i) == 0);
    for (i = 0; i < THREADS; i++) {
        pthread_join(threads[i], NULL);
        CHECK(results[i] == CALLS);
    }
    CHECK(!wasm_runtime_thread_env_inited());
    wasm_runtime_unload(module);
    free(wasm);
    wasm_runtime_destroy();
    return test_summary("threads_host");
}
