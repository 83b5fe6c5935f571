namespace MicroWasm.Runtime;

/// <summary>
/// A tag instance (WebAssembly 3.0 exception handling, spec 4.2.9): what an exception is thrown with and caught by.
/// Tags match by identity, not by type: each instantiation makes new ones for the tags its module defines, while an
/// imported tag is the exporter's own object, so modules that import one tag throw and catch the same exceptions.
/// A host makes one with <c>new TagInstance(type)</c> to offer it as an import.
/// </summary>
public sealed class TagInstance : Extern
{
    public TagInstance(TagType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (type.Type.Results.Length != 0) throw new ArgumentException("non-empty tag result type", nameof(type));
        Type = type;
    }

    public TagType Type { get; }

    public override ExternalKind Kind => ExternalKind.Tag;

    public override ExternType ExternType => ExternType.Of(Type);

    /// <summary>Tags carry no store state: one may be imported into any store.</summary>
    public override Store? Owner => null;

    public override string ToString() => $"tag {Type.Type}";
}
