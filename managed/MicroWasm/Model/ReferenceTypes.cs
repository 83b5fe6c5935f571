namespace MicroWasm;

/// <summary>
/// Reference types (WebAssembly 3.0, spec 2.3.3) inside the 32-bit <see cref="ValueType"/>: building them, taking them
/// apart, and subtyping (spec 3.3.3 "Matching"). Concrete heap types are type indices of one module, so matching them
/// needs that module's canonical types (<see cref="Module.CanonicalTypes"/>): an index matches another when its
/// canonical type is the other's or declares it as an ancestor.
/// </summary>
public static class ReferenceTypes
{
    /// <summary>The binary prefix of <c>(ref null ht)</c>.</summary>
    public const byte NullablePrefix = 0x63;

    /// <summary>The binary prefix of <c>(ref ht)</c>.</summary>
    public const byte NonNullablePrefix = 0x64;

    /// <summary>Concrete heap type k is <c>FirstConcrete + k</c>: above every abstract code.</summary>
    public const int FirstConcrete = 0x80;

    /// <summary>Type indices a heap type can hold (24 bits less the abstract codes); more than the 1,000,000 types a module may declare.</summary>
    public const int MaxConcreteIndex = (1 << 24) - 1 - FirstConcrete;

    public static HeapType Concrete(int typeIndex) => (HeapType)(FirstConcrete + typeIndex);

    public static bool IsConcrete(HeapType heap) => (int)heap >= FirstConcrete;

    public static int TypeIndexOf(HeapType heap) => (int)heap - FirstConcrete;

    public static bool IsAbstractHeapTypeByte(byte b) => b is >= (byte)HeapType.Exn and <= (byte)HeapType.NoExn;

    /// <summary><c>(ref null? heap)</c>, in its canonical form (a nullable abstract type is its shorthand byte).</summary>
    public static ValueType Reference(HeapType heap, bool nullable) =>
        nullable && !IsConcrete(heap)
            ? (ValueType)(uint)heap
            : (ValueType)((uint)(nullable ? NullablePrefix : NonNullablePrefix) | ((uint)heap << 8));

    public static bool IsReference(ValueType type)
    {
        byte code = (byte)type;
        return code is NullablePrefix or NonNullablePrefix || IsAbstractHeapTypeByte(code) && (uint)type == code;
    }

    public static bool IsNullable(ValueType type) => (byte)type != NonNullablePrefix;

    public static HeapType HeapOf(ValueType type) =>
        (byte)type is NullablePrefix or NonNullablePrefix ? (HeapType)((uint)type >> 8) : (HeapType)(byte)type;

    public static ValueType AsNonNullable(ValueType type) => Reference(HeapOf(type), nullable: false);

    public static ValueType AsNullable(ValueType type) => Reference(HeapOf(type), nullable: true);

    /// <summary>Whether the module's types include typed references beyond the 2.0 shorthands (the feature check's question).</summary>
    public static bool IsTyped(ValueType type) => IsReference(type) && (byte)type is NullablePrefix or NonNullablePrefix;

    /// <summary>
    /// The top of the hierarchy a heap type belongs to: func, extern, exn or any. A concrete type's is its composite
    /// type's (func, or any for structs and arrays), which needs the module's <paramref name="types"/>; without them it
    /// is taken as func.
    /// </summary>
    public static HeapType TopOf(HeapType heap, IReadOnlyList<DefinedType> types) => heap switch
    {
        HeapType.Func or HeapType.NoFunc => HeapType.Func,
        HeapType.Extern or HeapType.NoExtern => HeapType.Extern,
        HeapType.Exn or HeapType.NoExn => HeapType.Exn,
        HeapType.Any or HeapType.Eq or HeapType.I31 or HeapType.Struct or HeapType.Array or HeapType.None => HeapType.Any,
        _ => ConcreteKind(heap, types) == HeapType.Func ? HeapType.Func : HeapType.Any,
    };

    /// <summary>The abstract type just above a concrete one: func, struct or array (func when unknown).</summary>
    public static HeapType ConcreteKind(HeapType heap, IReadOnlyList<DefinedType> types)
    {
        int index = TypeIndexOf(heap);
        if ((uint)index >= (uint)types.Count) return HeapType.Func;
        return types[index].Composite switch
        {
            StructType => HeapType.Struct,
            ArrayType => HeapType.Array,
            _ => HeapType.Func,
        };
    }

    /// <summary>
    /// How the runtime holds a reference of this type: as a funcref, externref, exnref or anyref value (the one-slot
    /// handle each already has). A concrete type's hierarchy needs the module's <paramref name="types"/> (without them,
    /// func). Non-reference types are themselves.
    /// </summary>
    public static ValueType StorageOf(ValueType type, IReadOnlyList<DefinedType>? types = null)
    {
        if (!IsReference(type) || type is ValueType.FuncRef or ValueType.ExternRef or ValueType.ExnRef or ValueType.AnyRef) return type;
        return TopOf(HeapOf(type), types ?? []) switch
        {
            HeapType.Func => ValueType.FuncRef,
            HeapType.Exn => ValueType.ExnRef,
            HeapType.Extern => ValueType.ExternRef,
            _ => ValueType.AnyRef,
        };
    }

    /// <summary>Value type matching (spec 3.3.3): whether a value of <paramref name="actual"/> may be used where <paramref name="expected"/> is.</summary>
    public static bool Matches(ValueType actual, ValueType expected, IReadOnlyList<DefinedType> types)
    {
        if (actual == expected) return true;
        if (!IsReference(actual) || !IsReference(expected)) return false;
        if (IsNullable(actual) && !IsNullable(expected)) return false;
        return HeapMatches(HeapOf(actual), HeapOf(expected), types);
    }

    /// <summary>Heap type matching (spec 3.3.3): concrete types by their canonical types' declared supertypes.</summary>
    public static bool HeapMatches(HeapType actual, HeapType expected, IReadOnlyList<DefinedType> types)
    {
        if (actual == expected) return true;
        if (IsConcrete(actual) && IsConcrete(expected)) return ConcreteMatches(actual, expected, types);
        if (TopOf(actual, types) != TopOf(expected, types)) return false;
        if (IsBottom(actual)) return true;
        if (IsConcrete(expected)) return false;
        if (IsConcrete(actual)) actual = ConcreteKind(actual, types);
        return actual == expected || expected switch
        {
            HeapType.Any => true,
            HeapType.Eq => actual is HeapType.I31 or HeapType.Struct or HeapType.Array,
            _ => false,
        };
    }

    public static bool IsBottom(HeapType heap) => heap is HeapType.NoFunc or HeapType.NoExtern or HeapType.NoExn or HeapType.None;

    private static bool ConcreteMatches(HeapType actual, HeapType expected, IReadOnlyList<DefinedType> types)
    {
        int i = TypeIndexOf(actual), j = TypeIndexOf(expected);
        if ((uint)i >= (uint)types.Count || (uint)j >= (uint)types.Count) return false;
        return types[i].IsSubtypeOf(types[j]);
    }

    /// <summary>The text format (spec 6.4.2): shorthands for nullable abstract types, <c>(ref null? ht)</c> otherwise.</summary>
    public static string ToText(ValueType type)
    {
        HeapType heap = HeapOf(type);
        if (!IsTyped(type))
        {
            // The bottom types' shorthands: nullref, nullfuncref, nullexternref, nullexnref.
            string name = HeapText(heap);
            if (heap == HeapType.None) return "nullref";
            return name.StartsWith("no", StringComparison.Ordinal) ? $"null{name[2..]}ref" : $"{name}ref";
        }
        return IsNullable(type) ? $"(ref null {HeapText(heap)})" : $"(ref {HeapText(heap)})";
    }

    public static string HeapText(HeapType heap) => IsConcrete(heap) ? TypeIndexOf(heap).ToString(System.Globalization.CultureInfo.InvariantCulture) : heap switch
    {
        HeapType.Exn => "exn",
        HeapType.Array => "array",
        HeapType.Struct => "struct",
        HeapType.I31 => "i31",
        HeapType.Eq => "eq",
        HeapType.Any => "any",
        HeapType.Extern => "extern",
        HeapType.Func => "func",
        HeapType.None => "none",
        HeapType.NoExtern => "noextern",
        HeapType.NoFunc => "nofunc",
        HeapType.NoExn => "noexn",
        _ => $"<heap {(int)heap}>",
    };
}
