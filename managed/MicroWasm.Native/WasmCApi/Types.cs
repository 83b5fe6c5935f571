using MicroWasm.Runtime;

namespace MicroWasm.Native.WasmCApi;

/// <summary>wasm_valtype_t.</summary>
internal sealed class CValType(ValueType type) : CObject
{
    public ValueType Type { get; } = type;
    public override CObject? Copy() => new CValType(Type);
    public override bool Is(ObjectKind kind) => false;

    public static nint New(ValueType type) => Objects.Add(new CValType(type));
}

/// <summary>
/// wasm_externtype_t and the four kinds of it (functype, globaltype, tabletype, memorytype are this object, so the
/// conversions keep the pointer). What the getters return by pointer (<c>const wasm_valtype_vec_t*</c>,
/// <c>const wasm_limits_t*</c>, <c>const wasm_valtype_t*</c>) lives in native memory owned by this object.
/// </summary>
internal sealed unsafe class CExternType : CObject
{
    private HandleVec* _params, _results;
    private WasmLimits* _limits;
    private nint _content;

    public CExternType(ExternType type)
    {
        Type = type;
        switch (type.Kind)
        {
            case ExternalKind.Function:
                _params = NewValTypes(type.Function!.Parameters);
                _results = NewValTypes(type.Function.Results);
                break;
            case ExternalKind.Global:
                _content = CValType.New(type.Global!.ValueType);
                break;
            case ExternalKind.Table:
                _content = CValType.New(type.Table!.ElementType);
                _limits = NewLimits(type.Table.Limits);
                break;
            case ExternalKind.Memory:
                _limits = NewLimits(type.Memory!.Limits);
                break;
        }
    }

    public ExternType Type { get; }
    public HandleVec* Params => _params;
    public HandleVec* Results => _results;
    public WasmLimits* Limits => _limits;
    public nint Content => _content;

    public static nint New(ExternType type) => Objects.Add(new CExternType(type));

    private static HandleVec* NewValTypes(ValueType[] types)
    {
        var vec = (HandleVec*)NativeMemory.AllocZeroed((nuint)sizeof(HandleVec));
        vec->size = (nuint)types.Length;
        vec->data = types.Length == 0 ? null : (nint*)NativeMemory.AllocZeroed((nuint)types.Length, (nuint)sizeof(nint));
        for (int i = 0; i < types.Length; i++) vec->data[i] = CValType.New(types[i]);
        return vec;
    }

    private static WasmLimits* NewLimits(Limits limits)
    {
        var l = (WasmLimits*)NativeMemory.Alloc((nuint)sizeof(WasmLimits));
        *l = CConvert.ToC(limits);
        return l;
    }

    private static void Free(HandleVec* vec)
    {
        if (vec is null) return;
        for (nuint i = 0; i < vec->size; i++) Objects.Delete(vec->data[i]);
        NativeMemory.Free(vec->data);
        NativeMemory.Free(vec);
    }

    public override void Deleted()
    {
        Free(_params);
        Free(_results);
        _params = _results = null;
        NativeMemory.Free(_limits);
        _limits = null;
        Objects.Delete(_content);
        _content = 0;
    }

    public override CObject? Copy() => new CExternType(Type);

    public override bool Is(ObjectKind kind) => kind switch
    {
        ObjectKind.MW_KIND_functype => Type.Kind == ExternalKind.Function,
        ObjectKind.MW_KIND_globaltype => Type.Kind == ExternalKind.Global,
        ObjectKind.MW_KIND_tabletype => Type.Kind == ExternalKind.Table,
        ObjectKind.MW_KIND_memorytype => Type.Kind == ExternalKind.Memory,
        _ => false,
    };
}

/// <summary>wasm_importtype_t, or wasm_exporttype_t when <see cref="Module"/> is null: names in native memory, and an extern type it owns.</summary>
internal sealed unsafe class CImportExportType : CObject
{
    private ByteVec* _module, _name;
    private nint _type;

    /// <summary>Takes ownership of <paramref name="module"/>'s and <paramref name="name"/>'s data and of <paramref name="type"/>.</summary>
    public CImportExportType(ByteVec* module, ByteVec* name, nint type)
    {
        _module = module;
        _name = name;
        _type = type;
    }

    public ByteVec* Module => _module;
    public ByteVec* Name => _name;
    public nint TypeHandle => _type;

    public static nint New(string? module, string name, ExternType type) =>
        Objects.Add(new CImportExportType(module is null ? null : CConvert.NewName(module), CConvert.NewName(name), CExternType.New(type)));

    public override void Deleted()
    {
        CConvert.FreeName(_module);
        CConvert.FreeName(_name);
        _module = _name = null;
        Objects.Delete(_type);
        _type = 0;
    }

    public override CObject? Copy()
    {
        var type = Objects.Get<CExternType>(_type);
        return new CImportExportType(_module is null ? null : CConvert.CopyName(_module), CConvert.CopyName(_name),
            type is null ? 0 : CExternType.New(type.Type));
    }

    public override bool Is(ObjectKind kind) => false;
}
