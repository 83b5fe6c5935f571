// The opaque handle types of wasm_export.h. Each wraps a HandleTable handle; C sees the typedef'd pointer.
namespace MicroWasm.Native.Interop;

[CHandle("wasm_module_t")] public readonly record struct ModuleHandle(nint Value);
[CHandle("wasm_module_inst_t")] public readonly record struct InstanceHandle(nint Value);
[CHandle("wasm_function_inst_t")] public readonly record struct FunctionHandle(nint Value);
[CHandle("wasm_exec_env_t")] public readonly record struct ExecEnvHandle(nint Value);
[CHandle("wasm_memory_inst_t")] public readonly record struct MemoryHandle(nint Value);
[CHandle("wasm_func_type_t")] public readonly record struct FuncTypeHandle(nint Value);
[CHandle("wasm_table_type_t")] public readonly record struct TableTypeHandle(nint Value);
[CHandle("wasm_global_type_t")] public readonly record struct GlobalTypeHandle(nint Value);
[CHandle("wasm_memory_type_t")] public readonly record struct MemoryTypeHandle(nint Value);
