using System.Runtime.InteropServices;
using MicroWasm.Runtime;

namespace MicroWasm.Aot;

/// <summary>One element of a funcref table as generated code sees it (<see cref="AotTableShadow"/>).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct AotTableEntry
{
    /// <summary>The function's own C entry (<c>fn{index}</c>), or 0 when generated code cannot call it directly.</summary>
    public nint Code;

    /// <summary>The AOT instance the function belongs to (its shared context), or null.</summary>
    public AotInstanceContext* Owner;

    /// <summary>The function's type as its module's canonical type index (<see cref="AotSignatures"/>).</summary>
    public uint TypeId;

    public uint Reserved;
}

/// <summary>A funcref table's entries and size in native memory, for generated code.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct AotTableView
{
    public AotTableEntry* Entries;
    public ulong Length;
}

/// <summary>
/// A native mirror of a funcref table that AOT code uses for <c>call_indirect</c>: when an element is a function of
/// the calling instance itself with the expected type, generated code calls its C function directly instead of going
/// through the runtime (measured: 40 ns a call through the runtime). Anything else (another instance, interpreted
/// code, a host function, null, a type mismatch, out of bounds) takes the runtime's path, which decides and traps.
/// </summary>
/// <remarks>
/// <see cref="TableInstance"/> refreshes the mirror after every change of its elements; an entry's owner can only be
/// an instance its element keeps alive, so generated code never matches a freed context.
/// </remarks>
internal sealed unsafe class AotTableShadow
{
    private readonly TableInstance _table;
    private readonly AotTableView* _view;
    private int _capacity;

    // Entry arrays outgrown by the table: freed with the mirror, not at once, so that code of another thread still
    // reading one (an instance shared by threads, as WAMR's spawned exec envs do) never reads freed memory.
    private readonly List<nint> _retired = [];

    public AotTableShadow(TableInstance table)
    {
        _table = table;
        _view = (AotTableView*)NativeMemory.AllocZeroed((nuint)sizeof(AotTableView));
        _capacity = Math.Max(table.Elements.Length, 1);
        _view->Entries = (AotTableEntry*)NativeMemory.AllocZeroed((nuint)_capacity, (nuint)sizeof(AotTableEntry));
        Refresh(0, table.Length);
    }

    ~AotTableShadow()
    {
        foreach (nint entries in _retired) NativeMemory.Free((void*)entries);
        NativeMemory.Free(_view->Entries);
        NativeMemory.Free(_view);
    }

    public AotTableView* View => _view;

    /// <summary>Mirrors elements [<paramref name="start"/>, +<paramref name="count"/>) and the table's current size.</summary>
    public void Refresh(int start, int count)
    {
        // Threads sharing the instance change the table at once (a set on one, a grow on another).
        lock (_retired)
        {
            using var held = RaceDetector.Holding(_retired);
            RefreshLocked(start, count);
        }
    }

    private void RefreshLocked(int start, int count)
    {
        if (_table.Elements.Length > _capacity)
        {
            int capacity = _table.Elements.Length;
            var grown = (AotTableEntry*)NativeMemory.AllocZeroed((nuint)capacity, (nuint)sizeof(AotTableEntry));
            Buffer.MemoryCopy(_view->Entries, grown, (long)capacity * sizeof(AotTableEntry), (long)_capacity * sizeof(AotTableEntry));
            _retired.Add((nint)_view->Entries);
            _view->Entries = grown;
            _capacity = capacity;
        }
        for (int i = start; i < start + count; i++) _view->Entries[i] = EntryOf(_table.Elements[i]);
        _view->Length = (ulong)_table.Length;
    }

    private static AotTableEntry EntryOf(object? element)
    {
        if (element is WasmFunction { Instance.AotInstance: { } aot } function)
        {
            nint code = aot.Image.DirectEntry(function.DefinedIndex);
            int typeIndex = aot.Instance.Module.FunctionTypeIndices[function.DefinedIndex];
            if (code != 0) return new AotTableEntry { Code = code, Owner = aot.Context, TypeId = (uint)aot.Image.TypeIds[typeIndex] };
        }
        return default;
    }
}
