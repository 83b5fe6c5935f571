using MicroWasm.Native.Interop;
using MicroWasm.Native.Wamr;

namespace MicroWasm.Native.Api;

/// <summary>WAMR's externref index table (see <see cref="ExternRefTable"/>).</summary>
public static unsafe class ExternRefApi
{
    [UnmanagedCallersOnly(EntryPoint = "wasm_externref_obj2ref")]
    [CApi(CHeader.WasmExport, "The 32-bit index of the host object @p extern_obj for @p module_inst: the one it already has, or a new one (NULL maps to 0xFFFFFFFF, WAMR's null reference). MicroWasm's calls and natives take externrefs as the pointers themselves; the index is for the host's bookkeeping.\n@return true if success, false otherwise")]
    public static bool ObjToRef(InstanceHandle module_inst, void* extern_obj, uint* p_externref_idx)
    {
        try
        {
            var instance = InstanceApi.Get(module_inst);
            if (instance is null || p_externref_idx is null) return Errors.Fail("wasm_externref_obj2ref: invalid instance or index pointer");
            *p_externref_idx = ExternRefTable.ToIndex(instance, (nint)extern_obj);
            return true;
        }
        catch (Exception e) { return Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_externref_objdel")]
    [CApi(CHeader.WasmExport, "Forgets the index of @p extern_obj (its cleanup callback is not called).\n@return true if it had one, false otherwise")]
    public static bool ObjDel(InstanceHandle module_inst, void* extern_obj)
    {
        try { return InstanceApi.Get(module_inst) is { } i && ExternRefTable.Delete(i, (nint)extern_obj); }
        catch (Exception e) { return Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_externref_set_cleanup")]
    [CApi(CHeader.WasmExport, "Sets the function that releases @p extern_obj when @p module_inst is deinstantiated with the object still mapped.\n@return true if the object has an index, false otherwise")]
    public static bool SetCleanup(InstanceHandle module_inst, void* extern_obj, [CType("void (*extern_obj_cleanup)(void *)")] void* extern_obj_cleanup)
    {
        try { return InstanceApi.Get(module_inst) is { } i && ExternRefTable.SetCleanup(i, (nint)extern_obj, (nint)extern_obj_cleanup); }
        catch (Exception e) { return Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_externref_ref2obj")]
    [CApi(CHeader.WasmExport, "The host object of index @p externref_idx (NULL for 0xFFFFFFFF).\n@return true if the index is mapped, false otherwise")]
    public static bool RefToObj(uint externref_idx, void** p_extern_obj)
    {
        try
        {
            if (p_extern_obj is null || !ExternRefTable.TryGetObject(externref_idx, out var obj)) return false;
            *p_extern_obj = (void*)obj;
            return true;
        }
        catch (Exception e) { return Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_externref_retain")]
    [CApi(CHeader.WasmExport, "Marks index @p externref_idx as retained. Indexes are only released with their instance here (there is no reclaiming), so this only checks the index.\n@return true if the index is mapped, false otherwise")]
    public static bool Retain(uint externref_idx)
    {
        try { return ExternRefTable.Retain(externref_idx); }
        catch (Exception e) { return Errors.Fail(e); }
    }
}
