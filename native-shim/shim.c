/*
 * The parts of the C API that C# cannot be: variadic functions, and stdio output that must interleave with the host's.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include "microwasm.h"

void microwasm_shim_print(const char *text, int to_stderr)
{
    FILE *out = to_stderr ? stderr : stdout;
    fputs(text, out);
    fflush(out);
}

WASM_RUNTIME_API_EXTERN bool
wasm_runtime_call_wasm_v(wasm_exec_env_t exec_env, wasm_function_inst_t function, uint32_t num_results,
                         wasm_val_t results[], uint32_t num_args, ...)
{
    wasm_module_inst_t inst = wasm_runtime_get_module_inst(exec_env);
    wasm_valkind_t kinds_small[16];
    wasm_val_t args_small[16];
    wasm_valkind_t *kinds = kinds_small;
    wasm_val_t *args = args_small;
    uint32_t count, k;
    bool ok;
    va_list ap;

    if (inst == NULL || function == NULL)
        return false;
    count = wasm_func_get_param_count(function, inst);
    if (count != num_args) {
        wasm_runtime_set_exception(inst, "invalid argument count for wasm_runtime_call_wasm_v");
        return false;
    }
    if (count > 16) {
        kinds = (wasm_valkind_t *)malloc(count * sizeof *kinds);
        args = (wasm_val_t *)malloc(count * sizeof *args);
        if (kinds == NULL || args == NULL) {
            free(kinds);
            free(args);
            wasm_runtime_set_exception(inst, "allocate memory failed");
            return false;
        }
    }
    wasm_func_get_param_types(function, inst, kinds);
    va_start(ap, num_args);
    for (k = 0; k < count; k++) {
        args[k].kind = kinds[k];
        switch (kinds[k]) {
            case WASM_I32:
                args[k].of.i32 = va_arg(ap, int32_t);
                break;
            case WASM_I64:
                args[k].of.i64 = va_arg(ap, int64_t);
                break;
            case WASM_F32:
                /* C promotes float to double in variadic calls */
                args[k].of.f32 = (float)va_arg(ap, double);
                break;
            case WASM_F64:
                args[k].of.f64 = va_arg(ap, double);
                break;
            default:
                args[k].of.foreign = va_arg(ap, uintptr_t);
                break;
        }
    }
    va_end(ap);
    ok = wasm_runtime_call_wasm_a(exec_env, function, num_results, results, num_args, args);
    if (args != args_small) {
        free(kinds);
        free(args);
    }
    return ok;
}
