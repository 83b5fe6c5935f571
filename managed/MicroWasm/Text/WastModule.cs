namespace MicroWasm.Text;

/// <summary>How a script writes a module (spec interpreter's script syntax).</summary>
public enum WastModuleKind : byte
{
    /// <summary><c>(module ...)</c> in text: already encoded while the script was parsed.</summary>
    Text,
    /// <summary><c>(module binary "...")</c>: the bytes as given.</summary>
    Binary,
    /// <summary><c>(module quote "...")</c>: text to be parsed only when used, because assert_malformed expects that to fail.</summary>
    Quote,
}

/// <summary>A module written in a script, with its optional <c>$name</c> for later actions and <c>register</c>.</summary>
public sealed class WastModule
{
    private readonly byte[] _bytes;

    internal WastModule(string? name, WastModuleKind kind, byte[] bytes, int line)
    {
        Name = name;
        Kind = kind;
        _bytes = bytes;
        Line = line;
    }

    /// <summary>A text module that parsed but is invalid: <see cref="ToBinary"/> throws <paramref name="error"/>.</summary>
    internal static WastModule Invalid(string? name, int line, InvalidModuleException error) =>
        new(name, WastModuleKind.Text, [], line) { _error = error };

    private InvalidModuleException? _error;

    /// <summary>The proposals a quoted module's text may use.</summary>
    internal WasmFeatures Features { get; init; } = WasmFeatures.All;

    /// <summary>The module's <c>$name</c> (with the <c>$</c>), or null.</summary>
    public string? Name { get; }

    public WastModuleKind Kind { get; }

    /// <summary>The 1-based source line of the module.</summary>
    public int Line { get; }

    /// <summary>The quoted source text of a <see cref="WastModuleKind.Quote"/> module (invalid UTF-8 replaced), else null.</summary>
    public string? QuoteText => Kind == WastModuleKind.Quote ? System.Text.Encoding.UTF8.GetString(_bytes) : null;

    /// <summary>
    /// The binary module (a fresh copy). For a quoted module this parses the text now, as a <c>.wat</c> file.
    /// </summary>
    /// <exception cref="MalformedModuleException">A quoted module does not parse.</exception>
    /// <exception cref="InvalidModuleException">The text shows the module invalid (a branch hint on an instruction that is no branch).</exception>
    public byte[] ToBinary()
    {
        if (_error is not null) throw _error;
        if (Kind != WastModuleKind.Quote) return (byte[])_bytes.Clone();
        var text = Utf8.Decode(_bytes) ?? throw new MalformedModuleException("malformed UTF-8 encoding");
        return WatParser.ParseModule(text, Features);
    }
}
