// Attributes that describe the C side of the library. The header generator (MicroWasm.HeaderGen) reads them by
// reflection and writes include/*.h from them (architecture decision 6); the library itself never looks at them.
namespace MicroWasm.Native.Interop;

/// <summary>The public headers, in the order the generator writes them.</summary>
public enum CHeader
{
    /// <summary><c>lib_export.h</c>: <c>NativeSymbol</c> and its macros (WAMR).</summary>
    LibExport,
    /// <summary><c>wasm_export.h</c>: WAMR's embedding API.</summary>
    WasmExport,
    /// <summary><c>microwasm.h</c>: what MicroWasm adds.</summary>
    MicroWasm,
    /// <summary><c>wasm.h</c>: the standard WebAssembly C API (wasm-c-api).</summary>
    Wasm,
    /// <summary><c>native-shim/generated/wasm_c_api_internal.h</c>: what the shim's wasm.h code calls in C#; not installed.</summary>
    WasmInternal,
}

/// <summary>An exported C function: which header declares it and its doc comment.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class CApiAttribute(CHeader header, string doc) : Attribute
{
    public CHeader Header { get; } = header;
    public string Doc { get; } = doc;
}

/// <summary>The C spelling of a parameter, return value or field whose C# type does not say it (e.g. <c>const char *</c>).</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.ReturnValue | AttributeTargets.Field)]
public sealed class CTypeAttribute(string type) : Attribute
{
    public string Type { get; } = type;
}

/// <summary>
/// A struct or union shared with C, laid out in C# exactly as in C (sequential or explicit layout, blittable fields).
/// <see cref="Inline"/> structs are written as anonymous members of the struct that holds them.
/// </summary>
[AttributeUsage(AttributeTargets.Struct)]
public sealed class CStructAttribute(CHeader header, int order, string name) : Attribute
{
    public CHeader Header { get; } = header;
    public int Order { get; } = order;
    public string Name { get; } = name;
    /// <summary>The struct tag (<c>typedef struct Tag {...} Name;</c>), if C code uses one.</summary>
    public string? Tag { get; init; }
    /// <summary>A union rather than a struct.</summary>
    public bool Union { get; init; }
    /// <summary>Declared inline, as an anonymous struct or union member; has no name of its own in C.</summary>
    public bool Inline { get; init; }
    /// <summary>WAMR's <c>#ifndef X_DEFINED</c> guard, so headers that declare the same type can be mixed.</summary>
    public string? Guard { get; init; }
    public string? Doc { get; init; }
    /// <summary>Other headers that declare the type too (behind the same <see cref="Guard"/>).</summary>
    public CHeader[] AlsoIn { get; init; } = [];
    /// <summary>False when a macro of the header declares the type (wasm.h's vectors): only the layout test names it.</summary>
    public bool Emit { get; init; } = true;
}

/// <summary>An enum shared with C; member names are the C names.</summary>
[AttributeUsage(AttributeTargets.Enum)]
public sealed class CEnumAttribute(CHeader header, int order, string name) : Attribute
{
    public CHeader Header { get; } = header;
    public int Order { get; } = order;
    public string Name { get; } = name;
    public string? Tag { get; init; }
    /// <summary>When set, the C type is <c>typedef Storage Name;</c> and the constants live in <c>enum EnumTag</c>.</summary>
    public string? Storage { get; init; }
    public string? EnumTag { get; init; }
    public string? Guard { get; init; }
    public string? Doc { get; init; }
    /// <summary>Other headers that declare the enum too (behind the same <see cref="Guard"/>).</summary>
    public CHeader[] AlsoIn { get; init; } = [];
}

/// <summary>
/// One use of a declaration macro of wasm.h (<c>WASM_DECLARE_VEC(name, *)</c> ...): the header invokes
/// <see cref="Macro"/>, and the generated shim (native-shim/generated/wasm_c_api_families.c) defines the functions it
/// declares with the shim's <c>MW_DEFINE_</c> counterpart, over the generic exports of wasm_c_api_internal.h.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class CFamilyAttribute(int order, string macro, string name) : Attribute
{
    public CHeader Header => CHeader.Wasm;
    public int Order { get; } = order;
    /// <summary>The macro without its <c>WASM_DECLARE_</c> prefix: OWN, VEC, VEC_PTR, TYPE, REF_BASE, REF, SHARABLE_REF, ...</summary>
    public string Macro { get; } = macro;
    public string Name { get; } = name;
}

/// <summary>An opaque handle type: the C# struct wraps the handle, C sees <see cref="Name"/>.</summary>
[AttributeUsage(AttributeTargets.Struct)]
public sealed class CHandleAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>Text written as is (macros, opaque typedefs, callback types) at <see cref="Order"/> in <see cref="Header"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class CVerbatimAttribute(CHeader header, int order, string text) : Attribute
{
    public CHeader Header { get; } = header;
    public int Order { get; } = order;
    public string Text { get; } = text;
}

/// <summary>
/// A C function implemented in native-shim/ rather than in C# (C# cannot be variadic, for one): declared in the header,
/// defined by the shim.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class CShimFunctionAttribute(CHeader header, string returnType, string name, string parameters, string doc) : Attribute
{
    public CHeader Header { get; } = header;
    public string ReturnType { get; } = returnType;
    public string Name { get; } = name;
    public string Parameters { get; } = parameters;
    public string Doc { get; } = doc;
}

/// <summary>
/// A WAMR function that MicroWasm declares but does not implement yet. The generator writes its prototype and a stub
/// (native-shim/generated/unsupported.c) that fails with "unsupported: NAME": the exception of a module instance
/// parameter, the error buffer when there is one, and <c>microwasm_last_error()</c> always.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class CUnsupportedAttribute(string returnType, string name, string parameters) : Attribute
{
    public string ReturnType { get; } = returnType;
    public string Name { get; } = name;
    public string Parameters { get; } = parameters;
    /// <summary>Why, for the README table.</summary>
    public string? Reason { get; init; }
    public CHeader Header { get; init; } = CHeader.WasmExport;
}
