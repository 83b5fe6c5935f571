/*
 * WASI through WAMR's API: wasm_runtime_set_wasi_args_ex (argv, env, mapped directories, stdio descriptors), then
 * wasm_application_execute_main on the committed WASI fixtures (tests/fixtures/wasi), checking what they print and their
 * exit codes. Also main(argc, argv) of a non-WASI module, spawned exec envs, the externref table and section lists.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>
#include "wasm_export.h"
#include "microwasm.h"
#include "test_util.h"

static const char *fixtures, *build_dir;
static char tmp[256];
/* With --aot DIR, the WASI programs are loaded from DIR as AOT artifacts (NAME.aot, made from NAME.wasm at build time). */
static const char *artifacts;

static wasm_module_t load(const char *dir, const char *name)
{
    char path[512], error[128];
    unsigned int size;
    unsigned char *wasm;
    wasm_module_t module;
    size_t n = strlen(name);
    if (artifacts != NULL && dir == fixtures && n > 5 && strcmp(name + n - 5, ".wasm") == 0)
        snprintf(path, sizeof path, "%s/%.*s.aot", artifacts, (int)(n - 5), name);
    else
        snprintf(path, sizeof path, "%s/%s", dir, name);
    wasm = read_file(path, &size);
    CHECK(wasm_runtime_get_file_package_type(wasm, size) == (artifacts != NULL ? Wasm_Module_AoT : Wasm_Module_Bytecode));
    module = wasm_runtime_load(wasm, size, error, sizeof error);
    free(wasm);
    if (module == NULL)
        fprintf(stderr, "load %s: %s\n", path, error);
    CHECK(module != NULL);
    return module;
}

/* A fresh file under the temporary directory, opened for the guest to write. */
static int open_output(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", tmp, name);
    return open(path, O_CREAT | O_TRUNC | O_WRONLY, 0600);
}

static char *read_text(const char *name)
{
    static char text[4096];
    char path[512];
    FILE *f;
    size_t n;
    snprintf(path, sizeof path, "%s/%s", tmp, name);
    f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = 0;
    return text;
}

/* Instantiates, runs main, and returns the exit code (-1 if execute_main failed). */
static int run(wasm_module_t module, int *exit_code)
{
    char error[128];
    wasm_module_inst_t inst = wasm_runtime_instantiate(module, 64 * 1024, 0, error, sizeof error);
    bool ok;
    if (inst == NULL) {
        fprintf(stderr, "instantiate: %s\n", error);
        return -1;
    }
    CHECK(wasm_runtime_is_wasi_mode(inst));
    CHECK(wasm_runtime_lookup_wasi_start_function(inst) != NULL);
    CHECK(wasm_runtime_get_wasi_exit_code(inst) == 0);
    ok = wasm_application_execute_main(inst, 0, NULL);
    if (!ok)
        fprintf(stderr, "execute_main: %s\n", wasm_runtime_get_exception(inst));
    CHECK(wasm_runtime_get_exception(inst) == NULL); /* proc_exit leaves no exception */
    *exit_code = (int)wasm_runtime_get_wasi_exit_code(inst);
    wasm_runtime_deinstantiate(inst);
    return ok ? 0 : -1;
}

static void test_hello(void)
{
    wasm_module_t module = load(fixtures, "hello.wasm");
    int out = open_output("hello.out"), code = -1;
    char *argv[] = {"hello"};
    wasm_runtime_set_wasi_args_ex(module, NULL, 0, NULL, 0, NULL, 0, argv, 1, -1, out, -1);
    CHECK(run(module, &code) == 0);
    CHECK(code == 0);
    close(out);
    CHECK_STR(read_text("hello.out"), "Hello, WASI!\n");
    wasm_runtime_unload(module);
}

/* With the host's own stdout (-1) redirected to a file, the guest's output lands between the host's lines, as it
   would with WAMR, whose WASI writes to the same descriptor. */
static void test_host_stdout_interleaves(void)
{
    wasm_module_t module = load(fixtures, "hello.wasm");
    int saved = dup(1), file = open_output("shared.out"), code = -1;
    fflush(stdout);
    dup2(file, 1);
    printf("host before\n");
    fflush(stdout);
    CHECK(run(module, &code) == 0);
    printf("host after\n");
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    close(file);
    CHECK(code == 0);
    CHECK_STR(read_text("shared.out"), "host before\nHello, WASI!\nhost after\n");
    wasm_runtime_unload(module);
}

static void test_args_env(void)
{
    wasm_module_t module = load(fixtures, "args_env.wasm");
    int out = open_output("args.out"), code = -1;
    char *argv[] = {"args_env", "one two", "3"};
    const char *env[] = {"GREETING=hello", "EMPTY="};
    wasm_runtime_set_wasi_args_ex(module, NULL, 0, NULL, 0, env, 2, argv, 3, -1, out, -1);
    CHECK(run(module, &code) == 0);
    CHECK(code == 0);
    close(out);
    CHECK_STR(read_text("args.out"), "argc=3\nargv[0]=args_env\nargv[1]=one two\nargv[2]=3\nenv GREETING=hello\nenv EMPTY=\n");
    wasm_runtime_unload(module);
}

static void test_exit_code(void)
{
    wasm_module_t module = load(fixtures, "exit_code.wasm");
    int err = open_output("exit.err"), code = -1;
    char *argv[] = {"exit_code", "7"};
    wasm_runtime_set_wasi_args_ex(module, NULL, 0, NULL, 0, NULL, 0, argv, 2, -1, -1, err);
    CHECK(run(module, &code) == 0); /* proc_exit(7) is a normal end: true, no exception */
    CHECK(code == 7);
    close(err);
    CHECK_STR(read_text("exit.err"), "exiting with 7\n");
    wasm_runtime_unload(module);
}

static void test_copy_mapped_dirs(void)
{
    wasm_module_t module = load(fixtures, "copy.wasm");
    char in_dir[300], out_dir[300], map_in[320], map_out[320], path[400];
    const char *maps[2] = {map_in, map_out};
    char *argv[] = {"copy", "/in/source.txt", "/out/copy.txt"};
    int out = open_output("copy.out"), code = -1;
    FILE *f;

    snprintf(in_dir, sizeof in_dir, "%s/in", tmp);
    snprintf(out_dir, sizeof out_dir, "%s/out", tmp);
    mkdir(in_dir, 0700);
    mkdir(out_dir, 0700);
    snprintf(path, sizeof path, "%s/source.txt", in_dir);
    f = fopen(path, "wb");
    fputs("twelve bytes", f);
    fclose(f);
    /* WAMR's order: the guest's name, then the host directory. */
    snprintf(map_in, sizeof map_in, "/in::%s", in_dir);
    snprintf(map_out, sizeof map_out, "/out::%s", out_dir);
    wasm_runtime_set_wasi_args_ex(module, NULL, 0, maps, 2, NULL, 0, argv, 3, -1, out, -1);
    CHECK(run(module, &code) == 0);
    CHECK(code == 0);
    close(out);
    CHECK_STR(read_text("copy.out"), "copied 12 bytes\n");
    CHECK_STR(read_text("out/copy.txt"), "twelve bytes");
    wasm_runtime_unload(module);
}

static void test_missing_preopen(void)
{
    wasm_module_t module = load(fixtures, "hello.wasm");
    const char *dirs[] = {"/nonexistent/microwasm-test"};
    char error[256];
    wasm_module_inst_t inst;
    wasm_runtime_set_wasi_args(module, dirs, 1, NULL, 0, NULL, 0, NULL, 0);
    inst = wasm_runtime_instantiate(module, 64 * 1024, 0, error, sizeof error);
    CHECK(inst == NULL);
    CHECK(strstr(error, "pre-opening directory /nonexistent/microwasm-test") != NULL);
    wasm_runtime_unload(module);
}

/* A start function that calls WASI and then proc_exit(7): the instance is made, with exit code 7, as in WAMR. */
static void test_start_function(void)
{
    wasm_module_t module = load(build_dir, "wasi_start.wasm");
    int out = open_output("start.out");
    char *argv[] = {"start"}, error[128];
    wasm_module_inst_t inst;
    wasm_runtime_set_wasi_args_ex(module, NULL, 0, NULL, 0, NULL, 0, argv, 1, -1, out, -1);
    inst = wasm_runtime_instantiate(module, 64 * 1024, 0, error, sizeof error);
    if (inst == NULL)
        fprintf(stderr, "instantiate: %s\n", error);
    CHECK(inst != NULL);
    if (inst != NULL) {
        CHECK(wasm_runtime_get_exception(inst) == NULL);
        CHECK(wasm_runtime_get_wasi_exit_code(inst) == 7);
        wasm_runtime_deinstantiate(inst);
    }
    close(out);
    CHECK_STR(read_text("start.out"), "hello from start\n");
    wasm_runtime_unload(module);
}

static void test_main_with_argv(void)
{
    wasm_module_t module = load(build_dir, "main_args.wasm");
    char error[128];
    wasm_module_inst_t inst = wasm_runtime_instantiate(module, 16 * 1024, 4096, error, sizeof error);
    char *argv[] = {"prog", "Z"};
    CHECK(inst != NULL);
    CHECK(!wasm_runtime_is_wasi_mode(inst));
    CHECK(wasm_runtime_lookup_wasi_start_function(inst) == NULL);
    CHECK(wasm_application_execute_main(inst, 2, argv));
    CHECK(*(int *)argv == 2 * 256 + 'Z'); /* WAMR stores main's result in *(int *)argv */
    wasm_runtime_deinstantiate(inst);
    wasm_runtime_unload(module);
}

struct spawn_args {
    wasm_exec_env_t env;
    wasm_function_inst_t twice;
    uint32_t result;
};

static void *spawned_thread(void *arg)
{
    struct spawn_args *a = (struct spawn_args *)arg;
    uint32_t cells[1] = {21};
    if (wasm_runtime_init_thread_env()) {
        if (wasm_runtime_call_wasm(a->env, a->twice, 1, cells))
            a->result = cells[0];
        wasm_runtime_destroy_thread_env();
    }
    return NULL;
}

static void test_spawned_exec_env(void)
{
    wasm_module_t module = load(build_dir, "main_args.wasm");
    char error[128];
    wasm_module_inst_t inst = wasm_runtime_instantiate(module, 16 * 1024, 0, error, sizeof error);
    wasm_exec_env_t parent = wasm_runtime_get_exec_env_singleton(inst);
    struct spawn_args args = {NULL, NULL, 0};
    pthread_t thread;

    args.env = wasm_runtime_spawn_exec_env(parent);
    args.twice = wasm_runtime_lookup_function(inst, "twice");
    CHECK(args.env != NULL && args.env != parent);
    CHECK(wasm_runtime_get_module_inst(args.env) == inst);
    CHECK(pthread_create(&thread, NULL, spawned_thread, &args) == 0);
    pthread_join(thread, NULL);
    CHECK(args.result == 42);
    wasm_runtime_destroy_spawned_exec_env(args.env);
    CHECK(wasm_runtime_get_module_inst(args.env) == NULL); /* the handle is dead */
    wasm_runtime_destroy_spawned_exec_env(parent);         /* not spawned: left alone */
    CHECK(wasm_runtime_get_module_inst(parent) == inst);
    wasm_runtime_deinstantiate(inst);
    wasm_runtime_unload(module);
}

static int cleaned, object_a, object_b;

static void cleanup(void *obj)
{
    CHECK(obj == &object_a);
    cleaned++;
}

static void test_externref_table(void)
{
    wasm_module_t module = load(build_dir, "main_args.wasm");
    char error[128];
    wasm_module_inst_t inst = wasm_runtime_instantiate(module, 16 * 1024, 0, error, sizeof error);
    uint32_t a, again, b, null_index;
    void *obj = NULL;

    CHECK(wasm_externref_obj2ref(inst, &object_a, &a));
    CHECK(wasm_externref_obj2ref(inst, &object_a, &again) && again == a);
    CHECK(wasm_externref_obj2ref(inst, &object_b, &b) && b != a);
    CHECK(wasm_externref_ref2obj(a, &obj) && obj == &object_a);
    CHECK(wasm_externref_obj2ref(inst, NULL, &null_index) && null_index == 0xFFFFFFFFu);
    CHECK(wasm_externref_ref2obj(null_index, &obj) && obj == NULL);
    CHECK(wasm_externref_set_cleanup(inst, &object_a, cleanup));
    CHECK(wasm_externref_retain(a));
    CHECK(wasm_externref_objdel(inst, &object_b));
    CHECK(!wasm_externref_ref2obj(b, &obj));
    CHECK(!wasm_externref_retain(b));
    CHECK(!wasm_externref_set_cleanup(inst, &object_b, cleanup));
    wasm_runtime_deinstantiate(inst); /* releases a, calling its cleanup */
    CHECK(cleaned == 1);
    CHECK(!wasm_externref_ref2obj(a, &obj));
    wasm_runtime_unload(module);
}

static void test_load_from_sections(void)
{
    /* (module (func (export "f") (result i32) i32.const 42)), one section per list entry. */
    static uint8_t types[] = {0x01, 0x60, 0x00, 0x01, 0x7f};
    static uint8_t funcs[] = {0x01, 0x00};
    static uint8_t exports[] = {0x01, 0x01, 'f', 0x00, 0x00};
    static uint8_t code[] = {0x01, 0x04, 0x00, 0x41, 0x2a, 0x0b};
    wasm_section_t s4 = {NULL, 10, code, sizeof code};
    wasm_section_t s3 = {&s4, 7, exports, sizeof exports};
    wasm_section_t s2 = {&s3, 3, funcs, sizeof funcs};
    wasm_section_t s1 = {&s2, 1, types, sizeof types};
    char error[128];
    wasm_module_t module = wasm_runtime_load_from_sections(&s1, false, error, sizeof error);
    wasm_module_inst_t inst;
    uint32_t cells[1] = {0};

    CHECK(module != NULL);
    inst = wasm_runtime_instantiate(module, 16 * 1024, 0, error, sizeof error);
    CHECK(inst != NULL);
    CHECK(wasm_runtime_call_wasm(wasm_runtime_get_exec_env_singleton(inst), wasm_runtime_lookup_function(inst, "f"), 0, cells));
    CHECK(cells[0] == 42);
    wasm_runtime_deinstantiate(inst);
    wasm_runtime_unload(module);
    CHECK(wasm_runtime_load_from_sections(&s1, true, error, sizeof error) == NULL);
}

static bool reader(package_type_t type, const char *name, uint8_t **buffer, uint32_t *size)
{
    (void)type, (void)name, (void)buffer, (void)size;
    return false;
}

static void destroyer(uint8_t *buffer, uint32_t size)
{
    (void)buffer, (void)size;
}

int main(int argc, char **argv)
{
    const char *pool[] = {"127.0.0.1/32"};
    wasm_module_t module;
    if (argc != 3 && !(argc == 5 && strcmp(argv[3], "--aot") == 0)) {
        fprintf(stderr, "usage: wasi_host FIXTURES_DIR BUILD_DIR [--aot ARTIFACTS_DIR]\n");
        return 2;
    }
    fixtures = argv[1];
    build_dir = argv[2];
    snprintf(tmp, sizeof tmp, "/tmp/microwasm-wasi-XXXXXX");
    if (mkdtemp(tmp) == NULL)
        return 2;
    CHECK(wasm_runtime_init());
    if (argc == 5) {
        /* The WASI programs again, compiled to native code: same arguments, output and exit codes. */
        artifacts = argv[4];
        test_hello();
        test_host_stdout_interleaves();
        test_args_env();
        test_exit_code();
        test_copy_mapped_dirs();
        test_missing_preopen();
        wasm_runtime_destroy();
        return test_summary("wasi_host --aot");
    }
    wasm_runtime_set_module_reader(reader, destroyer);
    test_hello();
    test_host_stdout_interleaves();
    test_args_env();
    test_exit_code();
    test_copy_mapped_dirs();
    test_missing_preopen();
    test_start_function();
    test_main_with_argv();
    test_spawned_exec_env();
    test_externref_table();
    test_load_from_sections();
    /* The address pools are accepted and stored. */
    module = load(fixtures, "hello.wasm");
    wasm_runtime_set_wasi_addr_pool(module, pool, 1);
    wasm_runtime_set_wasi_ns_lookup_pool(module, pool, 1);
    CHECK(microwasm_last_error() == NULL || strstr(microwasm_last_error(), "unsupported") == NULL);
    wasm_runtime_unload(module);
    wasm_runtime_destroy();
    return test_summary("wasi_host");
}
