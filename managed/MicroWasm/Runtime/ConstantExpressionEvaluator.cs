using System.Buffers.Binary;
using MicroWasm.Instructions;

namespace MicroWasm.Runtime;

/// <summary>
/// Evaluates constant expressions (spec 3.3.10, 4.4.10) during instantiation: a small stack machine over the
/// instructions a constant expression may hold. Validation has already checked the expression's types, so the
/// evaluator trusts them.
/// </summary>
/// <remarks>
/// A stack, not a single value, so the extended-const proposal (WebAssembly 3.0: i32/i64 add, sub, mul) fits
/// without changing the shape; those operators are evaluated here already and the validator decides whether a
/// module may use them. <c>global.get</c> reads any global already initialised in the instance:
/// imports in WebAssembly 2.0, earlier definitions too in 3.0.
/// </remarks>
internal static class ConstantExpressionEvaluator
{
    public static Value Evaluate(in ConstantExpression expression, ModuleInstance instance)
    {
        var reader = new InstructionReader(expression.Code.Span, expression.Offset);
        var stack = new Stack<Value>(2);
        while (!reader.AtEnd)
        {
            reader.Read(out var instr);
            switch (instr.Opcode)
            {
                case Opcode.I32Const: stack.Push(Value.I32((int)instr.Bits)); break;
                case Opcode.I64Const: stack.Push(Value.I64((long)instr.Bits)); break;
                case Opcode.F32Const: stack.Push(Value.F32FromBits((uint)instr.Bits)); break;
                case Opcode.F64Const: stack.Push(Value.F64FromBits(instr.Bits)); break;
                case Opcode.V128Const:
                    ReadOnlySpan<byte> bytes = instr.V128;
                    stack.Push(Value.V128(BinaryPrimitives.ReadUInt64LittleEndian(bytes), BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..])));
                    break;
                case Opcode.RefNull: stack.Push(Value.Default(instr.ValueType, instance.Module.CanonicalTypes)); break;
                case Opcode.RefFunc: stack.Push(Value.FuncRef(instance.Functions[instr.Index])); break;
                case Opcode.GlobalGet: stack.Push(instance.Globals[instr.Index].Value); break;

                // Extended constant expressions (WebAssembly 3.0): wrapping arithmetic, as the instructions themselves.
                case Opcode.I32Add: Binary32(stack, static (a, b) => unchecked(a + b)); break;
                case Opcode.I32Sub: Binary32(stack, static (a, b) => unchecked(a - b)); break;
                case Opcode.I32Mul: Binary32(stack, static (a, b) => unchecked(a * b)); break;
                case Opcode.I64Add: Binary64(stack, static (a, b) => unchecked(a + b)); break;
                case Opcode.I64Sub: Binary64(stack, static (a, b) => unchecked(a - b)); break;
                case Opcode.I64Mul: Binary64(stack, static (a, b) => unchecked(a * b)); break;

                // GC (WebAssembly 3.0): allocation and conversions are constant.
                case Opcode.StructNew or Opcode.StructNewDefault:
                {
                    var type = instance.Module.CanonicalTypes[instr.Index];
                    var created = new StructInstance(type, GcLayout.Of(type));
                    if (instr.Opcode == Opcode.StructNew)
                        for (int i = created.FieldCount - 1; i >= 0; i--) created.SetField(i, stack.Pop());
                    stack.Push(Value.AnyRef(created));
                    break;
                }
                case Opcode.ArrayNew or Opcode.ArrayNewDefault or Opcode.ArrayNewFixed:
                {
                    int length = instr.Opcode == Opcode.ArrayNewFixed ? (int)instr.Index2 : stack.Pop().AsI32();
                    var created = ArrayInstance.Allocate(instance.Module.CanonicalTypes[instr.Index], (uint)length, instance.Store.Options)
                        ?? throw new TrapException(TrapKind.ArrayTooLarge);
                    if (instr.Opcode == Opcode.ArrayNew)
                    {
                        var value = stack.Pop();
                        for (int i = 0; i < length; i++) created.SetElement(i, value);
                    }
                    else if (instr.Opcode == Opcode.ArrayNewFixed)
                        for (int i = length - 1; i >= 0; i--) created.SetElement(i, stack.Pop());
                    stack.Push(Value.AnyRef(created));
                    break;
                }
                case Opcode.RefI31: stack.Push(Value.I31(stack.Pop().AsI32())); break;
                case Opcode.AnyConvertExtern: stack.Push(Value.AnyRef(stack.Pop().Reference)); break;
                case Opcode.ExternConvertAny: stack.Push(Value.ExternRef(stack.Pop().Reference)); break;

                case Opcode.End:
                    if (reader.AtEnd && stack.Count == 1) return stack.Pop();
                    throw new InvalidModuleException("type mismatch", instr.Offset);
                default:
                    throw new InvalidModuleException("constant expression required", instr.Offset);
            }
        }
        // Unreachable for validated modules, whose constant expressions end with `end`.
        throw new MalformedModuleException("unexpected end", expression.Offset + expression.Code.Length);
    }

    private static void Binary32(Stack<Value> stack, Func<int, int, int> op)
    {
        int b = stack.Pop().AsI32(), a = stack.Pop().AsI32();
        stack.Push(Value.I32(op(a, b)));
    }

    private static void Binary64(Stack<Value> stack, Func<long, long, long> op)
    {
        long b = stack.Pop().AsI64(), a = stack.Pop().AsI64();
        stack.Push(Value.I64(op(a, b)));
    }
}
