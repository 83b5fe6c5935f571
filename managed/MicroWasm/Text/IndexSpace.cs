namespace MicroWasm.Text;

/// <summary>
/// One of a module's index spaces (spec 6.6.1: the identifier context): how many entries there are and
/// which symbolic identifiers name them. Identifiers must be unique within a space.
/// </summary>
internal sealed class IndexSpace
{
    private readonly Dictionary<string, uint> _names = new(StringComparer.Ordinal);

    public IndexSpace(string kind, string? noun = null)
    {
        Kind = kind;
        Noun = noun ?? kind;
    }

    /// <summary>The keyword of the space, as in "duplicate func $f".</summary>
    public string Kind { get; }

    /// <summary>The noun used for unresolved references, as in "unknown function $f".</summary>
    public string Noun { get; }

    public uint Count { get; private set; }

    /// <summary>Adds an entry, optionally named, and returns its index.</summary>
    public uint Add(string? id, TokenReader reader, Token at)
    {
        uint index = Count++;
        if (id is not null && !_names.TryAdd(id, index))
            throw reader.Error(at, $"duplicate {Kind} {id}");
        return index;
    }

    public bool TryGet(string id, out uint index) => _names.TryGetValue(id, out index);

    /// <summary>Reads a reference to this space: a u32 index or an identifier (spec 6.6.1).</summary>
    public uint Resolve(TokenReader reader)
    {
        var token = reader.Peek();
        if (token.Kind == TokenKind.Id)
        {
            reader.Next();
            if (!_names.TryGetValue(token.Text, out uint index))
                throw reader.Error(token, $"unknown {Noun} {token.Text}");
            return index;
        }
        return reader.ExpectU32();
    }
}
