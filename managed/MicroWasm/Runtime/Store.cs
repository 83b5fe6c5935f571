using System.Runtime.CompilerServices;

namespace MicroWasm.Runtime;

/// <summary>
/// A store (spec 4.2.3): the world that instances, functions, tables, memories and globals live in.
/// Not thread-safe: use one store per thread, or lock around it.
/// </summary>
public sealed class Store
{
    // The interpreter keeps references in 64-bit slots, so each referenced object gets a handle here:
    // 0 is null, otherwise index + 1 into _referenced. Handles live as long as the store.
    private readonly List<object> _referenced = [];
    private readonly Dictionary<object, ulong> _handles = new(ReferenceEqualityComparer.Instance);

    public Store(RuntimeOptions? options = null) => Options = options ?? RuntimeOptions.Default;

    public RuntimeOptions Options { get; }

    /// <summary>Interpreter contract: the handle of a reference (0 for null).</summary>
    internal ulong ToHandle(object? reference)
    {
        if (reference is null) return 0;
        if (_handles.TryGetValue(reference, out var handle)) return handle;
        _referenced.Add(reference);
        handle = (ulong)_referenced.Count;
        _handles.Add(reference, handle);
        return handle;
    }

    /// <summary>Interpreter contract: the object of a handle made by <see cref="ToHandle"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal object? FromHandle(ulong handle) => handle == 0 ? null : _referenced[(int)(handle - 1)];
}
