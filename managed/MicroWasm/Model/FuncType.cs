namespace MicroWasm;

/// <summary>
/// A function type (spec 2.3.5): parameter and result types. Compared structurally, which is type equivalence only
/// while no concrete reference types are involved; across those, <see cref="DefinedType"/> decides.
/// </summary>
public sealed class FuncType : CompositeType, IEquatable<FuncType>
{
    public static readonly FuncType Empty = new([], []);

    public FuncType(ValueType[] parameters, ValueType[] results)
    {
        Parameters = parameters;
        Results = results;
    }

    public ValueType[] Parameters { get; }
    public ValueType[] Results { get; }

    public bool Equals(FuncType? other) =>
        other is not null &&
        Parameters.AsSpan().SequenceEqual(other.Parameters) &&
        Results.AsSpan().SequenceEqual(other.Results);

    public override bool Equals(object? obj) => Equals(obj as FuncType);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var p in Parameters) hash.Add(p);
        hash.Add(-1);
        foreach (var r in Results) hash.Add(r);
        return hash.ToHashCode();
    }

    public override string ToString() => $"{ListText(Parameters)} -> {ListText(Results)}";

    /// <summary>The types in the text format's words, in brackets: <c>[i32 f64]</c>.</summary>
    internal static string ListText(ValueType[] types)
    {
        // A loop, not LINQ's Select: each Select instantiation is NativeAOT code the library carries (issue 15).
        var texts = new string[types.Length];
        for (int i = 0; i < texts.Length; i++) texts[i] = types[i].ToText();
        return $"[{string.Join(" ", texts)}]";
    }
}
