using MicroWasm.Native.Interop;
using MicroWasm.Native.Wamr;

namespace MicroWasm.Native.Api;

/// <summary>Where module bytes come from besides a buffer: section lists and the multi-module reader.</summary>
public static unsafe class ModuleSourceApi
{
    /// <summary>The callbacks of wasm_runtime_set_module_reader (C function pointers), kept for when multi-module resolution exists.</summary>
    internal static nint Reader, Destroyer;

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_set_module_reader")]
    [CApi(CHeader.WasmExport, "Stores the callbacks WAMR's multi-module loading uses to read (and release) the bytes of an imported module by name. MicroWasm stores them but does not resolve imports from other modules yet: imports are linked to natives and WASI only.")]
    public static void SetModuleReader([CType("const module_reader")] void* reader, [CType("const module_destroyer")] void* destroyer)
    {
        Reader = (nint)reader;
        Destroyer = (nint)destroyer;
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_load_from_sections")]
    [CApi(CHeader.WasmExport, "Loads a module from a list of sections (section_type is the section id, section_body its contents without id and size), as wasm_runtime_load loads the binary they make. AOT section lists (@p is_aot) are WAMR's AOT format and are refused: an artifact of `microwasm compile` is loaded whole, with wasm_runtime_load.\n@return the module, or NULL with \"WASM module load failed: <reason>\" in @p error_buf")]
    public static ModuleHandle LoadFromSections([CType("wasm_section_list_t")] Section* section_list, bool is_aot, [CType("char *")] byte* error_buf, uint error_buf_size)
    {
        try
        {
            if (is_aot)
            {
                CString.WriteError(error_buf, error_buf_size, "WASM module load failed: AOT section lists (WAMR's AOT format) are not supported; load an artifact of `microwasm compile` with wasm_runtime_load");
                return default;
            }
            var binary = new List<byte> { 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00 };
            for (var section = section_list; section is not null; section = section->next)
            {
                if ((uint)section->section_type > 0xFF || (section->section_body is null && section->section_body_size > 0))
                {
                    CString.WriteError(error_buf, error_buf_size, $"WASM module load failed: invalid section {section->section_type}");
                    return default;
                }
                binary.Add((byte)section->section_type);
                // Spec 5.5.2: the size is an unsigned LEB128 u32.
                uint size = section->section_body_size;
                do
                {
                    byte b = (byte)(size & 0x7F);
                    size >>= 7;
                    binary.Add(size != 0 ? (byte)(b | 0x80) : b);
                } while (size != 0);
                binary.AddRange(new ReadOnlySpan<byte>(section->section_body, (int)section->section_body_size));
            }
            var bytes = binary.ToArray();
            fixed (byte* p = bytes) return ModuleApi.LoadCore(p, (uint)bytes.Length, null, error_buf, error_buf_size);
        }
        catch (Exception e) { Errors.Fail(e); return default; }
    }
}
