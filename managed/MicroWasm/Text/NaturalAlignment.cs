namespace MicroWasm.Text;

/// <summary>
/// The default alignment of a memory access when <c>align=</c> is omitted (spec 6.5.7): the size in
/// bytes of the memory access, read from the instruction's name.
/// </summary>
internal static class NaturalAlignment
{
    public static uint Of(string mnemonic)
    {
        int dot = mnemonic.IndexOf('.');
        string type = mnemonic[..dot];
        string access = mnemonic[(dot + 1)..];
        access = access.StartsWith("load", StringComparison.Ordinal) ? access[4..] : access["store".Length..];
        int digits = 0;
        while (digits < access.Length && char.IsAsciiDigit(access[digits])) digits++;
        if (digits == 0)
            return type switch { "i32" or "f32" => 4, "i64" or "f64" => 8, _ => 16 };
        // v128.load8x8_s and friends read 8 bytes whatever their lane size.
        if (digits < access.Length && access[digits] == 'x') return 8;
        return uint.Parse(access[..digits]) / 8;
    }
}
