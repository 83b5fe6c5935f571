using MicroWasm.Binary;

namespace MicroWasm.Validation;

/// <summary>
/// Validates a decoded module (spec 3.4.10), a pass separate from decoding. An invalid module throws
/// <see cref="InvalidModuleException"/> with the reference interpreter's message.
/// </summary>
public static class ModuleValidator
{
    /// <summary>Decodes and validates: the one call that turns bytes into a module ready to instantiate.</summary>
    /// <exception cref="MalformedModuleException">The bytes are not a module.</exception>
    /// <exception cref="InvalidModuleException">The module is not valid.</exception>
    public static Module DecodeAndValidate(ReadOnlyMemory<byte> bytes) => DecodeAndValidate(bytes, WasmFeatures.All);

    /// <summary>Decodes with only the proposals <paramref name="features"/> enables, and validates.</summary>
    public static Module DecodeAndValidate(ReadOnlyMemory<byte> bytes, WasmFeatures features)
    {
        var module = ModuleDecoder.Decode(bytes, features);
        ValidateAndGetContext(module, features);
        return module;
    }

    public static void Validate(Module module) => ValidateAndGetContext(module);

    /// <summary>Validates the module and returns its context, for passes that follow validation.</summary>
    public static ModuleContext ValidateAndGetContext(Module module, WasmFeatures? features = null)
    {
        // The order of the checks follows the reference interpreter, so that a module with several
        // faults reports the same one.
        ValidateTypeSection(module);
        var functions = new FuncType[module.TotalFunctionCount];
        int f = 0;
        foreach (var import in module.Imports)
        {
            switch (import.Kind)
            {
                case ExternalKind.Function: functions[f++] = TypeAt(module, import.FunctionTypeIndex); break;
                case ExternalKind.Table: ValidateTableType(module, import.Table!); break;
                case ExternalKind.Global: ModuleContext.CheckValueType(import.Global!.ValueType, module.Types.Length); break;
                case ExternalKind.Memory: ValidateMemoryType(import.Memory!); break;
            }
        }
        foreach (int typeIndex in module.FunctionTypeIndices)
            functions[f++] = TypeAt(module, typeIndex);

        var context = new ModuleContext(module, functions) { Tags = TagTypes(module) };
        features ??= WasmFeatures.All;
        var constants = new ConstantExpressionValidator(context, features);

        for (int g = 0; g < module.Globals.Length; g++)
        {
            context.CheckValueType(module.Globals[g].Type.ValueType);
            constants.Validate(module.Globals[g].Init, module.Globals[g].Type.ValueType, context.ImportedGlobalCount + g);
        }
        for (int t = 0; t < module.Tables.Length; t++)
        {
            var table = module.Tables[t];
            ValidateTableType(module, table);
            // 3.0: elements start as the initializer's value, or null, which a non-nullable type does not hold.
            // Tables are initialized before the module's globals exist: only imported globals are readable.
            if (module.TableInitializer(t) is { } init) constants.Validate(init, table.ElementType, context.ImportedGlobalCount);
            else if (!ReferenceTypes.IsNullable(table.ElementType))
                throw new InvalidModuleException($"type mismatch: a table of {table.ElementType.ToText()} needs an initializer");
        }
        foreach (var memory in module.Memories)
            ValidateMemoryType(memory);
        foreach (var segment in module.Elements)
            ValidateElementSegment(context, constants, segment);
        foreach (var segment in module.Data)
            ValidateDataSegment(context, constants, segment);

        // Spec 3.4.1: every function body against its type. (The decoder guarantees one body per
        // function; a module built by other means might not.)
        if (module.Codes.Length != module.FunctionTypeIndices.Length)
            throw new InvalidModuleException("function and code section have inconsistent lengths");
        var validator = new FunctionValidator(context);
        int importedFunctions = module.ImportedFunctionCount;
        for (int i = 0; i < module.Codes.Length; i++)
            validator.ValidateBody(functions[importedFunctions + i], module.Codes[i]);

        // Spec 3.4.8: the start function takes and returns nothing.
        if (module.StartFunctionIndex is { } start)
        {
            var type = FunctionAt(context, start);
            if (type.Parameters.Length != 0 || type.Results.Length != 0)
                throw new InvalidModuleException("start function must not have parameters or results");
        }

        // Spec 3.4.9 and 3.4.10: exports name existing things, under distinct names.
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var export in module.Exports)
        {
            uint index = (uint)export.Index;
            switch (export.Kind)
            {
                case ExternalKind.Function: FunctionAt(context, export.Index); break;
                case ExternalKind.Table:
                    if (index >= (uint)context.Tables.Length) throw new InvalidModuleException($"unknown table {index}");
                    break;
                case ExternalKind.Memory:
                    if (index >= (uint)context.Memories.Length) throw new InvalidModuleException($"unknown memory {index}");
                    break;
                case ExternalKind.Global:
                    if (index >= (uint)context.Globals.Length) throw new InvalidModuleException($"unknown global {index}");
                    break;
                case ExternalKind.Tag:
                    if (index >= (uint)context.Tags.Length) throw new InvalidModuleException($"unknown tag {index}");
                    break;
            }
            if (!names.Add(export.Name))
                throw new InvalidModuleException($"duplicate export name \"{export.Name}\"");
        }

        if (features is { MultipleTables: false } && context.Tables.Length > 1)
            throw new InvalidModuleException("multiple tables");
        // Wasm 2.0 allows one memory; 3.0 any number (multi-memory).
        if (!features.MultiMemory && context.Memories.Length > 1)
            throw new InvalidModuleException("multiple memories");
        return context;
    }

    // Exception handling: a tag's type is a function type with no results (its parameters are what exceptions carry).
    private static FuncType[] TagTypes(Module module) => Array.ConvertAll(module.TagTypeIndexSpace(), index =>
    {
        var type = TypeAt(module, index);
        if (type.Results.Length != 0) throw new InvalidModuleException("non-empty tag result type");
        return type;
    });

    // A function's or tag's type must be a function type.
    private static FuncType TypeAt(Module module, int index)
    {
        if ((uint)index >= (uint)module.Types.Length) throw new InvalidModuleException($"unknown type {(uint)index}");
        if (!module.IsFunctionType(index)) throw new InvalidModuleException($"type mismatch: type {index} is not a function type");
        return module.Types[index];
    }

    private static FuncType FunctionAt(ModuleContext context, int index) =>
        (uint)index < (uint)context.Functions.Length ? context.Functions[index] : throw new InvalidModuleException($"unknown function {(uint)index}");

    // Spec 3.2.4: a table's size fits its address type (u32, or u64 for a table64, where any value does).
    private static void ValidateTableType(Module module, TableType table)
    {
        ValidateLimits(table.Limits, table.Is64 ? ulong.MaxValue : uint.MaxValue, "table size must be at most 2^32-1");
        ModuleContext.CheckValueType(table.ElementType, module.Types.Length);
    }

    // Spec 3.2.3 (3.0): a type's references may name any type up to the end of its recursive group; its supertypes
    // (at most one) must come before it, not be final, and have a composite type this one matches.
    private static void ValidateTypeSection(Module module)
    {
        var definitions = module.TypeDefinitions;
        foreach (var group in module.RecGroups)
        {
            for (int i = group.Start; i < group.End; i++)
            {
                foreach (var type in ValueTypesOf(definitions[i].Composite)) ModuleContext.CheckValueType(type, group.End);
                var supertypes = definitions[i].Supertypes;
                if (supertypes.Length > 1) throw new InvalidModuleException($"sub type {i} has {supertypes.Length} supertypes, at most 1 is allowed");
                foreach (int super in supertypes)
                    if ((uint)super >= (uint)i) throw new InvalidModuleException($"unknown type {(uint)super}");
            }
        }
        if (!HasSupertypes(definitions)) return;
        var canonical = module.CanonicalTypes;
        for (int i = 0; i < definitions.Length; i++)
        {
            foreach (int super in definitions[i].Supertypes)
            {
                if (definitions[super].IsFinal) throw new InvalidModuleException($"sub type {i} has final super type {super}");
                if (!SubtypeRules.CompositeMatches(definitions[i].Composite, definitions[super].Composite, canonical))
                    throw new InvalidModuleException($"sub type {i} does not match super type {super}");
            }
        }
    }

    private static bool HasSupertypes(SubType[] definitions)
    {
        foreach (var definition in definitions)
            if (definition.Supertypes.Length != 0) return true;
        return false;
    }

    private static IEnumerable<ValueType> ValueTypesOf(CompositeType composite)
    {
        switch (composite)
        {
            case FuncType f:
                foreach (var t in f.Parameters) yield return t;
                foreach (var t in f.Results) yield return t;
                break;
            case StructType s:
                foreach (var field in s.Fields) yield return field.Storage;
                break;
            case ArrayType a:
                yield return a.Element.Storage;
                break;
        }
    }

    // Spec 3.2.5: at most 2^16 pages of 64 KiB, or 2^48 for a memory64 (2^64 bytes).
    private static void ValidateMemoryType(MemoryType memory)
    {
        if (memory.Is64) ValidateLimits(memory.Limits, MemoryType.MaxPages64, "memory size must be at most 2^48 pages");
        else ValidateLimits(memory.Limits, MemoryType.MaxPages32, "memory size must be at most 65536 pages (4GiB)");
        // Threads proposal: a shared memory never moves or grows past a size fixed in advance.
        if (memory.Shared && memory.Limits.Max is null)
            throw new InvalidModuleException("shared memory must have maximum");
    }

    private static void ValidateLimits(Limits limits, ulong range, string rangeMessage)
    {
        if (limits.Min > range)
            throw new InvalidModuleException(rangeMessage);
        if (limits.Max is { } max)
        {
            if (max > range)
                throw new InvalidModuleException(rangeMessage);
            if (limits.Min > max)
                throw new InvalidModuleException("size minimum must not be greater than maximum");
        }
    }

    // Spec 3.4.6: items of the segment's type; an active segment's table holds that type and its offset has the table's address type.
    private static void ValidateElementSegment(ModuleContext context, ConstantExpressionValidator constants, ElementSegment segment)
    {
        if (segment.FunctionIndices is { } indices)
            foreach (int index in indices) FunctionAt(context, index);
        context.CheckValueType(segment.ElementType);
        if (segment.Expressions is { } expressions)
            foreach (var e in expressions) constants.Validate(e, segment.ElementType);
        if (segment.Mode == SegmentMode.Active)
        {
            uint tableIndex = (uint)segment.TableIndex;
            if (tableIndex >= (uint)context.Tables.Length)
                throw new InvalidModuleException($"unknown table {tableIndex}", segment.Offset?.Offset ?? -1);
            var table = context.Tables[tableIndex];
            if (!ReferenceTypes.Matches(segment.ElementType, table.ElementType, context.CanonicalTypes))
                throw new InvalidModuleException(
                    $"type mismatch: element segment of {segment.ElementType.ToText()} for a table of {table.ElementType.ToText()}",
                    segment.Offset?.Offset ?? -1);
            constants.Validate(segment.Offset!.Value, table.AddressType);
        }
    }

    // Spec 3.4.7: an active segment's memory exists and its offset has the memory's address type.
    private static void ValidateDataSegment(ModuleContext context, ConstantExpressionValidator constants, DataSegment segment)
    {
        if (segment.Mode != SegmentMode.Active) return;
        uint memoryIndex = (uint)segment.MemoryIndex;
        if (memoryIndex >= (uint)context.Memories.Length)
            throw new InvalidModuleException($"unknown memory {memoryIndex}", segment.Offset?.Offset ?? -1);
        constants.Validate(segment.Offset!.Value, context.Memories[memoryIndex].AddressType);
    }
}
