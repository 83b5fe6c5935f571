using System.Text;

namespace MicroWasm.Compiler;

/// <summary>How wasm things are spelled in the generated C: value types, variables, functions, slot conversions.</summary>
internal static class CNames
{
    /// <summary>
    /// The C type of a value: integers unsigned (wasm arithmetic wraps), references as the store's 64-bit handles, v128 as
    /// a 16-byte value of the C vector extension (<see cref="CSimdOps"/>).
    /// </summary>
    public static string Type(ValueType type) => type switch
    {
        ValueType.I32 => "u32",
        ValueType.I64 => "u64",
        ValueType.F32 => "f32",
        ValueType.F64 => "f64",
        ValueType.V128 => "v128",
        _ when IsHandle(type) => "u64",
        _ => throw Unsupported(type),
    };

    /// <summary>One letter per type: stack variables are named by type and depth (i3, y0), result structs by signature. Never f or d: f32 and f64 are type names.</summary>
    public static char Letter(ValueType type) => type switch
    {
        ValueType.I32 => 'i',
        ValueType.I64 => 'j',
        ValueType.F32 => 'x',
        ValueType.F64 => 'y',
        ValueType.V128 => 'v',
        _ when IsHandle(type) => 'r',
        _ => throw Unsupported(type),
    };

    /// <summary>
    /// Whether values of <paramref name="type"/> are the store's handles in C: every reference to a function or a host
    /// object, typed (<c>(ref $t)</c>, <c>(ref null func)</c>, <c>nullexternref</c>...) or not. GC's and exceptions'
    /// references have no C translation yet (<see cref="AotFeatureCheck"/> refuses them first).
    /// </summary>
    public static bool IsHandle(ValueType type) =>
        type.IsReference() && ReferenceTypes.HeapOf(type) is var heap
        && (ReferenceTypes.IsConcrete(heap) || heap is HeapType.Func or HeapType.NoFunc or HeapType.Extern or HeapType.NoExtern);

    /// <summary>The type a stack variable's letter stands for (<see cref="Letter"/>); every reference is a u64 handle, taken as funcref.</summary>
    public static ValueType TypeOfLetter(char letter) => letter switch
    {
        'i' => ValueType.I32,
        'j' => ValueType.I64,
        'x' => ValueType.F32,
        'y' => ValueType.F64,
        'v' => ValueType.V128,
        _ => ValueType.FuncRef,
    };

    public static UnsupportedFeatureException Unsupported(ValueType type) =>
        new($"{type.ToText()} values in AOT code");

    /// <summary>The initial value of a declared local (spec 4.4.10: zero); a vector needs an initializer list.</summary>
    public static string Zero(ValueType type) => type == ValueType.V128 ? "{0}" : "0";

    /// <summary>How many 64-bit slots a value takes where it crosses to the runtime: a v128 two, low half first.</summary>
    public static int SlotWidth(ValueType type) => type == ValueType.V128 ? 2 : 1;

    public static int SlotCount(IEnumerable<ValueType> types) => types.Sum(SlotWidth);

    /// <summary>The C return type of a function type: void, the one result's type, or a struct of the results.</summary>
    public static string ReturnType(FuncType type) => type.Results.Length switch
    {
        0 => "void",
        1 => Type(type.Results[0]),
        _ => ResultStruct(type.Results),
    };

    public static string ResultStruct(ValueType[] results) => "mw_res_" + string.Concat(results.Select(Letter));

    /// <summary>
    /// A slot's 64 bits as a value of <paramref name="type"/> (the interpreter's slot encoding); a v128 is read from
    /// this slot and the next.
    /// </summary>
    public static string FromSlot(ValueType type, string slot) => type switch
    {
        ValueType.I32 => $"(u32){slot}",
        ValueType.V128 => $"*(const mw_v128u*)&{slot}",
        ValueType.F32 => $"mw_f32_from((u32){slot})",
        ValueType.F64 => $"mw_f64_from({slot})",
        _ => slot,
    };

    /// <summary>A value as a slot's 64 bits: i32 and f32 zero-extended. Not for v128: see <see cref="StoreToSlot"/>.</summary>
    public static string ToSlot(ValueType type, string value) => type switch
    {
        ValueType.I32 => $"(u64){value}",
        ValueType.F32 => $"(u64)mw_f32_bits({value})",
        ValueType.F64 => $"mw_f64_bits({value})",
        ValueType.V128 => throw new InvalidOperationException("a v128 takes two slots: use StoreToSlot"),
        _ => value,
    };

    /// <summary>The statement that stores a value into <paramref name="slot"/> (and the next, for a v128), without the semicolon.</summary>
    public static string StoreToSlot(ValueType type, string slot, string value) => type == ValueType.V128
        ? $"*(mw_v128u*)&{slot} = {value}"
        : $"{slot} = {ToSlot(type, value)}";

    /// <summary>A function's C name: <c>fn</c> + its index, then its name-section name made a C identifier, if it has one.</summary>
    public static string Function(int index, string? name)
    {
        if (string.IsNullOrEmpty(name)) return $"fn{index}";
        var s = new StringBuilder($"fn{index}_");
        foreach (char ch in name)
        {
            if (s.Length >= 48) break;
            s.Append(char.IsAsciiLetterOrDigit(ch) ? ch : '_');
        }
        return s.ToString();
    }

    /// <summary>The wrapper that enters a function from the runtime with arguments and results in 64-bit slots.</summary>
    public static string Wrapper(int index) => $"w{index}";

    /// <summary>A comment-safe rendering of a name.</summary>
    public static string Comment(string text) => text.Replace("*/", "* /").Replace("\n", " ");
}
