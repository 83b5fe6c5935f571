using MicroWasm.Instructions;

namespace MicroWasm.Validation;

/// <summary>
/// Computes C.refs (spec 3.4.10): the function indices that occur in the module outside function
/// bodies and the start function. Only these may be named by <c>ref.func</c> in a function body,
/// so that an engine knows up front which functions can become references.
/// </summary>
internal static class DeclaredFunctionReferences
{
    public static bool[] Of(Module module, int functionCount)
    {
        var declared = new bool[functionCount];
        void Declare(long index)
        {
            if ((ulong)index < (ulong)declared.Length) declared[index] = true;
        }

        foreach (var export in module.Exports)
            if (export.Kind == ExternalKind.Function) Declare((uint)export.Index);
        foreach (var global in module.Globals)
            ScanExpression(global.Init, Declare);
        foreach (var init in module.TableInitializers)
            if (init is { } expression) ScanExpression(expression, Declare);
        foreach (var segment in module.Elements)
        {
            if (segment.Offset is { } offset) ScanExpression(offset, Declare);
            if (segment.FunctionIndices is { } indices)
                foreach (int index in indices) Declare((uint)index);
            if (segment.Expressions is { } expressions)
                foreach (var e in expressions) ScanExpression(e, Declare);
        }
        foreach (var segment in module.Data)
            if (segment.Offset is { } offset) ScanExpression(offset, Declare);
        return declared;
    }

    private static void ScanExpression(ConstantExpression expression, Action<long> declare)
    {
        var reader = new InstructionReader(expression.Code.Span, expression.Offset);
        while (!reader.AtEnd)
        {
            reader.Read(out var instr);
            if (instr.Opcode == Opcode.RefFunc) declare(instr.Index);
        }
    }
}
