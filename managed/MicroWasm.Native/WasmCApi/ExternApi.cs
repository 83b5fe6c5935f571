using MicroWasm.Native.Api;
using MicroWasm.Native.Interop;
using MicroWasm.Runtime;

namespace MicroWasm.Native.WasmCApi;

/// <summary>wasm.h's externals: function, global, table and memory instances, and wasm_extern_t.</summary>
public static unsafe class ExternApi
{
    private static nint NewFunc(nint store, nint type, void* callback, bool withEnv, void* env, delegate* unmanaged<void*, void> finalizer)
    {
        var s = Objects.Get<CStore>(store);
        if (s is null || callback is null || Objects.Get<CExternType>(type)?.Type.Function is not { } funcType)
        {
            Errors.Fail("wasm_func_new: invalid store, type or callback");
            return 0;
        }
        nint handle = WasmRef.New(Calls.NewHostFunction(funcType, s, callback, withEnv, env), s);
        var state = WasmRef.Get(handle)!.State;
        state.Env = env;
        state.EnvFinalizer = finalizer;
        return handle;
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_func_new")]
    [CApi(CHeader.Wasm, "A host function of @p type that calls @p callback. The callback fills the results (their kinds preset) and returns NULL, or returns a trap (which the caller of the function gets, with its message).")]
    [return: CType("own wasm_func_t *")]
    public static nint FuncNew([CType("wasm_store_t *")] nint store, [CType("const wasm_functype_t *")] nint type, [CType("wasm_func_callback_t")] void* callback)
    {
        try { return NewFunc(store, type, callback, false, null, null); }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_func_new_with_env")]
    [CApi(CHeader.Wasm, "wasm_func_new with an environment passed to each call; @p finalizer (may be NULL) is called with it when the function's last reference goes and no instance imports it, or when the store is deleted.")]
    [return: CType("own wasm_func_t *")]
    public static nint FuncNewWithEnv([CType("wasm_store_t *")] nint store, [CType("const wasm_functype_t *")] nint type,
        [CType("wasm_func_callback_with_env_t")] void* callback, void* env, [CType("void (*finalizer)(void *)")] delegate* unmanaged<void*, void> finalizer)
    {
        try { return NewFunc(store, type, callback, true, env, finalizer); }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_func_type")]
    [CApi(CHeader.Wasm, "The function's type (a new one).")]
    [return: CType("own wasm_functype_t *")]
    public static nint FuncTypeOf([CType("const wasm_func_t *")] nint func)
    {
        try { return WasmRef.Get(func)?.Target is FunctionInstance f ? CExternType.New(MicroWasm.Runtime.ExternType.Of(f.Type)) : 0; }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_func_param_arity")]
    [CApi(CHeader.Wasm, "The number of parameters.")]
    [return: CType("size_t")]
    public static nuint FuncParamArity([CType("const wasm_func_t *")] nint func)
    {
        try { return WasmRef.Get(func)?.Target is FunctionInstance f ? (nuint)f.Type.Parameters.Length : 0; }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_func_result_arity")]
    [CApi(CHeader.Wasm, "The number of results.")]
    [return: CType("size_t")]
    public static nuint FuncResultArity([CType("const wasm_func_t *")] nint func)
    {
        try { return WasmRef.Get(func)?.Target is FunctionInstance f ? (nuint)f.Type.Results.Length : 0; }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_func_call")]
    [CApi(CHeader.Wasm, "Calls the function. @p args has one value per parameter; @p results, one slot per result, receives the results (references in them are the caller's to delete).\n@return NULL, or a trap (the caller's to delete): a trap of the function, or a wrong argument count or type.")]
    [return: CType("own wasm_trap_t *")]
    public static nint FuncCall([CType("const wasm_func_t *")] nint func, [CType("const wasm_val_vec_t *")] ValVec* args, [CType("wasm_val_vec_t *")] ValVec* results)
    {
        try
        {
            if (WasmRef.Get(func) is not { Target: FunctionInstance f } r) return WasmRef.New(TrapInfo.FromText("wasm_func_call: invalid function"), null);
            return Calls.Call(r, f, args, results);
        }
        catch (Exception e)
        {
            Errors.Fail(e);
            return WasmRef.New(TrapInfo.FromText($"internal error: {e.Message}"), null);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_global_new")]
    [CApi(CHeader.Wasm, "A global of @p type with an initial value of its type; NULL if the value's kind differs.")]
    [return: CType("own wasm_global_t *")]
    public static nint GlobalNew([CType("wasm_store_t *")] nint store, [CType("const wasm_globaltype_t *")] nint type, [CType("const wasm_val_t *")] WasmVal* value)
    {
        try
        {
            var s = Objects.Get<CStore>(store);
            if (s is null || value is null || Objects.Get<CExternType>(type)?.Type.Global is not { } globalType) return 0;
            if (!CConvert.TryFromC(*value, globalType.ValueType, out var v, out var error)) { Errors.Fail(error); return 0; }
            return WasmRef.New(s.Store.CreateGlobal(globalType, v), s);
        }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_global_type")]
    [CApi(CHeader.Wasm, "The global's type (a new one).")]
    [return: CType("own wasm_globaltype_t *")]
    public static nint GlobalTypeOf([CType("const wasm_global_t *")] nint global)
    {
        try { return WasmRef.Get(global)?.Target is GlobalInstance g ? CExternType.New(MicroWasm.Runtime.ExternType.Of(g.Type)) : 0; }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_global_get")]
    [CApi(CHeader.Wasm, "The global's value (a reference in it is the caller's to delete).")]
    public static void GlobalGet([CType("const wasm_global_t *")] nint global, [CType("own wasm_val_t *")] WasmVal* @out)
    {
        try
        {
            if (@out is null) return;
            if (WasmRef.Get(global) is { Target: GlobalInstance g } r) *@out = CConvert.ToC(g.Value, r.Store);
            else *@out = default;
        }
        catch (Exception e) { Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_global_set")]
    [CApi(CHeader.Wasm, "Sets a mutable global; ignored (with microwasm_last_error() set) for an immutable global or a value of another type.")]
    public static void GlobalSet([CType("wasm_global_t *")] nint global, [CType("const wasm_val_t *")] WasmVal* value)
    {
        try
        {
            if (value is null || WasmRef.Get(global)?.Target is not GlobalInstance g) return;
            if (!g.Type.Mutable) { Errors.Fail("wasm_global_set: the global is immutable"); return; }
            if (!CConvert.TryFromC(*value, g.Type.ValueType, out var v, out var error)) { Errors.Fail(error); return; }
            g.Value = v;
        }
        catch (Exception e) { Errors.Fail(e); }
    }

    private static bool TryElement(TableInstance table, nint reference, out object? element)
    {
        element = null;
        if (reference == 0) return true;
        if (WasmRef.Get(reference) is not { } r) return false;
        if (table.Type.ElementType == ValueType.FuncRef && r.Target is not FunctionInstance) return false;
        element = r.Target;
        return true;
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_table_new")]
    [CApi(CHeader.Wasm, "A table of @p type, every element @p init (NULL: the null reference).")]
    [return: CType("own wasm_table_t *")]
    public static nint TableNew([CType("wasm_store_t *")] nint store, [CType("const wasm_tabletype_t *")] nint type, [CType("wasm_ref_t *")] nint init)
    {
        try
        {
            var s = Objects.Get<CStore>(store);
            if (s is null || Objects.Get<CExternType>(type)?.Type.Table is not { } tableType) return 0;
            var table = s.Store.CreateTable(tableType);
            if (init != 0)
            {
                if (!TryElement(table, init, out var element)) return 0;
                for (uint i = 0; i < (uint)table.Size; i++) table.Set(i, element);
            }
            return WasmRef.New(table, s);
        }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_table_type")]
    [CApi(CHeader.Wasm, "The table's type, with its current size as minimum (a new one).")]
    [return: CType("own wasm_tabletype_t *")]
    public static nint TableTypeOf([CType("const wasm_table_t *")] nint table)
    {
        try { return WasmRef.Get(table)?.Target is TableInstance t ? CExternType.New(t.ExternType) : 0; }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_table_get")]
    [CApi(CHeader.Wasm, "The element at @p index (a new reference), or NULL for a null element or an index out of bounds.")]
    [return: CType("own wasm_ref_t *")]
    public static nint TableGet([CType("const wasm_table_t *")] nint table, [CType("wasm_table_size_t")] uint index)
    {
        try
        {
            if (WasmRef.Get(table) is not { Target: TableInstance t } r || index >= (uint)t.Size) return 0;
            return t.Get(index) is { } element ? WasmRef.New(element, r.Store) : 0;
        }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_table_set")]
    [CApi(CHeader.Wasm, "Sets the element at @p index (NULL: the null reference).\n@return false if the index is out of bounds or the reference is not of the element type")]
    public static bool TableSet([CType("wasm_table_t *")] nint table, [CType("wasm_table_size_t")] uint index, [CType("wasm_ref_t *")] nint reference)
    {
        try
        {
            if (WasmRef.Get(table)?.Target is not TableInstance t || index >= (uint)t.Size) return false;
            if (!TryElement(t, reference, out var element)) return false;
            t.Set(index, element);
            return true;
        }
        catch (Exception e) { return Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_table_size")]
    [CApi(CHeader.Wasm, "The table's size in elements.")]
    [return: CType("wasm_table_size_t")]
    public static uint TableSize([CType("const wasm_table_t *")] nint table)
    {
        try { return WasmRef.Get(table)?.Target is TableInstance t ? (uint)t.Size : 0; }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_table_grow")]
    [CApi(CHeader.Wasm, "Grows the table by @p delta elements set to @p init (NULL: the null reference).\n@return false if the table would pass its maximum")]
    public static bool TableGrow([CType("wasm_table_t *")] nint table, [CType("wasm_table_size_t")] uint delta, [CType("wasm_ref_t *")] nint init)
    {
        try
        {
            if (WasmRef.Get(table)?.Target is not TableInstance t || !TryElement(t, init, out var element)) return false;
            return t.Grow(delta, element) >= 0;
        }
        catch (Exception e) { return Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_memory_new")]
    [CApi(CHeader.Wasm, "A linear memory of @p type, zero-filled.")]
    [return: CType("own wasm_memory_t *")]
    public static nint MemoryNew([CType("wasm_store_t *")] nint store, [CType("const wasm_memorytype_t *")] nint type)
    {
        try
        {
            var s = Objects.Get<CStore>(store);
            if (s is null || Objects.Get<CExternType>(type)?.Type.Memory is not { } memoryType) return 0;
            return WasmRef.New(s.Store.CreateMemory(memoryType), s);
        }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_memory_type")]
    [CApi(CHeader.Wasm, "The memory's type, with its current size as minimum (a new one).")]
    [return: CType("own wasm_memorytype_t *")]
    public static nint MemoryTypeOf([CType("const wasm_memory_t *")] nint memory)
    {
        try { return WasmRef.Get(memory)?.Target is MemoryInstance m ? CExternType.New(m.ExternType) : 0; }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_memory_data")]
    [CApi(CHeader.Wasm, "The memory's bytes. On 64-bit hosts the address never changes, even when the memory grows; elsewhere growing may move it (read it again after a grow or a call).")]
    [return: CType("byte_t *")]
    public static byte* MemoryData([CType("wasm_memory_t *")] nint memory)
    {
        try { return WasmRef.Get(memory)?.Target is MemoryInstance m ? (byte*)m.BaseAddress : null; }
        catch (Exception e) { Errors.Fail(e); return null; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_memory_data_size")]
    [CApi(CHeader.Wasm, "The memory's size in bytes.")]
    [return: CType("size_t")]
    public static nuint MemoryDataSize([CType("const wasm_memory_t *")] nint memory)
    {
        try { return WasmRef.Get(memory)?.Target is MemoryInstance m ? (nuint)m.SizeInBytes : 0; }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_memory_size")]
    [CApi(CHeader.Wasm, "The memory's size in pages of MEMORY_PAGE_SIZE bytes.")]
    [return: CType("wasm_memory_pages_t")]
    public static uint MemorySize([CType("const wasm_memory_t *")] nint memory)
    {
        try { return WasmRef.Get(memory)?.Target is MemoryInstance m ? (uint)m.PageCount : 0; }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_memory_grow")]
    [CApi(CHeader.Wasm, "Grows the memory by @p delta pages, zero-filled.\n@return false if it would pass its maximum or the host has no room")]
    public static bool MemoryGrow([CType("wasm_memory_t *")] nint memory, [CType("wasm_memory_pages_t")] uint delta)
    {
        try { return WasmRef.Get(memory)?.Target is MemoryInstance m && m.Grow(delta) >= 0; }
        catch (Exception e) { return Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_extern_kind")]
    [CApi(CHeader.Wasm, "WASM_EXTERN_FUNC, _GLOBAL, _TABLE or _MEMORY.")]
    [return: CType("wasm_externkind_t")]
    public static byte ExternKind([CType("const wasm_extern_t *")] nint ext)
    {
        try { return WasmRef.Get(ext)?.Target is Extern e ? (byte)CConvert.ToC(e.Kind) : (byte)0; }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_extern_type")]
    [CApi(CHeader.Wasm, "The extern's type (a new one).")]
    [return: CType("own wasm_externtype_t *")]
    public static nint ExternTypeOf([CType("const wasm_extern_t *")] nint ext)
    {
        try { return WasmRef.Get(ext)?.Target is Extern e ? CExternType.New(e.ExternType) : 0; }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }
}
