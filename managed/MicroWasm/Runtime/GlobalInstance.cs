using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MicroWasm.Runtime;

/// <summary>
/// A global instance (spec 4.2.9). The value is kept as raw slot bits so the interpreter can copy it
/// without conversion; a reference is kept as its handle in the owning <see cref="Store"/>.
/// The 16 bytes live at a fixed native address (<see cref="ValueAddress"/>) for the global's lifetime,
/// so a host (WAMR's wasm_global_inst_t::global_data) can read and write the value in place.
/// </summary>
public sealed unsafe class GlobalInstance : Extern
{
    /// <summary>A global of <paramref name="store"/>, set to <paramref name="initial"/>.</summary>
    /// <exception cref="ArgumentException">The value is not of the global's type.</exception>
    public GlobalInstance(Store store, GlobalType type, Value initial) : this(store, type, initial, null)
    {
    }

    /// <summary>A global of a module's type: its <paramref name="types"/> say which hierarchy a concrete reference type is in.</summary>
    internal GlobalInstance(Store store, GlobalType type, Value initial, IReadOnlyList<DefinedType>? types)
    {
        Store = store;
        Type = type;
        _storageKind = ReferenceTypes.StorageOf(type.ValueType, types);
        // On the pinned object heap: never moved, and freed with this object (its owner keeps it alive).
        _storage = GC.AllocateArray<ulong>(2, pinned: true);
        Data = (ulong*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_storage));
        SetUnchecked(initial);
    }

    public Store Store { get; }
    public GlobalType Type { get; }

    public override ExternalKind Kind => ExternalKind.Global;
    public override ExternType ExternType => ExternType.Of(Type);

    /// <summary>Always the global's store: references in it are handles that only that store can resolve.</summary>
    public override Store? Owner => Store;

    private readonly ulong[] _storage;

    // How the value is held: a reference of GC's any hierarchy as the object itself (a handle could not be collected),
    // every other value as bits.
    private readonly ValueType _storageKind;
    private object? _object;

    /// <summary>Interpreter contract: the referenced object (any's hierarchy: the object; other references: resolved from the handle).</summary>
    internal object? Reference => _storageKind == ValueType.AnyRef ? Volatile.Read(ref _object) : Store.FromHandle(Bits);

    /// <summary>Interpreter contract: sets a reference global to an object (any's hierarchy: the object; others: a store handle).</summary>
    internal void SetReference(object? reference)
    {
        if (_storageKind == ValueType.AnyRef) Volatile.Write(ref _object, reference);
        else Bits = Store.ToHandle(reference);
    }

    /// <summary>
    /// Interpreter contract: the value's storage, two 64-bit words: [0] the low 64 bits (an i32 or f32
    /// zero-extended; a reference's handle in <see cref="Store"/> for reference types), [1] the high 64 bits
    /// of a v128 (0 otherwise). Valid while this object is alive.
    /// </summary>
    internal readonly ulong* Data;

    /// <summary>
    /// The address of the value's 16 bytes (layout as <see cref="Data"/>), fixed and valid while this global
    /// is reachable. Writes through it bypass mutability and type checks.
    /// </summary>
    public nint ValueAddress => (nint)Data;

    /// <summary>The low 64 bits (a reference's handle for reference types).</summary>
    internal ulong Bits
    {
        get => Data[0];
        set => Data[0] = value;
    }

    /// <summary>The high 64 bits of a v128.</summary>
    internal ulong HighBits
    {
        get => Data[1];
        set => Data[1] = value;
    }

    /// <summary>The global's value (global.get / global.set, spec 4.4.5.4-5).</summary>
    /// <exception cref="InvalidOperationException">Setting an immutable global.</exception>
    /// <exception cref="ArgumentException">Setting a value of another type.</exception>
    public Value Value
    {
        get => _storageKind switch
        {
            ValueType.FuncRef => Value.FuncRef((FunctionInstance?)Reference),
            ValueType.ExternRef => Value.ExternRef(Reference),
            ValueType.ExnRef => Value.ExnRef((ExceptionInstance?)Reference),
            ValueType.AnyRef => Value.AnyRef(Reference),
            _ => Value.FromBits(Type.ValueType, Bits, HighBits),
        };
        set
        {
            if (!Type.Mutable) throw new InvalidOperationException("global is immutable");
            SetUnchecked(value);
        }
    }

    internal void SetUnchecked(Value value)
    {
        if (value.Type != _storageKind)
            throw new ArgumentException($"type mismatch: global is {Type.ValueType.ToText()}, value is {value.Type.ToText()}");
        CheckSameStore(value, "the value");
        if (value.Type.IsReference())
        {
            SetReference(value.Reference);
            HighBits = 0;
        }
        else
        {
            Bits = value.Bits;
            HighBits = value.HighBits;
        }
    }
}
