using MicroWasm.Native.Interop;
using MicroWasm.Runtime;
using MicroWasm.Wasi;

namespace MicroWasm.Native.Wamr;

/// <summary>
/// WAMR's instantiation: imports are resolved against the registered natives; an import no native satisfies is
/// linked to a stub that fails when called ("failed to call unlinked import function (m, f)"), after a warning, as
/// WAMR does by default. Imported memories and tables are created for the instance (WAMR treats them as the module's
/// own when multi-module is off) and imported globals take their type's zero value.
/// </summary>
internal static class Instantiator
{
    /// <summary>The interpreter stack for a WAMR stack size: our slots are 8 bytes where WAMR's cells are 4.</summary>
    public static int InterpreterStackBytes(uint wamrStackSize)
    {
        ulong bytes = Math.Clamp((ulong)wamrStackSize * 2, 64 * 1024, 256ul * 1024 * 1024);
        // Round to a power of two so that instances with nearby sizes share one per-thread stack.
        return (int)Math.Min(System.Numerics.BitOperations.RoundUpToPowerOf2(bytes), 256ul * 1024 * 1024);
    }

    public static WamrInstance Instantiate(LoadedModule module, uint stackSize, uint heapSize, uint maxMemoryPages)
    {
        var options = new RuntimeOptions
        {
            StackSize = InterpreterStackBytes(stackSize),
            MaxMemoryPages = maxMemoryPages > 0 ? maxMemoryPages : null,
        };
        var store = new Store(options);
        var instance = new WamrInstance(module, store, stackSize);
        try
        {
            var imports = module.Compiled.Imports;
            var externs = new Extern[imports.Count];
            Imports? wasi = null;
            if (LibraryFeatures.Wasi && WasiLink.ImportsWasi(module.Compiled))
            {
                (instance.Wasi, wasi) = WasiLink.Create(module);
            }
            // A wasi-threads module: each thread's instance is linked to what this one is (ThreadImports).
            var threadImports = LibraryFeatures.Wasi && instance.Wasi is not null && WasiThreads.IsImportedBy(module.Compiled) ? new Imports() : null;
            if (threadImports is not null)
            {
                instance.WasiThreads = new WasiThreads(module.Compiled, threadImports, instance.Wasi!, store, (int)Api.ThreadApi.MaxThreadNum)
                {
                    EnterThread = instance.EnterWasiThread,
                };
            }
            MemoryInstance? importedMemory = null;
            for (int i = 0; i < externs.Length; i++)
            {
                var import = imports[i];
                var type = import.Type;
                externs[i] = type.Kind switch
                {
                    ExternalKind.Function when threadImports is not null && threadImports.TryGet(import.ModuleName, import.Name, out var spawn) => spawn,
                    ExternalKind.Function => BindFunction(instance, wasi, import.ModuleName, import.Name, type.Function!),
                    ExternalKind.Memory when threadImports is not null => importedMemory ??= instance.WasiThreadsMemory = new MemoryInstance(type.Memory!, options.MaxMemoryPages),
                    ExternalKind.Memory => importedMemory ??= store.CreateMemory(type.Memory!),
                    ExternalKind.Table => store.CreateTable(type.Table!),
                    ExternalKind.Global => store.CreateGlobal(type.Global!, Value.Default(type.Global!.ValueType)),
                    _ => throw new LinkException($"unknown import kind of \"{import.ModuleName}\" \"{import.Name}\""),
                };
                // Functions and the memory are shared with the threads; tables and globals are per instance, so a module
                // importing one cannot spawn (thread-spawn fails with -EINVAL).
                if (threadImports is not null && type.Kind is ExternalKind.Function or ExternalKind.Memory
                    && !threadImports.TryGet(import.ModuleName, import.Name, out _))
                    threadImports.Define(import.ModuleName, import.Name, externs[i]);
            }

            // The start function runs inside Instantiate: natives it calls see the singleton exec env.
            var singleton = GetSingleton(instance);
            var saved = ExecEnv.Current;
            ExecEnv.Current = singleton;
            try
            {
                // The memory is bound before the start function, so that a start function may call WASI.
                instance.Instance = store.Instantiate(module.Compiled, externs, made =>
                {
                    instance.Instance = made;
                    instance.Memory = made.Memories.Length > 0 ? made.Memories[0] : null;
                    if (LibraryFeatures.Wasi) WasiLink.BindMemory(instance);
                });
            }
            catch (TrapException trap) when (MicroWasm.Wasi.WasiExitException.TryGetExitCode(trap, out int code))
            {
                // As WAMR: proc_exit in the start function ends it normally; the instance is made and
                // wasm_runtime_get_wasi_exit_code tells the code.
                instance.WasiExitCode = (uint)code;
            }
            finally
            {
                ExecEnv.Current = saved;
            }
            if (heapSize > 0) CreateAppHeap(instance, heapSize);
            if (instance.Wasi is not null) InitializeReactor(instance, singleton);
            return instance;
        }
        catch
        {
            instance.Dispose();
            throw;
        }
    }

    /// <summary>A function import: WASI's (when the module uses WASI and no native overrides it), else a native.</summary>
    private static FunctionInstance BindFunction(WamrInstance instance, Imports? wasi, string module, string name, FuncType type)
    {
        if (wasi is not null && module == WasiArgs.ModuleName && NativeRegistry.Find(module, name) is null
            && WasiLink.Bind(instance, wasi, name, type) is { } function)
            return function;
        return NativeBinding.Bind(instance, module, name, type);
    }

    /// <summary>
    /// WAMR calls a WASI reactor's <c>_initialize</c> once, at instantiation, before any other export can be used; a trap
    /// there fails the instantiation.
    /// </summary>
    private static void InitializeReactor(WamrInstance instance, ExecEnv singleton)
    {
        if (!instance.Instance.TryGetExport("_initialize", out var e) || e is not FunctionInstance initialize
            || initialize.Type.Parameters.Length != 0 || initialize.Type.Results.Length != 0)
            return;
        if (!Invoker.Call(singleton, initialize, [], out _)) throw new LinkException(instance.ExceptionMessage);
    }

    public static ExecEnv GetSingleton(WamrInstance instance)
    {
        if (instance.Singleton is { } existing) return existing;
        var env = new ExecEnv(instance, instance.StackSize);
        env.Handle = HandleTable.Add(env);
        return instance.Singleton = env;
    }

    /// <summary>
    /// Appends the app heap to memory 0 as whole pages, so app addresses of heap blocks are plain memory offsets and the
    /// module's own allocator, growing the memory later, never overlaps it.
    /// </summary>
    private static void CreateAppHeap(WamrInstance instance, uint heapSize)
    {
        var memory = instance.Memory;
        if (memory is null)
        {
            Log.Warning("the module has no memory, so it gets no app heap");
            return;
        }
        ulong pages = ((ulong)heapSize + MemoryType.PageSize - 1) / MemoryType.PageSize;
        ulong start = memory.SizeInBytes;
        if (memory.Grow(pages) < 0)
        {
            Log.Warning($"cannot grow memory by {pages} page(s) for an app heap of {heapSize} bytes; the instance has no app heap");
            return;
        }
        // Offset 0 means "failed" to wasm_runtime_module_malloc's callers, so it is never handed out.
        ulong first = Math.Max(start, 8);
        instance.Heap = new AppHeap(first, start + pages * MemoryType.PageSize - first);
    }
}
