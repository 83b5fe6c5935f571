using MicroWasm.Native.Api;
using MicroWasm.Native.Interop;

namespace MicroWasm.Native.WasmCApi;

/// <summary>
/// The generic functions behind wasm.h's declaration families: native-shim/wasm_c_api_shim.h defines every
/// <c>wasm_xxx_delete</c>, <c>_copy</c>, <c>_same</c>, host-info function and conversion with these.
/// </summary>
public static unsafe class InternalApi
{
    [UnmanagedCallersOnly(EntryPoint = "microwasm_capi_delete")]
    [CApi(CHeader.WasmInternal, "Deletes the handle of any wasm.h object (NULL is ignored).")]
    public static void Delete(void* @object)
    {
        try { Objects.Delete((nint)@object); }
        catch (Exception e) { Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "microwasm_capi_copy")]
    [CApi(CHeader.WasmInternal, "A new owner of the same object (a reference) or an equal one (a type, a frame); NULL for NULL.")]
    public static void* Copy([CType("const void *")] void* @object)
    {
        try
        {
            if (Objects.Get<CObject>(@object)?.Copy() is not { } copy) return null;
            // References register themselves (with their store); the others get their handle here.
            return copy.Handle != 0 ? (void*)copy.Handle : (void*)Objects.Add(copy);
        }
        catch (Exception e) { Errors.Fail(e); return null; }
    }

    [UnmanagedCallersOnly(EntryPoint = "microwasm_capi_same")]
    [CApi(CHeader.WasmInternal, "Whether two references are to the same object.")]
    public static bool Same([CType("const void *")] void* a, [CType("const void *")] void* b)
    {
        try
        {
            if (a == b) return true;
            return WasmRef.Get((nint)a) is { } x && WasmRef.Get((nint)b) is { } y && ReferenceEquals(x.Target, y.Target);
        }
        catch (Exception e) { Errors.Fail(e); return false; }
    }

    [UnmanagedCallersOnly(EntryPoint = "microwasm_capi_get_host_info")]
    [CApi(CHeader.WasmInternal, "The host info of a reference's object, or NULL.")]
    public static void* GetHostInfo([CType("const void *")] void* @object)
    {
        try { return WasmRef.Get((nint)@object) is { } r ? r.State.Info : null; }
        catch (Exception e) { Errors.Fail(e); return null; }
    }

    [UnmanagedCallersOnly(EntryPoint = "microwasm_capi_set_host_info")]
    [CApi(CHeader.WasmInternal, "Sets the host info of a reference's object and the finalizer to call with it when the object's last reference goes (NULL for none).")]
    public static void SetHostInfo(void* @object, void* info, [CType("void (*finalizer)(void *)")] delegate* unmanaged<void*, void> finalizer)
    {
        try
        {
            if (WasmRef.Get((nint)@object) is not { } r) return;
            r.State.Info = info;
            r.State.InfoFinalizer = finalizer;
        }
        catch (Exception e) { Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "microwasm_capi_cast")]
    [CApi(CHeader.WasmInternal, "@p object if it is of @p kind, else NULL (the checked conversions).")]
    public static void* Cast([CType("const void *")] void* @object, ObjectKind kind)
    {
        try { return Objects.Get<CObject>(@object) is { } o && o.Is(kind) ? @object : null; }
        catch (Exception e) { Errors.Fail(e); return null; }
    }

    [UnmanagedCallersOnly(EntryPoint = "microwasm_capi_module_share")]
    [CApi(CHeader.WasmInternal, "wasm_module_share.")]
    [return: CType("wasm_shared_module_t *")]
    public static nint ModuleShare([CType("const void *")] void* module)
    {
        try { return WasmRef.Get((nint)module)?.Target is WasmModule m ? Objects.Add(new SharedModule(m)) : 0; }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }

    [UnmanagedCallersOnly(EntryPoint = "microwasm_capi_module_obtain")]
    [CApi(CHeader.WasmInternal, "wasm_module_obtain.")]
    public static void* ModuleObtain([CType("wasm_store_t *")] nint store, [CType("const wasm_shared_module_t *")] nint shared)
    {
        try
        {
            var s = Objects.Get<CStore>(store);
            return s is not null && Objects.Get<SharedModule>(shared) is { } m ? (void*)WasmRef.New(m.Module, s) : null;
        }
        catch (Exception e) { Errors.Fail(e); return null; }
    }
}
