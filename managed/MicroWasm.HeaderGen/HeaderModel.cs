using System.Reflection;
using System.Runtime.InteropServices;
using MicroWasm.Native.Interop;

namespace MicroWasm.HeaderGen;

/// <summary>One C function declaration, from an export, a shim function or an unsupported function.</summary>
internal sealed record CFunction(CHeader Header, string ReturnType, string Name, string Parameters, string Doc, string Kind, string? Reason);

/// <summary>Everything the headers declare, read by reflection from the MicroWasm.Native assembly.</summary>
internal sealed class HeaderModel
{
    public readonly List<(CHeader Header, int Order, Func<string> Emit, string? Guard)> Items = [];
    public readonly List<CFunction> Functions = [];
    public readonly List<Type> Structs = [];
    public readonly List<CFamilyAttribute> Families = [];

    public static HeaderModel Read(Assembly assembly)
    {
        var model = new HeaderModel();
        foreach (var type in assembly.GetTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            if (type.GetCustomAttribute<CStructAttribute>() is { Inline: false } s)
            {
                if (s.Emit)
                    foreach (var header in s.AlsoIn.Prepend(s.Header))
                        model.Items.Add((header, s.Order, () => Emitter.Struct(type, s), s.Guard));
                model.Structs.Add(type);
            }
            if (type.IsEnum && type.GetCustomAttribute<CEnumAttribute>() is { } e)
                foreach (var header in e.AlsoIn.Prepend(e.Header))
                    model.Items.Add((header, e.Order, () => Emitter.Enum(type, e), e.Guard));
            foreach (var family in type.GetCustomAttributes<CFamilyAttribute>())
            {
                model.Items.Add((family.Header, family.Order, () => FamilyMacros.Invocation(family) + "\n", null));
                model.Families.Add(family);
            }
            foreach (var v in type.GetCustomAttributes<CVerbatimAttribute>())
                model.Items.Add((v.Header, v.Order, () => v.Text.TrimEnd() + "\n", null));
            foreach (var shim in type.GetCustomAttributes<CShimFunctionAttribute>())
                model.Functions.Add(new CFunction(shim.Header, shim.ReturnType, shim.Name, shim.Parameters, shim.Doc, "shim", null));
            foreach (var u in type.GetCustomAttributes<CUnsupportedAttribute>())
                model.Functions.Add(new CFunction(u.Header, u.ReturnType, u.Name, u.Parameters,
                    $"Not supported yet ({u.Reason}): fails with \"unsupported: {u.Name}\".", "unsupported", u.Reason));
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
            {
                var export = method.GetCustomAttribute<UnmanagedCallersOnlyAttribute>();
                var api = method.GetCustomAttribute<CApiAttribute>();
                if (export is null && api is null) continue;
                if (export?.EntryPoint is not { } entry || api is null)
                    throw new InvalidOperationException($"{type.Name}.{method.Name}: an export needs both [UnmanagedCallersOnly(EntryPoint)] and [CApi]");
                string returnType = CTypes.Of(method.ReturnType, method.ReturnParameter);
                var parameters = method.GetParameters();
                string list = parameters.Length == 0 ? "void"
                    : string.Join(", ", parameters.Select(p => CTypes.Declare(CTypes.Of(p.ParameterType, p), p.Name!)));
                model.Functions.Add(new CFunction(api.Header, returnType, entry, list, api.Doc, "export", null));
            }
        }
        var duplicate = model.Functions.GroupBy(f => f.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidOperationException($"{duplicate.Key} is declared twice");
        return model;
    }
}
