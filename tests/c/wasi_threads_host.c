/*
 * wasi-threads through the WAMR API, as WAMR's lib-wasi-threads offers it: wasm_runtime_instantiate of a module that
 * imports "wasi" "thread-spawn" links it, and each spawned thread runs wasi_thread_start on an instance of its own that
 * shares the imported memory and the WASI context. Runs the fixtures of tests/fixtures/wasi-threads (converted to
 * .wasm at build time) with wasm_application_execute_main, their stdout captured through wasm_runtime_set_wasi_args_ex:
 * the 4-thread atomic sum (five times), proc_exit in a thread (the call returns true with the thread's exit code), a
 * trap in a thread (the call fails with that trap), and the thread limit of wasm_runtime_set_max_thread_num.
 * usage: wasi_threads_host DIR   (DIR holds sum.wasm, thread_exit.wasm, ...)
 */
#include <stdbool.h>
#include <stdint.h>
#include <unistd.h>
#include "wasm_export.h"
#include "test_util.h"

struct outcome {
    bool ok;                /* what wasm_application_execute_main returned */
    uint32_t exit_code;     /* wasm_runtime_get_wasi_exit_code */
    char exception[256];    /* wasm_runtime_get_exception, or "" */
    char out[256];          /* what the program wrote to stdout */
};

static bool run_main(const char *dir, const char *name, struct outcome *result)
{
    char path[1024], error[128];
    unsigned int size;
    unsigned char *bytes;
    wasm_module_t module;
    wasm_module_inst_t inst;
    FILE *out = tmpfile();
    const char *exception;
    size_t n;

    memset(result, 0, sizeof *result);
    snprintf(path, sizeof path, "%s/%s.wasm", dir, name);
    bytes = read_file(path, &size);
    module = wasm_runtime_load(bytes, size, error, sizeof error);
    if (module == NULL || out == NULL) {
        fprintf(stderr, "%s: load failed: %s\n", name, error);
        return false;
    }
    wasm_runtime_set_wasi_args_ex(module, NULL, 0, NULL, 0, NULL, 0, NULL, 0, -1, fileno(out), -1);
    inst = wasm_runtime_instantiate(module, 64 * 1024, 0, error, sizeof error);
    if (inst == NULL) {
        fprintf(stderr, "%s: instantiate failed: %s\n", name, error);
        return false;
    }
    result->ok = wasm_application_execute_main(inst, 0, NULL);
    result->exit_code = wasm_runtime_get_wasi_exit_code(inst);
    exception = wasm_runtime_get_exception(inst);
    snprintf(result->exception, sizeof result->exception, "%s", exception ? exception : "");
    /* Deinstantiation terminates and joins threads still waiting (max_threads leaves some). */
    wasm_runtime_deinstantiate(inst);
    wasm_runtime_unload(module);
    free(bytes);
    fflush(out);
    rewind(out);
    n = fread(result->out, 1, sizeof result->out - 1, out);
    result->out[n] = 0;
    fclose(out);
    return true;
}

int main(int argc, char **argv)
{
    struct outcome r;
    int i;
    if (argc < 2) {
        fprintf(stderr, "usage: wasi_threads_host DIR\n");
        return 2;
    }
    CHECK(wasm_runtime_init());

    for (i = 0; i < 5; i++) {
        CHECK(run_main(argv[1], "sum", &r));
        CHECK(r.ok);
        CHECK_STR(r.out, "sum=100000\n");
        CHECK(r.exit_code == 0);
    }

    CHECK(run_main(argv[1], "thread_exit", &r));
    CHECK(r.ok);
    CHECK(r.exit_code == 7);
    CHECK_STR(r.exception, "");

    CHECK(run_main(argv[1], "thread_exit_busy", &r));
    CHECK(r.ok);
    CHECK(r.exit_code == 9);

    CHECK(run_main(argv[1], "thread_trap", &r));
    CHECK(!r.ok);
    CHECK_STR(r.exception, "Exception: integer divide by zero");

    CHECK(run_main(argv[1], "max_threads", &r));
    CHECK(r.ok);
    CHECK_STR(r.out, "spawned=4 errno=6\n");

    wasm_runtime_set_max_thread_num(2);
    CHECK(run_main(argv[1], "max_threads", &r));
    CHECK_STR(r.out, "spawned=2 errno=6\n");
    wasm_runtime_set_max_thread_num(4);

    wasm_runtime_destroy();
    return test_summary("wasi_threads_host");
}
