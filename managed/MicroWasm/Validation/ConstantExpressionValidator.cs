using MicroWasm.Instructions;

namespace MicroWasm.Validation;

/// <summary>
/// Validates constant expressions (spec 3.3.10): global initializers, segment offsets and element
/// items. Every instruction must be constant: <c>t.const</c>, <c>ref.null</c>, <c>ref.func</c>, or
/// <c>global.get</c> of an immutable global, which in Wasm 2.0 must be an imported one (spec 3.4.10:
/// the context for them holds only the imported globals). Then the expression must produce exactly
/// one value of the expected type.
/// </summary>
/// <remarks>
/// With extended constant expressions (WebAssembly 3.0, <see cref="WasmFeatures.ExtendedConstants"/>) <c>i32</c>/<c>i64</c>
/// <c>add</c>, <c>sub</c> and <c>mul</c> are constant too, and <c>global.get</c> may read any immutable global defined
/// before the expression's own global (every global, for segments). With GC (3.0) <c>struct.new</c>,
/// <c>struct.new_default</c>, <c>array.new</c>, <c>array.new_default</c>, <c>array.new_fixed</c>, <c>ref.i31</c>,
/// <c>any.convert_extern</c> and <c>extern.convert_any</c> are constant too.
/// </remarks>
internal sealed class ConstantExpressionValidator(ModuleContext context, WasmFeatures features)
{
    private readonly FunctionValidator _typing = new(context);
    private readonly FuncType[] _resultTypes = new FuncType[256];

    /// <summary>
    /// Checks <paramref name="expression"/> and that it produces one <paramref name="expected"/>; with extended constants
    /// <c>global.get</c> may read the first <paramref name="visibleGlobals"/> globals (those before the global being
    /// initialised; all of them for segments).
    /// </summary>
    public void Validate(ConstantExpression expression, ValueType expected, int visibleGlobals = int.MaxValue)
    {
        int readableGlobals = features.ExtendedConstants ? Math.Min(visibleGlobals, context.Globals.Length) : context.ImportedGlobalCount;
        // First, as the reference interpreter does, that every instruction is constant.
        var reader = new InstructionReader(expression.Code.Span, expression.Offset);
        while (!reader.AtEnd)
        {
            reader.Read(out var instr);
            switch (instr.Opcode)
            {
                case Opcode.I32Const:
                case Opcode.I64Const:
                case Opcode.F32Const:
                case Opcode.F64Const:
                case Opcode.V128Const:
                case Opcode.RefNull:
                case Opcode.RefFunc:
                case Opcode.End:
                    break;
                case Opcode.I32Add or Opcode.I32Sub or Opcode.I32Mul or Opcode.I64Add or Opcode.I64Sub or Opcode.I64Mul
                    when features.ExtendedConstants:
                    break;
                // GC (3.0): allocating a struct, an array or an i31, and converting between extern and any.
                case Opcode.StructNew or Opcode.StructNewDefault or Opcode.ArrayNew or Opcode.ArrayNewDefault or Opcode.ArrayNewFixed
                    or Opcode.RefI31 or Opcode.AnyConvertExtern or Opcode.ExternConvertAny
                    when features.Gc:
                    break;
                case Opcode.GlobalGet:
                    if (instr.Index >= (uint)readableGlobals)
                        throw new InvalidModuleException($"unknown global {instr.Index}", instr.Offset);
                    if (context.Globals[instr.Index].Mutable)
                        throw new InvalidModuleException("constant expression required", instr.Offset);
                    break;
                default:
                    throw new InvalidModuleException("constant expression required", instr.Offset);
            }
        }

        // Then its type, as a block of type [] -> [expected].
        var type = ReferenceTypes.IsTyped(expected) ? new FuncType([], [expected]) : _resultTypes[(byte)expected] ??= new FuncType([], [expected]);
        _typing.ValidateExpression(type, [], expression.Code.Span, expression.Offset);
    }
}
