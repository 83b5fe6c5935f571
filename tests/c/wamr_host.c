/*
 * A host written against WAMR's wasm_export.h, as an existing WAMR embedder would write it: full init with a pool,
 * natives registered both ways (signature strings and raw), calls through every entry point, traps and recovery,
 * memory and the app heap, exec env reuse and many instances.
 */
#include <math.h>
#include <stdint.h>
#include "wasm_export.h"
#include "microwasm.h"
#include "test_util.h"

static int attachment_value = 42;
static int callback_result;

static int32_t host_add(wasm_exec_env_t exec_env, int32_t a, int32_t b)
{
    CHECK(*(int *)wasm_runtime_get_function_attachment(exec_env) == 42);
    return a + b;
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

static int32_t host_callback(wasm_exec_env_t exec_env, int32_t x)
{
    wasm_module_inst_t module_inst = get_module_inst(exec_env);
    wasm_function_inst_t square = wasm_runtime_lookup_function(module_inst, "square");
    uint32_t argv[1];
    argv[0] = (uint32_t)x;
    if (!wasm_runtime_call_wasm(exec_env, square, 1, argv))
        return -1;
    callback_result = (int32_t)argv[0];
    return (int32_t)argv[0] + 1;
}

static float host_f32(wasm_exec_env_t exec_env, float x)
{
    (void)exec_env;
    return x * 2.0f;
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
    EXPORT_WASM_API_WITH_SIG(host_callback, "(i)i"),
    EXPORT_WASM_API_WITH_SIG(host_f32, "(f)f"),
};

static NativeSymbol raw_natives[] = {
    EXPORT_WASM_API(raw_mul),
    EXPORT_WASM_API(raw_f64),
};

static char pool[512 * 1024];

int main(int argc, char **argv)
{
    RuntimeInitArgs init_args;
    unsigned int size;
    unsigned char *wasm;
    char error[128];
    wasm_module_t module;
    wasm_module_inst_t inst;
    wasm_exec_env_t env;
    wasm_function_inst_t f;
    uint32_t cells[8];
    wasm_val_t args[4], results[2];
    uint32_t major, minor, patch;
    int i;

    if (argc < 2) {
        fprintf(stderr, "usage: wamr_host host_api.wasm\n");
        return 2;
    }

    memset(&init_args, 0, sizeof init_args);
    init_args.mem_alloc_type = Alloc_With_Pool;
    init_args.mem_alloc_option.pool.heap_buf = pool;
    init_args.mem_alloc_option.pool.heap_size = sizeof pool;
    init_args.native_module_name = "env";
    init_args.native_symbols = env_natives;
    init_args.n_native_symbols = sizeof env_natives / sizeof env_natives[0];
    init_args.running_mode = Mode_Interp;
    CHECK(wasm_runtime_full_init(&init_args));
    CHECK(wasm_runtime_register_natives_raw("raw", raw_natives, sizeof raw_natives / sizeof raw_natives[0]));
    wasm_runtime_set_log_level(WASM_LOG_LEVEL_ERROR); /* the "missing" import warns otherwise */

    wasm_runtime_get_version(&major, &minor, &patch);
    CHECK(major == 2);

    /* the runtime allocator is the pool */
    {
        void *p = wasm_runtime_malloc(100);
        mem_alloc_info_t info;
        CHECK(p != NULL && (char *)p >= pool && (char *)p < pool + sizeof pool);
        p = wasm_runtime_realloc(p, 1000);
        CHECK(p != NULL && (char *)p >= pool && (char *)p < pool + sizeof pool);
        CHECK(wasm_runtime_get_mem_alloc_info(&info) && info.total_size > 0 && info.total_free_size < info.total_size);
        wasm_runtime_free(p);
    }

    /* load errors */
    {
        uint8_t junk[8] = {0, 'a', 's', 'm', 2, 0, 0, 0};
        CHECK(wasm_runtime_load(junk, sizeof junk, error, sizeof error) == NULL);
        CHECK(strncmp(error, "WASM module load failed: ", 25) == 0);
        CHECK(get_package_type(junk, sizeof junk) == Wasm_Module_Bytecode);
    }

    wasm = read_file(argv[1], &size);
    CHECK(wasm_runtime_get_file_package_type(wasm, size) == Wasm_Module_Bytecode);
    module = wasm_runtime_load(wasm, size, error, sizeof error);
    CHECK(module != NULL);
    free(wasm); /* the runtime keeps its own copy */
    if (module == NULL) {
        fprintf(stderr, "load: %s\n", error);
        return test_summary("wamr_host");
    }
    CHECK(wasm_runtime_get_module_package_type(module) == Wasm_Module_Bytecode);
    CHECK(wasm_runtime_register_module("host_api", module, error, sizeof error));
    CHECK(wasm_runtime_find_module_registered("host_api") == module);

    /* imports and exports */
    {
        int32_t n = wasm_runtime_get_import_count(module);
        int linked = 0, unlinked = 0;
        wasm_export_t ex;
        CHECK(n == 11);
        for (i = 0; i < n; i++) {
            wasm_import_t im;
            wasm_runtime_get_import_type(module, i, &im);
            CHECK(im.kind == WASM_IMPORT_EXPORT_KIND_FUNC);
            if (im.linked)
                linked++;
            else
                unlinked++;
            if (strcmp(im.name, "host_mix") == 0) {
                CHECK(wasm_func_type_get_param_count(im.u.func_type) == 4);
                CHECK(wasm_func_type_get_param_valkind(im.u.func_type, 1) == WASM_F32);
                CHECK(wasm_func_type_get_result_valkind(im.u.func_type, 0) == WASM_F64);
            }
        }
        CHECK(linked == 10 && unlinked == 1);
        CHECK(wasm_runtime_get_export_count(module) > 20);
        wasm_runtime_get_export_type(module, 0, &ex);
        CHECK(strcmp(ex.name, "memory") == 0 && ex.kind == WASM_IMPORT_EXPORT_KIND_MEMORY);
        CHECK(wasm_memory_type_get_init_page_count(ex.u.memory_type) == 1);
        CHECK(wasm_memory_type_get_max_page_count(ex.u.memory_type) == 16);
    }

    inst = wasm_runtime_instantiate(module, 16 * 1024, 64 * 1024, error, sizeof error);
    CHECK(inst != NULL);
    if (inst == NULL) {
        fprintf(stderr, "instantiate: %s\n", error);
        return test_summary("wamr_host");
    }
    CHECK(wasm_runtime_get_module(inst) == module);
    env = wasm_runtime_create_exec_env(inst, 16 * 1024);
    CHECK(env != NULL && wasm_runtime_get_module_inst(env) == inst);

    /* call_wasm with cells */
    f = wasm_runtime_lookup_function(inst, "call_add");
    CHECK(f != NULL && wasm_func_get_param_count(f, inst) == 2 && wasm_func_get_result_count(f, inst) == 1);
    cells[0] = 40;
    cells[1] = 2;
    CHECK(wasm_runtime_call_wasm(env, f, 2, cells) && cells[0] == 42);
    CHECK(wasm_runtime_lookup_function(inst, "no_such_function") == NULL);

    f = wasm_runtime_lookup_function(inst, "add64");
    {
        int64_t a = 0x100000000LL, b = 5;
        memcpy(cells, &a, 8);
        memcpy(cells + 2, &b, 8);
        CHECK(wasm_runtime_call_wasm(env, f, 4, cells));
        memcpy(&a, cells, 8);
        CHECK(a == 0x100000005LL);
    }

    /* pointer and string natives */
    f = wasm_runtime_lookup_function(inst, "sum_data");
    CHECK(wasm_runtime_call_wasm(env, f, 0, cells) && cells[0] == 15);
    f = wasm_runtime_lookup_function(inst, "strlen_hello");
    CHECK(wasm_runtime_call_wasm(env, f, 0, cells) && cells[0] == 12);
    /* a pointer whose length passes the end of memory traps before the native runs */
    f = wasm_runtime_lookup_function(inst, "sum_at");
    cells[0] = 2 * 65536 - 50; /* the module's page and the app heap's */
    cells[1] = 100;
    CHECK(!wasm_runtime_call_wasm(env, f, 2, cells));
    CHECK_STR(wasm_runtime_get_exception(inst), "Exception: out of bounds memory access");
    wasm_runtime_clear_exception(inst);
    CHECK(wasm_runtime_get_exception(inst) == NULL);

    /* typed calls: call_wasm_a and call_wasm_v */
    f = wasm_runtime_lookup_function(inst, "mix");
    {
        wasm_valkind_t kinds[4];
        wasm_func_get_param_types(f, inst, kinds);
        CHECK(kinds[0] == WASM_I64 && kinds[1] == WASM_F32 && kinds[2] == WASM_F64 && kinds[3] == WASM_I32);
    }
    args[0].kind = WASM_I64;
    args[0].of.i64 = 1000;
    args[1].kind = WASM_F32;
    args[1].of.f32 = 0.5f;
    args[2].kind = WASM_F64;
    args[2].of.f64 = 0.25;
    args[3].kind = WASM_I32;
    args[3].of.i32 = -3;
    CHECK(wasm_runtime_call_wasm_a(env, f, 1, results, 4, args));
    CHECK(results[0].kind == WASM_F64 && results[0].of.f64 == 997.75);
    CHECK(wasm_runtime_call_wasm_v(env, f, 1, results, 4, (int64_t)2000, 1.5, 0.5, (int32_t)1));
    CHECK(results[0].of.f64 == 2003.0);
    args[0].kind = WASM_I32; /* wrong kind */
    CHECK(!wasm_runtime_call_wasm_a(env, f, 1, results, 4, args));
    CHECK(wasm_runtime_get_exception(inst) != NULL);

    f = wasm_runtime_lookup_function(inst, "many");
    CHECK(wasm_runtime_call_wasm_a(env, f, 1, results, 0, NULL));
    {
        double expected = 0;
        for (i = 1; i <= 20; i++)
            expected += (double)i * (double)i;
        CHECK(results[0].of.f64 == expected);
    }
    f = wasm_runtime_lookup_function(inst, "f32_via_host");
    args[0].kind = WASM_F32;
    args[0].of.f32 = 1.25f;
    CHECK(wasm_runtime_call_wasm_a(env, f, 1, results, 1, args) && results[0].of.f32 == 2.5f);

    /* raw natives */
    f = wasm_runtime_lookup_function(inst, "raw_mul");
    cells[0] = 6;
    cells[1] = (uint32_t)-7;
    CHECK(wasm_runtime_call_wasm(env, f, 2, cells) && (int32_t)cells[0] == -42);
    f = wasm_runtime_lookup_function(inst, "raw_f64");
    args[0].kind = WASM_F64;
    args[0].of.f64 = 1.5;
    args[1].kind = WASM_I64;
    args[1].of.i64 = 4;
    CHECK(wasm_runtime_call_wasm_a(env, f, 1, results, 2, args) && results[0].of.f64 == 6.0);

    /* a native that sets the exception traps the call; the instance recovers */
    f = wasm_runtime_lookup_function(inst, "fail");
    cells[0] = 7;
    CHECK(!wasm_runtime_call_wasm(env, f, 1, cells));
    CHECK_STR(wasm_runtime_get_exception(inst), "Exception: host failed with 7");
    wasm_runtime_clear_exception(inst);
    f = wasm_runtime_lookup_function(inst, "call_add");
    cells[0] = 1;
    cells[1] = 2;
    CHECK(wasm_runtime_call_wasm(env, f, 2, cells) && cells[0] == 3);

    /* an unlinked import fails when called, WAMR's message */
    f = wasm_runtime_lookup_function(inst, "call_missing");
    CHECK(!wasm_runtime_call_wasm(env, f, 0, cells));
    CHECK_STR(wasm_runtime_get_exception(inst), "Exception: failed to call unlinked import function (env, missing)");

    /* a native calling back into wasm on the same exec env */
    f = wasm_runtime_lookup_function(inst, "callback");
    cells[0] = 9;
    CHECK(wasm_runtime_call_wasm(env, f, 1, cells) && cells[0] == 82 && callback_result == 81);

    /* call_indirect through table 0 */
    cells[0] = 12;
    CHECK(wasm_runtime_call_indirect(env, 0, 1, cells) && cells[0] == 144);
    CHECK(!wasm_runtime_call_indirect(env, 2, 1, cells));
    CHECK_STR(wasm_runtime_get_exception(inst), "Exception: uninitialized element");
    CHECK(!wasm_runtime_call_indirect(env, 99, 1, cells));
    CHECK_STR(wasm_runtime_get_exception(inst), "Exception: undefined element");
    {
        wasm_table_inst_t table;
        CHECK(wasm_runtime_get_export_table_inst(inst, "table", &table) && table.cur_size == 3);
        CHECK(wasm_table_get_func_inst(inst, &table, 0) == wasm_runtime_lookup_function(inst, "square"));
        CHECK(wasm_table_get_func_inst(inst, &table, 2) == NULL);
    }

    /* wasm_application_execute_func prints results */
    {
        char *fargv[2] = {"0x10", "5"};
        CHECK(wasm_application_execute_func(inst, "call_add", 2, fargv));
        CHECK(!wasm_application_execute_func(inst, "nope", 0, NULL));
    }

    /* memory, address translation and the app heap */
    {
        wasm_memory_inst_t mem = wasm_runtime_get_default_memory(inst);
        uint8_t *base = (uint8_t *)wasm_memory_get_base_address(mem);
        uint64_t pages = wasm_memory_get_cur_page_count(mem);
        void *native = NULL;
        uint64_t app, app2, start, end;
        CHECK(mem != NULL && base != NULL && mem == wasm_runtime_lookup_memory(inst, "memory"));
        CHECK(pages == 2); /* one page of the module's, one of app heap */
        CHECK(wasm_memory_get_max_page_count(mem) == 16 && wasm_memory_get_bytes_per_page(mem) == 65536);
        CHECK(memcmp(base + 16, "hello, world", 12) == 0);
        CHECK(wasm_runtime_addr_app_to_native(inst, 16) == base + 16);
        CHECK(wasm_runtime_addr_native_to_app(inst, base + 16) == 16);
        CHECK(wasm_runtime_addr_app_to_native(inst, pages * 65536) == NULL);
        CHECK(wasm_runtime_validate_app_addr(inst, 100, 16));
        CHECK(!wasm_runtime_validate_app_addr(inst, pages * 65536 - 4, 8));
        wasm_runtime_clear_exception(inst);
        CHECK(wasm_runtime_validate_app_str_addr(inst, 16));
        CHECK(wasm_runtime_validate_native_addr(inst, base + 8, 8));
        CHECK(wasm_runtime_get_app_addr_range(inst, 10, &start, &end) && start == 0 && end == pages * 65536);

        app = wasm_runtime_module_malloc(inst, 100, &native);
        CHECK(app != 0 && native == base + app && app >= 65536);
        strcpy((char *)native, "from the host");
        f = wasm_runtime_lookup_function(inst, "strlen_at");
        cells[0] = (uint32_t)app;
        CHECK(wasm_runtime_call_wasm(env, f, 1, cells) && cells[0] == 13);
        app2 = wasm_runtime_module_dup_data(inst, "abc", 4);
        CHECK(app2 != 0 && app2 != app && strcmp((char *)base + app2, "abc") == 0);
        wasm_runtime_module_free(inst, app);
        wasm_runtime_module_free(inst, app2);
        CHECK(wasm_runtime_module_malloc(inst, 1 << 20, &native) == 0 && native == NULL);
        wasm_runtime_clear_exception(inst);

        /* the module writes, the host reads through the same base */
        f = wasm_runtime_lookup_function(inst, "store");
        cells[0] = 200;
        cells[1] = 0x12345678;
        CHECK(wasm_runtime_call_wasm(env, f, 2, cells));
        CHECK(*(uint32_t *)(base + 200) == 0x12345678);
        /* growing keeps the base (reserved up front on 64-bit hosts) */
        CHECK(wasm_memory_enlarge(mem, 2) && wasm_memory_get_cur_page_count(mem) == pages + 2);
        CHECK(wasm_memory_get_base_address(mem) == base);
        CHECK(!wasm_memory_enlarge(mem, 100));
        f = wasm_runtime_lookup_function(inst, "mem_pages");
        CHECK(wasm_runtime_call_wasm(env, f, 0, cells) && cells[0] == pages + 2);
    }

    /* custom data, user data and the singleton exec env */
    wasm_runtime_set_custom_data(inst, &attachment_value);
    CHECK(wasm_runtime_get_custom_data(inst) == &attachment_value);
    wasm_runtime_set_user_data(env, pool);
    CHECK(wasm_runtime_get_user_data(env) == pool);
    CHECK(wasm_runtime_get_exec_env_singleton(inst) == wasm_runtime_get_exec_env_singleton(inst));

    /* exec env reuse: many calls on one env keep state in memory */
    f = wasm_runtime_lookup_function(inst, "counter");
    for (i = 0; i < 1000; i++)
        CHECK(wasm_runtime_call_wasm(env, f, 0, cells) && cells[0] == (uint32_t)(i + 1));

    /* exported globals: global_data is the value's storage, shared with the module */
    {
        wasm_global_inst_t global;
        float f32;
        CHECK(wasm_runtime_get_export_global_inst(inst, "g_const", &global));
        CHECK(global.kind == WASM_I32 && !global.is_mutable && global.global_data != NULL);
        CHECK(*(int32_t *)global.global_data == 1234);

        CHECK(wasm_runtime_get_export_global_inst(inst, "g_mut", &global));
        CHECK(global.kind == WASM_I64 && global.is_mutable);
        CHECK(*(int64_t *)global.global_data == 5);
        *(int64_t *)global.global_data = 0x100000000LL; /* the host writes, wasm reads */
        f = wasm_runtime_lookup_function(inst, "get_g_mut");
        CHECK(wasm_runtime_call_wasm(env, f, 0, cells));
        CHECK(cells[0] == 0 && cells[1] == 1);
        f = wasm_runtime_lookup_function(inst, "bump_g_mut"); /* wasm writes, the host reads */
        CHECK(wasm_runtime_call_wasm(env, f, 0, cells) && wasm_runtime_call_wasm(env, f, 0, cells));
        CHECK(*(int64_t *)global.global_data == 0x100000002LL);
        {
            wasm_global_inst_t again;
            CHECK(wasm_runtime_get_export_global_inst(inst, "g_mut", &again) && again.global_data == global.global_data);
        }

        CHECK(wasm_runtime_get_export_global_inst(inst, "g_f32", &global));
        CHECK(global.kind == WASM_F32 && global.is_mutable && *(float *)global.global_data == 0.5f);
        *(float *)global.global_data = -3.25f;
        f = wasm_runtime_lookup_function(inst, "get_g_f32");
        CHECK(wasm_runtime_call_wasm(env, f, 0, cells));
        memcpy(&f32, &cells[0], sizeof f32);
        CHECK(f32 == -3.25f);

        CHECK(!wasm_runtime_get_export_global_inst(inst, "square", &global)); /* not a global */
        CHECK(!wasm_runtime_get_export_global_inst(inst, "nope", &global));
    }

    /* an unsupported function fails clearly */
    CHECK(wasm_runtime_create_memory(module, NULL) == NULL);
    CHECK_STR(microwasm_last_error(), "unsupported: wasm_runtime_create_memory");
    CHECK(wasm_runtime_get_pgo_prof_data_size(inst) == 0); /* one taking an instance also sets its exception */
    CHECK_STR(wasm_runtime_get_exception(inst), "Exception: unsupported: wasm_runtime_get_pgo_prof_data_size");
    CHECK_STR(microwasm_last_error(), "unsupported: wasm_runtime_get_pgo_prof_data_size");

    /* terminate: the next call fails */
    wasm_runtime_terminate(inst);
    f = wasm_runtime_lookup_function(inst, "square");
    cells[0] = 3;
    CHECK(!wasm_runtime_call_wasm(env, f, 1, cells));
    CHECK_STR(wasm_runtime_get_exception(inst), "Exception: terminated by user");

    wasm_runtime_destroy_exec_env(env);
    wasm_runtime_deinstantiate(inst);

    /* many instances of one module, each with its own memory */
    {
        enum { N = 50 };
        wasm_module_inst_t insts[N];
        for (i = 0; i < N; i++) {
            insts[i] = wasm_runtime_instantiate(module, 8192, 0, error, sizeof error);
            CHECK(insts[i] != NULL);
        }
        for (i = 0; i < N; i++) {
            wasm_exec_env_t e = wasm_runtime_get_exec_env_singleton(insts[i]);
            wasm_function_inst_t counter = wasm_runtime_lookup_function(insts[i], "counter");
            int k;
            for (k = 0; k <= i % 3; k++)
                CHECK(wasm_runtime_call_wasm(e, counter, 0, cells) && cells[0] == (uint32_t)(k + 1));
        }
        for (i = 0; i < N; i++)
            wasm_runtime_deinstantiate(insts[i]);
    }

    CHECK(wasm_runtime_unregister_natives("raw", raw_natives));
    wasm_runtime_unload(module);
    CHECK(wasm_runtime_find_module_registered("host_api") == NULL);
    wasm_runtime_destroy();
    return test_summary("wamr_host");
}
