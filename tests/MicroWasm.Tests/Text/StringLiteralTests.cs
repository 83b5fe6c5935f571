using static MicroWasm.Tests.Text.TextTestSupport;

namespace MicroWasm.Tests.Text;

/// <summary>String literals (spec 6.3.4): characters as UTF-8, and every escape.</summary>
public class StringLiteralTests
{
    private static byte[] DataBytes(string literal)
    {
        // A passive segment: flags 1, then the byte vector.
        var data = Section($"(data {literal})", 11);
        Assert.Equal(Hex("01 01"), data[..2]);
        return data[3..];
    }

    [Theory]
    [InlineData("\"\"", "")]
    [InlineData("\"abc\"", "61 62 63")]
    [InlineData("\"\\t\\n\\r\\\"\\'\\\\\"", "09 0A 0D 22 27 5C")]
    [InlineData("\"\\00\\ff\\7F\"", "00 FF 7F")]
    [InlineData("\"\\u{41}\\u{e9}\\u{10FFFF}\"", "41 C3 A9 F4 8F BF BF")]
    [InlineData("\"é😀\"", "C3 A9 F0 9F 98 80")]
    [InlineData("\"a\" \"b\" \"\"", "61 62")]
    public void Strings_are_bytes_with_escapes_decoded(string literal, string bytes)
    {
        Assert.Equal(Hex(bytes), DataBytes(literal));
    }

    [Fact]
    public void Comments_and_annotations_separate_tokens_and_are_ignored()
    {
        var plain = MicroWasm.Text.WatParser.ParseModule("(module (func (nop)))");
        Assert.Equal(plain, MicroWasm.Text.WatParser.ParseModule("(module ;; line\n (; block (; nested ;) ;) (func(nop)(@annot (x \"y\"))))"));
    }
}
