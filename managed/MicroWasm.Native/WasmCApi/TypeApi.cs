using MicroWasm.Native.Api;
using MicroWasm.Native.Interop;
using MicroWasm.Runtime;

namespace MicroWasm.Native.WasmCApi;

/// <summary>wasm.h's type representations: value, function, global, table, memory, extern, import and export types.</summary>
public static unsafe class TypeApi
{
    [UnmanagedCallersOnly(EntryPoint = "wasm_valtype_new")]
    [CApi(CHeader.Wasm, "A value type of @p kind (WASM_I32 ... WASM_FUNCREF); NULL for an unknown kind.")]
    [return: CType("own wasm_valtype_t *")]
    public static nint ValTypeNew(ValKind kind)
    {
        try { return CConvert.TryFromC(kind, out var type) ? CValType.New(type) : 0; }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_valtype_kind")]
    [CApi(CHeader.Wasm, "The kind of a value type.")]
    public static ValKind ValTypeKind([CType("const wasm_valtype_t *")] nint type)
    {
        try { return Objects.Get<CValType>(type) is { } t ? CConvert.ToC(t.Type) : ValKind.WASM_I32; }
        catch (Exception e) { Errors.Fail(e); return ValKind.WASM_I32; }
    }

    /// <summary>Reads and deletes an own vector of value types.</summary>
    private static ValueType[]? TakeValTypes(HandleVec* vec)
    {
        if (vec is null) return [];
        var types = new ValueType[(int)vec->size];
        bool ok = true;
        for (int i = 0; i < types.Length; i++)
        {
            if (Objects.Get<CValType>(vec->data[i]) is { } t) types[i] = t.Type;
            else ok = false;
            Objects.Delete(vec->data[i]);
        }
        NativeMemory.Free(vec->data);
        vec->data = null;
        vec->size = 0;
        return ok ? types : null;
    }

    private static ValueType? TakeValType(nint handle)
    {
        var type = Objects.Get<CValType>(handle)?.Type;
        Objects.Delete(handle);
        return type;
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_functype_new")]
    [CApi(CHeader.Wasm, "A function type; takes ownership of both vectors and their value types.")]
    [return: CType("own wasm_functype_t *")]
    public static nint FuncTypeNew([CType("own wasm_valtype_vec_t *")] HandleVec* @params, [CType("own wasm_valtype_vec_t *")] HandleVec* results)
    {
        try
        {
            var p = TakeValTypes(@params);
            var r = TakeValTypes(results);
            return p is null || r is null ? 0 : CExternType.New(ExternType.Of(new FuncType(p, r)));
        }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_functype_params")]
    [CApi(CHeader.Wasm, "The parameter types, owned by the function type.")]
    [return: CType("const wasm_valtype_vec_t *")]
    public static HandleVec* FuncTypeParams([CType("const wasm_functype_t *")] nint type)
    {
        try { return Objects.Get<CExternType>(type) is { } t ? t.Params : null; }
        catch (Exception e) { Errors.Fail(e); return null; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_functype_results")]
    [CApi(CHeader.Wasm, "The result types, owned by the function type.")]
    [return: CType("const wasm_valtype_vec_t *")]
    public static HandleVec* FuncTypeResults([CType("const wasm_functype_t *")] nint type)
    {
        try { return Objects.Get<CExternType>(type) is { } t ? t.Results : null; }
        catch (Exception e) { Errors.Fail(e); return null; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_globaltype_new")]
    [CApi(CHeader.Wasm, "A global type; takes ownership of the value type.")]
    [return: CType("own wasm_globaltype_t *")]
    public static nint GlobalTypeNew([CType("own wasm_valtype_t *")] nint content, [CType("wasm_mutability_t")] byte mutability)
    {
        try
        {
            return TakeValType(content) is { } type
                ? CExternType.New(ExternType.Of(new GlobalType(type, mutability == (byte)WasmMutability.WASM_VAR))) : 0;
        }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_globaltype_content")]
    [CApi(CHeader.Wasm, "The value type of a global type, owned by it.")]
    [return: CType("const wasm_valtype_t *")]
    public static nint GlobalTypeContent([CType("const wasm_globaltype_t *")] nint type)
    {
        try { return Objects.Get<CExternType>(type) is { Type.Kind: ExternalKind.Global } t ? t.Content : 0; }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_globaltype_mutability")]
    [CApi(CHeader.Wasm, "WASM_CONST or WASM_VAR.")]
    [return: CType("wasm_mutability_t")]
    public static byte GlobalTypeMutability([CType("const wasm_globaltype_t *")] nint type)
    {
        try { return Objects.Get<CExternType>(type)?.Type.Global is { Mutable: true } ? (byte)WasmMutability.WASM_VAR : (byte)WasmMutability.WASM_CONST; }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_tabletype_new")]
    [CApi(CHeader.Wasm, "A table type; takes ownership of the element type (funcref or externref).")]
    [return: CType("own wasm_tabletype_t *")]
    public static nint TableTypeNew([CType("own wasm_valtype_t *")] nint element, [CType("const wasm_limits_t *")] WasmLimits* limits)
    {
        try
        {
            var type = TakeValType(element);
            if (type is not { } t || !t.IsReference() || limits is null) return 0;
            return CExternType.New(ExternType.Of(new TableType(t, CConvert.FromC(*limits))));
        }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_tabletype_element")]
    [CApi(CHeader.Wasm, "The element type of a table type, owned by it.")]
    [return: CType("const wasm_valtype_t *")]
    public static nint TableTypeElement([CType("const wasm_tabletype_t *")] nint type)
    {
        try { return Objects.Get<CExternType>(type) is { Type.Kind: ExternalKind.Table } t ? t.Content : 0; }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_tabletype_limits")]
    [CApi(CHeader.Wasm, "The limits of a table type, owned by it.")]
    [return: CType("const wasm_limits_t *")]
    public static WasmLimits* TableTypeLimits([CType("const wasm_tabletype_t *")] nint type)
    {
        try { return Objects.Get<CExternType>(type) is { Type.Kind: ExternalKind.Table } t ? t.Limits : null; }
        catch (Exception e) { Errors.Fail(e); return null; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_memorytype_new")]
    [CApi(CHeader.Wasm, "A memory type of the given limits, in pages.")]
    [return: CType("own wasm_memorytype_t *")]
    public static nint MemoryTypeNew([CType("const wasm_limits_t *")] WasmLimits* limits)
    {
        try { return limits is null ? 0 : CExternType.New(ExternType.Of(new MemoryType(CConvert.FromC(*limits)))); }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_memorytype_limits")]
    [CApi(CHeader.Wasm, "The limits of a memory type, owned by it.")]
    [return: CType("const wasm_limits_t *")]
    public static WasmLimits* MemoryTypeLimits([CType("const wasm_memorytype_t *")] nint type)
    {
        try { return Objects.Get<CExternType>(type) is { Type.Kind: ExternalKind.Memory } t ? t.Limits : null; }
        catch (Exception e) { Errors.Fail(e); return null; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_externtype_kind")]
    [CApi(CHeader.Wasm, "WASM_EXTERN_FUNC, _GLOBAL, _TABLE or _MEMORY.")]
    [return: CType("wasm_externkind_t")]
    public static byte ExternTypeKind([CType("const wasm_externtype_t *")] nint type)
    {
        try { return Objects.Get<CExternType>(type) is { } t ? (byte)CConvert.ToC(t.Type.Kind) : (byte)0; }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_importtype_new")]
    [CApi(CHeader.Wasm, "An import type; takes ownership of both names and the extern type.")]
    [return: CType("own wasm_importtype_t *")]
    public static nint ImportTypeNew([CType("own wasm_name_t *")] ByteVec* module, [CType("own wasm_name_t *")] ByteVec* name,
        [CType("own wasm_externtype_t *")] nint type)
    {
        try
        {
            if (Objects.Get<CExternType>(type) is null) return 0;
            return Objects.Add(new CImportExportType(CConvert.TakeName(module), CConvert.TakeName(name), type));
        }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_importtype_module")]
    [CApi(CHeader.Wasm, "The module name of an import, owned by it.")]
    [return: CType("const wasm_name_t *")]
    public static ByteVec* ImportTypeModule([CType("const wasm_importtype_t *")] nint type)
    {
        try { return Objects.Get<CImportExportType>(type) is { } t ? t.Module : null; }
        catch (Exception e) { Errors.Fail(e); return null; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_importtype_name")]
    [CApi(CHeader.Wasm, "The field name of an import, owned by it.")]
    [return: CType("const wasm_name_t *")]
    public static ByteVec* ImportTypeName([CType("const wasm_importtype_t *")] nint type)
    {
        try { return Objects.Get<CImportExportType>(type) is { } t ? t.Name : null; }
        catch (Exception e) { Errors.Fail(e); return null; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_importtype_type")]
    [CApi(CHeader.Wasm, "The type of an import, owned by it.")]
    [return: CType("const wasm_externtype_t *")]
    public static nint ImportTypeType([CType("const wasm_importtype_t *")] nint type)
    {
        try { return Objects.Get<CImportExportType>(type) is { } t ? t.TypeHandle : 0; }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_exporttype_new")]
    [CApi(CHeader.Wasm, "An export type; takes ownership of the name and the extern type.")]
    [return: CType("own wasm_exporttype_t *")]
    public static nint ExportTypeNew([CType("own wasm_name_t *")] ByteVec* name, [CType("own wasm_externtype_t *")] nint type)
    {
        try
        {
            if (Objects.Get<CExternType>(type) is null) return 0;
            return Objects.Add(new CImportExportType(null, CConvert.TakeName(name), type));
        }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_exporttype_name")]
    [CApi(CHeader.Wasm, "The name of an export, owned by it.")]
    [return: CType("const wasm_name_t *")]
    public static ByteVec* ExportTypeName([CType("const wasm_exporttype_t *")] nint type)
    {
        try { return Objects.Get<CImportExportType>(type) is { } t ? t.Name : null; }
        catch (Exception e) { Errors.Fail(e); return null; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_exporttype_type")]
    [CApi(CHeader.Wasm, "The type of an export, owned by it.")]
    [return: CType("const wasm_externtype_t *")]
    public static nint ExportTypeType([CType("const wasm_exporttype_t *")] nint type)
    {
        try { return Objects.Get<CImportExportType>(type) is { } t ? t.TypeHandle : 0; }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }
}
