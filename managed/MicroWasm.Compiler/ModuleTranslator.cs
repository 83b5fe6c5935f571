using System.Text;

namespace MicroWasm.Compiler;

/// <summary>
/// A module as C translation units: each starts with the prelude and the prototypes of every function; the first also
/// holds the image's runtime (trampoline, trap, setjmp). Large modules are split so the C compiler can run in parallel.
/// </summary>
internal sealed class ModuleTranslator
{
    private readonly ModuleInfo _module;
    private readonly AotTarget _target;

    public ModuleTranslator(Module module, AotTarget target)
    {
        _module = new ModuleInfo(module);
        _target = target;
    }

    internal ModuleInfo Info => _module;

    /// <summary>Translates every defined function.</summary>
    /// <param name="maxUnitBytes">Functions are grouped into units of about this many bytes of C (at least one function each).</param>
    /// <param name="progress">Gets (done, total) now and then.</param>
    public List<string> Translate(int maxUnitBytes, Action<int, int>? progress = null)
    {
        int defined = _module.Module.Codes.Length;
        var functions = new string[defined];
        long total = 0;
        // v128 in any signature (prototypes, result structs) or global, or any vector instruction: the SIMD prelude.
        bool simd = _module.Module.Types.Any(t => t.Parameters.Contains(ValueType.V128) || t.Results.Contains(ValueType.V128))
            || _module.GlobalTypes.Any(g => g.ValueType == ValueType.V128);
        // Translate once as static (one unit) and decide afterwards: a module that fits one unit keeps internal linkage,
        // so the C compiler may inline and drop functions freely.
        for (int i = 0; i < defined; i++)
        {
            var translator = new FunctionTranslator(_module, _module.ImportedFunctionCount + i);
            functions[i] = translator.Translate(isStatic: true);
            simd |= translator.UsesSimd;
            total += functions[i].Length;
            if (progress is not null && (i % 500 == 499 || i == defined - 1)) progress(i + 1, defined);
        }
        bool split = total > maxUnitBytes;
        if (split)
        {
            for (int i = 0; i < defined; i++)
            {
                int index = _module.ImportedFunctionCount + i;
                string staticPrototype = FunctionTranslator.Prototype(_module, index, isStatic: true);
                int at = functions[i].IndexOf(staticPrototype, StringComparison.Ordinal);
                functions[i] = functions[i][..at] + FunctionTranslator.Prototype(_module, index, isStatic: false) + functions[i][(at + staticPrototype.Length)..];
            }
        }

        string header = Header(split, simd);
        var units = new List<string>();
        var unit = new StringBuilder(header).Append(CPrelude.Runtime(_target));
        for (int i = 0; i < defined; i++)
        {
            if (split && unit.Length > header.Length && unit.Length + functions[i].Length > maxUnitBytes)
            {
                units.Add(unit.ToString());
                unit = new StringBuilder(header);
            }
            unit.Append(functions[i]);
            int index = _module.ImportedFunctionCount + i;
            if (_module.Escaping.Contains(index))
            {
                unit.Append(Wrapper(index));
                // Its address taken, the C function keeps its plain signature under its own name, whatever the C
                // compiler clones or inlines: call_indirect calls it there (AotImage.DirectEntry).
                unit.Append($"__attribute__((used)) static void* const mw_keep{index} = (void*){_module.FunctionNames[index]};\n\n");
            }
        }
        units.Add(unit.ToString());
        return units;
    }

    private string Header(bool split, bool simd)
    {
        var c = new StringBuilder(CPrelude.Header(_target));
        if (simd) c.Append(CSimdOps.Prelude);
        var resultStructs = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in _module.Module.Types)
        {
            if (type.Results.Length > 1)
            {
                var s = new StringBuilder($"typedef struct {{");
                for (int i = 0; i < type.Results.Length; i++) s.Append($" {CNames.Type(type.Results[i])} v{i};");
                resultStructs.Add(s.Append($" }} {CNames.ResultStruct(type.Results)};").ToString());
            }
        }
        foreach (var s in resultStructs)
        {
            string name = s[(s.LastIndexOf('}') + 2)..^1];
            c.Append($"#ifndef DEFINED_{name}\n#define DEFINED_{name}\n{s}\n#endif\n");
        }
        for (int i = _module.ImportedFunctionCount; i < _module.FunctionTypes.Length; i++)
            c.Append(FunctionTranslator.Prototype(_module, i, isStatic: !split)).Append(";\n");
        c.Append('\n');
        return c.ToString();
    }

    /// <summary>How the runtime enters a function: arguments from 64-bit slots, results back into them.</summary>
    private string Wrapper(int index)
    {
        var type = _module.FunctionTypes[index];
        var c = new StringBuilder();
        c.Append($"__attribute__((used)) static void {CNames.Wrapper(index)}(mw_ctx* ctx, u64* s) {{\n  ");
        // Called through a pointer the C compiler cannot see through, so the function keeps its own code (rather than
        // being inlined here): a fault in it is then found in its code range and the trap names it.
        string name = _module.FunctionNames[index];
        c.Append($"__typeof__({name})* f_ = {name}; __asm__(\"\" : \"+r\"(f_));\n  ");
        var args = new StringBuilder();
        for (int i = 0, slot = 0; i < type.Parameters.Length; slot += CNames.SlotWidth(type.Parameters[i]), i++)
            args.Append(", ").Append(CNames.FromSlot(type.Parameters[i], $"s[{slot}]"));
        string call = $"f_(ctx{args})";
        switch (type.Results.Length)
        {
            case 0:
                c.Append(call).Append(";\n");
                break;
            case 1:
                c.Append(CNames.StoreToSlot(type.Results[0], "s[0]", call)).Append(";\n");
                break;
            default:
                c.Append($"{CNames.ResultStruct(type.Results)} r_ = {call};\n");
                for (int i = 0, slot = 0; i < type.Results.Length; slot += CNames.SlotWidth(type.Results[i]), i++)
                    c.Append($"  {CNames.StoreToSlot(type.Results[i], $"s[{slot}]", $"r_.v{i}")};\n");
                break;
        }
        return c.Append("}\n\n").ToString();
    }
}
