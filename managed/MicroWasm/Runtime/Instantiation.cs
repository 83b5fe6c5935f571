namespace MicroWasm.Runtime;

/// <summary>
/// Module instantiation (spec 4.5.4, WebAssembly 2.0): check the imports, allocate the instance (4.5.3.1 allocmodule),
/// initialise tables and memories from the active segments in order, then run the start function.
/// </summary>
internal static class Instantiation
{
    /// <summary>Instantiates; <paramref name="beforeStart"/> sees the complete instance just before its start function runs.</summary>
    public static ModuleInstance Instantiate(Store store, CompiledModule compiled, ReadOnlySpan<Extern> externs,
        Action<ModuleInstance>? beforeStart = null)
    {
        var module = compiled.Module;
        CheckImports(store, compiled, externs);

        var instance = new ModuleInstance(compiled, store);
        AllocateFunctions(instance, externs);
        // Global initialisers and element items are evaluated before tables and memories exist (steps 8-12); they
        // can reference the module's functions and the imported (in 3.0 also the earlier) globals.
        AllocateGlobals(instance, externs);
        instance.ElementSegments = Array.ConvertAll(module.Elements, segment => EvaluateElements(segment, instance));
        // A table with an initializer expression (3.0) starts with every element its value.
        int definedTable = 0;
        instance.Tables = Allocate(externs, module.Tables, t => module.TableInitializer(definedTable++) is { } init
            ? store.CreateTable(t, ConstantExpressionEvaluator.Evaluate(init, instance))
            : store.CreateTable(t));
        instance.Memories = AllocateMemories(store, externs, module.Memories, aot: compiled.AotImage is not null);
        // Each instantiation's own tags are new identities (exception handling): exceptions of one instance's tag are not
        // caught by another instance's handler for "the same" tag unless it imported it.
        instance.Tags = Allocate(externs, module.TagTypeIndices, typeIndex => new TagInstance(new TagType(module.Types[typeIndex], module.CanonicalTypes[typeIndex])));
        // Active data segments are copied into memory and dropped below, passive ones stay until data.drop. The bytes
        // are the module's own: immutable, shared by all instances, never written through this array.
        instance.DataSegments = Array.ConvertAll(module.Data, segment => segment.Data);
        instance.BindExports();
        if (compiled.AotImage is { } image) instance.AotInstance = new Aot.AotInstance(instance, image);

        InitializeTables(instance);
        InitializeMemories(instance);

        beforeStart?.Invoke(instance);
        if (module.StartFunctionIndex is { } start)
            instance.Functions[start].InvokeUnchecked([]);
        return instance;
    }

    /// <summary>Steps 2-3: one extern per import, each of this store and matching the import's type (spec 4.5.2).</summary>
    private static void CheckImports(Store store, CompiledModule compiled, ReadOnlySpan<Extern> externs)
    {
        var imports = compiled.Imports;
        if (externs.Length != imports.Count)
            throw new LinkException($"unknown import: the module has {imports.Count} imports, {externs.Length} externs were given");
        for (int i = 0; i < externs.Length; i++)
            CheckImport(store, imports[i], externs[i]);
    }

    /// <summary>Step 3 for one import: the extern is valid in the store and its type matches the import's (spec 4.5.2).</summary>
    /// <param name="store">The store instantiating, or null to check the type only.</param>
    /// <param name="import">The import, with its type.</param>
    /// <param name="actual">What is given for it.</param>
    internal static void CheckImport(Store? store, ImportType import, Extern? actual)
    {
        if (actual is null)
            throw new LinkException($"unknown import \"{import.ModuleName}\" \"{import.Name}\": no extern given");
        // A global's or a module function's references are handles of its own store ("valid in S").
        if (store is not null && actual.Owner is { } owner && owner != store)
            throw new LinkException($"incompatible import type \"{import.ModuleName}\" \"{import.Name}\": the {actual.Kind.ToString().ToLowerInvariant()} belongs to another store");
        var actualType = actual.ExternType;
        if (!actualType.Matches(import.Type))
            throw new LinkException($"incompatible import type \"{import.ModuleName}\" \"{import.Name}\": expected {import.Type}, got {actualType}");
    }

    private static void AllocateFunctions(ModuleInstance instance, ReadOnlySpan<Extern> externs)
    {
        var compiled = instance.Compiled;
        var functions = new FunctionInstance[compiled.FunctionTypes.Length];
        int index = 0;
        foreach (var e in externs)
            if (e is FunctionInstance f) functions[index++] = f;
        for (int defined = 0; index < functions.Length; index++, defined++)
            functions[index] = new WasmFunction(instance, index, defined, compiled.FunctionTypes[index]);
        instance.Functions = functions;
    }

    private static unsafe void AllocateGlobals(ModuleInstance instance, ReadOnlySpan<Extern> externs)
    {
        var definitions = instance.Module.Globals;
        int imported = 0;
        foreach (var e in externs)
            if (e is GlobalInstance) imported++;
        // The array is published before the definitions are evaluated, so global.get sees the globals set so far.
        instance.Globals = new GlobalInstance[imported + definitions.Length];
        instance.GlobalData = new ulong*[imported + definitions.Length];
        int index = 0;
        foreach (var e in externs)
            if (e is GlobalInstance g)
            {
                instance.GlobalData[index] = g.Data;
                instance.Globals[index++] = g;
            }
        foreach (var definition in definitions)
        {
            var value = ConstantExpressionEvaluator.Evaluate(definition.Init, instance);
            var global = new GlobalInstance(instance.Store, definition.Type, value, instance.Module.CanonicalTypes);
            instance.GlobalData[index] = global.Data;
            instance.Globals[index++] = global;
        }
    }

    /// <summary>An element segment's references (spec 4.5.4 step 11): functions, null, or host objects.</summary>
    private static object?[] EvaluateElements(ElementSegment segment, ModuleInstance instance)
    {
        if (segment.FunctionIndices is { } indices)
            return Array.ConvertAll(indices, i => (object?)instance.Functions[i]);
        return Array.ConvertAll(segment.Expressions!, e => ConstantExpressionEvaluator.Evaluate(e, instance).Reference);
    }

    private static TInstance[] Allocate<TInstance, TType>(ReadOnlySpan<Extern> externs, TType[] definitions, Func<TType, TInstance> allocate)
        where TInstance : Extern
    {
        var space = new List<TInstance>(definitions.Length);
        foreach (var e in externs)
            if (e is TInstance imported) space.Add(imported);
        foreach (var definition in definitions) space.Add(allocate(definition));
        return [.. space];
    }

    // aot: the memories get guard regions, reserved whatever the store's options say, since AOT code checks no access.
    private static MemoryInstance[] AllocateMemories(Store store, ReadOnlySpan<Extern> externs, MemoryType[] definitions, bool aot)
    {
        var allocated = new List<MemoryInstance>(definitions.Length);
        try
        {
            return Allocate(externs, definitions, type =>
            {
                var memory = store.CreateMemory(type, store.Options.ReserveMemory || aot, guarded: aot);
                allocated.Add(memory);
                return memory;
            });
        }
        catch
        {
            // Nothing can reference these yet, so give their address space back now rather than with the store.
            foreach (var memory in allocated) memory.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Step 14-15: each active element segment is copied as by table.init (spec 4.4.6.8) and dropped; declarative ones are
    /// dropped. A segment out of bounds traps, leaving the effects of the segments before it (2.0 semantics).
    /// </summary>
    private static void InitializeTables(ModuleInstance instance)
    {
        var segments = instance.Module.Elements;
        for (int i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (segment.Mode == SegmentMode.Active)
            {
                var table = instance.Tables[segment.TableIndex];
                ulong offset = SegmentOffset(segment.Offset!.Value, instance, table.Type.Is64);
                var elements = instance.ElementSegments[i];
                if (offset > (ulong)table.Length || (ulong)elements.Length > (ulong)table.Length - offset)
                    throw new TrapException(TrapKind.OutOfBoundsTableAccess);
                elements.CopyTo(table.Elements, (int)offset);
                table.ElementsChanged((int)offset, elements.Length);
            }
            if (segment.Mode != SegmentMode.Passive)
                instance.ElementSegments[i] = []; // elem.drop (spec 4.4.6.9)
        }
    }

    /// <summary>An active segment's offset: an i32, or an i64 for a 64-bit table or memory (memory64), as an unsigned address.</summary>
    private static ulong SegmentOffset(ConstantExpression offset, ModuleInstance instance, bool is64)
    {
        var value = ConstantExpressionEvaluator.Evaluate(offset, instance);
        return is64 ? (ulong)value.AsI64() : (uint)value.AsI32();
    }

    /// <summary>Step 16: each active data segment is copied as by memory.init (spec 4.4.7.13) and dropped.</summary>
    private static unsafe void InitializeMemories(ModuleInstance instance)
    {
        var segments = instance.Module.Data;
        for (int i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (segment.Mode != SegmentMode.Active) continue;
            var memory = instance.Memories[segment.MemoryIndex];
            ulong offset = SegmentOffset(segment.Offset!.Value, instance, memory.Type.Is64);
            var bytes = instance.DataSegments[i].Span;
            if (offset > memory.Size || (ulong)bytes.Length > memory.Size - offset)
                throw new TrapException(TrapKind.OutOfBoundsMemoryAccess);
            // Within bounds by the check above: offset + length <= Size, and Base is valid for Size bytes.
            bytes.CopyTo(new Span<byte>(memory.Base + offset, bytes.Length));
            instance.DataSegments[i] = ReadOnlyMemory<byte>.Empty; // data.drop (spec 4.4.7.14)
        }
    }
}
