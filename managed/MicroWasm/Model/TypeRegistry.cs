using System.Globalization;
using System.Text;
using MicroWasm.Runtime;

namespace MicroWasm;

/// <summary>
/// Canonical type definitions for the whole process (spec 3.3.x, iso-recursive type equivalence): two recursive type
/// groups are equivalent when they are structurally equal with references inside the group taken relative to it and
/// references outside it to canonical types. Each group is reduced to a key of that form; the first module to bring a
/// key defines its <see cref="DefinedType"/>s and every later one shares them. Types are never removed: a process
/// holds one entry per distinct group any module declared.
/// </summary>
public static class TypeRegistry
{
    private static readonly Dictionary<string, DefinedType[]> Groups = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();
    private static int _nextId;

    /// <summary>
    /// The canonical type of every type index of <paramref name="module"/>. The type section must be valid (references
    /// and supertypes in range); <see cref="Validation.ModuleValidator"/> checks that first.
    /// </summary>
    public static DefinedType[] Canonicalize(Module module)
    {
        var definitions = module.TypeDefinitions;
        var canonical = new DefinedType[definitions.Length];
        foreach (var group in module.RecGroups)
        {
            string key = KeyOf(definitions, group, canonical);
            lock (Gate)
            {
                using var held = RaceDetector.Holding(Gate);
                if (!Groups.TryGetValue(key, out var types))
                {
                    types = new DefinedType[group.Count];
                    for (int i = 0; i < group.Count; i++)
                    {
                        var definition = definitions[group.Start + i];
                        DefinedType? supertype = definition.Supertypes.Length == 0 ? null
                            : definition.Supertypes[0] >= group.Start ? types[definition.Supertypes[0] - group.Start]
                            : canonical[definition.Supertypes[0]];
                        types[i] = new DefinedType(definition, supertype, _nextId++, canonical);
                    }
                    Groups.Add(key, types);
                }
                types.CopyTo(canonical, group.Start);
            }
        }
        return canonical;
    }

    /// <summary>The canonical type of a function type that stands alone (a host function's): a final type in a group of its own.</summary>
    public static DefinedType OfFunction(FuncType type)
    {
        var module = new Module { Types = [type] };
        return Canonicalize(module)[0];
    }

    private static string KeyOf(SubType[] definitions, RecGroup group, DefinedType[] canonical)
    {
        var key = new StringBuilder();
        for (int i = group.Start; i < group.End; i++)
        {
            var definition = definitions[i];
            key.Append(definition.IsFinal ? "F" : "S");
            foreach (int super in definition.Supertypes) AppendIndex(key.Append('<'), super, group, canonical);
            switch (definition.Composite)
            {
                case FuncType f:
                    key.Append("func(");
                    foreach (var p in f.Parameters) AppendType(key, p, group, canonical);
                    key.Append(")->(");
                    foreach (var r in f.Results) AppendType(key, r, group, canonical);
                    key.Append(')');
                    break;
                case StructType s:
                    key.Append("struct(");
                    foreach (var field in s.Fields) AppendField(key, field, group, canonical);
                    key.Append(')');
                    break;
                case ArrayType a:
                    key.Append("array(");
                    AppendField(key, a.Element, group, canonical);
                    key.Append(')');
                    break;
            }
            key.Append(';');
        }
        return key.ToString();
    }

    private static void AppendField(StringBuilder key, FieldType field, RecGroup group, DefinedType[] canonical) =>
        AppendType(key.Append(field.Mutable ? 'm' : 'c'), field.Storage, group, canonical);

    private static void AppendType(StringBuilder key, ValueType type, RecGroup group, DefinedType[] canonical)
    {
        if (type.IsReference() && ReferenceTypes.IsTyped(type) && ReferenceTypes.IsConcrete(ReferenceTypes.HeapOf(type)))
        {
            key.Append(ReferenceTypes.IsNullable(type) ? "?" : "!");
            AppendIndex(key, ReferenceTypes.TypeIndexOf(ReferenceTypes.HeapOf(type)), group, canonical);
        }
        else key.Append(((uint)type).ToString("x", CultureInfo.InvariantCulture));
        key.Append(',');
    }

    // Inside the group: its position; before it: the canonical type's identity, as a number unique in this process.
    private static void AppendIndex(StringBuilder key, int index, RecGroup group, DefinedType[] canonical)
    {
        if (index >= group.Start) key.Append('r').Append(index - group.Start);
        else key.Append('#').Append(canonical[index].Id);
    }
}
