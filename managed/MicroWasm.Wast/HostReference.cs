namespace MicroWasm.Wast;

/// <summary>The host value behind a script's <c>ref.extern N</c>: equal when the numbers are.</summary>
public sealed record HostReference(ulong Number)
{
    public override string ToString() => $"ref.extern {Number}";
}
