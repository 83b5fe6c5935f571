// Typed-lambda factories for host functions. Generated shape: one overload per arity, for actions and functions.
namespace MicroWasm.Runtime;

public sealed partial class HostFunction
{
    /// <summary>A host function from a typed lambda: a function returning nothing; see <see cref="HostFunction"/> for the type mapping.</summary>
    /// <exception cref="NotSupportedException">A type argument has no WebAssembly value type.</exception>
    public static HostFunction Wrap(Action function, string? name = null) =>
        new(new FuncType([], []), (a, r) => { function(); }, name);

    /// <summary>A host function from a typed lambda: a function returning nothing; see <see cref="HostFunction"/> for the type mapping.</summary>
    /// <exception cref="NotSupportedException">A type argument has no WebAssembly value type.</exception>
    public static HostFunction Wrap<T1>(Action<T1> function, string? name = null) =>
        new(new FuncType([ClrValueMapping.TypeOf<T1>()], []), (a, r) => { function(ClrValueMapping.FromValue<T1>(a[0])); }, name);

    /// <summary>A host function from a typed lambda: a function returning nothing; see <see cref="HostFunction"/> for the type mapping.</summary>
    /// <exception cref="NotSupportedException">A type argument has no WebAssembly value type.</exception>
    public static HostFunction Wrap<T1, T2>(Action<T1, T2> function, string? name = null) =>
        new(new FuncType([ClrValueMapping.TypeOf<T1>(), ClrValueMapping.TypeOf<T2>()], []), (a, r) => { function(ClrValueMapping.FromValue<T1>(a[0]), ClrValueMapping.FromValue<T2>(a[1])); }, name);

    /// <summary>A host function from a typed lambda: a function returning nothing; see <see cref="HostFunction"/> for the type mapping.</summary>
    /// <exception cref="NotSupportedException">A type argument has no WebAssembly value type.</exception>
    public static HostFunction Wrap<T1, T2, T3>(Action<T1, T2, T3> function, string? name = null) =>
        new(new FuncType([ClrValueMapping.TypeOf<T1>(), ClrValueMapping.TypeOf<T2>(), ClrValueMapping.TypeOf<T3>()], []), (a, r) => { function(ClrValueMapping.FromValue<T1>(a[0]), ClrValueMapping.FromValue<T2>(a[1]), ClrValueMapping.FromValue<T3>(a[2])); }, name);

    /// <summary>A host function from a typed lambda: a function returning nothing; see <see cref="HostFunction"/> for the type mapping.</summary>
    /// <exception cref="NotSupportedException">A type argument has no WebAssembly value type.</exception>
    public static HostFunction Wrap<T1, T2, T3, T4>(Action<T1, T2, T3, T4> function, string? name = null) =>
        new(new FuncType([ClrValueMapping.TypeOf<T1>(), ClrValueMapping.TypeOf<T2>(), ClrValueMapping.TypeOf<T3>(), ClrValueMapping.TypeOf<T4>()], []), (a, r) => { function(ClrValueMapping.FromValue<T1>(a[0]), ClrValueMapping.FromValue<T2>(a[1]), ClrValueMapping.FromValue<T3>(a[2]), ClrValueMapping.FromValue<T4>(a[3])); }, name);

    /// <summary>A host function from a typed lambda: a function returning one value; see <see cref="HostFunction"/> for the type mapping.</summary>
    /// <exception cref="NotSupportedException">A type argument has no WebAssembly value type.</exception>
    public static HostFunction Wrap<TResult>(Func<TResult> function, string? name = null) =>
        new(new FuncType([], [ClrValueMapping.TypeOf<TResult>()]), (a, r) => { r[0] = ClrValueMapping.ToValue(function()); }, name);

    /// <summary>A host function from a typed lambda: a function returning one value; see <see cref="HostFunction"/> for the type mapping.</summary>
    /// <exception cref="NotSupportedException">A type argument has no WebAssembly value type.</exception>
    public static HostFunction Wrap<T1, TResult>(Func<T1, TResult> function, string? name = null) =>
        new(new FuncType([ClrValueMapping.TypeOf<T1>()], [ClrValueMapping.TypeOf<TResult>()]), (a, r) => { r[0] = ClrValueMapping.ToValue(function(ClrValueMapping.FromValue<T1>(a[0]))); }, name);

    /// <summary>A host function from a typed lambda: a function returning one value; see <see cref="HostFunction"/> for the type mapping.</summary>
    /// <exception cref="NotSupportedException">A type argument has no WebAssembly value type.</exception>
    public static HostFunction Wrap<T1, T2, TResult>(Func<T1, T2, TResult> function, string? name = null) =>
        new(new FuncType([ClrValueMapping.TypeOf<T1>(), ClrValueMapping.TypeOf<T2>()], [ClrValueMapping.TypeOf<TResult>()]), (a, r) => { r[0] = ClrValueMapping.ToValue(function(ClrValueMapping.FromValue<T1>(a[0]), ClrValueMapping.FromValue<T2>(a[1]))); }, name);

    /// <summary>A host function from a typed lambda: a function returning one value; see <see cref="HostFunction"/> for the type mapping.</summary>
    /// <exception cref="NotSupportedException">A type argument has no WebAssembly value type.</exception>
    public static HostFunction Wrap<T1, T2, T3, TResult>(Func<T1, T2, T3, TResult> function, string? name = null) =>
        new(new FuncType([ClrValueMapping.TypeOf<T1>(), ClrValueMapping.TypeOf<T2>(), ClrValueMapping.TypeOf<T3>()], [ClrValueMapping.TypeOf<TResult>()]), (a, r) => { r[0] = ClrValueMapping.ToValue(function(ClrValueMapping.FromValue<T1>(a[0]), ClrValueMapping.FromValue<T2>(a[1]), ClrValueMapping.FromValue<T3>(a[2]))); }, name);

    /// <summary>A host function from a typed lambda: a function returning one value; see <see cref="HostFunction"/> for the type mapping.</summary>
    /// <exception cref="NotSupportedException">A type argument has no WebAssembly value type.</exception>
    public static HostFunction Wrap<T1, T2, T3, T4, TResult>(Func<T1, T2, T3, T4, TResult> function, string? name = null) =>
        new(new FuncType([ClrValueMapping.TypeOf<T1>(), ClrValueMapping.TypeOf<T2>(), ClrValueMapping.TypeOf<T3>(), ClrValueMapping.TypeOf<T4>()], [ClrValueMapping.TypeOf<TResult>()]), (a, r) => { r[0] = ClrValueMapping.ToValue(function(ClrValueMapping.FromValue<T1>(a[0]), ClrValueMapping.FromValue<T2>(a[1]), ClrValueMapping.FromValue<T3>(a[2]), ClrValueMapping.FromValue<T4>(a[3]))); }, name);
}
