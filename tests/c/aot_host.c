/*
 * A WAMR-API host that gives wasm_runtime_load an AOT artifact's bytes (made at build time by `microwasm compile` from
 * aot_host.wasm) and does with it what a WAMR embedder does with a module: natives by signature string and raw natives,
 * attachments, wasm_runtime_call_wasm / call_wasm_a / call_wasm_v, traps of every kind and recovery, the app heap and
 * address translation, memory growth from both sides, several instances, several threads (each with its own instance),
 * wasm_runtime_terminate from another thread.
 *
 * The same scenario then runs on the module's bytecode, and both runs must note the same transcript (every call, its
 * arguments and its results or exception), so a host cannot tell the tiers apart. Last, changed, truncated and
 * foreign-target artifacts must fail to load with a clear message, never crash.
 *
 * usage: aot_host ARTIFACT.aot MODULE.wasm [--print]   (--print writes the artifact's transcript to stdout)
 */
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>
#include "wasm_export.h"
#include "microwasm.h"
#include "test_util.h"
#include "sha256.h"

/* ---- the transcript: what a run did, line by line ---- */

typedef struct transcript {
    char *text;
    size_t length, capacity;
} transcript_t;

static transcript_t *the_transcript;

static void note(const char *format, ...)
{
    char line[512];
    va_list args;
    size_t n;
    va_start(args, format);
    vsnprintf(line, sizeof line, format, args);
    va_end(args);
    n = strlen(line);
    if (the_transcript->length + n + 2 > the_transcript->capacity) {
        the_transcript->capacity = (the_transcript->capacity + n + 2) * 2;
        the_transcript->text = (char *)realloc(the_transcript->text, the_transcript->capacity);
    }
    memcpy(the_transcript->text + the_transcript->length, line, n);
    the_transcript->length += n;
    the_transcript->text[the_transcript->length++] = '\n';
    the_transcript->text[the_transcript->length] = 0;
}

/* ---- natives ---- */

static int attachment_value = 42;
static volatile int spin_started;

static int32_t host_add(wasm_exec_env_t exec_env, int32_t a, int32_t b)
{
    void *attachment = wasm_runtime_get_function_attachment(exec_env);
    /* threads call it too: a wrong attachment shows in the result rather than in a (non-atomic) check count */
    return attachment == &attachment_value && *(int *)attachment == 42 ? a + b : -999;
}

static int32_t host_sum_bytes(wasm_exec_env_t exec_env, uint8_t *bytes, uint32_t length)
{
    int32_t sum = 0;
    uint32_t i;
    (void)exec_env;
    for (i = 0; i < length; i++)
        sum += bytes[i];
    return sum;
}

static int32_t host_strlen(wasm_exec_env_t exec_env, const char *text)
{
    (void)exec_env;
    return (int32_t)strlen(text);
}

static double host_mix(wasm_exec_env_t exec_env, int64_t a, float b, double c, int32_t d)
{
    (void)exec_env;
    return (double)a + (double)b + c + (double)d;
}

static double host_many(wasm_exec_env_t exec_env, int32_t a1, int64_t b1, float c1, double d1, int32_t a2, int64_t b2,
                        float c2, double d2, int32_t a3, int64_t b3, float c3, double d3, int32_t a4, int64_t b4,
                        float c4, double d4, int32_t a5, int64_t b5, float c5, double d5)
{
    (void)exec_env;
    /* weights keep the order visible: a wrong slot gives another sum */
    return a1 * 1.0 + b1 * 2.0 + c1 * 3.0 + d1 * 4.0 + a2 * 5.0 + b2 * 6.0 + c2 * 7.0 + d2 * 8.0 + a3 * 9.0 +
           b3 * 10.0 + c3 * 11.0 + d3 * 12.0 + a4 * 13.0 + b4 * 14.0 + c4 * 15.0 + d4 * 16.0 + a5 * 17.0 +
           b5 * 18.0 + c5 * 19.0 + d5 * 20.0;
}

static void host_fail(wasm_exec_env_t exec_env, int32_t code)
{
    char message[64];
    snprintf(message, sizeof message, "host failed with %d", code);
    wasm_runtime_set_exception(wasm_runtime_get_module_inst(exec_env), message);
}

/* Calls div_s(a, b) back on the same exec env; when that traps, the exception stays set and fails the outer call. */
static int32_t host_callback(wasm_exec_env_t exec_env, int32_t a, int32_t b)
{
    wasm_module_inst_t inst = wasm_runtime_get_module_inst(exec_env);
    wasm_function_inst_t div = wasm_runtime_lookup_function(inst, "div_s");
    uint32_t argv[2];
    argv[0] = (uint32_t)a;
    argv[1] = (uint32_t)b;
    if (!wasm_runtime_detect_native_stack_overflow(exec_env))
        return -2;
    if (div == NULL || !wasm_runtime_call_wasm(exec_env, div, 2, argv))
        return -1;
    return (int32_t)argv[0];
}

static void host_started(wasm_exec_env_t exec_env)
{
    (void)exec_env;
    __atomic_store_n(&spin_started, 1, __ATOMIC_SEQ_CST);
}

static void raw_mul(wasm_exec_env_t exec_env, uint64_t *args)
{
    native_raw_return_type(int32_t, args);
    native_raw_get_arg(int32_t, a, args);
    native_raw_get_arg(int32_t, b, args);
    (void)exec_env;
    native_raw_set_return(a * b);
}

static void raw_f64(wasm_exec_env_t exec_env, uint64_t *args)
{
    native_raw_return_type(double, args);
    native_raw_get_arg(double, x, args);
    native_raw_get_arg(int64_t, n, args);
    (void)exec_env;
    native_raw_set_return(x * (double)n);
}

static NativeSymbol env_natives[] = {
    EXPORT_WASM_API_WITH_ATT(host_add, "(ii)i", &attachment_value),
    EXPORT_WASM_API_WITH_SIG(host_sum_bytes, "(*~)i"),
    EXPORT_WASM_API_WITH_SIG(host_strlen, "($)i"),
    EXPORT_WASM_API_WITH_SIG(host_mix, "(IfFi)F"),
    EXPORT_WASM_API_WITH_SIG(host_many, "(iIfFiIfFiIfFiIfFiIfF)F"),
    EXPORT_WASM_API_WITH_SIG(host_fail, "(i)"),
    EXPORT_WASM_API_WITH_SIG(host_callback, "(ii)i"),
    EXPORT_WASM_API_WITH_SIG(host_started, "()"),
};

static NativeSymbol raw_natives[] = {
    EXPORT_WASM_API(raw_mul),
    EXPORT_WASM_API(raw_f64),
};

/* ---- calls, noted in the transcript ---- */

/*
 * Calls the export `name` with WAMR's 32-bit cells and notes "name(args) = results" or "name(args) ! exception". On a
 * trap the exception is noted, checked to be WAMR's "Exception: ..." form, and cleared.
 */
static int call(wasm_exec_env_t env, const char *name, uint32_t argc, uint32_t *cells, uint32_t result_cells)
{
    wasm_module_inst_t inst = wasm_runtime_get_module_inst(env);
    wasm_function_inst_t f = wasm_runtime_lookup_function(inst, name);
    char text[256];
    size_t n;
    uint32_t i;
    int ok;
    n = (size_t)snprintf(text, sizeof text, "%s(", name);
    for (i = 0; i < argc && n < sizeof text; i++)
        n += (size_t)snprintf(text + n, sizeof text - n, i ? " %x" : "%x", cells[i]);
    if (f == NULL) {
        CHECK(f != NULL);
        note("%s) not found", text);
        return 0;
    }
    ok = wasm_runtime_call_wasm(env, f, argc, cells);
    if (ok) {
        CHECK(wasm_runtime_get_exception(inst) == NULL);
        n += (size_t)snprintf(text + n, sizeof text - n, ") =");
        for (i = 0; i < result_cells && n < sizeof text; i++)
            n += (size_t)snprintf(text + n, sizeof text - n, " %x", cells[i]);
        note("%s", text);
    }
    else {
        const char *exception = wasm_runtime_get_exception(inst);
        CHECK(exception != NULL && strncmp(exception, "Exception: ", 11) == 0);
        note("%s) ! %s", text, exception ? exception : "(no exception)");
        wasm_runtime_clear_exception(inst);
    }
    return ok;
}

/* A call expected to trap with `expected` ("Exception: ..."), then a call expected to work: the instance recovers. */
static void expect_trap(wasm_exec_env_t env, const char *name, uint32_t argc, uint32_t *cells, const char *expected)
{
    wasm_module_inst_t inst = wasm_runtime_get_module_inst(env);
    wasm_function_inst_t f = wasm_runtime_lookup_function(inst, name);
    uint32_t again[2] = {7, 0};
    CHECK(f != NULL);
    if (f == NULL)
        return;
    CHECK(!wasm_runtime_call_wasm(env, f, argc, cells));
    CHECK_STR(wasm_runtime_get_exception(inst), expected);
    note("%s ! %s", name, wasm_runtime_get_exception(inst) ? wasm_runtime_get_exception(inst) : "(none)");
    /* a trap leaves a call stack to dump, naming at least the function that trapped */
    {
        char stack[1024];
        CHECK(wasm_runtime_get_call_stack_buf_size(env) > 1);
        CHECK(wasm_runtime_dump_call_stack_to_buf(env, stack, sizeof stack) > 1);
        CHECK(strncmp(stack, "#00: ", 5) == 0 && strstr(stack, "not recorded") == NULL);
        /* the innermost frame: AOT code records only that one (the interpreter every frame), so only it is compared */
        note("  %.*s", (int)strcspn(stack, "\n"), stack);
    }
    wasm_runtime_clear_exception(inst);
    CHECK(wasm_runtime_get_exception(inst) == NULL);
    CHECK(call(env, "square", 1, again, 1) && again[0] == 49);
}

/* ---- threads: each with its own instance ---- */

enum { THREADS = 4, THREAD_CALLS = 20 };

typedef struct worker {
    wasm_module_t module;
    int index;
    int good_fib, good_add, trapped_right, recovered;
    char error[128];
} worker_t;

static void *worker_main(void *arg)
{
    worker_t *w = (worker_t *)arg;
    static const uint32_t fib_of[] = {610, 987, 1597, 2584}; /* fib(15 + index) */
    wasm_module_inst_t inst;
    wasm_exec_env_t env;
    wasm_function_inst_t fib, add, div;
    int i;

    if (!wasm_runtime_init_thread_env()) {
        snprintf(w->error, sizeof w->error, "wasm_runtime_init_thread_env failed");
        return NULL;
    }
    inst = wasm_runtime_instantiate(w->module, 32 * 1024, 8 * 1024, w->error, sizeof w->error);
    if (inst != NULL) {
        env = wasm_runtime_create_exec_env(inst, 32 * 1024);
        fib = wasm_runtime_lookup_function(inst, "fib");
        add = wasm_runtime_lookup_function(inst, "call_add");
        div = wasm_runtime_lookup_function(inst, "div_s");
        for (i = 0; i < THREAD_CALLS; i++) {
            uint32_t cells[2] = {(uint32_t)(15 + w->index), 0};
            if (wasm_runtime_call_wasm(env, fib, 1, cells) && cells[0] == fib_of[w->index])
                w->good_fib++;
            cells[0] = (uint32_t)i;
            cells[1] = (uint32_t)w->index;
            if (wasm_runtime_call_wasm(env, add, 2, cells) && cells[0] == (uint32_t)(i + w->index))
                w->good_add++;
        }
        {
            uint32_t cells[2] = {1, 0};
            const char *exception;
            if (!wasm_runtime_call_wasm(env, div, 2, cells) && (exception = wasm_runtime_get_exception(inst)) != NULL
                && strcmp(exception, "Exception: integer divide by zero") == 0)
                w->trapped_right = 1;
            wasm_runtime_clear_exception(inst);
            cells[0] = 100;
            cells[1] = 7;
            w->recovered = wasm_runtime_call_wasm(env, div, 2, cells) && cells[0] == 14;
        }
        wasm_runtime_destroy_exec_env(env);
        wasm_runtime_deinstantiate(inst);
    }
    wasm_runtime_destroy_thread_env();
    return NULL;
}

/* ---- termination from another thread ---- */

typedef struct spinner {
    wasm_module_inst_t inst;
    int returned, ok;
    char exception[128];
} spinner_t;

static void *spinner_main(void *arg)
{
    spinner_t *s = (spinner_t *)arg;
    wasm_exec_env_t env;
    wasm_function_inst_t spin;
    const char *exception;
    if (!wasm_runtime_init_thread_env())
        return NULL;
    env = wasm_runtime_create_exec_env(s->inst, 32 * 1024);
    spin = wasm_runtime_lookup_function(s->inst, "spin");
    s->ok = spin != NULL && wasm_runtime_call_wasm(env, spin, 0, NULL);
    exception = wasm_runtime_get_exception(s->inst);
    snprintf(s->exception, sizeof s->exception, "%s", exception ? exception : "(none)");
    wasm_runtime_destroy_exec_env(env);
    wasm_runtime_destroy_thread_env();
    __atomic_store_n(&s->returned, 1, __ATOMIC_SEQ_CST);
    return NULL;
}

static void sleep_ms(int ms)
{
    struct timespec t;
    t.tv_sec = ms / 1000;
    t.tv_nsec = (long)(ms % 1000) * 1000000L;
    nanosleep(&t, NULL);
}

static void terminate_from_another_thread(wasm_module_t module)
{
    char error[128];
    spinner_t s;
    pthread_t thread;
    int waited;
    uint32_t cells[1];
    memset(&s, 0, sizeof s);
    s.inst = wasm_runtime_instantiate(module, 16 * 1024, 0, error, sizeof error);
    CHECK(s.inst != NULL);
    if (s.inst == NULL)
        return;
    __atomic_store_n(&spin_started, 0, __ATOMIC_SEQ_CST);
    CHECK(pthread_create(&thread, NULL, spinner_main, &s) == 0);
    for (waited = 0; !__atomic_load_n(&spin_started, __ATOMIC_SEQ_CST) && waited < 60000; waited += 5)
        sleep_ms(5);
    CHECK(spin_started);
    sleep_ms(20); /* well inside the loop by now */
    CHECK(!__atomic_load_n(&s.returned, __ATOMIC_SEQ_CST));
    wasm_runtime_terminate(s.inst);
    pthread_join(thread, NULL);
    CHECK(s.returned && !s.ok);
    CHECK_STR(s.exception, "Exception: terminated by user");
    note("spin ! %s", s.exception);
    /* and the instance stays terminated */
    cells[0] = 3;
    CHECK(!call(wasm_runtime_get_exec_env_singleton(s.inst), "square", 1, cells, 1));
    wasm_runtime_deinstantiate(s.inst);
}

/* ---- the scenario, run on the artifact and on the bytecode ---- */

static void run_module(const char *path, package_type_t expected_type)
{
    unsigned int size;
    unsigned char *bytes = read_file(path, &size);
    char error[128];
    wasm_module_t module;
    wasm_module_inst_t inst;
    wasm_exec_env_t env;
    wasm_function_inst_t f;
    uint32_t cells[8];
    wasm_val_t args[4], results[2];
    int i;

    /* what the file is, before loading it */
    CHECK(wasm_runtime_get_file_package_type(bytes, size) == expected_type);
    CHECK(get_package_type(bytes, size) == expected_type);
    CHECK(wasm_runtime_get_file_package_version(bytes, size) == wasm_runtime_get_current_package_version(expected_type));
    CHECK(wasm_runtime_get_current_package_version(expected_type) >= 1);
    CHECK(!wasm_runtime_is_xip_file(bytes, size));

    module = wasm_runtime_load(bytes, size, error, sizeof error);
    memset(bytes, 0xAA, size); /* the runtime keeps its own copy (an artifact's code is mapped from it) */
    free(bytes);
    CHECK(module != NULL);
    if (module == NULL) {
        fprintf(stderr, "aot_host: loading %s: %s\n", path, error);
        return;
    }
    CHECK(wasm_runtime_get_module_package_type(module) == expected_type);
    CHECK(wasm_runtime_get_module_package_version(module) == wasm_runtime_get_current_package_version(expected_type));
    CHECK(wasm_runtime_is_underlying_binary_freeable(module));

    /* imports and exports come from the module either way */
    {
        int32_t n = wasm_runtime_get_import_count(module), linked = 0;
        for (i = 0; i < n; i++) {
            wasm_import_t im;
            wasm_runtime_get_import_type(module, i, &im);
            linked += im.linked;
            note("import %s.%s kind %d linked %d", im.module_name, im.name, (int)im.kind, (int)im.linked);
        }
        CHECK(n == 11 && linked == 10);
        n = wasm_runtime_get_export_count(module);
        for (i = 0; i < n; i++) {
            wasm_export_t ex;
            wasm_runtime_get_export_type(module, i, &ex);
            note("export %s kind %d", ex.name, (int)ex.kind);
        }
        CHECK(n > 30);
    }

    inst = wasm_runtime_instantiate(module, 16 * 1024, 64 * 1024, error, sizeof error);
    CHECK(inst != NULL);
    if (inst == NULL) {
        fprintf(stderr, "aot_host: instantiating %s: %s\n", path, error);
        wasm_runtime_unload(module);
        return;
    }
    CHECK(wasm_runtime_get_module(inst) == module);
    /* WAMR: an AOT instance has no running mode (0) and accepts any; bytecode is interpreted */
    CHECK(wasm_runtime_get_running_mode(inst) == (expected_type == Wasm_Module_AoT ? (RunningMode)0 : Mode_Interp));
    CHECK(wasm_runtime_set_running_mode(inst, Mode_Interp));
    env = wasm_runtime_create_exec_env(inst, 16 * 1024);
    CHECK(env != NULL && wasm_runtime_get_module_inst(env) == inst);
    /* the native stack check sees the thread's real stack */
    CHECK(wasm_runtime_detect_native_stack_overflow(env));
    CHECK(wasm_runtime_detect_native_stack_overflow_size(env, 64 * 1024));
    CHECK(!wasm_runtime_detect_native_stack_overflow_size(env, 0x7fffffff));
    CHECK_STR(wasm_runtime_get_exception(inst), "Exception: native stack overflow");
    wasm_runtime_clear_exception(inst);

    /* natives by signature: plain values, pointers and lengths, strings, every number type, 20 arguments */
    cells[0] = 40, cells[1] = 2;
    CHECK(call(env, "call_add", 2, cells, 1) && cells[0] == 42);
    {
        int64_t a = 0x100000000LL, b = 5;
        memcpy(cells, &a, 8);
        memcpy(cells + 2, &b, 8);
        CHECK(call(env, "add64", 4, cells, 2));
        memcpy(&a, cells, 8);
        CHECK(a == 0x100000005LL);
    }
    CHECK(call(env, "sum_data", 0, cells, 1) && cells[0] == 15);
    cells[0] = 16;
    CHECK(call(env, "strlen_at", 1, cells, 1) && cells[0] == 12);
    /* a pointer whose length passes the end of memory traps before the native runs */
    cells[0] = 2 * 65536 - 50, cells[1] = 100;
    CHECK(!call(env, "sum_at", 2, cells, 1));
    f = wasm_runtime_lookup_function(inst, "mix");
    args[0].kind = WASM_I64, args[0].of.i64 = 1000;
    args[1].kind = WASM_F32, args[1].of.f32 = 0.5f;
    args[2].kind = WASM_F64, args[2].of.f64 = 0.25;
    args[3].kind = WASM_I32, args[3].of.i32 = -3;
    CHECK(wasm_runtime_call_wasm_a(env, f, 1, results, 4, args));
    CHECK(results[0].kind == WASM_F64 && results[0].of.f64 == 997.75);
    note("mix_a = %.17g", results[0].of.f64);
    CHECK(wasm_runtime_call_wasm_v(env, f, 1, results, 4, (int64_t)2000, 1.5, 0.5, (int32_t)1));
    CHECK(results[0].of.f64 == 2003.0);
    note("mix_v = %.17g", results[0].of.f64);
    args[0].kind = WASM_I32; /* a wrong kind fails the call, not the process */
    CHECK(!wasm_runtime_call_wasm_a(env, f, 1, results, 4, args));
    CHECK(wasm_runtime_get_exception(inst) != NULL);
    wasm_runtime_clear_exception(inst);
    f = wasm_runtime_lookup_function(inst, "many");
    CHECK(wasm_runtime_call_wasm_a(env, f, 1, results, 0, NULL));
    {
        double expected = 0;
        for (i = 1; i <= 20; i++)
            expected += (double)i * (double)i;
        CHECK(results[0].of.f64 == expected);
        note("many = %.17g", results[0].of.f64);
    }
    f = wasm_runtime_lookup_function(inst, "f64_ops");
    CHECK(wasm_runtime_call_wasm_v(env, f, 1, results, 2, 16.0, 2.0) && results[0].of.f64 == 4.5);

    /* raw natives */
    cells[0] = 6, cells[1] = (uint32_t)-7;
    CHECK(call(env, "raw_mul", 2, cells, 1) && (int32_t)cells[0] == -42);
    f = wasm_runtime_lookup_function(inst, "raw_f64");
    args[0].kind = WASM_F64, args[0].of.f64 = 1.5;
    args[1].kind = WASM_I64, args[1].of.i64 = 4;
    CHECK(wasm_runtime_call_wasm_a(env, f, 1, results, 2, args) && results[0].of.f64 == 6.0);
    note("raw_f64 = %.17g", results[0].of.f64);

    /* a native that sets the exception, an unlinked import, a native calling back (and a trap in the callback) */
    cells[0] = 7;
    CHECK(!call(env, "fail", 1, cells, 0));
    cells[0] = 7;
    expect_trap(env, "fail", 1, cells, "Exception: host failed with 7");
    expect_trap(env, "call_missing", 0, cells, "Exception: failed to call unlinked import function (env, missing)");
    cells[0] = 84, cells[1] = 2;
    CHECK(call(env, "callback", 2, cells, 1) && cells[0] == 43);
    cells[0] = 1, cells[1] = 0;
    expect_trap(env, "callback", 2, cells, "Exception: integer divide by zero");
    cells[0] = 9, cells[1] = 3;
    CHECK(call(env, "callback", 2, cells, 1) && cells[0] == 4); /* and the nested entry works again */

    /* traps of the module's own code, each followed by a call that works */
    expect_trap(env, "unreachable", 0, cells, "Exception: unreachable");
    cells[0] = 1, cells[1] = 0;
    expect_trap(env, "div_s", 2, cells, "Exception: integer divide by zero");
    cells[0] = 0x80000000u, cells[1] = (uint32_t)-1;
    expect_trap(env, "div_s", 2, cells, "Exception: integer overflow");
    {
        float nan = NAN;
        memcpy(&cells[0], &nan, 4);
        expect_trap(env, "trunc", 1, cells, "Exception: invalid conversion to integer");
    }
    cells[0] = 2 * 65536 - 2;
    expect_trap(env, "load", 1, cells, "Exception: out of bounds memory access");
    cells[0] = 0;
    expect_trap(env, "recurse", 1, cells, "Exception: wasm operand stack overflow");
    cells[0] = 5, cells[1] = 1;
    expect_trap(env, "indirect", 2, cells, "Exception: indirect call type mismatch");
    cells[0] = 5, cells[1] = 3;
    expect_trap(env, "indirect", 2, cells, "Exception: uninitialized element");
    cells[0] = 5, cells[1] = 9;
    expect_trap(env, "indirect", 2, cells, "Exception: undefined element");
    cells[0] = 5, cells[1] = 0;
    CHECK(call(env, "indirect", 2, cells, 1) && cells[0] == 25);
    cells[0] = 5, cells[1] = 2;
    CHECK(call(env, "indirect", 2, cells, 1) && (int32_t)cells[0] == -5);
    /* the host calls through the table too */
    cells[0] = 12;
    CHECK(wasm_runtime_call_indirect(env, 0, 1, cells) && cells[0] == 144);
    CHECK(!wasm_runtime_call_indirect(env, 3, 1, cells));
    CHECK_STR(wasm_runtime_get_exception(inst), "Exception: uninitialized element");
    wasm_runtime_clear_exception(inst);
    {
        char *fargv[2] = {"0x10", "5"};
        CHECK(wasm_application_execute_func(inst, "call_add", 2, fargv));
    }

    /* memory, address translation and the app heap (one page after the module's own) */
    {
        wasm_memory_inst_t mem = wasm_runtime_get_default_memory(inst);
        uint8_t *base = (uint8_t *)wasm_memory_get_base_address(mem);
        uint64_t pages = wasm_memory_get_cur_page_count(mem), start, end;
        uint64_t app, app2;
        void *native = NULL;
        CHECK(mem != NULL && base != NULL && pages == 2);
        CHECK(memcmp(base + 16, "hello, world", 12) == 0);
        CHECK(wasm_runtime_addr_app_to_native(inst, 16) == base + 16);
        CHECK(wasm_runtime_addr_native_to_app(inst, base + 16) == 16);
        CHECK(wasm_runtime_addr_app_to_native(inst, pages * 65536) == NULL);
        CHECK(wasm_runtime_validate_app_addr(inst, 100, 16));
        CHECK(!wasm_runtime_validate_app_addr(inst, pages * 65536 - 4, 8));
        wasm_runtime_clear_exception(inst);
        CHECK(wasm_runtime_validate_app_str_addr(inst, 16));
        CHECK(wasm_runtime_validate_native_addr(inst, base + 8, 8));
        CHECK(!wasm_runtime_validate_native_addr(inst, base + pages * 65536 - 4, 8));
        wasm_runtime_clear_exception(inst);
        CHECK(wasm_runtime_get_app_addr_range(inst, 10, &start, &end) && start == 0 && end == pages * 65536);

        app = wasm_runtime_module_malloc(inst, 100, &native);
        CHECK(app >= 65536 && native == base + app);
        note("module_malloc(100) = %llx", (unsigned long long)app);
        if (native != NULL) {
            strcpy((char *)native, "from the host");
            cells[0] = (uint32_t)app;
            CHECK(call(env, "strlen_at", 1, cells, 1) && cells[0] == 13);
            cells[0] = (uint32_t)app, cells[1] = 13;
            CHECK(call(env, "checksum", 2, cells, 1) && cells[0] == 1267);
            /* the module writes into the block, the host reads */
            cells[0] = (uint32_t)app, cells[1] = 'z', cells[2] = 4;
            CHECK(call(env, "fill", 3, cells, 0));
            CHECK(memcmp(native, "zzzz the host", 14) == 0);
        }
        app2 = wasm_runtime_module_dup_data(inst, "abc", 4);
        CHECK(app2 != 0 && app2 != app && strcmp((char *)base + app2, "abc") == 0);
        note("module_dup_data = %llx", (unsigned long long)app2);
        wasm_runtime_module_free(inst, app);
        wasm_runtime_module_free(inst, app2);
        CHECK(wasm_runtime_module_malloc(inst, 1 << 20, &native) == 0 && native == NULL);
        wasm_runtime_clear_exception(inst);

        cells[0] = 200, cells[1] = 0x12345678;
        CHECK(call(env, "store", 2, cells, 0));
        CHECK(*(uint32_t *)(base + 200) == 0x12345678);
        *(uint32_t *)(base + 204) = 0x9abcdef0u; /* the host writes, the module reads */
        cells[0] = 200;
        CHECK(call(env, "load64", 1, cells, 2) && cells[0] == 0x12345678 && cells[1] == 0x9abcdef0u);

        /* growth from the module, then from the host: the code sees every new page, the base stays */
        cells[0] = 1;
        CHECK(call(env, "grow", 1, cells, 1) && cells[0] == 2);
        CHECK(wasm_memory_get_cur_page_count(mem) == 3);
        CHECK(wasm_runtime_enlarge_memory(inst, 2));
        CHECK(wasm_memory_enlarge(mem, 1));
        CHECK(wasm_memory_get_cur_page_count(mem) == 6 && wasm_memory_get_base_address(mem) == base);
        CHECK(call(env, "pages", 0, cells, 1) && cells[0] == 6);
        cells[0] = 6 * 65536 - 4, cells[1] = 0xfeedface;
        CHECK(call(env, "store", 2, cells, 0));
        CHECK(*(uint32_t *)(base + 6 * 65536 - 4) == 0xfeedface);
        cells[0] = 6 * 65536 - 4;
        CHECK(call(env, "load", 1, cells, 1) && cells[0] == 0xfeedface);
        cells[0] = 6 * 65536 - 2;
        expect_trap(env, "load", 1, cells, "Exception: out of bounds memory access");
        cells[0] = 100;
        CHECK(call(env, "grow", 1, cells, 1) && cells[0] == 0xffffffffu); /* past the maximum of 16 */
        CHECK(!wasm_memory_enlarge(mem, 100));
        CHECK(wasm_runtime_get_app_addr_range(inst, 10, &start, &end) && end == 6 * 65536);
        CHECK(wasm_runtime_validate_app_addr(inst, 5 * 65536, 65536));
    }

    /* globals: the storage the host sees is the one the code uses */
    {
        wasm_global_inst_t global;
        CHECK(wasm_runtime_get_export_global_inst(inst, "g_const", &global));
        CHECK(global.kind == WASM_I32 && !global.is_mutable && *(int32_t *)global.global_data == 1234);
        CHECK(wasm_runtime_get_export_global_inst(inst, "g_mut", &global));
        CHECK(global.kind == WASM_I64 && global.is_mutable && *(int64_t *)global.global_data == 5);
        *(int64_t *)global.global_data = 0x100000000LL;
        CHECK(call(env, "get_g_mut", 0, cells, 2) && cells[0] == 0 && cells[1] == 1);
        CHECK(call(env, "bump_g_mut", 0, cells, 0) && call(env, "bump_g_mut", 0, cells, 0));
        CHECK(*(int64_t *)global.global_data == 0x100000002LL);
    }

    /* many calls on one exec env keep their state; the singleton exec env works as well */
    for (i = 0; i < 1000; i++) {
        f = wasm_runtime_lookup_function(inst, "counter");
        CHECK(wasm_runtime_call_wasm(env, f, 0, cells) && cells[0] == (uint32_t)(i + 1));
    }
    CHECK(call(wasm_runtime_get_exec_env_singleton(inst), "counter", 0, cells, 1) && cells[0] == 1001);

    /* several instances of the module, each with its own memory and globals (not too many: each memory reserves 6 GiB
       of address space for its guard region, and under valgrind the whole process has 128 GiB) */
    {
        enum { N = 8 };
        wasm_module_inst_t insts[N];
        for (i = 0; i < N; i++) {
            insts[i] = wasm_runtime_instantiate(module, 8192, 0, error, sizeof error);
            CHECK(insts[i] != NULL);
        }
        for (i = 0; i < N; i++) {
            wasm_exec_env_t e = insts[i] ? wasm_runtime_get_exec_env_singleton(insts[i]) : NULL;
            int k;
            for (k = 0; e != NULL && k <= i % 3; k++) {
                CHECK(call(e, "mem_counter", 0, cells, 1) && cells[0] == (uint32_t)(k + 1));
                CHECK(call(e, "counter", 0, cells, 1) && cells[0] == (uint32_t)(k + 1));
            }
        }
        for (i = 0; i < N; i++)
            if (insts[i] != NULL)
                wasm_runtime_deinstantiate(insts[i]);
    }

    /* several threads, each with its own instance */
    {
        worker_t workers[THREADS];
        pthread_t threads[THREADS];
        for (i = 0; i < THREADS; i++) {
            memset(&workers[i], 0, sizeof workers[i]);
            workers[i].module = module;
            workers[i].index = i;
            CHECK(pthread_create(&threads[i], NULL, worker_main, &workers[i]) == 0);
        }
        for (i = 0; i < THREADS; i++) {
            pthread_join(threads[i], NULL);
            if (workers[i].error[0])
                fprintf(stderr, "aot_host: thread %d: %s\n", i, workers[i].error);
            CHECK(workers[i].good_fib == THREAD_CALLS && workers[i].good_add == THREAD_CALLS);
            CHECK(workers[i].trapped_right && workers[i].recovered);
            note("thread %d: fib %d add %d trap %d recovered %d", i, workers[i].good_fib, workers[i].good_add,
                 workers[i].trapped_right, workers[i].recovered);
        }
    }

    /* wasm_runtime_terminate, from another thread, of a call that would never end */
    terminate_from_another_thread(module);

    /* and of this instance: the next call fails */
    wasm_runtime_terminate(inst);
    cells[0] = 3;
    CHECK(!call(env, "square", 1, cells, 1));

    wasm_runtime_destroy_exec_env(env);
    wasm_runtime_deinstantiate(inst);
    wasm_runtime_unload(module);
}

/* ---- artifacts that must be refused ---- */

static int load_fails(const unsigned char *bytes, unsigned int size, const char *expected_part, const char *what)
{
    char error[256];
    unsigned char *copy = (unsigned char *)malloc(size ? size : 1);
    wasm_module_t module;
    int refused;
    memcpy(copy, bytes, size);
    error[0] = 0;
    module = wasm_runtime_load(copy, size, error, sizeof error);
    free(copy);
    refused = module == NULL && strncmp(error, "WASM module load failed: ", 25) == 0 &&
              (expected_part == NULL || strstr(error, expected_part) != NULL);
    if (!refused)
        fprintf(stderr, "aot_host: %s: %s \"%s\"\n", what, module ? "loaded" : "unexpected message", error);
    if (module != NULL)
        wasm_runtime_unload(module);
    return refused;
}

static void rehash(unsigned char *bytes, unsigned int size)
{
    sha256(bytes, size - 32, bytes + size - 32);
}

static uint32_t read_u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void refused_artifacts(const char *path)
{
    unsigned int size, i;
    unsigned char *good = read_file(path, &size), *bad = (unsigned char *)malloc(size);
    unsigned char digest[32];
    char what[64], error[256];
    int refused = 0, tried = 0;
    static const unsigned int cuts[] = {4, 6, 8, 11, 12, 16, 43, 44, 100, 1000};

    /* the artifact's last 32 bytes are the SHA-256 of the rest (the helper computes the same digest) */
    CHECK(size > 64);
    sha256(good, size - 32, digest);
    CHECK(memcmp(digest, good + size - 32, 32) == 0);

    /* any single changed byte: the header's fields one by one, then a sample of the rest, and the digest */
    for (i = 0; i < size; i++) {
        if (!(i < 64 || i % 53 == 0 || i >= size - 40))
            continue;
        memcpy(bad, good, size);
        bad[i] ^= 0x10;
        snprintf(what, sizeof what, "byte %u changed", i);
        tried++;
        refused += load_fails(bad, size, NULL, what);
    }
    CHECK(refused == tried);
    note("%d changed artifacts refused", refused);
    memcpy(bad, good, size);
    bad[size / 2] ^= 1;
    CHECK(load_fails(bad, size, "checksum mismatch", "a byte in the middle"));
    memcpy(bad, good, size);
    bad[size - 1] ^= 1;
    CHECK(load_fails(bad, size, "checksum mismatch", "the digest's last byte"));
    memcpy(bad, good, size);
    bad[8] = 99; /* the format version */
    CHECK(load_fails(bad, size, "format version 99 is not supported", "another format version"));

    /* truncated anywhere */
    for (i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        snprintf(what, sizeof what, "truncated to %u bytes", cuts[i]);
        CHECK(load_fails(good, cuts[i], NULL, what));
    }
    CHECK(load_fails(good, size / 2, "checksum mismatch", "truncated to half"));
    CHECK(load_fails(good, size - 1, NULL, "one byte short"));
    CHECK(load_fails(good, size - 32, NULL, "without its digest"));
    CHECK(load_fails(good, 10, "truncated", "cut inside the header"));

    /* valid checksums over wrong contents: another architecture, OS ABI, runtime ABI, unknown CPU features */
    memcpy(bad, good, size);
    bad[16] = bad[16] == 1 ? 2 : 1; /* x86-64 <-> AArch64 */
    rehash(bad, size);
    CHECK(load_fails(bad, size, bad[16] == 2 ? "artifact was compiled for aarch64, this machine is x86_64"
                                             : "artifact was compiled for x86_64, this machine is aarch64",
                     "another architecture"));
    memcpy(bad, good, size);
    bad[18] = 7;
    rehash(bad, size);
    CHECK(load_fails(bad, size, "OS ABI 7", "another OS ABI"));
    memcpy(bad, good, size);
    bad[12] = 77;
    rehash(bad, size);
    CHECK(load_fails(bad, size, "runtime ABI 77", "another runtime ABI"));
    memcpy(bad, good, size);
    bad[23] |= 0x40; /* a CPU feature this runtime does not know: it cannot tell whether the CPU has it */
    rehash(bad, size);
    CHECK(load_fails(bad, size, "CPU features", "an unknown CPU feature"));
    /* the embedded module no longer a module: its magic, after the compiler's description */
    memcpy(bad, good, size);
    {
        uint32_t description = read_u32(bad + 24), offset = 28 + description + 4;
        CHECK(offset + 8 < size && memcmp(bad + offset, "\0asm", 4) == 0);
        if (offset + 8 < size) {
            bad[offset + 1] = 'x';
            rehash(bad, size);
            CHECK(load_fails(bad, size, "magic header not detected", "the embedded module changed"));
        }
    }

    /* a WAMR .aot file: the same magic, WAMR's own format after it */
    {
        unsigned char wamr[64];
        memset(wamr, 0, sizeof wamr);
        memcpy(wamr, "\0aot\3\0\0\0", 8);
        CHECK(wasm_runtime_get_file_package_type(wamr, sizeof wamr) == Wasm_Module_AoT);
        CHECK(wasm_runtime_get_file_package_version(wamr, sizeof wamr) == 3);
        CHECK(load_fails(wamr, sizeof wamr, "looks like a WAMR AOT file (version 3)", "a WAMR .aot file"));
    }

    /* a small error buffer is filled and terminated, never overrun; none at all is fine too */
    memcpy(bad, good, size);
    bad[size / 2] ^= 1;
    memset(error, 'x', sizeof error);
    CHECK(wasm_runtime_load(bad, size, error, 9) == NULL);
    CHECK(strcmp(error, "WASM mod") == 0 && error[9] == 'x');
    CHECK(wasm_runtime_load(bad, size, NULL, 0) == NULL);

    /* and the good one still loads, with wasm_runtime_load_ex's name, and registers under it */
    {
        LoadArgs load_args;
        wasm_module_t module;
        memset(&load_args, 0, sizeof load_args);
        load_args.name = "aot_module";
        module = wasm_runtime_load_ex(good, size, &load_args, error, sizeof error);
        CHECK(module != NULL);
        if (module != NULL) {
            CHECK_STR(wasm_runtime_get_module_name(module), "aot_module");
            CHECK(wasm_runtime_register_module("aot_module", module, error, sizeof error));
            CHECK(wasm_runtime_find_module_registered("aot_module") == module);
            CHECK(wasm_runtime_get_module_package_type(module) == Wasm_Module_AoT);
            wasm_runtime_unload(module);
            CHECK(wasm_runtime_find_module_registered("aot_module") == NULL);
        }
    }
    free(bad);
    free(good);
}

static int count_lines(const char *text)
{
    int lines = 0;
    for (; text != NULL && *text; text++)
        lines += *text == '\n';
    return lines;
}

static int exists(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return 0;
    fclose(f);
    return 1;
}

/* enable_linux_perf: loading the artifact listed its functions, "START SIZE wasm!MODULE!NAME", in perf's map file */
static void check_perf_map(void)
{
    char path[64], line[512];
    int functions = 0;
    FILE *f;
    snprintf(path, sizeof path, "/tmp/perf-%d.map", (int)getpid());
    f = fopen(path, "r");
    CHECK(f != NULL);
    if (f == NULL)
        return;
    while (fgets(line, sizeof line, f) != NULL) {
        unsigned long long start, size;
        char name[400];
        if (sscanf(line, "%llx %llx %399s", &start, &size, name) == 3 && strncmp(name, "wasm!", 5) == 0 && size > 0)
            functions++;
    }
    fclose(f);
    CHECK(functions > 0);
    remove(path);
}

int main(int argc, char **argv)
{
    RuntimeInitArgs init_args;
    transcript_t aot, bytecode;
    const char *artifact, *wasm;

    if (argc < 3) {
        fprintf(stderr, "usage: aot_host ARTIFACT.aot MODULE.wasm [--print]\n");
        return 2;
    }
    artifact = argv[1];
    wasm = argv[2];
    if (!exists(artifact)) {
        fprintf(stderr,
                "aot_host: the artifact %s is missing. The build makes it from %s with `microwasm compile` "
                "(target microwasm_test_artifacts in tests/c/CMakeLists.txt); build again and look for its error.\n",
                artifact, wasm);
        return 1;
    }

    memset(&init_args, 0, sizeof init_args);
    init_args.mem_alloc_type = Alloc_With_System_Allocator;
    init_args.native_module_name = "env";
    init_args.native_symbols = env_natives;
    init_args.n_native_symbols = sizeof env_natives / sizeof env_natives[0];
    init_args.enable_linux_perf = true; /* AOT functions go to /tmp/perf-PID.map, as with iwasm --enable-linux-perf */
    CHECK(wasm_runtime_full_init(&init_args));
    CHECK(wasm_runtime_register_natives_raw("raw", raw_natives, sizeof raw_natives / sizeof raw_natives[0]));
    wasm_runtime_set_log_level(WASM_LOG_LEVEL_ERROR); /* the "missing" import warns otherwise */

    memset(&aot, 0, sizeof aot);
    memset(&bytecode, 0, sizeof bytecode);
    the_transcript = &aot;
    run_module(artifact, Wasm_Module_AoT);
    the_transcript = &bytecode;
    run_module(wasm, Wasm_Module_Bytecode);
    check_perf_map();

    /* the same host, the same results: compare the transcripts line by line */
    CHECK(aot.length > 0 && aot.length == bytecode.length && memcmp(aot.text, bytecode.text, aot.length) == 0);
    if (aot.text == NULL || bytecode.text == NULL)
        fprintf(stderr, "aot_host: a run noted nothing (%s)\n", aot.text == NULL ? "AOT" : "bytecode");
    else if (strcmp(aot.text, bytecode.text) != 0) {
        const char *a = aot.text, *b = bytecode.text;
        int line = 1;
        while (*a && *a == *b) {
            if (*a == '\n')
                line++;
            a++, b++;
        }
        while (a > aot.text && a[-1] != '\n')
            a--, b--;
        fprintf(stderr, "aot_host: the runs differ at line %d:\n  AOT:      %.*s\n  bytecode: %.*s\n", line,
                (int)strcspn(a, "\n"), a, (int)strcspn(b, "\n"), b);
    }
    else
        printf("aot_host: the artifact and the bytecode gave the same transcript (%d lines)\n", count_lines(aot.text));

    if (argc > 3 && strcmp(argv[3], "--print") == 0 && aot.text != NULL)
        fputs(aot.text, stdout);

    the_transcript = &aot; /* refused_artifacts notes too; nothing compares it */
    refused_artifacts(artifact);

    free(aot.text);
    free(bytecode.text);
    CHECK(wasm_runtime_unregister_natives("raw", raw_natives));
    wasm_runtime_destroy();
    return test_summary("aot_host");
}
