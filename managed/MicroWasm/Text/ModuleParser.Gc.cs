using MicroWasm.Instructions;

namespace MicroWasm.Text;

/// <summary>The immediates of the GC instructions (WebAssembly 3.0, spec 6.5.x "aggregate reference instructions").</summary>
internal sealed partial class ModuleParser
{
    /// <summary>
    /// The two-index immediates: <c>struct.get $t $f</c> (the field by index or by the struct type's own field
    /// identifier), <c>array.new_fixed $t n</c>, <c>array.new_data $t $d</c>, <c>array.new_elem $t $e</c> and
    /// <c>array.copy $t1 $t2</c>.
    /// </summary>
    private void WriteTypeAndSecondIndex(ImmediateKind kind, ByteWriter code)
    {
        uint type = _types.Resolve(_r);
        code.WriteU32(type);
        switch (kind)
        {
            case ImmediateKind.TypeAndField:
                code.WriteU32(FieldNames(type).Resolve(_r));
                break;
            case ImmediateKind.TypeAndCount:
                code.WriteU32(_r.ExpectU32());
                break;
            case ImmediateKind.TypeAndData:
                code.WriteU32(ResolveDataIndex());
                break;
            case ImmediateKind.TypeAndElement:
                code.WriteU32(_elems.Resolve(_r));
                break;
            default:
                code.WriteU32(_types.Resolve(_r));
                break;
        }
    }

    /// <summary>
    /// <c>ref.test rt</c> and <c>ref.cast rt</c>: the reference type's nullability picks the opcode (ref.test or
    /// ref.test null), which is followed by the heap type alone (spec 5.4.x).
    /// </summary>
    private void WriteCast(OpcodeInfo info, ByteWriter code)
    {
        var type = ParseReferenceType();
        bool nullable = ReferenceTypes.IsNullable(type);
        var opcode = info.Opcode switch
        {
            Opcode.RefTest => nullable ? Opcode.RefTestNull : Opcode.RefTest,
            _ => nullable ? Opcode.RefCastNull : Opcode.RefCast,
        };
        InstructionTable.TryGet(opcode, out var chosen);
        WriteOpcode(chosen, code);
        code.WriteHeapType(ReferenceTypes.HeapOf(type));
    }

    /// <summary>
    /// <c>br_on_cast l rt1 rt2</c> and <c>br_on_cast_fail</c>: a flags byte (bit 0: rt1 is nullable, bit 1: rt2 is),
    /// the label, then both heap types.
    /// </summary>
    private void WriteBranchOnCast(FunctionContext context, ByteWriter code)
    {
        uint label = ResolveLabel(context);
        var source = ParseReferenceType();
        var target = ParseReferenceType();
        code.WriteByte((byte)((ReferenceTypes.IsNullable(source) ? 1 : 0) | (ReferenceTypes.IsNullable(target) ? 2 : 0)));
        code.WriteU32(label);
        code.WriteHeapType(ReferenceTypes.HeapOf(source));
        code.WriteHeapType(ReferenceTypes.HeapOf(target));
    }
}
