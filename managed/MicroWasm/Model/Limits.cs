namespace MicroWasm;

/// <summary>Size limits of a table or memory (spec 2.3.6), in elements or 64 KiB pages.</summary>
public readonly record struct Limits(ulong Min, ulong? Max)
{
    /// <summary>Limits subtyping for imports (spec 4.5.2.1): the actual limits lie within the expected ones.</summary>
    public bool IsWithin(Limits expected) =>
        Min >= expected.Min &&
        (expected.Max is null || (Max is not null && Max.Value <= expected.Max.Value));
}
