using System.Text;

namespace MicroWasm.Text;

/// <summary>UTF-8 checks for names (spec 6.3.4: a name's bytes must be valid UTF-8).</summary>
internal static class Utf8
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The decoded string, or null when the bytes are not valid UTF-8.</summary>
    public static string? Decode(byte[] bytes)
    {
        try
        {
            return Strict.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
