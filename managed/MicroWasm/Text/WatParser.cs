namespace MicroWasm.Text;

/// <summary>The entry point for <c>.wat</c> files: WebAssembly text (spec chapter 6) to a binary module (spec chapter 5).</summary>
public static class WatParser
{
    /// <summary>
    /// Parses one module, written as <c>(module $id? field*)</c> or as bare fields (spec 6.6.15
    /// abbreviation), and returns its binary encoding, with a <c>name</c> section for the identifiers
    /// given to the module and its functions.
    /// </summary>
    /// <exception cref="MalformedModuleException">The text does not parse; the reason uses the reference interpreter's wording.</exception>
    public static byte[] ParseModule(string text) => ParseModule(text, WasmFeatures.All);

    /// <summary>Parses one module written for the proposals <paramref name="features"/> enables (e.g. 2.0's u32 offsets).</summary>
    /// <exception cref="MalformedModuleException">The text does not parse.</exception>
    /// <exception cref="InvalidModuleException">A branch hint annotation is on an instruction that is no branch.</exception>
    public static byte[] ParseModule(string text, WasmFeatures features)
    {
        var reader = new TokenReader(new SourceText(text)) { Features = features };
        byte[] module;
        if (reader.PeekList("module"))
        {
            reader.Next();
            reader.Next();
            var id = reader.TryId();
            module = ModuleParser.Parse(reader, id);
            reader.ExpectRightParen();
        }
        else module = ModuleParser.Parse(reader, null);
        if (!reader.AtEnd) throw reader.Unexpected(reader.Peek());
        return module;
    }
}
