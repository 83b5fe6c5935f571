using System.Runtime.InteropServices;
using MicroWasm.Native.Interop;
using MicroWasm.Runtime;

namespace MicroWasm.Native.Wamr;

/// <summary>A wasm_module_t: a decoded, validated module and the native copies of what C reads from it.</summary>
internal sealed unsafe class LoadedModule(CompiledModule compiled)
{
    public CompiledModule Compiled { get; } = compiled;
    public nint Handle;

    /// <summary>Set by wasm_runtime_register_module or wasm_runtime_set_module_name.</summary>
    public string? Name;
    private byte* _nameText;

    /// <summary>Set by wasm_runtime_set_wasi_args(_ex) and the address pools; read at each instantiation.</summary>
    public WasiArgs? Wasi { get; set; }

    /// <summary>Live instances; the module may not be unloaded under them (WAMR leaves that to the caller; we refuse).</summary>
    public int InstanceCount;

    // Native copies handed to C (names, custom sections) and type handles, freed by Unload.
    private readonly List<nint> _allocations = [];
    private readonly List<nint> _handles = [];
    private readonly Dictionary<string, nint> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<object, nint> _typeHandles = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, (nint Data, uint Length)> _customSections = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public byte* NativeString(string text)
    {
        lock (_lock)
        {
            using var held = RaceDetector.Holding(_lock);
            if (_strings.TryGetValue(text, out var p)) return (byte*)p;
            byte* copy = CString.Allocate(text);
            _strings[text] = (nint)copy;
            _allocations.Add((nint)copy);
            return copy;
        }
    }

    public byte* NameText()
    {
        lock (_lock)
        {
            using var held = RaceDetector.Holding(_lock);
            if (_nameText is null) _nameText = NativeString(Name ?? "");
            return _nameText;
        }
    }

    public void SetName(string name)
    {
        lock (_lock)
        {
            using var held = RaceDetector.Holding(_lock);
            Name = name;
            _nameText = null;
        }
    }

    /// <summary>A handle for a type object (FuncType, TableType, MemoryType, GlobalType), alive while the module is.</summary>
    public nint TypeHandle(object type)
    {
        lock (_lock)
        {
            using var held = RaceDetector.Holding(_lock);
            if (_typeHandles.TryGetValue(type, out var h)) return h;
            h = HandleTable.Add(type);
            _typeHandles[type] = h;
            _handles.Add(h);
            return h;
        }
    }

    public (nint Data, uint Length) CustomSection(string name)
    {
        lock (_lock)
        {
            using var held = RaceDetector.Holding(_lock);
            if (_customSections.TryGetValue(name, out var found)) return found;
            foreach (var section in Compiled.Module.CustomSections)
            {
                if (section.Name != name) continue;
                var copy = (byte*)NativeMemory.Alloc((nuint)Math.Max(section.Contents.Length, 1));
                section.Contents.Span.CopyTo(new Span<byte>(copy, section.Contents.Length));
                _allocations.Add((nint)copy);
                return _customSections[name] = ((nint)copy, (uint)section.Contents.Length);
            }
            return default;
        }
    }

    public void Unload()
    {
        lock (_lock)
        {
            using var held = RaceDetector.Holding(_lock);
            foreach (var h in _handles) HandleTable.Remove(h);
            foreach (var p in _allocations) NativeMemory.Free((void*)p);
            _handles.Clear();
            _allocations.Clear();
            _strings.Clear();
            _typeHandles.Clear();
            _customSections.Clear();
        }
        HandleTable.Remove(Handle);
    }
}
