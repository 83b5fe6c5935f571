namespace MicroWasm.Runtime;

/// <summary>
/// A global instance (spec 4.2.9). The value is kept as raw slot bits so the interpreter can copy it
/// without conversion; a reference is kept as its handle in the owning <see cref="Store"/>.
/// </summary>
public sealed class GlobalInstance : Extern
{
    /// <summary>A global of <paramref name="store"/>, set to <paramref name="initial"/>.</summary>
    /// <exception cref="ArgumentException">The value is not of the global's type.</exception>
    public GlobalInstance(Store store, GlobalType type, Value initial)
    {
        Store = store;
        Type = type;
        SetUnchecked(initial);
    }

    public Store Store { get; }
    public GlobalType Type { get; }

    public override ExternalKind Kind => ExternalKind.Global;
    public override ExternType ExternType => ExternType.Of(Type);

    /// <summary>Always the global's store: references in it are handles that only that store can resolve.</summary>
    public override Store? Owner => Store;

    /// <summary>Interpreter contract: the low 64 bits (a reference's handle for reference types).</summary>
    internal ulong Bits;

    /// <summary>Interpreter contract: the high 64 bits of a v128.</summary>
    internal ulong HighBits;

    /// <summary>The global's value (global.get / global.set, spec 4.4.5.4-5).</summary>
    /// <exception cref="InvalidOperationException">Setting an immutable global.</exception>
    /// <exception cref="ArgumentException">Setting a value of another type.</exception>
    public Value Value
    {
        get => Type.ValueType.IsReference()
            ? (Type.ValueType == ValueType.FuncRef ? Value.FuncRef((FunctionInstance?)Store.FromHandle(Bits)) : Value.ExternRef(Store.FromHandle(Bits)))
            : Value.FromBits(Type.ValueType, Bits, HighBits);
        set
        {
            if (!Type.Mutable) throw new InvalidOperationException("global is immutable");
            SetUnchecked(value);
        }
    }

    internal void SetUnchecked(Value value)
    {
        if (value.Type != Type.ValueType)
            throw new ArgumentException($"type mismatch: global is {Type.ValueType.ToText()}, value is {value.Type.ToText()}");
        CheckSameStore(value, "the value");
        if (value.Type.IsReference())
        {
            Bits = Store.ToHandle(value.Reference);
            HighBits = 0;
        }
        else
        {
            Bits = value.Bits;
            HighBits = value.HighBits;
        }
    }
}
