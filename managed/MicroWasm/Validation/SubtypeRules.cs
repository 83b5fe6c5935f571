namespace MicroWasm.Validation;

/// <summary>
/// Matching of composite and field types (WebAssembly 3.0, spec 3.3.x), what a declared supertype requires of its
/// subtype: functions with contravariant parameters and covariant results, structs that extend their supertype's
/// fields, arrays with a matching element. A mutable field must keep its exact type; an immutable one may narrow it.
/// </summary>
internal static class SubtypeRules
{
    public static bool CompositeMatches(CompositeType actual, CompositeType expected, IReadOnlyList<DefinedType> types) => (actual, expected) switch
    {
        (FuncType f, FuncType g) => FunctionMatches(f, g, types),
        (StructType s, StructType t) => StructMatches(s, t, types),
        (ArrayType a, ArrayType b) => FieldMatches(a.Element, b.Element, types),
        _ => false,
    };

    private static bool FunctionMatches(FuncType actual, FuncType expected, IReadOnlyList<DefinedType> types)
    {
        if (actual.Parameters.Length != expected.Parameters.Length || actual.Results.Length != expected.Results.Length) return false;
        for (int i = 0; i < actual.Parameters.Length; i++)
            if (!ReferenceTypes.Matches(expected.Parameters[i], actual.Parameters[i], types)) return false;
        for (int i = 0; i < actual.Results.Length; i++)
            if (!ReferenceTypes.Matches(actual.Results[i], expected.Results[i], types)) return false;
        return true;
    }

    private static bool StructMatches(StructType actual, StructType expected, IReadOnlyList<DefinedType> types)
    {
        if (actual.Fields.Length < expected.Fields.Length) return false;
        for (int i = 0; i < expected.Fields.Length; i++)
            if (!FieldMatches(actual.Fields[i], expected.Fields[i], types)) return false;
        return true;
    }

    private static bool FieldMatches(FieldType actual, FieldType expected, IReadOnlyList<DefinedType> types)
    {
        if (actual.Mutable != expected.Mutable) return false;
        if (actual.IsPacked || expected.IsPacked) return actual.Storage == expected.Storage;
        bool narrows = ReferenceTypes.Matches(actual.Storage, expected.Storage, types);
        return actual.Mutable ? narrows && ReferenceTypes.Matches(expected.Storage, actual.Storage, types) : narrows;
    }
}
