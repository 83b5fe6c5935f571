using System.Globalization;
using MicroWasm.Native.Interop;
using MicroWasm.Native.Wamr;
using MicroWasm.Runtime;

namespace MicroWasm.Native.Api;

/// <summary>Calling WebAssembly functions from C.</summary>
public static unsafe class CallApi
{
    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_call_wasm")]
    [CApi(CHeader.WasmExport, "Calls @p function with arguments in 32-bit cells (i32/f32 one cell, i64/f64 two, low word first); results replace the arguments from argv[0].\n@return true if success, false with the instance's exception set (see wasm_runtime_get_exception)")]
    public static bool CallWasm(ExecEnvHandle exec_env, FunctionHandle function, uint argc, [CType("uint32_t[]")] uint* argv)
    {
        try
        {
            var env = InstanceApi.Get(exec_env);
            var f = InstanceApi.GetFunction(function);
            if (env is null || f is null) return Errors.Fail("wasm_runtime_call_wasm: invalid exec env or function");
            var args = Invoker.FromCells(f.Function.Type, argv, argc, env.Instance, out bool ok);
            if (!ok) return false;
            if (!Invoker.Call(env, f.Function, args, out var results)) return false;
            if (results.Length > 0 && argv is null) return Errors.Fail("wasm_runtime_call_wasm: argv is NULL but the function has results");
            Invoker.ToCells(results, argv);
            return true;
        }
        catch (Exception e) { return Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_call_wasm_a")]
    [CApi(CHeader.WasmExport, "Calls @p function with typed arguments; writes @p num_results typed results.\n@return true if success, false with the instance's exception set")]
    public static bool CallWasmA(ExecEnvHandle exec_env, FunctionHandle function, uint num_results, [CType("wasm_val_t[]")] WasmVal* results, uint num_args, WasmVal* args)
    {
        try
        {
            var env = InstanceApi.Get(exec_env);
            var f = InstanceApi.GetFunction(function);
            if (env is null || f is null) return Errors.Fail("wasm_runtime_call_wasm_a: invalid exec env or function");
            var type = f.Function.Type;
            var instance = env.Instance;
            if (num_args != type.Parameters.Length || (num_args > 0 && args is null))
            {
                instance.SetException($"invalid argument count {num_args}, the function has {type.Parameters.Length} parameter(s)");
                return false;
            }
            if (num_results != type.Results.Length || (num_results > 0 && results is null))
            {
                instance.SetException($"invalid result count {num_results}, the function has {type.Results.Length} result(s)");
                return false;
            }
            var values = new Value[num_args];
            for (int i = 0; i < values.Length; i++)
            {
                if (!Invoker.TryFromWasmVal(args[i], type.Parameters[i], out values[i]))
                {
                    instance.SetException($"invalid argument {i}: kind {(int)args[i].kind} given, {type.Parameters[i].ToText()} expected");
                    return false;
                }
            }
            if (!Invoker.Call(env, f.Function, values, out var r)) return false;
            for (int i = 0; i < r.Length; i++) results[i] = Invoker.ToWasmVal(r[i]);
            return true;
        }
        catch (Exception e) { return Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_call_indirect")]
    [CApi(CHeader.WasmExport, "Calls the function at @p element_index of the instance's table 0, with arguments and results in 32-bit cells as wasm_runtime_call_wasm.\n@return true if success, false with the instance's exception set")]
    public static bool CallIndirect(ExecEnvHandle exec_env, uint element_index, uint argc, [CType("uint32_t[]")] uint* argv)
    {
        try
        {
            var env = InstanceApi.Get(exec_env);
            if (env is null) return Errors.Fail("wasm_runtime_call_indirect: invalid exec env");
            var instance = env.Instance;
            instance.ClearException();
            var tables = instance.Instance.Tables;
            if (tables.Length == 0 || element_index >= (uint)tables[0].Size)
            {
                instance.SetException("undefined element");
                return false;
            }
            if (tables[0].Get(element_index) is not FunctionInstance function)
            {
                instance.SetException("uninitialized element");
                return false;
            }
            var args = Invoker.FromCells(function.Type, argv, argc, instance, out bool ok);
            if (!ok) return false;
            if (!Invoker.Call(env, function, args, out var results)) return false;
            if (results.Length > 0 && argv is not null) Invoker.ToCells(results, argv);
            return true;
        }
        catch (Exception e) { return Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_application_execute_func")]
    [CApi(CHeader.WasmExport, "Calls the exported function @p name with arguments parsed from strings (decimal or 0x hex integers, floats, inf, nan) and prints its results to stdout, one per line, as WAMR does (e.g. \"0x2a:i32\").\n@return true if success, false with the instance's exception set")]
    public static bool ApplicationExecuteFunc(InstanceHandle module_inst, [CType("const char *")] byte* name, int argc, [CType("char *[]")] byte** argv)
    {
        try
        {
            var instance = InstanceApi.Get(module_inst);
            if (instance is null) return Errors.Fail("wasm_application_execute_func: invalid instance");
            string? n = CString.Read(name);
            // WAMR accepts "$module$function"; the module part names this instance.
            if (n is not null && n.StartsWith('$') && n.IndexOf('$', 1) is int second and > 0) n = n[(second + 1)..];
            if (n is null || !instance.Instance.TryGetExport(n, out var e) || e is not FunctionInstance function)
            {
                instance.SetException($"lookup function {n} failed");
                return false;
            }
            var type = function.Type;
            if (argc != type.Parameters.Length)
            {
                instance.SetException($"invalid input argument count");
                return false;
            }
            var values = new Value[argc];
            for (int i = 0; i < argc; i++)
            {
                string text = CString.Read(argv[i]) ?? "";
                if (!TryParse(text, type.Parameters[i], out values[i]))
                {
                    instance.SetException($"invalid input argument {i}: {text}");
                    return false;
                }
            }
            if (!Invoker.Call(Instantiator.GetSingleton(instance), function, values, out var results)) return false;
            var output = new System.Text.StringBuilder();
            foreach (var r in results) output.Append(Format(r)).Append('\n');
            if (output.Length > 0) Log.Stdout(output.ToString());
            return true;
        }
        catch (Exception e) { return Errors.Fail(e); }
    }

    private static bool TryParse(string text, ValueType type, out Value value)
    {
        value = default;
        text = text.Trim();
        switch (type)
        {
            case ValueType.I32 when TryParseInteger(text, out long i): value = Value.I32((int)i); return true;
            case ValueType.I64 when TryParseInteger(text, out long l): value = Value.I64(l); return true;
            case ValueType.F32 when TryParseFloat(text, out double f): value = Value.F32((float)f); return true;
            case ValueType.F64 when TryParseFloat(text, out double d): value = Value.F64(d); return true;
            default: return false;
        }
    }

    /// <summary>Decimal or 0x hex, signed or unsigned (strtoull's range, wrapped like C).</summary>
    private static bool TryParseInteger(string text, out long value)
    {
        bool negative = text.StartsWith('-');
        string body = negative || text.StartsWith('+') ? text[1..] : text;
        bool ok = body.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.TryParse(body[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong magnitude)
            : ulong.TryParse(body, NumberStyles.None, CultureInfo.InvariantCulture, out magnitude);
        value = negative ? -(long)magnitude : (long)magnitude;
        return ok;
    }

    private static bool TryParseFloat(string text, out double value)
    {
        switch (text.ToLowerInvariant())
        {
            case "inf" or "+inf" or "infinity": value = double.PositiveInfinity; return true;
            case "-inf" or "-infinity": value = double.NegativeInfinity; return true;
            case "nan" or "+nan": value = double.NaN; return true;
            case "-nan": value = -double.NaN; return true;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private static string Format(Value r) => r.Type switch
    {
        ValueType.I32 => $"0x{(uint)r.AsI32():x}:i32",
        ValueType.I64 => $"0x{(ulong)r.AsI64():x}:i64",
        ValueType.F32 => $"{FormatG7(r.AsF32())}:f32",
        ValueType.F64 => $"{FormatG7(r.AsF64())}:f64",
        ValueType.ExternRef => ExternRefs.ToNative(r) is var p && p == 0 ? "ref.null:ref.extern" : $"0x{p:x}:ref.extern",
        _ => r.IsNullReference ? "ref.null:ref.func" : "ref.func",
    };

    /// <summary>C's %.7g.</summary>
    private static string FormatG7(double v)
    {
        if (double.IsNaN(v)) return "nan";
        if (double.IsInfinity(v)) return v > 0 ? "inf" : "-inf";
        return v.ToString("G7", CultureInfo.InvariantCulture).Replace("E+", "e+").Replace("E-", "e-");
    }

    // --- globals ---

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_export_global_inst")]
    [CApi(CHeader.WasmExport, "Describes the exported global @p name. Its `global_data` points to the global's value (16 bytes: the value\n" +
        "little-endian from offset 0, a v128 in full; a reference is an opaque handle), which the module reads and writes\n" +
        "in place: the host may read it, and write a mutable global of a numeric type, while the instance is alive.\n" +
        "@return true if found, false otherwise")]
    public static bool GetExportGlobalInst([CType("const wasm_module_inst_t")] InstanceHandle module_inst, [CType("const char *")] byte* name, GlobalInstInfo* global_inst)
    {
        try
        {
            var instance = InstanceApi.Get(module_inst);
            string? n = CString.Read(name);
            if (instance is null || n is null || global_inst is null || !instance.Instance.TryGetExport(n, out var e) || e is not GlobalInstance global) return false;
            *global_inst = new GlobalInstInfo
            {
                kind = Invoker.KindOf(global.Type.ValueType),
                is_mutable = global.Type.Mutable ? (byte)1 : (byte)0,
                global_data = (void*)global.ValueAddress,
            };
            return true;
        }
        catch (Exception e) { return Errors.Fail(e); }
    }

    // --- tables ---

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_export_table_inst")]
    [CApi(CHeader.WasmExport, "Describes the exported table @p name. Its `elems` is an opaque reference for wasm_table_get_func_inst, not an array to read.\n@return true if found, false otherwise")]
    public static bool GetExportTableInst(InstanceHandle module_inst, [CType("const char *")] byte* name, TableInstInfo* table_inst)
    {
        try
        {
            var instance = InstanceApi.Get(module_inst);
            string? n = CString.Read(name);
            if (instance is null || n is null || table_inst is null || !instance.Instance.TryGetExport(n, out var e) || e is not TableInstance table) return false;
            *table_inst = new TableInstInfo
            {
                elem_kind = Invoker.KindOf(table.Type.ElementType),
                cur_size = (uint)table.Size,
                max_size = (uint)Math.Min(table.Max ?? uint.MaxValue, uint.MaxValue),
                elems = (void*)instance.OwnHandle(table),
            };
            return true;
        }
        catch (Exception e) { return Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_table_get_func_inst")]
    [CApi(CHeader.WasmExport, "The function at @p idx of a table described by wasm_runtime_get_export_table_inst.\n@return the function, or NULL (null element or out of range)")]
    public static FunctionHandle TableGetFuncInst(InstanceHandle module_inst, [CType("const wasm_table_inst_t *")] TableInstInfo* table_inst, uint idx)
    {
        try
        {
            var instance = InstanceApi.Get(module_inst);
            if (instance is null || table_inst is null || HandleTable.Get<TableInstance>((nint)table_inst->elems) is not { } table) return default;
            if (idx >= (uint)table.Size || table.Get(idx) is not FunctionInstance f) return default;
            return new FunctionHandle(instance.FunctionHandle(f));
        }
        catch (Exception e) { Errors.Fail(e); return default; }
    }
}
