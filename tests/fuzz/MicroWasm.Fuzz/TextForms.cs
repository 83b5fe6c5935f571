namespace MicroWasm.Fuzz;

/// <summary>
/// Splits a .wast script into its top-level parenthesised forms (modules, registrations, assertions), as text, so
/// that each becomes a small seed of the text target. Knows just enough of the lexical syntax (spec 6.2) to find
/// the forms' ends: strings with escapes, line comments and nested block comments.
/// </summary>
internal static class TextForms
{
    public static IEnumerable<string> Split(string script)
    {
        int depth = 0, start = -1;
        for (int i = 0; i < script.Length; i++)
        {
            char c = script[i];
            if (c == ';' && Next(script, i) == ';')
            {
                while (i < script.Length && script[i] != '\n') i++;
            }
            else if (c == '(' && Next(script, i) == ';')
            {
                i = SkipBlockComment(script, i);
            }
            else if (c == '"')
            {
                for (i++; i < script.Length && script[i] != '"'; i++)
                    if (script[i] == '\\') i++;
            }
            else if (c == '(')
            {
                if (depth++ == 0) start = i;
            }
            else if (c == ')' && depth > 0 && --depth == 0)
            {
                yield return script[start..(i + 1)];
            }
        }
    }

    private static char Next(string s, int i) => i + 1 < s.Length ? s[i + 1] : '\0';

    /// <summary>The index of the ')' that closes the block comment opened at <paramref name="at"/> (comments nest).</summary>
    private static int SkipBlockComment(string s, int at)
    {
        int nesting = 0;
        for (int i = at; i < s.Length; i++)
        {
            if (s[i] == '(' && Next(s, i) == ';') { nesting++; i++; }
            else if (s[i] == ';' && Next(s, i) == ')' && --nesting == 0) return i + 1;
        }
        return s.Length;
    }
}
