// The enums of WAMR's wasm_export.h, with WAMR's names and values (member names are the C constants).
#pragma warning disable CA1707, IDE1006 // C names on purpose
namespace MicroWasm.Native.Interop;

[CEnum(CHeader.WasmExport, 100, "wasm_import_export_kind_t")]
public enum ImportExportKind
{
    WASM_IMPORT_EXPORT_KIND_FUNC,
    WASM_IMPORT_EXPORT_KIND_TABLE,
    WASM_IMPORT_EXPORT_KIND_MEMORY,
    WASM_IMPORT_EXPORT_KIND_GLOBAL,
}

[CEnum(CHeader.WasmExport, 200, "package_type_t", Doc = "What a buffer holds: WebAssembly bytecode or WAMR AOT code.")]
public enum PackageType
{
    Wasm_Module_Bytecode = 0,
    Wasm_Module_AoT,
    Package_Type_Unknown = 0xFFFF,
}

[CEnum(CHeader.WasmExport, 210, "mem_alloc_type_t", Guard = "MEM_ALLOC_OPTION_DEFINED",
    Doc = "Where wasm_runtime_malloc takes memory from: a caller's buffer (pool), the caller's functions, or the system.")]
public enum MemAllocType
{
    Alloc_With_Pool = 0,
    Alloc_With_Allocator,
    Alloc_With_System_Allocator,
}

[CEnum(CHeader.WasmExport, 211, "mem_alloc_usage_t", Guard = "MEM_ALLOC_OPTION_DEFINED")]
public enum MemAllocUsage
{
    Alloc_For_Runtime,
    Alloc_For_LinearMemory,
}

[CEnum(CHeader.WasmExport, 230, "RunningMode", Tag = "RunningMode", Doc = "Execution engines; MicroWasm has the interpreter.")]
public enum RunningMode
{
    Mode_Interp = 1,
    Mode_Fast_JIT,
    Mode_LLVM_JIT,
    Mode_Multi_Tier_JIT,
}

[CEnum(CHeader.WasmExport, 260, "wasm_valkind_t", Storage = "uint8_t", EnumTag = "wasm_valkind_enum", Guard = "WASM_VALKIND_T_DEFINED", AlsoIn = [CHeader.Wasm])]
public enum ValKind : byte
{
    WASM_I32,
    WASM_I64,
    WASM_F32,
    WASM_F64,
    WASM_V128,
    WASM_EXTERNREF = 128,
    WASM_FUNCREF,
}

[CEnum(CHeader.WasmExport, 300, "log_level_t")]
public enum LogLevel
{
    WASM_LOG_LEVEL_FATAL = 0,
    WASM_LOG_LEVEL_ERROR = 1,
    WASM_LOG_LEVEL_WARNING = 2,
    WASM_LOG_LEVEL_DEBUG = 3,
    WASM_LOG_LEVEL_VERBOSE = 4,
}

[CEnum(CHeader.WasmExport, 320, "enlarge_memory_error_reason_t")]
public enum EnlargeMemoryErrorReason
{
    INTERNAL_ERROR,
    MAX_SIZE_REACHED,
}
