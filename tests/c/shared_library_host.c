/*
 * libmicrowasm.so beside another NativeAOT library: the library is loaded twice in one process, from its own file and
 * from a copy (two .NET runtimes, each with its own heap, GC and signal handlers), with RTLD_LOCAL as language
 * bindings load it. Threads of both copies then load, instantiate and call modules at the same time, and the load and
 * instantiation churn makes both garbage collectors run while the other runtime's threads are inside WebAssembly.
 * usage: shared_library_host LIBMICROWASM.so fib.wasm traps.wasm
 */
#include <dlfcn.h>
#include <pthread.h>
#include <unistd.h>
#include "wasm_export.h"
#include "test_util.h"

enum { RUNTIMES = 2, THREADS_PER_RUNTIME = 2, ROUNDS = 300 };

/* The functions used, looked up in one loaded copy of the library. */
typedef struct runtime_api {
    void *handle;
    __typeof__(wasm_runtime_init) *init;
    __typeof__(wasm_runtime_init_thread_env) *init_thread_env;
    __typeof__(wasm_runtime_destroy_thread_env) *destroy_thread_env;
    __typeof__(wasm_runtime_load) *load;
    __typeof__(wasm_runtime_unload) *unload;
    __typeof__(wasm_runtime_instantiate) *instantiate;
    __typeof__(wasm_runtime_deinstantiate) *deinstantiate;
    __typeof__(wasm_runtime_create_exec_env) *create_exec_env;
    __typeof__(wasm_runtime_destroy_exec_env) *destroy_exec_env;
    __typeof__(wasm_runtime_lookup_function) *lookup_function;
    __typeof__(wasm_runtime_call_wasm) *call_wasm;
    __typeof__(wasm_runtime_get_exception) *get_exception;
    __typeof__(wasm_runtime_set_log_level) *set_log_level;
} runtime_api;

static unsigned char *fib_wasm, *traps_wasm;
static unsigned int fib_size, traps_size;

static void *symbol(void *handle, const char *name)
{
    void *address = dlsym(handle, name);
    if (address == NULL) {
        fprintf(stderr, "dlsym %s: %s\n", name, dlerror());
        exit(1);
    }
    return address;
}

static void open_runtime(runtime_api *api, const char *path)
{
    api->handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (api->handle == NULL) {
        fprintf(stderr, "dlopen %s: %s\n", path, dlerror());
        exit(1);
    }
#define LOOKUP(field, name) api->field = (__typeof__(api->field))symbol(api->handle, #name)
    LOOKUP(init, wasm_runtime_init);
    LOOKUP(init_thread_env, wasm_runtime_init_thread_env);
    LOOKUP(destroy_thread_env, wasm_runtime_destroy_thread_env);
    LOOKUP(load, wasm_runtime_load);
    LOOKUP(unload, wasm_runtime_unload);
    LOOKUP(instantiate, wasm_runtime_instantiate);
    LOOKUP(deinstantiate, wasm_runtime_deinstantiate);
    LOOKUP(create_exec_env, wasm_runtime_create_exec_env);
    LOOKUP(destroy_exec_env, wasm_runtime_destroy_exec_env);
    LOOKUP(lookup_function, wasm_runtime_lookup_function);
    LOOKUP(call_wasm, wasm_runtime_call_wasm);
    LOOKUP(get_exception, wasm_runtime_get_exception);
    LOOKUP(set_log_level, wasm_runtime_set_log_level);
#undef LOOKUP
}

/* One call of export `name` with `argc` (0 or 1) i32 arguments and an i32 result; returns the result, or -1 with the
   exception in `exception`. */
static int64_t call_i32(const runtime_api *api, wasm_module_inst_t inst, wasm_exec_env_t env, const char *name,
                        uint32_t argc, uint32_t arg, const char **exception)
{
    wasm_function_inst_t function = api->lookup_function(inst, name);
    uint32_t cells[2] = {arg, 0};
    *exception = NULL;
    if (function == NULL)
        return -2;
    if (!api->call_wasm(env, function, argc, cells)) {
        *exception = api->get_exception(inst);
        return -1;
    }
    return cells[0];
}

typedef struct worker_task {
    const runtime_api *api;
    int rounds_good;
    char failure[256];
} worker_task;

/* Each round: load both modules from their bytes, instantiate, call fib(15) and a trapping function, free it all. */
static void *worker(void *arg)
{
    worker_task *task = (worker_task *)arg;
    const runtime_api *api = task->api;
    char error[128];
    int round;

    if (!api->init_thread_env()) {
        snprintf(task->failure, sizeof task->failure, "wasm_runtime_init_thread_env failed");
        return NULL;
    }
    for (round = 0; round < ROUNDS; round++) {
        wasm_module_t fib = api->load(fib_wasm, fib_size, error, sizeof error);
        wasm_module_t traps = fib ? api->load(traps_wasm, traps_size, error, sizeof error) : NULL;
        wasm_module_inst_t fib_inst = traps ? api->instantiate(fib, 16 * 1024, 0, error, sizeof error) : NULL;
        wasm_module_inst_t traps_inst = fib_inst ? api->instantiate(traps, 16 * 1024, 0, error, sizeof error) : NULL;
        const char *exception;
        if (traps_inst == NULL) {
            snprintf(task->failure, sizeof task->failure, "round %d: %s", round, error);
            break;
        }
        wasm_exec_env_t fib_env = api->create_exec_env(fib_inst, 16 * 1024);
        wasm_exec_env_t traps_env = api->create_exec_env(traps_inst, 16 * 1024);
        int64_t value = call_i32(api, fib_inst, fib_env, "fib", 1, 15, &exception);
        int64_t trapped = call_i32(api, traps_inst, traps_env, "div_zero", 0, 0, &exception);
        if (value == 610 && trapped == -1 && exception != NULL && strcmp(exception, "Exception: integer divide by zero") == 0)
            task->rounds_good++;
        else
            snprintf(task->failure, sizeof task->failure, "round %d: fib(15) = %lld, div_zero: %s", round,
                     (long long)value, exception ? exception : "no trap");
        api->destroy_exec_env(traps_env);
        api->destroy_exec_env(fib_env);
        api->deinstantiate(traps_inst);
        api->deinstantiate(fib_inst);
        api->unload(traps);
        api->unload(fib);
    }
    api->destroy_thread_env();
    return NULL;
}

/* A copy of the library under another name: the dynamic loader then maps it a second time. */
static void copy_file(const char *from, char *to_template)
{
    unsigned int size;
    unsigned char *bytes = read_file(from, &size);
    int fd = mkstemp(to_template);
    CHECK(fd >= 0);
    CHECK(write(fd, bytes, size) == (ssize_t)size);
    close(fd);
    free(bytes);
}

int main(int argc, char **argv)
{
    runtime_api apis[RUNTIMES];
    worker_task tasks[RUNTIMES * THREADS_PER_RUNTIME];
    pthread_t threads[RUNTIMES * THREADS_PER_RUNTIME];
    char copy[] = "/tmp/libmicrowasm-copy-XXXXXX";
    int i;

    if (argc < 4) {
        fprintf(stderr, "usage: shared_library_host LIBMICROWASM.so fib.wasm traps.wasm\n");
        return 2;
    }
    fib_wasm = read_file(argv[2], &fib_size);
    traps_wasm = read_file(argv[3], &traps_size);
    copy_file(argv[1], copy);
    open_runtime(&apis[0], argv[1]);
    open_runtime(&apis[1], copy);
    /* Two mappings: each copy's functions are its own. */
    CHECK(apis[0].handle != apis[1].handle);
    CHECK((void *)apis[0].load != (void *)apis[1].load);
    for (i = 0; i < RUNTIMES; i++) {
        CHECK(apis[i].init());
        apis[i].set_log_level(WASM_LOG_LEVEL_ERROR);
    }
    memset(tasks, 0, sizeof tasks);
    for (i = 0; i < RUNTIMES * THREADS_PER_RUNTIME; i++) {
        tasks[i].api = &apis[i % RUNTIMES];
        CHECK(pthread_create(&threads[i], NULL, worker, &tasks[i]) == 0);
    }
    for (i = 0; i < RUNTIMES * THREADS_PER_RUNTIME; i++) {
        pthread_join(threads[i], NULL);
        if (tasks[i].failure[0] != '\0')
            fprintf(stderr, "thread %d (runtime %d): %s\n", i, i % RUNTIMES, tasks[i].failure);
        CHECK(tasks[i].rounds_good == ROUNDS);
    }
    unlink(copy);
    free(fib_wasm);
    free(traps_wasm);
    return test_summary("shared_library_host");
}
