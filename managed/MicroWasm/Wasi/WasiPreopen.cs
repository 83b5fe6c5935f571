namespace MicroWasm.Wasi;

/// <summary>A host directory offered to the guest under <paramref name="GuestPath"/> (a preopen, witx <c>$prestat</c>).</summary>
public sealed record WasiPreopen(string HostPath, string GuestPath)
{
    /// <summary>
    /// Parses the command-line form <c>HOST[::GUEST]</c> (wasmtime's <c>--dir</c>): without a guest name the directory
    /// appears under its host path as written.
    /// </summary>
    public static WasiPreopen Parse(string text)
    {
        int separator = text.IndexOf("::", StringComparison.Ordinal);
        return separator < 0 ? new(text, text) : new(text[..separator], text[(separator + 2)..]);
    }
}
