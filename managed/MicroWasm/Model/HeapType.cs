namespace MicroWasm;

/// <summary>
/// A heap type (WebAssembly 3.0, spec 2.3.3): an abstract one, numbered by its binary code, or a concrete type index
/// (see <see cref="ReferenceTypes.Concrete"/>), numbered from <see cref="ReferenceTypes.FirstConcrete"/>. The GC
/// types any, eq, i31, struct, array and none form the any hierarchy, held as <see cref="ValueType.AnyRef"/> values.
/// </summary>
public enum HeapType
{
    Exn = 0x69,
    Array = 0x6A,
    Struct = 0x6B,
    I31 = 0x6C,
    Eq = 0x6D,
    Any = 0x6E,
    Extern = 0x6F,
    Func = 0x70,
    None = 0x71,
    NoExtern = 0x72,
    NoFunc = 0x73,
    NoExn = 0x74,
}
