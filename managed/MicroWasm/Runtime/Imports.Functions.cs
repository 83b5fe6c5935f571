// Typed-lambda overloads of Imports.DefineFunction; see HostFunction.Wrap for the type mapping.
namespace MicroWasm.Runtime;

public sealed partial class Imports
{
    /// <summary>Offers a host function made from a typed lambda; see <see cref="HostFunction"/> for the type mapping.</summary>
    public Imports DefineFunction(string moduleName, string name, Action function) =>
        Define(moduleName, name, HostFunction.Wrap(function, $"{moduleName}.{name}"));

    /// <summary>Offers a host function made from a typed lambda; see <see cref="HostFunction"/> for the type mapping.</summary>
    public Imports DefineFunction<T1>(string moduleName, string name, Action<T1> function) =>
        Define(moduleName, name, HostFunction.Wrap(function, $"{moduleName}.{name}"));

    /// <summary>Offers a host function made from a typed lambda; see <see cref="HostFunction"/> for the type mapping.</summary>
    public Imports DefineFunction<T1, T2>(string moduleName, string name, Action<T1, T2> function) =>
        Define(moduleName, name, HostFunction.Wrap(function, $"{moduleName}.{name}"));

    /// <summary>Offers a host function made from a typed lambda; see <see cref="HostFunction"/> for the type mapping.</summary>
    public Imports DefineFunction<T1, T2, T3>(string moduleName, string name, Action<T1, T2, T3> function) =>
        Define(moduleName, name, HostFunction.Wrap(function, $"{moduleName}.{name}"));

    /// <summary>Offers a host function made from a typed lambda; see <see cref="HostFunction"/> for the type mapping.</summary>
    public Imports DefineFunction<T1, T2, T3, T4>(string moduleName, string name, Action<T1, T2, T3, T4> function) =>
        Define(moduleName, name, HostFunction.Wrap(function, $"{moduleName}.{name}"));

    /// <summary>Offers a host function made from a typed lambda; see <see cref="HostFunction"/> for the type mapping.</summary>
    public Imports DefineFunction<TResult>(string moduleName, string name, Func<TResult> function) =>
        Define(moduleName, name, HostFunction.Wrap(function, $"{moduleName}.{name}"));

    /// <summary>Offers a host function made from a typed lambda; see <see cref="HostFunction"/> for the type mapping.</summary>
    public Imports DefineFunction<T1, TResult>(string moduleName, string name, Func<T1, TResult> function) =>
        Define(moduleName, name, HostFunction.Wrap(function, $"{moduleName}.{name}"));

    /// <summary>Offers a host function made from a typed lambda; see <see cref="HostFunction"/> for the type mapping.</summary>
    public Imports DefineFunction<T1, T2, TResult>(string moduleName, string name, Func<T1, T2, TResult> function) =>
        Define(moduleName, name, HostFunction.Wrap(function, $"{moduleName}.{name}"));

    /// <summary>Offers a host function made from a typed lambda; see <see cref="HostFunction"/> for the type mapping.</summary>
    public Imports DefineFunction<T1, T2, T3, TResult>(string moduleName, string name, Func<T1, T2, T3, TResult> function) =>
        Define(moduleName, name, HostFunction.Wrap(function, $"{moduleName}.{name}"));

    /// <summary>Offers a host function made from a typed lambda; see <see cref="HostFunction"/> for the type mapping.</summary>
    public Imports DefineFunction<T1, T2, T3, T4, TResult>(string moduleName, string name, Func<T1, T2, T3, T4, TResult> function) =>
        Define(moduleName, name, HostFunction.Wrap(function, $"{moduleName}.{name}"));
}
