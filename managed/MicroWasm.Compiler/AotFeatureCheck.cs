using MicroWasm.Instructions;

namespace MicroWasm.Compiler;

/// <summary>
/// The WebAssembly 3.0 features the C translation does not implement yet. <c>microwasm compile</c> refuses a module that
/// uses one with an error naming the feature; the interpreter runs such modules.
/// </summary>
internal static class AotFeatureCheck
{
    /// <exception cref="UnsupportedFeatureException">
    /// The module uses tail calls, exception handling or GC types.
    /// </exception>
    public static void Check(Module module)
    {
        // Exceptions would need the generated C to unwind wasm frames to a handler (and host frames between them).
        if (module.TotalTagCount > 0)
            throw new UnsupportedFeatureException($"exception handling ({module.TotalTagCount} tag{(module.TotalTagCount == 1 ? "" : "s")}) in AOT code; the interpreter runs this module");

        // GC types: recursive groups, declared subtypes, structs and arrays have no C translation yet.
        if (GcTypeIn(module) is { } gc)
            throw new UnsupportedFeatureException($"garbage collection types ({gc}) in AOT code; the interpreter runs this module");

        // References of GC's and exceptions' hierarchies (anyref, i31ref, exnref...): only handles to functions and host
        // objects have a C translation (typed ones included: (ref $t), (ref null func), nullexternref...).
        if (ReferenceOutsideFunctionsAndHostObjects(module) is { } reference)
            throw new UnsupportedFeatureException(ReferenceTypes.TopOf(ReferenceTypes.HeapOf(reference), []) == HeapType.Exn
                ? $"exception handling ({reference.ToText()} values) in AOT code; the interpreter runs this module"
                : $"garbage collection types ({reference.ToText()} values) in AOT code; the interpreter runs this module");

        // Tail calls need a jump that keeps the stack (C has none; gcc has no musttail), so they are refused for now.
        foreach (var body in module.Codes)
        {
            var reader = new InstructionReader(body.Code.Span, body.CodeOffset);
            while (!reader.AtEnd)
            {
                reader.Read(out var instr);
                if (instr.Opcode is Opcode.ReturnCall or Opcode.ReturnCallIndirect or Opcode.ReturnCallRef)
                    throw new UnsupportedFeatureException($"tail calls ({InstructionTable.MnemonicOf(instr.Opcode)}) in AOT code; the interpreter runs this module");
                if (instr.Opcode is Opcode.TryTable or Opcode.Try or Opcode.ThrowRef or Opcode.Rethrow or Opcode.Delegate)
                    throw new UnsupportedFeatureException($"exception handling ({InstructionTable.MnemonicOf(instr.Opcode)}) in AOT code; the interpreter runs this module");
            }
        }
    }

    /// <summary>The first type definition that needs GC: a struct, an array, a non-final or subtype, or a group of several.</summary>
    private static string? GcTypeIn(Module module)
    {
        foreach (var group in module.RecGroups)
            if (group.Count > 1) return $"a recursive group of {group.Count} types";
        foreach (var definition in module.TypeDefinitions)
            if (definition.Composite is not FuncType || !definition.IsFinal || definition.Supertypes.Length > 0) return definition.ToString();
        return null;
    }

    /// <summary>The first reference type in the module's types, tables, globals and locals that is not a handle (<see cref="CNames.IsHandle"/>).</summary>
    private static ValueType? ReferenceOutsideFunctionsAndHostObjects(Module module)
    {
        var types = module.Types.SelectMany(t => t.Parameters.Concat(t.Results))
            .Concat(module.Tables.Select(t => t.ElementType))
            .Concat(module.Globals.Select(g => g.Type.ValueType))
            .Concat(module.Imports.Where(i => i.Kind == ExternalKind.Table).Select(i => i.Table!.ElementType))
            .Concat(module.Imports.Where(i => i.Kind == ExternalKind.Global).Select(i => i.Global!.ValueType))
            .Concat(module.Codes.SelectMany(c => c.Locals.ToArray().Select(l => l.Type)));
        foreach (var t in types)
            if (t.IsReference() && !CNames.IsHandle(t)) return t;
        return null;
    }
}
