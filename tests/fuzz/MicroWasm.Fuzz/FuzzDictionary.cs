using System.Text;
using MicroWasm.Instructions;

namespace MicroWasm.Fuzz;

/// <summary>
/// AFL++ dictionaries (<c>afl-fuzz -x</c>): tokens that random byte mutations would almost never spell, inserted whole.
/// For text, every instruction mnemonic and the text format's keywords; for binary modules, the encodings of the
/// prefixed instructions and a few structural byte strings. Made from the engine's own instruction table, so they
/// follow it.
/// </summary>
internal static class FuzzDictionary
{
    private static readonly string[] TextKeywords =
    [
        "module", "func", "param", "result", "local", "global", "table", "memory", "elem", "data", "import", "export",
        "type", "start", "mut", "funcref", "externref", "i32", "i64", "f32", "f64", "v128", "offset", "item", "declare",
        "then", "else", "end", "block", "loop", "if", "ref", "extern", "align=", "offset=", "i8x16", "i16x8", "i32x4",
        "i64x2", "f32x4", "f64x2", "nan:canonical", "nan:arithmetic", "nan:0x", "inf", "0x", "(;", ";)", ";;",
        "binary", "quote", "register", "invoke", "get", "assert_return", "assert_trap", "assert_exhaustion",
        "assert_malformed", "assert_invalid", "assert_unlinkable", "ref.extern", "ref.null",
    ];

    public static IEnumerable<byte[]> Tokens(SeedKind kind) => kind switch
    {
        SeedKind.Text => TextKeywords.Concat(InstructionTable.All.Select(i => i.Mnemonic)).Distinct().Select(Encoding.UTF8.GetBytes),
        SeedKind.Binary => BinaryTokens(),
        _ => [],
    };

    private static IEnumerable<byte[]> BinaryTokens()
    {
        yield return "\0asm\u0001\0\0\0"u8.ToArray();
        yield return "\u0004name"u8.ToArray();
        yield return [0xFF, 0xFF, 0xFF, 0xFF, 0x0F];   // the largest u32 as LEB128
        yield return [0x80, 0x80, 0x80, 0x80, 0x10];   // 2^32: one past it
        yield return [0x60, 0x00, 0x00];               // func type [] -> []
        yield return [0x41, 0x00, 0x0B];               // i32.const 0 end: a constant expression
        foreach (var info in InstructionTable.All.Where(i => i.IsPrefixed))
        {
            var bytes = new List<byte> { info.Prefix };
            uint sub = info.SubOpcode;
            do
            {
                byte b = (byte)(sub & 0x7F);
                sub >>= 7;
                bytes.Add(sub != 0 ? (byte)(b | 0x80) : b);
            } while (sub != 0);
            yield return bytes.ToArray();
        }
    }

    /// <summary>Writes the dictionary in AFL++'s format: one <c>name="token"</c> per line, bytes outside printable ASCII as \xNN.</summary>
    public static void Write(SeedKind kind, TextWriter writer)
    {
        int n = 0;
        foreach (var token in Tokens(kind))
        {
            var line = new StringBuilder($"t{n++}=\"");
            foreach (byte b in token)
                line.Append(b is >= 0x20 and < 0x7F and not (byte)'"' and not (byte)'\\' ? ((char)b).ToString() : $"\\x{b:x2}");
            writer.WriteLine(line.Append('"'));
        }
    }
}
