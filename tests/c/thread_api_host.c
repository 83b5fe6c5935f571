/*
 * WAMR's thread APIs: wasm_runtime_spawn_thread and wasm_runtime_join_thread (callbacks run with their own spawned exec
 * env and their return values come back), wasm_runtime_set_max_thread_num (spawning beyond it fails, and works again
 * once threads are joined), wasm_runtime_spawn_exec_env on a host thread, wasm_memory_get_shared, join errors.
 */
#include <errno.h>
#include <pthread.h>
#include "wasm_export.h"
#include "microwasm.h"
#include "test_util.h"

enum { ROUNDS = 200, PER_ROUND = 50 };

static wasm_module_inst_t inst;
static volatile int release;
static int host_calls;

static void count_call(wasm_exec_env_t exec_env)
{
    (void)exec_env;
    __atomic_fetch_add(&host_calls, 1, __ATOMIC_SEQ_CST);
}

static NativeSymbol natives[] = {{"count_call", (void *)count_call, "()", NULL}};

/* Adds ROUNDS x PER_ROUND to the shared counter through the exec env it was given; returns the rounds that worked. */
static void *adder(wasm_exec_env_t exec_env, void *arg)
{
    wasm_function_inst_t add = wasm_runtime_lookup_function(wasm_runtime_get_module_inst(exec_env), "add");
    intptr_t good = 0;
    int i;
    while (arg != NULL && !__atomic_load_n(&release, __ATOMIC_SEQ_CST))
        sched_yield(); /* held until the main thread has tried the thread limit */
    for (i = 0; i < ROUNDS; i++) {
        uint32_t argv[1] = {PER_ROUND};
        if (wasm_runtime_call_wasm(exec_env, add, 1, argv))
            good++;
    }
    return (void *)good;
}

static uint32_t call_count(wasm_exec_env_t env)
{
    uint32_t argv[1] = {0};
    wasm_function_inst_t count = wasm_runtime_lookup_function(inst, "count");
    return wasm_runtime_call_wasm(env, count, 0, argv) ? argv[0] : 0xFFFFFFFF;
}

/* A host thread of its own with a spawned exec env, as WAMR's docs show. */
static void *host_thread(void *arg)
{
    wasm_exec_env_t spawned = (wasm_exec_env_t)arg;
    void *result;
    if (!wasm_runtime_init_thread_env())
        return NULL;
    result = adder(spawned, NULL);
    wasm_runtime_destroy_thread_env();
    return result;
}

int main(int argc, char **argv)
{
    unsigned int size;
    unsigned char *wasm;
    char error[128];
    wasm_module_t module;
    wasm_exec_env_t env, spawned, extra;
    wasm_thread_t tids[3], tid;
    wasm_memory_inst_t memory;
    pthread_t host;
    void *result;
    intptr_t total = 0;
    int i;

    if (argc < 2) {
        fprintf(stderr, "usage: thread_api_host threads_shared.wasm\n");
        return 2;
    }
    CHECK(wasm_runtime_init());
    CHECK(wasm_runtime_register_natives("env", natives, 1));
    wasm = read_file(argv[1], &size);
    module = wasm_runtime_load(wasm, size, error, sizeof error);
    CHECK(module != NULL);
    inst = wasm_runtime_instantiate(module, 64 * 1024, 0, error, sizeof error);
    CHECK(inst != NULL);
    env = wasm_runtime_create_exec_env(inst, 64 * 1024);
    memory = wasm_runtime_get_default_memory(inst);
    CHECK(memory != NULL && wasm_memory_get_shared(memory));

    /* Three threads may run; a fourth spawn fails while they are alive (they wait for release). */
    wasm_runtime_set_max_thread_num(3);
    for (i = 0; i < 3; i++)
        CHECK(wasm_runtime_spawn_thread(env, &tids[i], adder, (void *)1) == 0);
    CHECK(wasm_runtime_spawn_thread(env, &tid, adder, (void *)1) == -1);
    CHECK(strstr(microwasm_last_error(), "maximum number of threads (3) exceeded") != NULL);
    CHECK(wasm_runtime_spawn_exec_env(env) == NULL);
    __atomic_store_n(&release, 1, __ATOMIC_SEQ_CST);
    for (i = 0; i < 3; i++) {
        result = NULL;
        CHECK(wasm_runtime_join_thread(tids[i], &result) == 0);
        total += (intptr_t)result;
    }
    CHECK(total == 3 * ROUNDS);
    CHECK(call_count(env) == 3u * ROUNDS * PER_ROUND);
    /* A joined id is gone; a made-up one never existed. */
    CHECK(wasm_runtime_join_thread(tids[0], NULL) == ESRCH);
    CHECK(wasm_runtime_join_thread((wasm_thread_t)12345, NULL) == ESRCH);
    CHECK(wasm_runtime_spawn_thread(env, NULL, adder, NULL) == -1);

    /* Joined threads no longer count: spawned exec envs for host threads can be made again, up to the limit. */
    spawned = wasm_runtime_spawn_exec_env(env);
    CHECK(spawned != NULL);
    CHECK(pthread_create(&host, NULL, host_thread, spawned) == 0);
    CHECK(wasm_runtime_spawn_thread(env, &tid, adder, NULL) == 0);
    result = adder(env, NULL); /* the main thread adds too, at the same time */
    CHECK((intptr_t)result == ROUNDS);
    CHECK(pthread_join(host, &result) == 0 && (intptr_t)result == ROUNDS);
    CHECK(wasm_runtime_join_thread(tid, &result) == 0 && (intptr_t)result == ROUNDS);
    CHECK(call_count(env) == 6u * ROUNDS * PER_ROUND);
    CHECK(__atomic_load_n(&host_calls, __ATOMIC_SEQ_CST) == 6 * ROUNDS);
    extra = wasm_runtime_spawn_exec_env(env);
    CHECK(extra != NULL);
    wasm_runtime_destroy_spawned_exec_env(extra);
    wasm_runtime_destroy_spawned_exec_env(spawned);

    /* Deinstantiation waits for a thread still running on the instance. */
    __atomic_store_n(&release, 0, __ATOMIC_SEQ_CST);
    CHECK(wasm_runtime_spawn_thread(env, &tid, adder, (void *)1) == 0);
    __atomic_store_n(&release, 1, __ATOMIC_SEQ_CST);
    wasm_runtime_destroy_exec_env(env);
    wasm_runtime_deinstantiate(inst);
    CHECK(wasm_runtime_join_thread(tid, &result) == 0);

    wasm_runtime_unload(module);
    free(wasm);
    wasm_runtime_destroy();
    return test_summary("thread_api_host");
}
