/*
 * Many threads x instances x calls, with counters that must add up exactly:
 *   thread_stress_host threads_shared.wasm instances [SCALE]
 *       8 threads each load the module and make 50 instances one after another, calling each 2000 times; every
 *       instance's atomic counter and the native's call count must come out exact.
 *   thread_stress_host threads_shared.wasm spawned [SCALE]
 *       one instance, 4 threads of wasm_runtime_spawn_thread and 4 host threads on spawned exec envs call into it at
 *       once, 20000 times each: atomic adds, host calls, table growth (every 20th round) and calls through the whole
 *       grown table (every 2000th); sums, call count and table size must be exact.
 *   thread_stress_host threads_shared.wasm churn [SCALE]
 *       4 host threads spawn and join threads on instances of their own, 100 times each, deinstantiating every
 *       fifth instance while its thread still runs.
 * SCALE (default 1) divides the rounds, for runs under valgrind's drd or helgrind.
 */
#include <pthread.h>
#include "wasm_export.h"
#include "test_util.h"

enum { THREADS = 8, INSTANCES = 50, CALLS = 2000, ADD = 10, SHARED_CALLS = 20000, GROW_EVERY = 20, CALL_ALL_EVERY = 2000, CHURN = 100 };

static unsigned char *wasm;
static unsigned int wasm_size;
static int scale = 1;
static int native_calls;
static int failures; /* counted by worker threads; CHECK is for the main thread only */

static void count_call(wasm_exec_env_t exec_env)
{
    (void)exec_env;
    __atomic_fetch_add(&native_calls, 1, __ATOMIC_SEQ_CST);
}

static NativeSymbol natives[] = {{"count_call", (void *)count_call, "()", NULL}};

static void fail(const char *what)
{
    __atomic_fetch_add(&failures, 1, __ATOMIC_SEQ_CST);
    fprintf(stderr, "thread_stress_host: %s\n", what);
}

static int call(wasm_exec_env_t env, const char *name, uint32_t argc, uint32_t *argv)
{
    wasm_function_inst_t f = wasm_runtime_lookup_function(wasm_runtime_get_module_inst(env), name);
    return f != NULL && wasm_runtime_call_wasm(env, f, argc, argv);
}

/* --- instances --- */

static void *instances_worker(void *arg)
{
    char error[128];
    wasm_module_t module;
    int i, j;
    (void)arg;
    if (!wasm_runtime_init_thread_env())
        return NULL;
    /* wasm_runtime_load keeps the buffer: each thread loads its own module from its own copy */
    unsigned char *copy = (unsigned char *)malloc(wasm_size);
    memcpy(copy, wasm, wasm_size);
    module = wasm_runtime_load(copy, wasm_size, error, sizeof error);
    if (module == NULL)
        fail(error);
    for (i = 0; module != NULL && i < INSTANCES / scale; i++) {
        wasm_module_inst_t inst = wasm_runtime_instantiate(module, 64 * 1024, 0, error, sizeof error);
        wasm_exec_env_t env;
        uint32_t argv[1];
        if (inst == NULL) {
            fail(error);
            continue;
        }
        env = wasm_runtime_create_exec_env(inst, 64 * 1024);
        for (j = 0; j < CALLS / scale; j++) {
            argv[0] = ADD;
            if (!call(env, "add", 1, argv))
                fail("add failed");
        }
        if (!call(env, "count", 0, argv) || argv[0] != (uint32_t)(CALLS / scale * ADD))
            fail("an instance's count is wrong");
        wasm_runtime_destroy_exec_env(env);
        wasm_runtime_deinstantiate(inst);
    }
    if (module != NULL)
        wasm_runtime_unload(module);
    free(copy);
    wasm_runtime_destroy_thread_env();
    return NULL;
}

static void run_instances(void)
{
    pthread_t threads[THREADS];
    int i;
    for (i = 0; i < THREADS; i++)
        CHECK(pthread_create(&threads[i], NULL, instances_worker, NULL) == 0);
    for (i = 0; i < THREADS; i++)
        pthread_join(threads[i], NULL);
    CHECK(failures == 0);
    CHECK(native_calls == THREADS * (INSTANCES / scale) * (CALLS / scale));
}

/* --- spawned: one instance, many threads --- */

static void *shared_worker(wasm_exec_env_t env, void *arg)
{
    uint32_t argv[1];
    intptr_t good = 0;
    int i;
    (void)arg;
    for (i = 0; i < SHARED_CALLS / scale; i++) {
        argv[0] = ADD;
        if (call(env, "add", 1, argv))
            good++;
        if (i % GROW_EVERY == 0 && !call(env, "grow_table", 0, argv))
            fail("grow_table failed");
        if (i % CALL_ALL_EVERY == 0) {
            argv[0] = 0; /* call_all(0) adds nothing but goes through every element */
            if (!call(env, "call_all", 1, argv))
                fail("call_all failed");
        }
    }
    return (void *)good;
}

static void *host_worker(void *arg)
{
    void *result;
    if (!wasm_runtime_init_thread_env())
        return NULL;
    result = shared_worker((wasm_exec_env_t)arg, NULL);
    wasm_runtime_destroy_thread_env();
    return result;
}

static void run_spawned(void)
{
    char error[128];
    wasm_module_t module = wasm_runtime_load(wasm, wasm_size, error, sizeof error);
    wasm_module_inst_t inst = module ? wasm_runtime_instantiate(module, 64 * 1024, 0, error, sizeof error) : NULL;
    wasm_exec_env_t env, spawned[THREADS / 2];
    wasm_thread_t tids[THREADS / 2];
    pthread_t hosts[THREADS / 2];
    uint32_t argv[1];
    intptr_t good = 0;
    void *result;
    int i, calls_before = native_calls, table_calls;

    CHECK(inst != NULL);
    if (inst == NULL)
        return;
    env = wasm_runtime_create_exec_env(inst, 64 * 1024);
    wasm_runtime_set_max_thread_num(THREADS);
    for (i = 0; i < THREADS / 2; i++) {
        spawned[i] = wasm_runtime_spawn_exec_env(env);
        CHECK(spawned[i] != NULL);
        CHECK(pthread_create(&hosts[i], NULL, host_worker, spawned[i]) == 0);
        CHECK(wasm_runtime_spawn_thread(env, &tids[i], shared_worker, NULL) == 0);
    }
    for (i = 0; i < THREADS / 2; i++) {
        CHECK(pthread_join(hosts[i], &result) == 0);
        good += (intptr_t)result;
        CHECK(wasm_runtime_join_thread(tids[i], &result) == 0);
        good += (intptr_t)result;
        wasm_runtime_destroy_spawned_exec_env(spawned[i]);
    }
    CHECK(failures == 0);
    CHECK(good == THREADS * (SHARED_CALLS / scale));
    CHECK(call(env, "count", 0, argv) && argv[0] == (uint32_t)(THREADS * (SHARED_CALLS / scale) * ADD));
    /* every add calls the native once, and so does every call through the table */
    table_calls = native_calls - calls_before - THREADS * (SHARED_CALLS / scale);
    CHECK(table_calls > 0);
    CHECK(call(env, "table_size", 0, argv) && argv[0] == (uint32_t)(THREADS * ((SHARED_CALLS / scale + GROW_EVERY - 1) / GROW_EVERY)));
    wasm_runtime_destroy_exec_env(env);
    wasm_runtime_deinstantiate(inst);
    wasm_runtime_unload(module);
}

/* --- churn: spawn, join, deinstantiate under a running thread --- */

static void *adder(wasm_exec_env_t env, void *arg)
{
    uint32_t argv[1] = {ADD};
    int i;
    for (i = 0; i < (int)(intptr_t)arg; i++)
        if (!call(env, "add", 1, argv))
            break; /* "terminated": the instance is going away */
    return (void *)1;
}

static void *churn_worker(void *arg)
{
    wasm_module_t module = (wasm_module_t)arg;
    char error[128];
    int i;
    if (!wasm_runtime_init_thread_env())
        return NULL;
    for (i = 0; i < CHURN / scale; i++) {
        wasm_module_inst_t inst = wasm_runtime_instantiate(module, 64 * 1024, 0, error, sizeof error);
        wasm_exec_env_t env;
        wasm_thread_t tid;
        void *result = NULL;
        if (inst == NULL) {
            fail(error);
            continue;
        }
        env = wasm_runtime_create_exec_env(inst, 64 * 1024);
        if (wasm_runtime_spawn_thread(env, &tid, adder, (void *)(intptr_t)(i % 5 == 0 ? 1000000 : 20)) != 0) {
            fail("spawn failed");
        } else if (i % 5 == 0) {
            /* deinstantiate while the thread runs: its calls end with "terminated", and the join still works */
            wasm_runtime_destroy_exec_env(env);
            wasm_runtime_deinstantiate(inst);
            if (wasm_runtime_join_thread(tid, &result) != 0 || result != (void *)1)
                fail("join after deinstantiation failed");
            continue;
        } else if (wasm_runtime_join_thread(tid, &result) != 0 || result != (void *)1) {
            fail("join failed");
        }
        wasm_runtime_destroy_exec_env(env);
        wasm_runtime_deinstantiate(inst);
    }
    wasm_runtime_destroy_thread_env();
    return NULL;
}

static void run_churn(void)
{
    char error[128];
    wasm_module_t module = wasm_runtime_load(wasm, wasm_size, error, sizeof error);
    pthread_t threads[4];
    int i;
    CHECK(module != NULL);
    for (i = 0; i < 4; i++)
        CHECK(pthread_create(&threads[i], NULL, churn_worker, module) == 0);
    for (i = 0; i < 4; i++)
        pthread_join(threads[i], NULL);
    CHECK(failures == 0);
    wasm_runtime_unload(module);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: thread_stress_host threads_shared.wasm instances|spawned|churn [SCALE]\n");
        return 2;
    }
    if (argc > 3)
        scale = atoi(argv[3]) > 0 ? atoi(argv[3]) : 1;
    CHECK(wasm_runtime_init());
    CHECK(wasm_runtime_register_natives("env", natives, 1));
    wasm = read_file(argv[1], &wasm_size);
    if (strcmp(argv[2], "instances") == 0)
        run_instances();
    else if (strcmp(argv[2], "spawned") == 0)
        run_spawned();
    else if (strcmp(argv[2], "churn") == 0)
        run_churn();
    else {
        fprintf(stderr, "unknown part %s\n", argv[2]);
        return 2;
    }
    free(wasm);
    wasm_runtime_destroy();
    return test_summary("thread_stress_host");
}
