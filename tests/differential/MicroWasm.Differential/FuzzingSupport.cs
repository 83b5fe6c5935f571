namespace MicroWasm.Differential;

/// <summary>
/// The host binaryen's translate-to-fuzz modules import, as both engines provide it, identically:
/// <list type="bullet">
/// <item>"fuzzing-support" functions: each call is logged with its name and arguments. <c>log-*</c> (log-i32, log-i64,
/// log-f32, log-f64, log-v128) return nothing; <c>sleep(ms, id)</c> returns <c>id</c> at once; the others that newer
/// binaryens emit (call-export, call-export-catch, call-ref, call-ref-catch, table-get, table-set) call nothing and return
/// zeros or null (the harness does not re-enter the module from the host).</item>
/// <item>"__fuzz_import" externref globals (newer binaryens): a non-null host reference.</item>
/// </list>
/// A module importing anything else is not run (<see cref="UnsupportedModuleException"/>).
/// </summary>
internal static class FuzzingSupport
{
    public const string FunctionModule = "fuzzing-support";
    public const string GlobalModule = "__fuzz_import";

    private static readonly HashSet<string> s_otherFunctions =
        ["sleep", "call-export", "call-export-catch", "call-ref", "call-ref-catch", "table-get", "table-set"];

    /// <summary>Checks that every import of the module is one this host provides.</summary>
    public static void CheckImports(CompiledModule module)
    {
        foreach (var import in module.Imports)
        {
            bool known = (import.ModuleName, import.Type) switch
            {
                (FunctionModule, { Function: { } f }) => import.Name.StartsWith("log-", StringComparison.Ordinal)
                    ? f.Results.Length == 0 : s_otherFunctions.Contains(import.Name),
                (GlobalModule, { Global.ValueType: ValueType.ExternRef }) => true,
                _ => false,
            };
            if (!known) throw new UnsupportedModuleException($"import \"{import.ModuleName}\" \"{import.Name}\" ({import.Type}) is not provided");
        }
    }

    /// <summary>The results of a call of the import <paramref name="name"/> (its arguments already logged).</summary>
    public static ObservedValue[] Respond(string name, FuncType type, IReadOnlyList<ObservedValue> arguments)
    {
        if (name == "sleep" && type.Results is [ValueType.I32] && arguments.Count == 2) return [arguments[1]];
        return type.Results.Select(Zero).ToArray();
    }

    private static ObservedValue Zero(ValueType type) => type switch
    {
        ValueType.FuncRef or ValueType.ExternRef => ObservedValue.Reference(type, isNull: true),
        _ => ObservedValue.Number(type, 0),
    };

    /// <summary>The value of a "__fuzz_import" global: a host object, the same kind of thing on both engines.</summary>
    public static readonly object ExternalReference = "fuzz-import";
}

/// <summary>A module the harness cannot run on both engines (an import it does not provide).</summary>
internal sealed class UnsupportedModuleException(string message) : Exception(message);
