namespace MicroWasm.Runtime;

/// <summary>Values of GC fields and elements as the host sees them, and the runtime type tests casts make.</summary>
internal static class GcValues
{
    /// <summary>
    /// A reference of type <paramref name="type"/> (whose type indices are <paramref name="context"/>'s) as a value.
    /// Without the context a concrete GC type looks like a function type: then the object says which it is.
    /// </summary>
    public static Value ReferenceValue(ValueType type, object? reference, IReadOnlyList<DefinedType> context) =>
        ReferenceTypes.StorageOf(type, context) switch
        {
            ValueType.FuncRef when reference is null or FunctionInstance => Value.FuncRef((FunctionInstance?)reference),
            ValueType.ExnRef when reference is null or ExceptionInstance => Value.ExnRef((ExceptionInstance?)reference),
            ValueType.ExternRef => Value.ExternRef(reference),
            _ => Value.AnyRef(reference),
        };
}

/// <summary>
/// Runtime type tests (GC's <c>ref.test</c>, <c>ref.cast</c>, <c>br_on_cast</c>, and the host's arguments): whether a
/// non-null reference is of a heap type, by the object's kind for abstract types and by its canonical type's declared
/// supertypes for concrete ones.
/// </summary>
public static class GcCasts
{
    public static bool IsInstanceOf(object reference, HeapType heap, IReadOnlyList<DefinedType> types)
    {
        if (ReferenceTypes.IsConcrete(heap))
        {
            int index = ReferenceTypes.TypeIndexOf(heap);
            if ((uint)index >= (uint)types.Count) return false;
            var actual = reference switch
            {
                FunctionInstance f => f.DefinedType,
                GcObject o => o.Type,
                _ => null,
            };
            return actual is not null && actual.IsSubtypeOf(types[index]);
        }
        return heap switch
        {
            HeapType.Any or HeapType.Extern => reference is not (FunctionInstance or ExceptionInstance),
            HeapType.Eq => reference is GcObject or I31Reference,
            HeapType.I31 => reference is I31Reference,
            HeapType.Struct => reference is StructInstance,
            HeapType.Array => reference is ArrayInstance,
            HeapType.Func => reference is FunctionInstance,
            HeapType.Exn => reference is ExceptionInstance,
            _ => false, // the bottom types hold null only
        };
    }
}
