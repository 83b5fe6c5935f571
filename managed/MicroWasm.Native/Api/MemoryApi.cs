using MicroWasm.Native.Interop;
using MicroWasm.Native.Wamr;
using MicroWasm.Runtime;

namespace MicroWasm.Native.Api;

/// <summary>Linear memory, the app heap and address translation. App addresses are offsets into memory 0.</summary>
public static unsafe class MemoryApi
{
    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_module_malloc")]
    [CApi(CHeader.WasmExport, "Allocates @p size bytes in the instance's app heap (host_managed_heap_size at instantiation) or, without one, through the module's exported malloc.\n@return the app address (never 0 on success) and the native address in @p p_native_addr; 0 and NULL on failure")]
    public static ulong ModuleMalloc(InstanceHandle module_inst, ulong size, void** p_native_addr)
    {
        try
        {
            if (p_native_addr is not null) *p_native_addr = null;
            var instance = InstanceApi.Get(module_inst);
            if (instance is null) return 0;
            return Allocate(instance, size, p_native_addr);
        }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }

    /// <summary>wasm_runtime_module_malloc for managed callers (an export cannot be called from managed code).</summary>
    internal static ulong Allocate(WamrInstance instance, ulong size, void** p_native_addr)
    {
        ulong offset = 0;
        if (instance.Heap is { } heap)
        {
            lock (heap)
            {
                using var held = RaceDetector.Holding(heap);
                offset = heap.Allocate(size);
            }
            if (offset == 0) instance.SetException("app heap corrupted or out of memory");
        }
        else if (size <= uint.MaxValue && instance.Instance.TryGetExport("malloc", out var e) && e is FunctionInstance malloc
            && malloc.Type.Parameters is [ValueType.I32] && malloc.Type.Results is [ValueType.I32])
        {
            var env = ExecEnv.Current is { } cur && cur.Instance == instance ? cur : Instantiator.GetSingleton(instance);
            if (Invoker.Call(env, malloc, [Value.I32((int)(uint)size)], out var r)) offset = (uint)r[0].AsI32();
        }
        else
        {
            instance.SetException("out of memory: the instance has no app heap and exports no malloc");
        }
        if (offset != 0 && (offset > instance.MemorySize || size > instance.MemorySize - offset)) offset = 0;
        if (offset != 0 && p_native_addr is not null) *p_native_addr = instance.MemoryBase + offset;
        return offset;
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_module_free")]
    [CApi(CHeader.WasmExport, "Frees a block from wasm_runtime_module_malloc (0 is ignored).")]
    public static void ModuleFree(InstanceHandle module_inst, ulong ptr)
    {
        try
        {
            var instance = InstanceApi.Get(module_inst);
            if (instance is null || ptr == 0) return;
            Release(instance, ptr);
        }
        catch (Exception e) { Errors.Fail(e); }
    }

    /// <summary>wasm_runtime_module_free for managed callers.</summary>
    internal static void Release(WamrInstance instance, ulong ptr)
    {
        if (instance.Heap is { } heap && heap.Contains(ptr))
        {
            lock (heap)
            {
                using var held = RaceDetector.Holding(heap);
                heap.Free(ptr);
            }
        }
        else if (instance.Instance.TryGetExport("free", out var e) && e is FunctionInstance free && free.Type.Parameters is [ValueType.I32])
        {
            var env = ExecEnv.Current is { } cur && cur.Instance == instance ? cur : Instantiator.GetSingleton(instance);
            Invoker.Call(env, free, [Value.I32((int)(uint)ptr)], out _);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_module_dup_data")]
    [CApi(CHeader.WasmExport, "wasm_runtime_module_malloc of @p size bytes, filled from @p src.\n@return the app address, or 0")]
    public static ulong ModuleDupData(InstanceHandle module_inst, [CType("const char *")] byte* src, ulong size)
    {
        try
        {
            var instance = InstanceApi.Get(module_inst);
            if (instance is null || (src is null && size > 0)) return 0;
            void* native;
            ulong offset = MallocFor(module_inst, size, &native);
            if (offset != 0) Buffer.MemoryCopy(src, native, size, size);
            return offset;
        }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }

    private static ulong MallocFor(InstanceHandle module_inst, ulong size, void** native)
    {
        // The export itself, called directly (UnmanagedCallersOnly methods may not be called from managed code).
        var instance = InstanceApi.Get(module_inst)!;
        *native = null;
        if (instance.Heap is not { } heap)
        {
            instance.SetException("out of memory: the instance has no app heap");
            return 0;
        }
        ulong offset;
        lock (heap)
        {
            using var held = RaceDetector.Holding(heap);
            offset = heap.Allocate(size);
        }
        if (offset == 0) return 0;
        *native = instance.MemoryBase + offset;
        return offset;
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_validate_app_addr")]
    [CApi(CHeader.WasmExport, "Whether [@p app_offset, @p app_offset + @p size) lies in the instance's memory.\n@return true if so; false with \"Exception: out of bounds memory access\" set")]
    public static bool ValidateAppAddr(InstanceHandle module_inst, ulong app_offset, ulong size)
    {
        try { return InstanceApi.Get(module_inst)?.ValidateAppAddress(app_offset, size) ?? false; }
        catch (Exception e) { return Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_validate_app_str_addr")]
    [CApi(CHeader.WasmExport, "Whether a NUL-terminated string starts at @p app_str_offset and ends inside the instance's memory.\n@return true if so; false with the exception set")]
    public static bool ValidateAppStrAddr(InstanceHandle module_inst, ulong app_str_offset)
    {
        try { return InstanceApi.Get(module_inst)?.ValidateAppString(app_str_offset) ?? false; }
        catch (Exception e) { return Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_validate_native_addr")]
    [CApi(CHeader.WasmExport, "Whether [@p native_ptr, @p native_ptr + @p size) lies in the instance's memory.\n@return true if so; false with the exception set")]
    public static bool ValidateNativeAddr(InstanceHandle module_inst, void* native_ptr, ulong size)
    {
        try { return InstanceApi.Get(module_inst)?.ValidateNativeAddress((byte*)native_ptr, size) ?? false; }
        catch (Exception e) { return Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_addr_app_to_native")]
    [CApi(CHeader.WasmExport, "The native address of app address @p app_offset, or NULL when it is outside the memory. Stable across memory growth on 64-bit hosts (the memory is reserved up front).")]
    public static void* AddrAppToNative(InstanceHandle module_inst, ulong app_offset)
    {
        try
        {
            var instance = InstanceApi.Get(module_inst);
            if (instance is null || instance.MemoryBase is null || app_offset >= instance.MemorySize) return null;
            return instance.MemoryBase + app_offset;
        }
        catch (Exception e) { Errors.Fail(e); return null; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_addr_native_to_app")]
    [CApi(CHeader.WasmExport, "The app address of native address @p native_ptr, or 0 when it is outside the memory.")]
    public static ulong AddrNativeToApp(InstanceHandle module_inst, void* native_ptr)
    {
        try
        {
            var instance = InstanceApi.Get(module_inst);
            if (instance is null || instance.MemoryBase is null) return 0;
            byte* p = (byte*)native_ptr;
            return p >= instance.MemoryBase && (ulong)(p - instance.MemoryBase) < instance.MemorySize ? (ulong)(p - instance.MemoryBase) : 0;
        }
        catch (Exception e) { Errors.Fail(e); return 0; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_app_addr_range")]
    [CApi(CHeader.WasmExport, "The app address range of the memory that holds @p app_offset.\n@return true if @p app_offset is in the memory")]
    public static bool GetAppAddrRange(InstanceHandle module_inst, ulong app_offset, ulong* p_app_start_offset, ulong* p_app_end_offset)
    {
        try
        {
            var instance = InstanceApi.Get(module_inst);
            if (instance is null || app_offset >= instance.MemorySize) return false;
            if (p_app_start_offset is not null) *p_app_start_offset = 0;
            if (p_app_end_offset is not null) *p_app_end_offset = instance.MemorySize;
            return true;
        }
        catch (Exception e) { return Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_native_addr_range")]
    [CApi(CHeader.WasmExport, "The native address range of the memory that holds @p native_ptr.\n@return true if @p native_ptr is in the memory")]
    public static bool GetNativeAddrRange(InstanceHandle module_inst, byte* native_ptr, byte** p_native_start_addr, byte** p_native_end_addr)
    {
        try
        {
            var instance = InstanceApi.Get(module_inst);
            if (instance is null || instance.MemoryBase is null) return false;
            byte* b = instance.MemoryBase;
            if (native_ptr < b || (ulong)(native_ptr - b) >= instance.MemorySize) return false;
            if (p_native_start_addr is not null) *p_native_start_addr = b;
            if (p_native_end_addr is not null) *p_native_end_addr = b + instance.MemorySize;
            return true;
        }
        catch (Exception e) { return Errors.Fail(e); }
    }

    // --- memory instances ---

    internal static MemoryInstance? Get(MemoryHandle memory) => HandleTable.Get<MemoryInstance>(memory.Value);

    private static MemoryHandle HandleOf(WamrInstance instance, MemoryInstance? memory)
    {
        if (memory is null) return default;
        lock (instance.Contexts)
        {
            using var held = RaceDetector.Holding(instance.Contexts);
            // One handle per memory per instance, kept in the context table under the memory's own key space.
            nint key = -(nint)(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(memory) + 1) << 4;
            if (instance.Contexts.TryGetValue(key, out var h) && HandleTable.Get<MemoryInstance>(h) == memory) return new MemoryHandle(h);
            h = instance.OwnHandle(memory);
            instance.Contexts[key] = h;
            return new MemoryHandle(h);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_default_memory")]
    [CApi(CHeader.WasmExport, "Memory 0 of the instance, or NULL.")]
    public static MemoryHandle GetDefaultMemory(InstanceHandle module_inst)
    {
        try { return InstanceApi.Get(module_inst) is { } i ? HandleOf(i, i.Memory) : default; }
        catch (Exception e) { Errors.Fail(e); return default; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_get_memory")]
    [CApi(CHeader.WasmExport, "Memory @p index of the instance, or NULL.")]
    public static MemoryHandle GetMemory(InstanceHandle module_inst, uint index)
    {
        try
        {
            if (InstanceApi.Get(module_inst) is not { } i) return default;
            var memories = i.Instance.Memories;
            return index < (uint)memories.Length ? HandleOf(i, memories[index]) : default;
        }
        catch (Exception e) { Errors.Fail(e); return default; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_lookup_memory")]
    [CApi(CHeader.WasmExport, "The exported memory @p name, or NULL.")]
    public static MemoryHandle LookupMemory(InstanceHandle module_inst, [CType("const char *")] byte* name)
    {
        try
        {
            if (InstanceApi.Get(module_inst) is not { } i || CString.Read(name) is not { } n) return default;
            return i.Instance.TryGetExport(n, out var e) && e is MemoryInstance m ? HandleOf(i, m) : default;
        }
        catch (Exception e) { Errors.Fail(e); return default; }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_memory_get_cur_page_count")]
    [CApi(CHeader.WasmExport, "The memory's size in 64 KiB pages.")]
    public static ulong MemoryGetCurPageCount(MemoryHandle memory_inst) => Get(memory_inst)?.PageCount ?? 0;

    [UnmanagedCallersOnly(EntryPoint = "wasm_memory_get_max_page_count")]
    [CApi(CHeader.WasmExport, "The most pages the memory may grow to.")]
    public static ulong MemoryGetMaxPageCount(MemoryHandle memory_inst) => Get(memory_inst)?.MaxPages ?? 0;

    [UnmanagedCallersOnly(EntryPoint = "wasm_memory_get_bytes_per_page")]
    [CApi(CHeader.WasmExport, "65536.")]
    public static ulong MemoryGetBytesPerPage(MemoryHandle memory_inst) => Get(memory_inst) is null ? 0ul : MemoryType.PageSize;

    [UnmanagedCallersOnly(EntryPoint = "wasm_memory_get_shared")]
    [CApi(CHeader.WasmExport, "Whether the memory is shared.")]
    public static bool MemoryGetShared(MemoryHandle memory_inst) => Get(memory_inst)?.Type.Shared ?? false;

    [UnmanagedCallersOnly(EntryPoint = "wasm_memory_get_base_address")]
    [CApi(CHeader.WasmExport, "The address of the memory's byte 0. On 64-bit hosts it never moves (the maximum is reserved up front); elsewhere growth may move it, as in WAMR.")]
    public static void* MemoryGetBaseAddress(MemoryHandle memory_inst) => Get(memory_inst) is { } m ? (void*)m.BaseAddress : null;

    [UnmanagedCallersOnly(EntryPoint = "wasm_memory_enlarge")]
    [CApi(CHeader.WasmExport, "Grows the memory by @p inc_page_count pages.\n@return true if success, false when that passes the maximum or the host refuses")]
    public static bool MemoryEnlarge(MemoryHandle memory_inst, ulong inc_page_count)
    {
        try { return Get(memory_inst) is { } m && m.Grow(inc_page_count) >= 0; }
        catch (Exception e) { return Errors.Fail(e); }
    }

    [UnmanagedCallersOnly(EntryPoint = "wasm_runtime_enlarge_memory")]
    [CApi(CHeader.WasmExport, "Grows the instance's memory 0 by @p inc_page_count pages.\n@return true if success, false otherwise")]
    public static bool EnlargeMemory(InstanceHandle module_inst, ulong inc_page_count)
    {
        try { return InstanceApi.Get(module_inst)?.Memory is { } m && m.Grow(inc_page_count) >= 0; }
        catch (Exception e) { return Errors.Fail(e); }
    }
}
