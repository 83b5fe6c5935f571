using MicroWasm.Native.Interop;
using MicroWasm.Native.Wamr;
using MicroWasm.Runtime;

namespace MicroWasm.Native.Api;

/// <summary>Loading modules, their names, imports, exports and types.</summary>
public static unsafe class ModuleApi
{
    private static readonly Lock s_registeredLock = new();
    private static readonly Dictionary<string, LoadedModule> s_registered = new(StringComparer.Ordinal);

    internal static void ClearRegisteredModules()
    {
        lock (s_registeredLock)
        {
            using var held = RaceDetector.Holding(s_registeredLock);
            s_registered.Clear();
        }
    }

    internal static LoadedModule? Get(ModuleHandle module) => HandleTable.Get<LoadedModule>(module.Value);

    private static PackageType TypeOf(byte* buf, uint size)
    {
        if (buf is null || size < 4) return PackageType.Package_Type_Unknown;
        if (buf[0] == 0 && buf[1] == (byte)'a' && buf[2] == (byte)'s' && buf[3] == (byte)'m') return PackageType.Wasm_Module_Bytecode;
        if (buf[0] == 0 && buf[1] == (byte)'a' && buf[2] == (byte)'o' && buf[3] == (byte)'t') return PackageType.Wasm_Module_AoT;
        return PackageType.Package_Type_Unknown;
    }

    internal static ModuleHandle LoadCore(byte* buf, uint size, string? name, byte* error_buf, uint error_buf_size)
    {
        const string prefix = "WASM module load failed: ";
        if (buf is null)
        {
            CString.WriteError(error_buf, error_buf_size, prefix + "the buffer is NULL");
            return default;
        }
        try
        {
            // An artifact of `microwasm compile` ("\0aot" magic, as WAMR's .aot files) is checked, mapped and bound
            // here; anything else is decoded and validated as a binary module.
            var bytes = new ReadOnlySpan<byte>(buf, (int)size);
            var compiled = TypeOf(buf, size) == PackageType.Wasm_Module_AoT
                ? CompiledModule.FromArtifact(bytes)
                : CompiledModule.FromBytes(bytes.ToArray());
            var module = new LoadedModule(compiled) { Name = name };
            module.Handle = HandleTable.Add(module);
            return new ModuleHandle(module.Handle);
        }
        catch (MalformedModuleException e)
        {
            CString.WriteError(error_buf, error_buf_size, prefix + e.Reason);
        }
        catch (InvalidModuleException e)
        {
            CString.WriteError(error_buf, error_buf_size, prefix + e.Reason);
        }
        catch (Exception e)
        {
            CString.WriteError(error_buf, error_buf_size, prefix + e.Message);
        }
        return default;
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_load")]
    [CApi(CHeader.WasmExport, "Decodes and validates a WebAssembly binary, or loads an AOT artifact made by `microwasm compile` (\"\\0aot\" magic: wasm_runtime_get_file_package_type says Wasm_Module_AoT): its header, target and SHA-256 are checked, its embedded module validated, its code mapped W^X; its instances run native code and are otherwise ordinary instances. The bytes are copied: the caller may free @p buf at once.\n@return the module, or NULL with \"WASM module load failed: <reason>\" in @p error_buf (a corrupted, truncated or foreign-target artifact, or a WAMR .aot file, is refused with the reason)")]
    public static ModuleHandle Load(byte* buf, uint size, [CType("char *")] byte* error_buf, uint error_buf_size)
    {
        try { return LoadCore(buf, size, null, error_buf, error_buf_size); }
        catch (Exception e) { Errors.Fail(e); return default; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_load_ex")]
    [CApi(CHeader.WasmExport, "wasm_runtime_load with LoadArgs: its name becomes the module's name; the other fields need no action (the binary is always copied, symbols are resolved at instantiation).")]
    public static ModuleHandle LoadEx(byte* buf, uint size, [CType("const LoadArgs *")] LoadArgs* args, [CType("char *")] byte* error_buf, uint error_buf_size)
    {
        try { return LoadCore(buf, size, args is null ? null : CString.Read(args->name), error_buf, error_buf_size); }
        catch (Exception e) { Errors.Fail(e); return default; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_resolve_symbols")]
    [CApi(CHeader.WasmExport, "Natives are resolved at each instantiation, so there is nothing to do.\n@return true")]
    public static bool ResolveSymbols(ModuleHandle module) => Get(module) is not null;

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_unload")]
    [CApi(CHeader.WasmExport, "Unloads a module. Its instances must be deinstantiated first.")]
    public static void Unload(ModuleHandle module)
    {
        try
        {
            var m = Get(module);
            if (m is null) return;
            if (m.InstanceCount > 0)
            {
                Log.Warning($"wasm_runtime_unload: the module still has {m.InstanceCount} instance(s); unloaded anyway");
            }
            lock (s_registeredLock)
            {
                using var held = RaceDetector.Holding(s_registeredLock);
                if (m.Name is { } n && s_registered.TryGetValue(n, out var r) && r == m) s_registered.Remove(n);
            }
            m.Unload();
        }
        catch (Exception e) { Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_register_module")]
    [CApi(CHeader.WasmExport, "Names a module and registers it under that name (see wasm_runtime_find_module_registered). A module keeps its first name.\n@return true if success, false with the reason in @p error_buf")]
    public static bool RegisterModule([CType("const char *")] byte* module_name, ModuleHandle module, [CType("char *")] byte* error_buf, uint error_buf_size)
    {
        try
        {
            var m = Get(module);
            string? name = CString.Read(module_name);
            if (m is null || string.IsNullOrEmpty(name))
            {
                CString.WriteError(error_buf, error_buf_size, "register module failed: module and name are required");
                return false;
            }
            lock (s_registeredLock)
            {
                using var held = RaceDetector.Holding(s_registeredLock);
                if (s_registered.TryGetValue(name, out var existing))
                {
                    if (existing == m) return true;
                    CString.WriteError(error_buf, error_buf_size, $"register module failed: a module named {name} is already registered");
                    return false;
                }
                if (m.Name is { Length: > 0 } old && old != name && s_registered.ContainsKey(old))
                {
                    CString.WriteError(error_buf, error_buf_size, $"register module failed: the module is already registered as {old}");
                    return false;
                }
                m.SetName(name);
                s_registered[name] = m;
            }
            return true;
        }
        catch (Exception e)
        {
            CString.WriteError(error_buf, error_buf_size, e.Message);
            return false;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_find_module_registered")]
    [CApi(CHeader.WasmExport, "The module registered under @p module_name.\n@return the module, or NULL")]
    public static ModuleHandle FindModuleRegistered([CType("const char *")] byte* module_name)
    {
        try
        {
            string? name = CString.Read(module_name);
            if (name is null) return default;
            lock (s_registeredLock)
            {
                using var held = RaceDetector.Holding(s_registeredLock);
                return s_registered.TryGetValue(name, out var m) ? new ModuleHandle(m.Handle) : default;
            }
        }
        catch (Exception e) { Errors.Fail(e); return default; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_set_module_name")]
    [CApi(CHeader.WasmExport, "Sets the name wasm_runtime_get_module_name returns.\n@return true if success, false otherwise")]
    public static bool SetModuleName(ModuleHandle module, [CType("const char *")] byte* name, [CType("char *")] byte* error_buf, uint error_buf_size)
    {
        try
        {
            var m = Get(module);
            string? n = CString.Read(name);
            if (m is null || n is null)
            {
                CString.WriteError(error_buf, error_buf_size, "set module name failed: module and name are required");
                return false;
            }
            m.SetName(n);
            return true;
        }
        catch (Exception e) { return Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_module_name")]
    [CApi(CHeader.WasmExport, "The module's name, \"\" if it has none.")]
    [return: CType("const char *")]
    public static byte* GetModuleName(ModuleHandle module)
    {
        try { return Get(module)?.NameText(); }
        catch (Exception e) { Errors.Fail(e); return null; }
    }

    [UnmanagedCallersOnly(EntryPoint = "get_package_type")]
    [CApi(CHeader.WasmExport, "What @p buf holds, from its magic number: Wasm_Module_Bytecode for \"\\0asm\", Wasm_Module_AoT for \"\\0aot\" (an artifact of `microwasm compile`, or a WAMR .aot file, which wasm_runtime_load refuses with a message), Package_Type_Unknown otherwise.")]
    public static PackageType GetPackageType([CType("const uint8_t *")] byte* buf, uint size) => TypeOf(buf, size);

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_file_package_type")]
    [CApi(CHeader.WasmExport, "What @p buf holds, from its magic number (same as get_package_type).")]
    public static PackageType GetFilePackageType([CType("const uint8_t *")] byte* buf, uint size) => TypeOf(buf, size);

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_module_package_type")]
    [CApi(CHeader.WasmExport, "Wasm_Module_AoT for a module loaded from an artifact of `microwasm compile`, Wasm_Module_Bytecode for one loaded from a binary, Package_Type_Unknown for NULL.")]
    public static PackageType GetModulePackageType(ModuleHandle module) => Get(module) switch
    {
        null => PackageType.Package_Type_Unknown,
        { Compiled.IsAot: true } => PackageType.Wasm_Module_AoT,
        _ => PackageType.Wasm_Module_Bytecode,
    };

    /// <summary>Whether an AOT buffer is ours ("\0aot" then "MWAF"), not a WAMR .aot file.</summary>
    private static bool IsOurArtifact(byte* buf, uint size) =>
        size >= 12 && TypeOf(buf, size) == PackageType.Wasm_Module_AoT && buf[4] == (byte)'M' && buf[5] == (byte)'W' && buf[6] == (byte)'A' && buf[7] == (byte)'F';

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_file_package_version")]
    [CApi(CHeader.WasmExport, "The format version in @p buf's header, 0 if unknown: the binary format's version for bytecode, the artifact format's for an artifact of `microwasm compile` (compare it with wasm_runtime_get_current_package_version), and the version field of a WAMR .aot file (which this library does not load).")]
    public static uint GetFilePackageVersion([CType("const uint8_t *")] byte* buf, uint size)
    {
        if (buf is null || size < 8 || TypeOf(buf, size) == PackageType.Package_Type_Unknown) return 0;
        return IsOurArtifact(buf, size) ? *(uint*)(buf + 8) : *(uint*)(buf + 4);
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_module_package_version")]
    [CApi(CHeader.WasmExport, "The format version of a loaded module: 1 for bytecode, the artifact format's version for an AOT module, 0 for NULL.")]
    public static uint GetModulePackageVersion(ModuleHandle module) => Get(module) switch
    {
        null => 0u,
        { Compiled.IsAot: true } => MicroWasm.Aot.AotArtifactFormat.FormatVersion,
        _ => 1u,
    };

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_current_package_version")]
    [CApi(CHeader.WasmExport, "The version of @p package_type this library loads: 1 for bytecode, the artifact format's version (written by `microwasm compile`) for Wasm_Module_AoT, 0 otherwise.")]
    public static uint GetCurrentPackageVersion(PackageType package_type) => package_type switch
    {
        PackageType.Wasm_Module_Bytecode => 1u,
        PackageType.Wasm_Module_AoT => MicroWasm.Aot.AotArtifactFormat.FormatVersion,
        _ => 0u,
    };

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_is_xip_file")]
    [CApi(CHeader.WasmExport, "Whether @p buf is an AOT file whose code runs in place (WAMR's --xip): never. The loader copies an artifact's code into pages of its own, applies its fix-ups and only then makes them executable, so the buffer may be freed after loading and need not be executable.")]
    public static bool IsXipFile([CType("const uint8_t *")] byte* buf, uint size) => false;

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_is_underlying_binary_freeable")]
    [CApi(CHeader.WasmExport, "Always true: loading copies the binary (an artifact's code is copied into pages of the runtime's own).")]
    public static bool IsUnderlyingBinaryFreeable(ModuleHandle module) => true;

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_custom_section")]
    [CApi(CHeader.WasmExport, "The contents of the first custom section named @p name, valid while the module is loaded.\n@return the contents and their length in @p len, or NULL")]
    [return: CType("const uint8_t *")]
    public static byte* GetCustomSection(ModuleHandle module_comm, [CType("const char *")] byte* name, uint* len)
    {
        try
        {
            var m = Get(module_comm);
            string? n = CString.Read(name);
            if (m is null || n is null) return null;
            var (data, length) = m.CustomSection(n);
            if (data == 0) return null;
            if (len is not null) *len = length;
            return (byte*)data;
        }
        catch (Exception e) { Errors.Fail(e); return null; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_is_import_func_linked")]
    [CApi(CHeader.WasmExport, "Whether a native is registered for the import @p module_name.@p func_name.")]
    public static bool IsImportFuncLinked([CType("const char *")] byte* module_name, [CType("const char *")] byte* func_name)
    {
        try
        {
            string? m = CString.Read(module_name), f = CString.Read(func_name);
            return m is not null && f is not null && NativeRegistry.Find(m, f) is not null;
        }
        catch (Exception e) { return Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_is_import_global_linked")]
    [CApi(CHeader.WasmExport, "Whether the host provides the imported global: never (imported globals start at zero).")]
    public static bool IsImportGlobalLinked([CType("const char *")] byte* module_name, [CType("const char *")] byte* global_name) => false;

    // --- imports and exports ---

    private static ImportExportKind KindOf(ExternalKind kind) => kind switch
    {
        ExternalKind.Function => ImportExportKind.WASM_IMPORT_EXPORT_KIND_FUNC,
        ExternalKind.Table => ImportExportKind.WASM_IMPORT_EXPORT_KIND_TABLE,
        ExternalKind.Memory => ImportExportKind.WASM_IMPORT_EXPORT_KIND_MEMORY,
        _ => ImportExportKind.WASM_IMPORT_EXPORT_KIND_GLOBAL,
    };

    private static ImportExportTypeUnion TypeUnion(LoadedModule m, ExternType type)
    {
        var u = new ImportExportTypeUnion();
        switch (type.Kind)
        {
            case ExternalKind.Function: u.func_type = new FuncTypeHandle(m.TypeHandle(type.Function!)); break;
            case ExternalKind.Table: u.table_type = new TableTypeHandle(m.TypeHandle(type.Table!)); break;
            case ExternalKind.Memory: u.memory_type = new MemoryTypeHandle(m.TypeHandle(type.Memory!)); break;
            case ExternalKind.Global: u.global_type = new GlobalTypeHandle(m.TypeHandle(type.Global!)); break;
        }
        return u;
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_import_count")]
    [CApi(CHeader.WasmExport, "The number of imports of @p module, or -1 for failure.")]
    public static int GetImportCount(ModuleHandle module)
    {
        try { return Get(module) is { } m ? m.Compiled.Imports.Count : -1; }
        catch (Exception e) { Errors.Fail(e); return -1; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_import_type")]
    [CApi(CHeader.WasmExport, "Describes import @p import_index; `linked` says whether a registered native satisfies a function import. Strings and types stay valid while the module is loaded.")]
    public static void GetImportType(ModuleHandle module, int import_index, ImportInfo* import_type)
    {
        try
        {
            var m = Get(module);
            if (m is null || import_type is null || import_index < 0 || import_index >= m.Compiled.Imports.Count) return;
            var import = m.Compiled.Imports[import_index];
            *import_type = new ImportInfo
            {
                module_name = m.NativeString(import.ModuleName),
                name = m.NativeString(import.Name),
                kind = KindOf(import.Type.Kind),
                linked = (byte)(import.Type.Kind == ExternalKind.Function && NativeRegistry.Find(import.ModuleName, import.Name) is not null ? 1 : 0),
                u = TypeUnion(m, import.Type),
            };
        }
        catch (Exception e) { Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_export_count")]
    [CApi(CHeader.WasmExport, "The number of exports of @p module, or -1 for failure.")]
    public static int GetExportCount(ModuleHandle module)
    {
        try { return Get(module) is { } m ? m.Compiled.Exports.Count : -1; }
        catch (Exception e) { Errors.Fail(e); return -1; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_export_type")]
    [CApi(CHeader.WasmExport, "Describes export @p export_index. Strings and types stay valid while the module is loaded.")]
    public static void GetExportType(ModuleHandle module, int export_index, ExportInfo* export_type)
    {
        try
        {
            var m = Get(module);
            if (m is null || export_type is null || export_index < 0 || export_index >= m.Compiled.Exports.Count) return;
            var export = m.Compiled.Exports[export_index];
            *export_type = new ExportInfo { name = m.NativeString(export.Name), kind = KindOf(export.Type.Kind), u = TypeUnion(m, export.Type) };
        }
        catch (Exception e) { Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_func_type_get_param_count")]
    [CApi(CHeader.WasmExport, "The number of parameters of a function type.")]
    public static uint FuncTypeGetParamCount(FuncTypeHandle func_type) => (uint)(HandleTable.Get<FuncType>(func_type.Value)?.Parameters.Length ?? 0);

    [UnmanagedCallersOnly(EntryPoint = "wasm_func_type_get_param_valkind")]
    [CApi(CHeader.WasmExport, "The kind of parameter @p param_index, or (wasm_valkind_t)-1.")]
    public static ValKind FuncTypeGetParamValkind(FuncTypeHandle func_type, uint param_index)
    {
        var t = HandleTable.Get<FuncType>(func_type.Value);
        return t is null || param_index >= t.Parameters.Length ? (ValKind)0xFF : Invoker.KindOf(t.Parameters[param_index]);
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_func_type_get_result_count")]
    [CApi(CHeader.WasmExport, "The number of results of a function type.")]
    public static uint FuncTypeGetResultCount(FuncTypeHandle func_type) => (uint)(HandleTable.Get<FuncType>(func_type.Value)?.Results.Length ?? 0);

    [UnmanagedCallersOnly(EntryPoint = "wasm_func_type_get_result_valkind")]
    [CApi(CHeader.WasmExport, "The kind of result @p result_index, or (wasm_valkind_t)-1.")]
    public static ValKind FuncTypeGetResultValkind(FuncTypeHandle func_type, uint result_index)
    {
        var t = HandleTable.Get<FuncType>(func_type.Value);
        return t is null || result_index >= t.Results.Length ? (ValKind)0xFF : Invoker.KindOf(t.Results[result_index]);
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_global_type_get_valkind")]
    [CApi(CHeader.WasmExport, "The value kind of a global type.")]
    public static ValKind GlobalTypeGetValkind(GlobalTypeHandle global_type) =>
        HandleTable.Get<GlobalType>(global_type.Value) is { } t ? Invoker.KindOf(t.ValueType) : (ValKind)0xFF;

    [UnmanagedCallersOnly(EntryPoint = "wasm_global_type_get_mutable")]
    [CApi(CHeader.WasmExport, "Whether a global type is mutable.")]
    public static bool GlobalTypeGetMutable(GlobalTypeHandle global_type) => HandleTable.Get<GlobalType>(global_type.Value)?.Mutable ?? false;

    [UnmanagedCallersOnly(EntryPoint = "wasm_memory_type_get_shared")]
    [CApi(CHeader.WasmExport, "Whether a memory type is shared.")]
    public static bool MemoryTypeGetShared(MemoryTypeHandle memory_type) => HandleTable.Get<MemoryType>(memory_type.Value)?.Shared ?? false;

    [UnmanagedCallersOnly(EntryPoint = "wasm_memory_type_get_init_page_count")]
    [CApi(CHeader.WasmExport, "The initial pages of a memory type.")]
    public static uint MemoryTypeGetInitPageCount(MemoryTypeHandle memory_type) => (uint)(HandleTable.Get<MemoryType>(memory_type.Value)?.Limits.Min ?? 0);

    [UnmanagedCallersOnly(EntryPoint = "wasm_memory_type_get_max_page_count")]
    [CApi(CHeader.WasmExport, "The maximum pages of a memory type (65536 when it declares none).")]
    public static uint MemoryTypeGetMaxPageCount(MemoryTypeHandle memory_type) =>
        HandleTable.Get<MemoryType>(memory_type.Value) is { } t ? (uint)Math.Min(t.Limits.Max ?? MemoryType.MaxPages32, uint.MaxValue) : 0;

    [UnmanagedCallersOnly(EntryPoint = "wasm_table_type_get_elem_kind")]
    [CApi(CHeader.WasmExport, "The element kind of a table type.")]
    public static ValKind TableTypeGetElemKind(TableTypeHandle table_type) =>
        HandleTable.Get<TableType>(table_type.Value) is { } t ? Invoker.KindOf(t.ElementType) : (ValKind)0xFF;

    [UnmanagedCallersOnly(EntryPoint = "wasm_table_type_get_shared")]
    [CApi(CHeader.WasmExport, "Whether a table type is shared: never.")]
    public static bool TableTypeGetShared(TableTypeHandle table_type) => false;

    [UnmanagedCallersOnly(EntryPoint = "wasm_table_type_get_init_size")]
    [CApi(CHeader.WasmExport, "The initial size of a table type.")]
    public static uint TableTypeGetInitSize(TableTypeHandle table_type) => (uint)(HandleTable.Get<TableType>(table_type.Value)?.Limits.Min ?? 0);

    [UnmanagedCallersOnly(EntryPoint = "wasm_table_type_get_max_size")]
    [CApi(CHeader.WasmExport, "The maximum size of a table type (UINT32_MAX when it declares none).")]
    public static uint TableTypeGetMaxSize(TableTypeHandle table_type) =>
        HandleTable.Get<TableType>(table_type.Value) is { } t ? (uint)Math.Min(t.Limits.Max ?? uint.MaxValue, uint.MaxValue) : 0;
}
