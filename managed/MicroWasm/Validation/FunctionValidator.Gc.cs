using MicroWasm.Instructions;

namespace MicroWasm.Validation;

/// <summary>
/// The GC instructions (WebAssembly 3.0, spec 3.3.x "aggregate reference instructions", "i31", "casts", "extern
/// conversion"): structs and arrays by type index, i31 references, ref.eq, casts and branches on casts.
/// </summary>
public sealed partial class FunctionValidator
{
    /// <summary>Validates a GC instruction; false when <paramref name="instr"/> is not one.</summary>
    private bool TryValidateGc(in Instruction instr)
    {
        int at = instr.Offset;
        switch (instr.Opcode)
        {
            case Opcode.StructNew:
            {
                var type = StructTypeAt(instr.Index, at);
                for (int i = type.Fields.Length - 1; i >= 0; i--) PopOperand(type.Fields[i].Unpacked, at);
                PushOperand(DefinedReference(instr.Index, nullable: false));
                break;
            }
            case Opcode.StructNewDefault:
                foreach (var field in StructTypeAt(instr.Index, at).Fields) RequireDefaultable(field, "field type", at);
                PushOperand(DefinedReference(instr.Index, nullable: false));
                break;
            case Opcode.StructGet or Opcode.StructGetS or Opcode.StructGetU:
            {
                var field = Field(in instr, at);
                RequirePackedAccess(field, instr.Opcode != Opcode.StructGet, "field", at);
                PopOperand(DefinedReference(instr.Index, nullable: true), at);
                PushOperand(field.Unpacked);
                break;
            }
            case Opcode.StructSet:
            {
                var field = Field(in instr, at);
                if (!field.Mutable) throw Invalid($"immutable field {instr.Index2}", at);
                PopOperand(field.Unpacked, at);
                PopOperand(DefinedReference(instr.Index, nullable: true), at);
                break;
            }
            case Opcode.ArrayNew:
                PopOperand(ValueType.I32, at);
                PopOperand(ArrayTypeAt(instr.Index, at).Element.Unpacked, at);
                PushOperand(DefinedReference(instr.Index, nullable: false));
                break;
            case Opcode.ArrayNewDefault:
                RequireDefaultable(ArrayTypeAt(instr.Index, at).Element, "array type", at);
                PopOperand(ValueType.I32, at);
                PushOperand(DefinedReference(instr.Index, nullable: false));
                break;
            case Opcode.ArrayNewFixed:
            {
                var element = ArrayTypeAt(instr.Index, at).Element.Unpacked;
                // Beyond the block's operands every pop fails, or in unreachable code gives Unknown: one more is enough,
                // so a count of 2^32-1 costs nothing.
                uint count = Math.Min(instr.Index2, (uint)(_operandCount - _frames[_frameCount - 1].Height) + 1);
                for (uint i = 0; i < count; i++) PopOperand(element, at);
                PushOperand(DefinedReference(instr.Index, nullable: false));
                break;
            }
            case Opcode.ArrayNewData:
                RequireNumericElement(ArrayTypeAt(instr.Index, at), at);
                Data(instr.Index2, at);
                PopI32s(2, at);
                PushOperand(DefinedReference(instr.Index, nullable: false));
                break;
            case Opcode.ArrayNewElem:
                RequireSegmentMatches(ArrayTypeAt(instr.Index, at), instr.Index2, at);
                PopI32s(2, at);
                PushOperand(DefinedReference(instr.Index, nullable: false));
                break;
            case Opcode.ArrayGet or Opcode.ArrayGetS or Opcode.ArrayGetU:
            {
                var element = ArrayTypeAt(instr.Index, at).Element;
                RequirePackedAccess(element, instr.Opcode != Opcode.ArrayGet, "array", at);
                PopOperand(ValueType.I32, at);
                PopOperand(DefinedReference(instr.Index, nullable: true), at);
                PushOperand(element.Unpacked);
                break;
            }
            case Opcode.ArraySet:
            {
                var element = MutableArrayElement(instr.Index, at);
                PopOperand(element.Unpacked, at);
                PopOperand(ValueType.I32, at);
                PopOperand(DefinedReference(instr.Index, nullable: true), at);
                break;
            }
            case Opcode.ArrayLen:
                PopOperand(ReferenceTypes.Reference(HeapType.Array, nullable: true), at);
                PushOperand(ValueType.I32);
                break;
            case Opcode.ArrayFill:
            {
                var element = MutableArrayElement(instr.Index, at);
                PopOperand(ValueType.I32, at);
                PopOperand(element.Unpacked, at);
                PopOperand(ValueType.I32, at);
                PopOperand(DefinedReference(instr.Index, nullable: true), at);
                break;
            }
            case Opcode.ArrayCopy:
            {
                var destination = MutableArrayElement(instr.Index, at);
                var source = ArrayTypeAt(instr.Index2, at).Element;
                if (!StorageMatches(source, destination))
                    throw Invalid($"array types do not match: array.copy from {source} to {destination}", at);
                PopI32s(2, at);
                PopOperand(DefinedReference(instr.Index2, nullable: true), at);
                PopOperand(ValueType.I32, at);
                PopOperand(DefinedReference(instr.Index, nullable: true), at);
                break;
            }
            case Opcode.ArrayInitData:
                MutableArrayElement(instr.Index, at);
                RequireNumericElement(ArrayTypeAt(instr.Index, at), at);
                Data(instr.Index2, at);
                PopI32s(3, at);
                PopOperand(DefinedReference(instr.Index, nullable: true), at);
                break;
            case Opcode.ArrayInitElem:
                MutableArrayElement(instr.Index, at);
                RequireSegmentMatches(ArrayTypeAt(instr.Index, at), instr.Index2, at);
                PopI32s(3, at);
                PopOperand(DefinedReference(instr.Index, nullable: true), at);
                break;

            case Opcode.RefI31:
                PopOperand(ValueType.I32, at);
                PushOperand(ReferenceTypes.Reference(HeapType.I31, nullable: false));
                break;
            case Opcode.I31GetS or Opcode.I31GetU:
                PopOperand(ReferenceTypes.Reference(HeapType.I31, nullable: true), at);
                PushOperand(ValueType.I32);
                break;
            case Opcode.RefEq:
                PopOperand(EqReference, at);
                PopOperand(EqReference, at);
                PushOperand(ValueType.I32);
                break;
            case Opcode.AnyConvertExtern:
                PushOperand(ConvertedReference(PopOperand(ValueType.ExternRef, at), HeapType.Any));
                break;
            case Opcode.ExternConvertAny:
                PushOperand(ConvertedReference(PopOperand(ReferenceTypes.Reference(HeapType.Any, nullable: true), at), HeapType.Extern));
                break;

            // Casts: the operand may be any reference of the target's hierarchy.
            case Opcode.RefTest or Opcode.RefTestNull:
                _context.CheckValueType(instr.ValueType, at);
                PopOperand(TopReference(instr.ValueType), at);
                PushOperand(ValueType.I32);
                break;
            case Opcode.RefCast or Opcode.RefCastNull:
                _context.CheckValueType(instr.ValueType, at);
                PopOperand(TopReference(instr.ValueType), at);
                PushOperand(instr.ValueType);
                break;
            case Opcode.BrOnCast or Opcode.BrOnCastFail:
                ValidateBranchOnCast(in instr, at);
                break;
            default:
                return false;
        }
        return true;
    }

    // br_on_cast l rt1 rt2: [t* rt1] -> [t* (rt1 \ rt2)], branching with rt2; br_on_cast_fail the reverse. rt2 must
    // match rt1, and what the branch carries the label's last type.
    private void ValidateBranchOnCast(in Instruction instr, int at)
    {
        var source = instr.ValueType;
        var target = instr.TargetType;
        _context.CheckValueType(source, at);
        _context.CheckValueType(target, at);
        if (!Matches(target, source))
            throw Invalid($"type mismatch on cast: type {target.ToText()} does not match {source.ToText()}", at);
        // rt1 \ rt2: a null that passes the cast is not left behind.
        var difference = ReferenceTypes.IsNullable(target) ? ReferenceTypes.AsNonNullable(source) : source;
        var (branched, remaining) = instr.Opcode == Opcode.BrOnCast ? (target, difference) : (difference, target);
        var types = Label(instr.Index, at).LabelTypes;
        if (types.Length == 0 || !Matches(branched, types[^1]))
            throw Invalid($"type mismatch: instruction requires type {branched.ToText()} but label has {TypesText(types)}", at);
        PopOperand(source, at);
        for (int i = types.Length - 2; i >= 0; i--) PopOperand(types[i], at);
        for (int i = 0; i < types.Length - 1; i++) PushOperand(types[i]);
        PushOperand(remaining);
    }

    private CompositeType CompositeAt(uint index, int at) =>
        index < (uint)_context.Types.Length ? _context.Module.TypeDefinitions[index].Composite : throw Invalid($"unknown type {index}", at);

    private StructType StructTypeAt(uint index, int at) =>
        CompositeAt(index, at) as StructType ?? throw Invalid($"type mismatch: type {index} is not a struct type", at);

    private ArrayType ArrayTypeAt(uint index, int at) =>
        CompositeAt(index, at) as ArrayType ?? throw Invalid($"type mismatch: type {index} is not an array type", at);

    private FieldType Field(in Instruction instr, int at)
    {
        var fields = StructTypeAt(instr.Index, at).Fields;
        return instr.Index2 < (uint)fields.Length ? fields[instr.Index2] : throw Invalid($"unknown field {instr.Index2}", at);
    }

    private FieldType MutableArrayElement(uint index, int at)
    {
        var element = ArrayTypeAt(index, at).Element;
        return element.Mutable ? element : throw Invalid($"immutable array {index}", at);
    }

    // struct.get and array.get read unpacked storage; get_s and get_u only packed storage, which they extend.
    private static void RequirePackedAccess(FieldType field, bool extends, string what, int at)
    {
        if (field.IsPacked != extends)
            throw Invalid(field.IsPacked ? $"{what} is packed: it needs get_s or get_u" : $"{what} is not packed: it needs get", at);
    }

    // struct.new_default and array.new_default: numbers, vectors and nullable references have a default (spec 3.2.x).
    private static void RequireDefaultable(FieldType field, string what, int at)
    {
        var type = field.Unpacked;
        if (type.IsReference() && !ReferenceTypes.IsNullable(type))
            throw Invalid($"{what} is not defaultable: {type.ToText()}", at);
    }

    // array.new_data and array.init_data copy bytes: the element must be a number or a vector.
    private static void RequireNumericElement(ArrayType type, int at)
    {
        if (type.Element.Unpacked.IsReference())
            throw Invalid("array type is not numeric or vector", at);
    }

    // array.new_elem and array.init_elem: the segment's references must fit the element.
    private void RequireSegmentMatches(ArrayType type, uint segment, int at)
    {
        var elementType = Element(segment, at);
        if (!Matches(elementType, type.Element.Unpacked))
            throw Invalid($"type mismatch: element segment's type {elementType.ToText()} does not match array's element type {type.Element.Storage.ToText()}", at);
    }

    // array.copy: packed storage must be the same; value types must match.
    private bool StorageMatches(FieldType source, FieldType destination) =>
        source.Storage == destination.Storage || !source.IsPacked && !destination.IsPacked && Matches(source.Storage, destination.Storage);

    private static readonly ValueType EqReference = ReferenceTypes.Reference(HeapType.Eq, nullable: true);

    private static ValueType DefinedReference(uint index, bool nullable) =>
        ReferenceTypes.Reference(ReferenceTypes.Concrete((int)index), nullable);

    // ref.test and ref.cast take any reference of the hierarchy they test in.
    private ValueType TopReference(ValueType type) =>
        ReferenceTypes.Reference(ReferenceTypes.TopOf(ReferenceTypes.HeapOf(type), _context.CanonicalTypes), nullable: true);

    // any.convert_extern and extern.convert_any keep the operand's nullability; unreachable code's unknown operand
    // gives the non-nullable type, which fits wherever either would.
    private static ValueType ConvertedReference(ValueType operand, HeapType heap) =>
        ReferenceTypes.Reference(heap, nullable: operand != Unknown && ReferenceTypes.IsNullable(operand));
}
