namespace MicroWasm.Text;

/// <summary>
/// The text being parsed, and the one way errors about it are made: a <see cref="MalformedModuleException"/>
/// whose reason starts with the reference interpreter's wording and carries line and column.
/// </summary>
internal sealed class SourceText
{
    public SourceText(string text, string? fileName = null)
    {
        Text = text;
        FileName = fileName;
    }

    public string Text { get; }
    public string? FileName { get; }

    /// <summary>1-based line and column of a character offset.</summary>
    public (int Line, int Column) LineColumn(int offset)
    {
        int line = 1, column = 1;
        for (int i = 0; i < offset && i < Text.Length; i++)
        {
            if (Text[i] == '\n') { line++; column = 1; }
            else column++;
        }
        return (line, column);
    }

    public MalformedModuleException Error(int offset, string reason)
    {
        var (line, column) = LineColumn(offset);
        string where = FileName is null ? $"line {line}, column {column}" : $"{FileName}:{line}:{column}";
        return new MalformedModuleException($"{reason} ({where})", offset);
    }
}
