namespace MicroWasm.Text;

/// <summary>
/// The identifier context inside one function body (spec 6.6.1): its locals, and the labels of the
/// enclosing blocks, innermost last. Constant expressions get an empty one.
/// </summary>
internal sealed class FunctionContext
{
    private readonly Dictionary<string, uint> _locals = new(StringComparer.Ordinal);

    /// <summary>The enclosing blocks' labels, outermost first; null for an unnamed block.</summary>
    public List<string?> Labels { get; } = [];

    public void DeclareLocal(string? id, uint index, TokenReader reader, Token at)
    {
        if (id is not null && !_locals.TryAdd(id, index))
            throw reader.Error(at, $"duplicate local {id}");
    }

    public bool TryGetLocal(string id, out uint index) => _locals.TryGetValue(id, out index);

    /// <summary>The relative depth of the innermost block with this label, or -1.</summary>
    public int LabelDepth(string id)
    {
        for (int i = Labels.Count - 1; i >= 0; i--)
            if (Labels[i] == id) return Labels.Count - 1 - i;
        return -1;
    }
}
