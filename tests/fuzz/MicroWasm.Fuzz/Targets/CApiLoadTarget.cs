using MicroWasm.Native.Api;
using MicroWasm.Native.Interop;
using ModuleHandle = MicroWasm.Native.Interop.ModuleHandle;

namespace MicroWasm.Fuzz.Targets;

/// <summary>
/// The C API's load path, entered as C enters it: through the <c>[UnmanagedCallersOnly]</c> exports of
/// MicroWasm.Native called by function pointer (wasm_runtime_load, then what a host asks of a loaded module: its
/// imports and exports with their types, a custom section, then wasm_runtime_unload). These exports catch everything,
/// so a finding here is a process death (an access violation, a corrupted handle) rather than an exception.
/// </summary>
internal sealed unsafe class CApiLoadTarget : FuzzTarget
{
    private const int ErrorSize = 128;

    private static readonly bool s_initialized = ((delegate* unmanaged<bool>)&RuntimeApi.Init)();

    public override string Name => "capi";
    public override string Description => "wasm_runtime_load and the module queries of wasm_export.h, through the managed exports";
    public override SeedKind Seeds => SeedKind.Binary;

    public override void Run(byte[] input)
    {
        if (!s_initialized) throw new InvalidOperationException("wasm_runtime_init failed");
        byte* error = stackalloc byte[ErrorSize];
        ModuleHandle module;
        // An empty input is passed as a NULL buffer, which the API must refuse.
        fixed (byte* buffer = input)
            module = ((delegate* unmanaged<byte*, uint, byte*, uint, ModuleHandle>)&ModuleApi.Load)(buffer, (uint)input.Length, error, ErrorSize);
        if (module.Value == 0)
        {
            if (error[0] == 0) throw new InvalidOperationException("wasm_runtime_load failed without an error message");
            return;
        }
        try
        {
            Describe(module);
        }
        finally
        {
            ((delegate* unmanaged<ModuleHandle, void>)&ModuleApi.Unload)(module);
        }
    }

    private static void Describe(ModuleHandle module)
    {
        int imports = ((delegate* unmanaged<ModuleHandle, int>)&ModuleApi.GetImportCount)(module);
        for (int i = 0; i < imports; i++)
        {
            ImportInfo info = default;
            ((delegate* unmanaged<ModuleHandle, int, ImportInfo*, void>)&ModuleApi.GetImportType)(module, i, &info);
            if (info.module_name is null || info.name is null) throw new InvalidOperationException($"import {i} has no name");
            DescribeType(info.kind, info.u);
        }
        int exports = ((delegate* unmanaged<ModuleHandle, int>)&ModuleApi.GetExportCount)(module);
        for (int i = 0; i < exports; i++)
        {
            ExportInfo info = default;
            ((delegate* unmanaged<ModuleHandle, int, ExportInfo*, void>)&ModuleApi.GetExportType)(module, i, &info);
            if (info.name is null) throw new InvalidOperationException($"export {i} has no name");
            DescribeType(info.kind, info.u);
        }
        uint length;
        fixed (byte* name = "name\0"u8)
            ((delegate* unmanaged<ModuleHandle, byte*, uint*, byte*>)&ModuleApi.GetCustomSection)(module, name, &length);
    }

    private static void DescribeType(ImportExportKind kind, ImportExportTypeUnion u)
    {
        switch (kind)
        {
            case ImportExportKind.WASM_IMPORT_EXPORT_KIND_FUNC:
                uint parameters = ((delegate* unmanaged<FuncTypeHandle, uint>)&ModuleApi.FuncTypeGetParamCount)(u.func_type);
                for (uint p = 0; p < parameters; p++)
                    ((delegate* unmanaged<FuncTypeHandle, uint, ValKind>)&ModuleApi.FuncTypeGetParamValkind)(u.func_type, p);
                uint results = ((delegate* unmanaged<FuncTypeHandle, uint>)&ModuleApi.FuncTypeGetResultCount)(u.func_type);
                for (uint r = 0; r < results; r++)
                    ((delegate* unmanaged<FuncTypeHandle, uint, ValKind>)&ModuleApi.FuncTypeGetResultValkind)(u.func_type, r);
                break;
            case ImportExportKind.WASM_IMPORT_EXPORT_KIND_TABLE:
                ((delegate* unmanaged<TableTypeHandle, ValKind>)&ModuleApi.TableTypeGetElemKind)(u.table_type);
                ((delegate* unmanaged<TableTypeHandle, uint>)&ModuleApi.TableTypeGetInitSize)(u.table_type);
                ((delegate* unmanaged<TableTypeHandle, uint>)&ModuleApi.TableTypeGetMaxSize)(u.table_type);
                break;
            case ImportExportKind.WASM_IMPORT_EXPORT_KIND_MEMORY:
                ((delegate* unmanaged<MemoryTypeHandle, uint>)&ModuleApi.MemoryTypeGetInitPageCount)(u.memory_type);
                ((delegate* unmanaged<MemoryTypeHandle, uint>)&ModuleApi.MemoryTypeGetMaxPageCount)(u.memory_type);
                break;
            case ImportExportKind.WASM_IMPORT_EXPORT_KIND_GLOBAL:
                ((delegate* unmanaged<GlobalTypeHandle, ValKind>)&ModuleApi.GlobalTypeGetValkind)(u.global_type);
                ((delegate* unmanaged<GlobalTypeHandle, bool>)&ModuleApi.GlobalTypeGetMutable)(u.global_type);
                break;
        }
    }
}
