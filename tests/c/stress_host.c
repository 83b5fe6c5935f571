/*
 * Resource exhaustion and churn from C, each in a loop, with the process surviving and its resident memory
 * (/proc/self/statm) coming back near where it started:
 *   stress_host stress.wasm instances   4 threads create, use and destroy 1000 instances each, all at once
 *   stress_host stress.wasm memory      memories grown until the host's cap refuses, then freed, 8 times
 *   stress_host stress.wasm stack       the wasm stack exhausted 300 times, on 2 threads at once
 * The baseline is taken after a warm-up round of the same work, so that the .NET heap and the per-thread stacks have
 * reached their working size; what one leaking round would keep is far above each bound.
 */
#include <pthread.h>
#include <unistd.h>
#include "wasm_export.h"
#include "test_util.h"

#define MIB (1024.0 * 1024.0)

static wasm_module_t module;

static double resident_mib(void)
{
    long pages = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f == NULL || fscanf(f, "%ld %ld", &pages, &resident) != 2) {
        fprintf(stderr, "cannot read /proc/self/statm\n");
        exit(2);
    }
    fclose(f);
    return resident * (double)sysconf(_SC_PAGESIZE) / MIB;
}

/* Calls "add" (which stores into memory) and fills the instance's first page, so each instance commits 64 KiB. */
static int use_instance(wasm_module_inst_t inst, int value)
{
    wasm_exec_env_t env = wasm_runtime_create_exec_env(inst, 16 * 1024);
    wasm_function_inst_t add = wasm_runtime_lookup_function(inst, "add");
    uint32_t cells[2] = {(uint32_t)value, 1};
    unsigned char *base = wasm_runtime_addr_app_to_native(inst, 0);
    int ok = env != NULL && add != NULL && base != NULL && wasm_runtime_call_wasm(env, add, 2, cells)
             && cells[0] == (uint32_t)value + 1;
    if (base != NULL)
        memset(base, 0x5a, 65536);
    if (env != NULL)
        wasm_runtime_destroy_exec_env(env);
    return ok;
}

/* Runs work(count) on `threads` threads at once; returns the sum of what they return (how many rounds went well). */
static int on_threads(int threads, void *(*work)(void *), int count)
{
    pthread_t ids[8];
    int i, started = 0, good = 0;
    for (i = 0; i < threads && i < 8; i++, started++)
        if (pthread_create(&ids[i], NULL, work, (void *)(intptr_t)count) != 0)
            break;
    for (i = 0; i < started; i++) {
        void *result;
        pthread_join(ids[i], &result);
        good += (int)(intptr_t)result;
    }
    return good;
}

/* ---- instances: churn on several threads at once ---- */

enum { CHURN_THREADS = 4, CHURN_PER_THREAD = 1000 };

static void *churn(void *arg)
{
    int count = (int)(intptr_t)arg, good = 0, i;
    char error[128];
    if (!wasm_runtime_init_thread_env())
        return (void *)0;
    for (i = 0; i < count; i++) {
        wasm_module_inst_t inst = wasm_runtime_instantiate(module, 16 * 1024, 0, error, sizeof error);
        if (inst == NULL) {
            fprintf(stderr, "instantiate: %s\n", error);
            break;
        }
        good += use_instance(inst, i);
        wasm_runtime_deinstantiate(inst);
    }
    wasm_runtime_destroy_thread_env();
    return (void *)(intptr_t)good;
}

static void instances(void)
{
    double baseline, after;
    CHECK(on_threads(CHURN_THREADS, churn, 100) == CHURN_THREADS * 100); /* warm-up */
    baseline = resident_mib();
    CHECK(on_threads(CHURN_THREADS, churn, CHURN_PER_THREAD) == CHURN_THREADS * CHURN_PER_THREAD);
    after = resident_mib();
    printf("instances: %d created and destroyed on %d threads; resident %.1f MiB before, %.1f MiB after "
           "(each instance committed 64 KiB: %.0f MiB if none were freed)\n",
           CHURN_THREADS * CHURN_PER_THREAD, CHURN_THREADS, baseline, after,
           CHURN_THREADS * CHURN_PER_THREAD * 64.0 / 1024.0);
    CHECK(after - baseline < 32.0);
}

/* ---- memory: grown until refused, then freed ---- */

enum { MEMORY_ROUNDS = 8, MEMORY_CAP_PAGES = 512 /* 32 MiB */ };

/* One instance capped at MEMORY_CAP_PAGES: grows until refused; returns the resident size while it is at its largest. */
static double grow_round(void)
{
    InstantiationArgs args;
    char error[128];
    wasm_module_inst_t inst;
    wasm_exec_env_t env;
    wasm_function_inst_t grow;
    uint32_t cells[1] = {0};
    double peak;

    memset(&args, 0, sizeof args);
    args.default_stack_size = 16 * 1024;
    args.max_memory_pages = MEMORY_CAP_PAGES;
    inst = wasm_runtime_instantiate_ex(module, &args, error, sizeof error);
    CHECK(inst != NULL);
    if (inst == NULL)
        return 0;
    env = wasm_runtime_create_exec_env(inst, 16 * 1024);
    grow = wasm_runtime_lookup_function(inst, "grow_until_refused");
    CHECK(wasm_runtime_call_wasm(env, grow, 0, cells));
    CHECK(cells[0] == MEMORY_CAP_PAGES);
    /* refused from the host's side too, and the instance still works */
    CHECK(!wasm_runtime_enlarge_memory(inst, 1));
    CHECK(use_instance(inst, 7));
    peak = resident_mib();
    wasm_runtime_destroy_exec_env(env);
    wasm_runtime_deinstantiate(inst);
    return peak;
}

static void memory(void)
{
    double baseline, peak = 0, after;
    int i;
    grow_round(); /* warm-up */
    baseline = resident_mib();
    for (i = 0; i < MEMORY_ROUNDS; i++) {
        double p = grow_round();
        if (p > peak)
            peak = p;
    }
    after = resident_mib();
    printf("memory: %d memories grown to the cap of %d pages (refused beyond); resident %.1f MiB before, "
           "%.1f MiB at the largest, %.1f MiB after\n",
           MEMORY_ROUNDS, MEMORY_CAP_PAGES, baseline, peak, after);
    /* the growth was real (a byte written every 4 KiB commits all 32 MiB of each round's memory), and it all went
       back: one round's memory kept would be 32 MiB, all of them 256 MiB */
    CHECK(peak - baseline >= 24.0);
    CHECK(after - baseline < 16.0);
}

/* ---- stack: exhausted again and again ---- */

/* Each exhaustion fills the thread's 128 KiB interpreter stack: 300 of them kept would be 37 MiB. */
enum { STACK_THREADS = 2, STACK_ROUNDS = 150 };

static void *exhaust(void *arg)
{
    int rounds = (int)(intptr_t)arg, good = 0, i;
    char error[128];
    wasm_module_inst_t inst;
    wasm_exec_env_t env;
    wasm_function_inst_t recurse;
    if (!wasm_runtime_init_thread_env())
        return (void *)0;
    inst = wasm_runtime_instantiate(module, 64 * 1024, 0, error, sizeof error);
    if (inst != NULL) {
        env = wasm_runtime_create_exec_env(inst, 64 * 1024);
        recurse = wasm_runtime_lookup_function(inst, "recurse");
        for (i = 0; i < rounds; i++) {
            uint32_t cells[1] = {0};
            const char *exception;
            if (wasm_runtime_call_wasm(env, recurse, 1, cells))
                break;
            exception = wasm_runtime_get_exception(inst);
            if (exception == NULL || strcmp(exception, "Exception: wasm operand stack overflow") != 0)
                break;
            wasm_runtime_clear_exception(inst);
            good += use_instance(inst, i); /* the instance works after each exhaustion */
        }
        wasm_runtime_destroy_exec_env(env);
        wasm_runtime_deinstantiate(inst);
    }
    wasm_runtime_destroy_thread_env();
    return (void *)(intptr_t)good;
}

static void stack(void)
{
    double baseline, after;
    int good;
    CHECK(on_threads(STACK_THREADS, exhaust, 20) == STACK_THREADS * 20); /* warm-up */
    baseline = resident_mib();
    good = on_threads(STACK_THREADS, exhaust, STACK_ROUNDS);
    after = resident_mib();
    printf("stack: exhausted %d times on %d threads, each followed by a working call; resident %.1f MiB before, "
           "%.1f MiB after\n", good, STACK_THREADS, baseline, after);
    CHECK(good == STACK_THREADS * STACK_ROUNDS);
    CHECK(after - baseline < 16.0);
}

int main(int argc, char **argv)
{
    unsigned int size;
    unsigned char *wasm;
    char error[128];

    if (argc < 3) {
        fprintf(stderr, "usage: stress_host stress.wasm instances|memory|stack\n");
        return 2;
    }
    CHECK(wasm_runtime_init());
    wasm = read_file(argv[1], &size);
    module = wasm_runtime_load(wasm, size, error, sizeof error);
    CHECK(module != NULL);
    if (module == NULL)
        return test_summary("stress_host");
    if (strcmp(argv[2], "instances") == 0)
        instances();
    else if (strcmp(argv[2], "memory") == 0)
        memory();
    else if (strcmp(argv[2], "stack") == 0)
        stack();
    else {
        fprintf(stderr, "unknown test %s\n", argv[2]);
        return 2;
    }
    wasm_runtime_unload(module);
    free(wasm);
    wasm_runtime_destroy();
    return test_summary("stress_host");
}
