using MicroWasm.Native.Interop;

namespace MicroWasm.HeaderGen;

/// <summary>wasm.h's declaration macros: how the header invokes one, and the functions it declares.</summary>
internal static class FamilyMacros
{
    public static string Invocation(CFamilyAttribute f) => f.Macro switch
    {
        "VEC" => $"WASM_DECLARE_VEC({f.Name}, )",
        "VEC_PTR" => $"WASM_DECLARE_VEC({f.Name}, *)",
        _ => $"WASM_DECLARE_{f.Macro}({f.Name})",
    };

    /// <summary>The shim's definition of the same family (native-shim/wasm_c_api_shim.h).</summary>
    public static string Definition(CFamilyAttribute f) => f.Macro switch
    {
        "VEC_PTR" => $"MW_DEFINE_VEC_PTR({f.Name})",
        _ => $"MW_DEFINE_{f.Macro}({f.Name})",
    };

    public static IEnumerable<string> Functions(CFamilyAttribute f)
    {
        string n = f.Name;
        IEnumerable<string> Own(string name) => [$"wasm_{name}_delete"];
        IEnumerable<string> Vec(string name) =>
            new[] { "new_empty", "new_uninitialized", "new", "copy", "delete" }.Select(s => $"wasm_{name}_vec_{s}");
        IEnumerable<string> RefFuncs(string name) =>
            new[] { "copy", "same", "get_host_info", "set_host_info", "set_host_info_with_finalizer" }.Select(s => $"wasm_{name}_{s}");
        IEnumerable<string> Casts(string name) =>
            [$"wasm_{name}_as_ref", $"wasm_ref_as_{name}", $"wasm_{name}_as_ref_const", $"wasm_ref_as_{name}_const"];
        return f.Macro switch
        {
            "OWN" => Own(n),
            "VEC" or "VEC_PTR" => Vec(n),
            "TYPE" => Own(n).Concat(Vec(n)).Append($"wasm_{n}_copy"),
            "REF_BASE" => Own(n).Concat(RefFuncs(n)),
            "REF" => Own(n).Concat(RefFuncs(n)).Concat(Casts(n)),
            "MODULE_REF" => Own(n).Concat(RefFuncs(n)).Concat(Casts(n)).Concat(Own($"shared_{n}"))
                .Append($"wasm_{n}_share").Append($"wasm_{n}_obtain"),
            "EXTERNTYPE_CASTS" => [$"wasm_{n}_as_externtype", $"wasm_externtype_as_{n}", $"wasm_{n}_as_externtype_const", $"wasm_externtype_as_{n}_const"],
            "EXTERN_CASTS" => [$"wasm_{n}_as_extern", $"wasm_extern_as_{n}", $"wasm_{n}_as_extern_const", $"wasm_extern_as_{n}_const"],
            _ => throw new InvalidOperationException($"unknown wasm.h family {f.Macro}"),
        };
    }
}
