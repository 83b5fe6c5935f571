using System.Reflection;
using System.Text;
using MicroWasm.Native.Interop;

namespace MicroWasm.HeaderGen;

/// <summary>Writes C declarations.</summary>
internal static class Emitter
{
    private static IEnumerable<FieldInfo> FieldsOf(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance).OrderBy(f => f.MetadataToken);

    public static string Struct(Type type, CStructAttribute s)
    {
        var text = new StringBuilder();
        if (s.Doc is { } doc) text.Append($"/* {doc} */\n");
        string keyword = s.Union ? "union" : "struct";
        text.Append(s.Tag is { } tag ? $"typedef {keyword} {tag} {{\n" : $"typedef {keyword} {{\n");
        Fields(type, text, "    ");
        text.Append($"}} {s.Name};\n");
        return text.ToString();
    }

    private static void Fields(Type type, StringBuilder text, string indent)
    {
        foreach (var field in FieldsOf(type))
        {
            if (CTypes.FixedBuffer(field) is { } buffer)
            {
                string element = field.GetCustomAttribute<CTypeAttribute>()?.Type ?? CTypes.Of(buffer.Element);
                text.Append($"{indent}{CTypes.Declare(element, field.Name)}[{buffer.Length}];\n");
            }
            else if (field.FieldType.GetCustomAttribute<CStructAttribute>() is { Inline: true } inline)
            {
                text.Append($"{indent}{(inline.Union ? "union" : "struct")} {{\n");
                Fields(field.FieldType, text, indent + "    ");
                text.Append($"{indent}}} {field.Name};\n");
            }
            else
            {
                text.Append($"{indent}{CTypes.Declare(CTypes.Of(field.FieldType, field), field.Name)};\n");
            }
        }
    }

    public static string Enum(Type type, CEnumAttribute e)
    {
        var text = new StringBuilder();
        if (e.Doc is { } doc) text.Append($"/* {doc} */\n");
        var members = type.GetFields(BindingFlags.Public | BindingFlags.Static).OrderBy(f => f.MetadataToken)
            .Select(f => $"    {f.Name} = {Convert.ToInt64(f.GetRawConstantValue())},\n");
        if (e.Storage is { } storage)
        {
            text.Append($"typedef {storage} {e.Name};\nenum {e.EnumTag} {{\n");
            foreach (var m in members) text.Append(m);
            text.Append("};\n");
        }
        else
        {
            text.Append(e.Tag is { } tag ? $"typedef enum {tag} {{\n" : "typedef enum {\n");
            foreach (var m in members) text.Append(m);
            text.Append($"}} {e.Name};\n");
        }
        return text.ToString();
    }

    public static string Function(CFunction f, string linkage)
    {
        var text = new StringBuilder("/**\n");
        foreach (var line in f.Doc.Replace("\r", "").Split('\n')) text.Append(line.Length == 0 ? " *\n" : $" * {line.Trim()}\n");
        text.Append(" */\n");
        text.Append(linkage.Length > 0 ? $"{linkage} {f.ReturnType}\n" : $"{f.ReturnType}\n");
        text.Append($"{f.Name}({f.Parameters});\n");
        return text.ToString();
    }
}
