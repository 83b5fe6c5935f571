using MicroWasm.Native.Interop;
using MicroWasm.Runtime;

namespace MicroWasm.Native.Wamr;

/// <summary>One registered host function: a NativeSymbol entry read at registration.</summary>
internal sealed unsafe record NativeFunction(string ModuleName, string Name, nint Pointer, string? Signature, nint Attachment, bool Raw, nint Array);

/// <summary>
/// The natives registered with wasm_runtime_register_natives(_raw) or wasm_runtime_full_init. As in WAMR, a later
/// registration of the same name hides an earlier one; entries are read when registered (the caller must still keep
/// the array alive, WAMR's rule, since unregistering compares its address).
/// </summary>
internal static unsafe class NativeRegistry
{
    private static readonly Lock s_lock = new();
    private static readonly List<NativeFunction> s_functions = [];

    public static bool Register(byte* moduleName, NativeSymbol* symbols, uint count, bool raw, out string? error)
    {
        error = null;
        string? module = CString.Read(moduleName);
        if (module is null || (symbols is null && count > 0))
        {
            error = "module name and native symbols are required";
            return false;
        }
        var read = new List<NativeFunction>((int)count);
        for (uint i = 0; i < count; i++)
        {
            var symbol = symbols[i];
            string? name = CString.Read(symbol.symbol);
            if (name is null || symbol.func_ptr is null)
            {
                error = $"native symbol {i} of \"{module}\" has no name or no function";
                return false;
            }
            string? signature = CString.Read(symbol.signature);
            if (signature is not null && !NativeSignature.TryParse(signature, out _))
            {
                error = $"invalid signature \"{signature}\" of native symbol \"{module}\" \"{name}\"";
                return false;
            }
            read.Add(new NativeFunction(module, name, (nint)symbol.func_ptr, signature, (nint)symbol.attachment, raw, (nint)symbols));
        }
        lock (s_lock)
        {
            using var held = RaceDetector.Holding(s_lock);
            s_functions.AddRange(read);
        }
        return true;
    }

    public static bool Unregister(byte* moduleName, NativeSymbol* symbols)
    {
        string? module = CString.Read(moduleName);
        lock (s_lock)
        {
            using var held = RaceDetector.Holding(s_lock);
            return s_functions.RemoveAll(f => f.Array == (nint)symbols && f.ModuleName == module) > 0;
        }
    }

    /// <summary>The latest registration of <paramref name="module"/>.<paramref name="name"/>.</summary>
    public static NativeFunction? Find(string module, string name)
    {
        lock (s_lock)
        {
            using var held = RaceDetector.Holding(s_lock);
            for (int i = s_functions.Count - 1; i >= 0; i--)
            {
                var f = s_functions[i];
                if (f.Name == name && f.ModuleName == module) return f;
            }
        }
        return null;
    }

    public static void Clear()
    {
        lock (s_lock)
        {
            using var held = RaceDetector.Holding(s_lock);
            s_functions.Clear();
        }
    }
}

/// <summary>
/// A WAMR native signature such as <c>"(i*~$)I"</c>: i i32, I i64, f f32, F f64, r externref (uintptr_t), * a pointer
/// (i32 app address, checked and translated), ~ the byte length of the preceding pointer (i32), $ a NUL-terminated
/// string (i32 app address, checked and translated).
/// </summary>
internal readonly record struct NativeSignature(string Parameters, char Result)
{
    public static bool TryParse(string text, out NativeSignature signature)
    {
        signature = default;
        int close = text.IndexOf(')');
        if (text.Length < 2 || text[0] != '(' || close < 0) return false;
        string parameters = text[1..close];
        string result = text[(close + 1)..];
        for (int i = 0; i < parameters.Length; i++)
        {
            char c = parameters[i];
            if ("iIfFr*~$".IndexOf(c) < 0) return false;
            if (c == '~' && (i == 0 || parameters[i - 1] != '*')) return false;
        }
        if (result.Length > 1 || (result.Length == 1 && "iIfFr".IndexOf(result[0]) < 0)) return false;
        signature = new NativeSignature(parameters, result.Length == 0 ? '\0' : result[0]);
        return true;
    }

    /// <summary>Whether the signature fits the import's type, as WAMR checks before linking.</summary>
    public bool Matches(FuncType type)
    {
        if (Parameters.Length != type.Parameters.Length) return false;
        for (int i = 0; i < Parameters.Length; i++)
            if (TypeOf(Parameters[i]) != type.Parameters[i]) return false;
        if (Result == '\0') return type.Results.Length == 0;
        return type.Results.Length == 1 && TypeOf(Result) == type.Results[0];
    }

    private static ValueType TypeOf(char c) => c switch
    {
        'I' => ValueType.I64,
        'f' => ValueType.F32,
        'F' => ValueType.F64,
        'r' => ValueType.ExternRef,
        _ => ValueType.I32,
    };
}
