// The structs of WAMR's lib_export.h and wasm_export.h, laid out as C lays them out on LP64 and ILP32 hosts. Field
// names are the C names. C's bool is a byte here (CType "bool"): C# bool has no fixed layout in interop.
#pragma warning disable CA1707, IDE1006 // C names on purpose
using System.Runtime.InteropServices;

namespace MicroWasm.Native.Interop;

[CStruct(CHeader.LibExport, 10, "NativeSymbol", Tag = "NativeSymbol",
    Doc = "A host function for wasm_runtime_register_natives: its import name, address, WAMR signature string and attachment.")]
[StructLayout(LayoutKind.Sequential)]
public unsafe struct NativeSymbol
{
    [CType("const char *")] public byte* symbol;
    public void* func_ptr;
    [CType("const char *")] public byte* signature;
    /// <summary>Returned by wasm_runtime_get_function_attachment while the function runs.</summary>
    public void* attachment;
}

[CStruct(CHeader.WasmExport, 220, "MemAllocOption", Tag = "MemAllocOption", Union = true, Guard = "MEM_ALLOC_OPTION_DEFINED")]
[StructLayout(LayoutKind.Explicit)]
public struct MemAllocOption
{
    [FieldOffset(0)] public MemAllocPool pool;
    [FieldOffset(0)] public MemAllocAllocator allocator;
}

[CStruct(CHeader.WasmExport, 0, "pool", Inline = true)]
[StructLayout(LayoutKind.Sequential)]
public unsafe struct MemAllocPool
{
    public void* heap_buf;
    public uint heap_size;
}

[CStruct(CHeader.WasmExport, 0, "allocator", Inline = true)]
[StructLayout(LayoutKind.Sequential)]
public unsafe struct MemAllocAllocator
{
    /// <summary><c>void *malloc_func(unsigned int size)</c>.</summary>
    public void* malloc_func;
    /// <summary><c>void *realloc_func(void *ptr, unsigned int size)</c>.</summary>
    public void* realloc_func;
    /// <summary><c>void free_func(void *ptr)</c>.</summary>
    public void* free_func;
    public void* user_data;
}

[CStruct(CHeader.WasmExport, 225, "mem_alloc_info_t", Tag = "mem_alloc_info_t")]
[StructLayout(LayoutKind.Sequential)]
public struct MemAllocInfo
{
    public uint total_size;
    public uint total_free_size;
    public uint highmark_size;
}

[CStruct(CHeader.WasmExport, 240, "RuntimeInitArgs", Tag = "RuntimeInitArgs", Doc = "Arguments of wasm_runtime_full_init.")]
[StructLayout(LayoutKind.Sequential)]
public unsafe struct RuntimeInitArgs
{
    public MemAllocType mem_alloc_type;
    public MemAllocOption mem_alloc_option;
    [CType("const char *")] public byte* native_module_name;
    public NativeSymbol* native_symbols;
    public uint n_native_symbols;
    public uint max_thread_num;
    [CType("char")] public fixed byte ip_addr[128];
    [CType("int")] public int unused;
    [CType("int")] public int instance_port;
    public uint fast_jit_code_cache_size;
    public uint gc_heap_size;
    public RunningMode running_mode;
    public uint llvm_jit_opt_level;
    public uint llvm_jit_size_level;
    public uint segue_flags;
    [CType("bool")] public byte enable_linux_perf;
}

[CStruct(CHeader.WasmExport, 245, "LoadArgs", Tag = "LoadArgs", Guard = "LOAD_ARGS_OPTION_DEFINED", Doc = "Arguments of wasm_runtime_load_ex.")]
[StructLayout(LayoutKind.Sequential)]
public unsafe struct LoadArgs
{
    [CType("char *")] public byte* name;
    [CType("bool")] public byte clone_wasm_binary;
    [CType("bool")] public byte wasm_binary_freeable;
    [CType("bool")] public byte no_resolve;
}

[CStruct(CHeader.WasmExport, 250, "WASMExternInstance", Tag = "WASMExternInstance")]
[StructLayout(LayoutKind.Sequential)]
public unsafe struct ExternInstance
{
    [CType("const char *")] public byte* module_name;
    [CType("const char *")] public byte* field_name;
    public ImportExportKind kind;
    public ExternInstanceUnion u;
}

[CStruct(CHeader.WasmExport, 0, "u", Inline = true, Union = true)]
[StructLayout(LayoutKind.Explicit)]
public struct ExternInstanceUnion
{
    [FieldOffset(0)] public MemoryHandle memory;
}

[CStruct(CHeader.WasmExport, 255, "InstantiationArgs", Tag = "InstantiationArgs", Guard = "INSTANTIATION_ARGS_OPTION_DEFINED",
    Doc = "Arguments of wasm_runtime_instantiate_ex.")]
[StructLayout(LayoutKind.Sequential)]
public unsafe struct InstantiationArgs
{
    public uint default_stack_size;
    public uint host_managed_heap_size;
    public uint max_memory_pages;
    public uint import_count;
    [CType("const wasm_extern_inst_t")] public ExternInstance* imports;
}

[CStruct(CHeader.WasmExport, 265, "wasm_val_t", Tag = "wasm_val_t", Guard = "WASM_VAL_T_DEFINED", AlsoIn = [CHeader.Wasm],
    Doc = "A typed value for wasm_runtime_call_wasm_a/_v.")]
[StructLayout(LayoutKind.Sequential)]
public unsafe struct WasmVal
{
    public ValKind kind;
    public fixed byte _paddings[7];
    public WasmValUnion of;
}

[CStruct(CHeader.WasmExport, 0, "of", Inline = true, Union = true)]
[StructLayout(LayoutKind.Explicit)]
public unsafe struct WasmValUnion
{
    [FieldOffset(0)] public int i32;
    [FieldOffset(0)] public long i64;
    [FieldOffset(0)] public float f32;
    [FieldOffset(0)] public double f64;
    [FieldOffset(0)] public nuint foreign;
    [FieldOffset(0), CType("struct wasm_ref_t *")] public void* @ref;
}

[CStruct(CHeader.WasmExport, 120, "wasm_import_t", Tag = "wasm_import_t")]
[StructLayout(LayoutKind.Sequential)]
public unsafe struct ImportInfo
{
    [CType("const char *")] public byte* module_name;
    [CType("const char *")] public byte* name;
    public ImportExportKind kind;
    [CType("bool")] public byte linked;
    public ImportExportTypeUnion u;
}

[CStruct(CHeader.WasmExport, 125, "wasm_export_t", Tag = "wasm_export_t")]
[StructLayout(LayoutKind.Sequential)]
public unsafe struct ExportInfo
{
    [CType("const char *")] public byte* name;
    public ImportExportKind kind;
    public ImportExportTypeUnion u;
}

[CStruct(CHeader.WasmExport, 0, "u", Inline = true, Union = true)]
[StructLayout(LayoutKind.Explicit)]
public struct ImportExportTypeUnion
{
    [FieldOffset(0)] public FuncTypeHandle func_type;
    [FieldOffset(0)] public TableTypeHandle table_type;
    [FieldOffset(0)] public GlobalTypeHandle global_type;
    [FieldOffset(0)] public MemoryTypeHandle memory_type;
}

[CStruct(CHeader.WasmExport, 130, "wasm_section_t", Tag = "wasm_section_t")]
[StructLayout(LayoutKind.Sequential)]
public unsafe struct Section
{
    [CType("struct wasm_section_t *")] public Section* next;
    [CType("int")] public int section_type;
    public byte* section_body;
    public uint section_body_size;
}

[CStruct(CHeader.WasmExport, 270, "wasm_global_inst_t", Tag = "wasm_global_inst_t")]
[StructLayout(LayoutKind.Sequential)]
public unsafe struct GlobalInstInfo
{
    public ValKind kind;
    [CType("bool")] public byte is_mutable;
    public void* global_data;
}

[CStruct(CHeader.WasmExport, 275, "wasm_table_inst_t", Tag = "wasm_table_inst_t")]
[StructLayout(LayoutKind.Sequential)]
public unsafe struct TableInstInfo
{
    public ValKind elem_kind;
    public uint cur_size;
    public uint max_size;
    public void* elems;
}

[CStruct(CHeader.WasmExport, 310, "SharedHeapInitArgs", Tag = "SharedHeapInitArgs")]
[StructLayout(LayoutKind.Sequential)]
public struct SharedHeapInitArgs
{
    public uint size;
}
