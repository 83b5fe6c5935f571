using MicroWasm.Native.Api;
using MicroWasm.Native.Interop;
using MicroWasm.Runtime;

namespace MicroWasm.Native.WasmCApi;

/// <summary>wasm.h's runtime environment and modules: config, engine, store, module, foreign objects, traps, frames, instances.</summary>
public static unsafe class StoreApi
{
    /// <summary>What wasm_module_serialize writes before the module's bytes.</summary>
    private static ReadOnlySpan<byte> SerializedMagic => "MWCAPI\x01\x00"u8;

    [UnmanagedCallersOnly(EntryPoint = "wasm_config_new")]
    [CApi(CHeader.Wasm, "A configuration for wasm_engine_new_with_config (it has no settings yet).")]
    [return: CType("own wasm_config_t *")]
    public static nint ConfigNew()
    {
        try { return Objects.Add(new CConfig()); }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_engine_new")]
    [CApi(CHeader.Wasm, "An engine: what stores are made from. Any number may exist.")]
    [return: CType("own wasm_engine_t *")]
    public static nint EngineNew()
    {
        try { return Objects.Add(new CEngine()); }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_engine_new_with_config")]
    [CApi(CHeader.Wasm, "An engine with a configuration, which it takes ownership of.")]
    [return: CType("own wasm_engine_t *")]
    public static nint EngineNewWithConfig([CType("own wasm_config_t *")] nint config)
    {
        try
        {
            Objects.Delete(config);
            return Objects.Add(new CEngine());
        }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_store_new")]
    [CApi(CHeader.Wasm, "A store: the home of runtime objects. Deleting it deletes the references still made in it, running their finalizers, and frees its memories. One thread uses a store at a time.")]
    [return: CType("own wasm_store_t *")]
    public static nint StoreNew([CType("wasm_engine_t *")] nint engine)
    {
        try { return Objects.Get<CEngine>(engine) is null ? 0 : Objects.Add(new CStore()); }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }

    private static WasmModule? Compile(ByteVec* binary)
    {
        var bytes = CConvert.Bytes(binary).ToArray();
        return new WasmModule(CompiledModule.FromBytes(bytes), bytes);
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_module_new")]
    [CApi(CHeader.Wasm, "Decodes and validates a module (the bytes are copied), or loads an AOT artifact made by `microwasm compile` (its instances run native code). NULL if the bytes are not a valid module or a usable artifact; microwasm_last_error() says why.")]
    [return: CType("own wasm_module_t *")]
    public static nint ModuleNew([CType("wasm_store_t *")] nint store, [CType("const wasm_byte_vec_t *")] ByteVec* binary)
    {
        try
        {
            var s = Objects.Get<CStore>(store);
            if (s is null || binary is null) { Errors.Fail("wasm_module_new: invalid store or binary"); return 0; }
            return Compile(binary) is { } m ? WasmRef.New(m, s) : 0;
        }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_module_validate")]
    [CApi(CHeader.Wasm, "Whether the bytes are a valid module; microwasm_last_error() says why not.")]
    public static bool ModuleValidate([CType("wasm_store_t *")] nint store, [CType("const wasm_byte_vec_t *")] ByteVec* binary)
    {
        try
        {
            if (Objects.Get<CStore>(store) is null || binary is null) return Errors.Fail("wasm_module_validate: invalid store or binary");
            return Compile(binary) is not null;
        }
        catch (Exception e) { return Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_module_imports")]
    [CApi(CHeader.Wasm, "The module's imports, in order.")]
    public static void ModuleImports([CType("const wasm_module_t *")] nint module, [CType("own wasm_importtype_vec_t *")] HandleVec* @out)
    {
        try
        {
            var list = new List<nint>();
            if (WasmRef.Get(module)?.Target is WasmModule m)
                foreach (var import in m.Compiled.Imports) list.Add(CImportExportType.New(import.ModuleName, import.Name, import.Type));
            CConvert.Fill(@out, list);
        }
        catch (Exception e) { Errors.Fail(e); CConvert.Fill(@out, []); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_module_exports")]
    [CApi(CHeader.Wasm, "The module's exports, in order.")]
    public static void ModuleExports([CType("const wasm_module_t *")] nint module, [CType("own wasm_exporttype_vec_t *")] HandleVec* @out)
    {
        try
        {
            var list = new List<nint>();
            if (WasmRef.Get(module)?.Target is WasmModule m)
                foreach (var export in m.Compiled.Exports) list.Add(CImportExportType.New(null, export.Name, export.Type));
            CConvert.Fill(@out, list);
        }
        catch (Exception e) { Errors.Fail(e); CConvert.Fill(@out, []); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_module_serialize")]
    [CApi(CHeader.Wasm, "The module in a form wasm_module_deserialize reads back: for a module made from an AOT artifact (`microwasm compile`), the artifact itself, as WAMR serializes to an AOT file; for bytecode, a MicroWasm header and the module's bytes, validated again on the way back.")]
    public static void ModuleSerialize([CType("const wasm_module_t *")] nint module, [CType("own wasm_byte_vec_t *")] ByteVec* @out)
    {
        try
        {
            if (WasmRef.Get(module)?.Target is not WasmModule m) { CConvert.Fill(@out, []); return; }
            if (m.Compiled.IsAot)
            {
                CConvert.Fill(@out, m.Bytes);
                return;
            }
            var bytes = new byte[SerializedMagic.Length + m.Bytes.Length];
            SerializedMagic.CopyTo(bytes);
            m.Bytes.CopyTo(bytes.AsSpan(SerializedMagic.Length));
            CConvert.Fill(@out, bytes);
        }
        catch (Exception e) { Errors.Fail(e); CConvert.Fill(@out, []); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_module_deserialize")]
    [CApi(CHeader.Wasm, "A module from wasm_module_serialize's bytes or from an AOT artifact made by `microwasm compile` (checked, mapped and bound as wasm_runtime_load does); NULL if they are neither, or the artifact is corrupted, truncated or for another target: microwasm_last_error() says why.")]
    [return: CType("own wasm_module_t *")]
    public static nint ModuleDeserialize([CType("wasm_store_t *")] nint store, [CType("const wasm_byte_vec_t *")] ByteVec* binary)
    {
        try
        {
            var s = Objects.Get<CStore>(store);
            var bytes = CConvert.Bytes(binary);
            if (s is null) { Errors.Fail("wasm_module_deserialize: invalid store"); return 0; }
            if (MicroWasm.Aot.AotArtifactFormat.LooksLikeArtifact(bytes))
            {
                var artifact = bytes.ToArray();
                return WasmRef.New(new WasmModule(CompiledModule.FromArtifact(artifact), artifact), s);
            }
            if (!bytes.StartsWith(SerializedMagic)) { Errors.Fail("wasm_module_deserialize: neither a serialized module nor an AOT artifact"); return 0; }
            var wasm = bytes[SerializedMagic.Length..].ToArray();
            return WasmRef.New(new WasmModule(CompiledModule.FromBytes(wasm), wasm), s);
        }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_foreign_new")]
    [CApi(CHeader.Wasm, "A foreign object: a host object with identity and host info, for externref values.")]
    [return: CType("own wasm_foreign_t *")]
    public static nint ForeignNew([CType("wasm_store_t *")] nint store)
    {
        try { return Objects.Get<CStore>(store) is { } s ? WasmRef.New(new Foreign(), s) : 0; }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_trap_new")]
    [CApi(CHeader.Wasm, "A trap with a message (NUL-terminated, the size counting the NUL), e.g. for a host function to return.")]
    [return: CType("own wasm_trap_t *")]
    public static nint TrapNew([CType("wasm_store_t *")] nint store, [CType("const wasm_message_t *")] ByteVec* message)
    {
        try
        {
            var bytes = CConvert.Bytes(message);
            var text = bytes.Length > 0 && bytes[^1] == 0 ? bytes.ToArray() : [.. bytes, 0];
            return WasmRef.New(new TrapInfo(text), Objects.Get<CStore>(store));
        }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_trap_message")]
    [CApi(CHeader.Wasm, "The trap's message, NUL-terminated (the size counts the NUL). A trap of the engine has the spec's wording (\"unreachable\", \"integer divide by zero\", ...).")]
    public static void TrapMessage([CType("const wasm_trap_t *")] nint trap, [CType("own wasm_message_t *")] ByteVec* @out)
    {
        try { CConvert.Fill(@out, WasmRef.Get(trap)?.Target is TrapInfo t ? t.Message : [0]); }
        catch (Exception e) { Errors.Fail(e); CConvert.Fill(@out, [0]); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_trap_origin")]
    [CApi(CHeader.Wasm, "The frame where the trap happened (the innermost), or NULL if it has none: a trap made with wasm_trap_new, or one not raised in WebAssembly code.")]
    [return: CType("own wasm_frame_t *")]
    public static nint TrapOrigin([CType("const wasm_trap_t *")] nint trap)
    {
        try
        {
            return WasmRef.Get(trap) is { Target: TrapInfo { Frames: [var first, ..] } } r ? CFrame.New(first, r.Store) : 0;
        }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_trap_trace")]
    [CApi(CHeader.Wasm, "The trap's stack trace, innermost frame first; empty for a trap made with wasm_trap_new. MicroWasm does not track code offsets yet: a frame's func_offset and module_offset are 0.")]
    public static void TrapTrace([CType("const wasm_trap_t *")] nint trap, [CType("own wasm_frame_vec_t *")] HandleVec* @out)
    {
        try
        {
            var list = new List<nint>();
            if (WasmRef.Get(trap) is { Target: TrapInfo t } r)
                foreach (var frame in t.Frames) list.Add(CFrame.New(frame, r.Store));
            CConvert.Fill(@out, list);
        }
        catch (Exception e) { Errors.Fail(e); CConvert.Fill(@out, []); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_frame_copy")]
    [CApi(CHeader.Wasm, "A copy of a frame.")]
    [return: CType("own wasm_frame_t *")]
    public static nint FrameCopy([CType("const wasm_frame_t *")] nint frame)
    {
        try { return Objects.Get<CFrame>(frame)?.Copy() is { } copy ? Objects.Add(copy) : 0; }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_frame_instance")]
    [CApi(CHeader.Wasm, "The instance of the frame's function (borrowed).")]
    [return: CType("struct wasm_instance_t *")]
    public static nint FrameInstance([CType("const wasm_frame_t *")] nint frame)
    {
        try { return Objects.Get<CFrame>(frame)?.Instance ?? 0; }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_frame_func_index")]
    [CApi(CHeader.Wasm, "The index of the frame's function in its module.")]
    public static uint FrameFuncIndex([CType("const wasm_frame_t *")] nint frame)
    {
        try { return Objects.Get<CFrame>(frame)?.FuncIndex ?? 0; }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_frame_func_offset")]
    [CApi(CHeader.Wasm, "The frame's code offset in its function's body: 0 in MicroWasm, which does not track code offsets yet.")]
    [return: CType("size_t")]
    public static nuint FrameFuncOffset([CType("const wasm_frame_t *")] nint frame)
    {
        try { return Objects.Get<CFrame>(frame)?.FuncOffset ?? 0; }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_frame_module_offset")]
    [CApi(CHeader.Wasm, "The frame's code offset in the module's bytes: 0 in MicroWasm, which does not track code offsets yet.")]
    [return: CType("size_t")]
    public static nuint FrameModuleOffset([CType("const wasm_frame_t *")] nint frame)
    {
        try { return Objects.Get<CFrame>(frame)?.ModuleOffset ?? 0; }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_instance_new")]
    [CApi(CHeader.Wasm, "Instantiates a module with @p imports, one extern per import of the module, in order, and runs its start function. On failure returns NULL and, if @p trap is not NULL, sets *trap to a new trap saying why (a trap of the start function, or a link error such as \"incompatible import type\"); on success sets *trap to NULL.")]
    [return: CType("own wasm_instance_t *")]
    public static nint InstanceNew([CType("wasm_store_t *")] nint store, [CType("const wasm_module_t *")] nint module,
        [CType("const wasm_extern_vec_t *")] HandleVec* imports, [CType("own wasm_trap_t **")] nint* trap)
    {
        if (trap is not null) *trap = 0;
        var s = Objects.Get<CStore>(store);
        try
        {
            if (s is null || WasmRef.Get(module)?.Target is not WasmModule m) return Fail("wasm_instance_new: invalid store or module");
            int count = imports is null ? 0 : (int)imports->size;
            if (count != m.Compiled.Imports.Count)
                return Fail($"wasm_instance_new: the module has {m.Compiled.Imports.Count} import(s), {count} given");
            var externs = new Extern[count];
            var states = new List<RefState>();
            for (int i = 0; i < count; i++)
            {
                if (WasmRef.Get(imports->data[i]) is not { Target: Extern e } r)
                    return Fail($"wasm_instance_new: import {i} is not an extern");
                externs[i] = e;
                states.Add(r.State);
            }
            var instance = s.Store.Instantiate(m.Compiled, externs);
            nint handle = WasmRef.New(instance, s);
            // The instance keeps its imports alive: a host function's environment outlives the instance's use of it.
            var state = WasmRef.Get(handle)!.State;
            foreach (var held in states)
            {
                held.Retain();
                state.Holds.Add(held);
            }
            return handle;
        }
        catch (Exception e)
        {
            Errors.Fail(e);
            return Fail(e is TrapException t ? Calls.TrapText(t) : e is WasmException ? e.Message : $"internal error: {e.Message}",
                (e as TrapException)?.Frames);
        }

        nint Fail(string message, IReadOnlyList<WasmFrame>? frames = null)
        {
            Errors.Set(message);
            if (trap is not null) *trap = WasmRef.New(TrapInfo.FromText(message, frames), s);
            return 0;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_instance_exports")]
    [CApi(CHeader.Wasm, "The instance's exports, in the module's order, as new references.")]
    public static void InstanceExports([CType("const wasm_instance_t *")] nint instance, [CType("own wasm_extern_vec_t *")] HandleVec* @out)
    {
        try
        {
            var list = new List<nint>();
            if (WasmRef.Get(instance) is { Target: ModuleInstance i } r)
                foreach (var export in i.Exports) list.Add(WasmRef.New(export.Value, r.Store, r.State));
            CConvert.Fill(@out, list);
        }
        catch (Exception e) { Errors.Fail(e); CConvert.Fill(@out, []); }
    }
}
