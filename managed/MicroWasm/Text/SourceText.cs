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

    private int[]? _lineStarts;

    /// <summary>1-based line and column of a character offset.</summary>
    public (int Line, int Column) LineColumn(int offset)
    {
        _lineStarts ??= FindLineStarts(Text);
        int line = Array.BinarySearch(_lineStarts, offset);
        if (line < 0) line = ~line - 1;
        return (line + 1, offset - _lineStarts[line] + 1);
    }

    private static int[] FindLineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (int i = 0; i < text.Length; i++)
            if (text[i] == '\n') starts.Add(i + 1);
        return starts.ToArray();
    }

    public MalformedModuleException Error(int offset, string reason)
    {
        var (line, column) = LineColumn(offset);
        string where = FileName is null ? $"line {line}, column {column}" : $"{FileName}:{line}:{column}";
        return new MalformedModuleException($"{reason} ({where})", offset);
    }
}
