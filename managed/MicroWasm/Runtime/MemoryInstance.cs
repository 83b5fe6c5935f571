using System.Runtime.CompilerServices;
using System.Text;

namespace MicroWasm.Runtime;

/// <summary>
/// A linear memory instance (spec 4.2.8) in native memory (architecture note 3), so C hosts can hold its address.
/// </summary>
/// <remarks>
/// On 64-bit hosts the address space for <see cref="MaxPages"/> is reserved when the memory is created and
/// committed as it grows, so <see cref="BaseAddress"/> never moves (<see cref="BaseIsStable"/>). Elsewhere the
/// memory is one heap block that growth may move. Either way the bytes are freed by <see cref="Dispose"/>, by the
/// owning <see cref="Store"/>'s disposal, or at the latest by finalization.
/// All multi-byte accessors are little-endian, as WebAssembly is (every supported port is little-endian).
/// </remarks>
public sealed unsafe class MemoryInstance : Extern, IDisposable
{
    /// <summary>Interpreter contract: the first byte of the memory. Reload after any call or grow.</summary>
    internal byte* Base;

    /// <summary>Interpreter contract: the current size in bytes. Every access checks <c>address + width &lt;= Size</c>.</summary>
    internal ulong Size;

    private NativeLinearMemory? _memory;
    private readonly Store? _owner;

    // On the pinned object heap, so AOT code can hold its address while this memory is reachable.
    private readonly ulong[] _viewStorage = GC.AllocateArray<ulong>(2, pinned: true);

    /// <summary>
    /// AOT contract: <see cref="Base"/> and <see cref="Size"/> mirrored in native memory for generated code, updated
    /// wherever they change.
    /// </summary>
    internal Aot.MemoryView* View => (Aot.MemoryView*)Unsafe.AsPointer(ref _viewStorage[0]);

    private void PublishView()
    {
        View->Base = Base;
        View->Size = Size;
    }

    /// <summary>A standalone memory, usable by instances of any store; the caller disposes it.</summary>
    /// <param name="type">The memory's type; its minimum is the initial size.</param>
    /// <param name="hostMaxPages">A host cap on the size, below the type's maximum (see <see cref="RuntimeOptions.MaxMemoryPages"/>).</param>
    /// <exception cref="ResourceExhaustedException">The host cannot give the initial size.</exception>
    public MemoryInstance(MemoryType type, ulong? hostMaxPages = null) : this(type, hostMaxPages, null, allowReservation: true, guarded: true) { }

    // guarded: a guard region past a 32-bit memory, which AOT code needs (IsGuarded).
    internal MemoryInstance(MemoryType type, ulong? hostMaxPages, Store? owner, bool allowReservation, bool guarded)
    {
        Type = type;
        _owner = owner;
        // A memory without a maximum may grow to what 32-bit addresses reach (spec 4.5.3.9, 2.3.7); a 64-bit one as far
        // as this runtime reserves address space for one (its growth past that fails as the host refusing would).
        ulong typeMax = type.Is64
            ? Math.Min(type.Limits.Max ?? ulong.MaxValue, MaxPages64Runtime)
            : type.Limits.Max ?? MemoryType.MaxPages32;
        MaxPages = hostMaxPages is { } cap ? Math.Min(cap, typeMax) : typeMax;
        if (type.Limits.Min > MaxPages)
            throw new ResourceExhaustedException($"memory of {type.Limits.Min} pages exceeds the limit of {MaxPages} pages");
        ulong initialBytes = type.Limits.Min * MemoryType.PageSize;
        // A shared memory never moves (threads proposal): other threads hold its base while it grows.
        _memory = NativeLinearMemory.Create(initialBytes, MaxPages * MemoryType.PageSize, allowReservation || type.Shared, guarded && !type.Is64)
            ?? throw new ResourceExhaustedException($"cannot allocate a memory of {type.Limits.Min} pages");
        if (type.Shared)
        {
            if (!_memory.IsStable)
            {
                _memory.Dispose();
                throw new ResourceExhaustedException($"cannot reserve address space for a shared memory of {MaxPages} pages");
            }
            Waiters = new AtomicWaiters();
        }
        Base = _memory.Base;
        Size = initialBytes;
        PublishView();
    }

    /// <summary>
    /// The most pages a 64-bit memory (memory64) gets in this runtime, whatever its type allows: 16 GiB, so that its
    /// address space can be reserved up front like a 32-bit memory's 4 GiB. A host cap (<see cref="RuntimeOptions.MaxMemoryPages"/>)
    /// lowers it further.
    /// </summary>
    public const ulong MaxPages64Runtime = 1UL << 18;

    /// <summary>
    /// A memory with no bytes of its own, whose <see cref="Base"/> and <see cref="Size"/> the interpreter points into a
    /// 64-bit memory past 4 GiB for one access (Interpreter.Memory64Operations.Address). Never given to a host.
    /// </summary>
    internal static MemoryInstance CreateWindow() => new(new MemoryType(new Limits(0, 0)));

    private MemoryInstance(MemoryType type)
    {
        Type = type;
        MaxPages = 0;
        PublishView();
    }

    /// <summary>The memory's declared type. Its current size is <see cref="PageCount"/>.</summary>
    public MemoryType Type { get; }

    public override ExternalKind Kind => ExternalKind.Memory;

    /// <inheritdoc/>
    public override ExternType ExternType => ExternType.Of(Type with { Limits = new Limits(PageCount, Type.Limits.Max) });

    public override Store? Owner => _owner;

    /// <summary>
    /// The most pages this memory may grow to: the type's maximum (65536 when it has none; for a 64-bit memory at most
    /// <see cref="MaxPages64Runtime"/>), capped by the host.
    /// </summary>
    public ulong MaxPages { get; }

    /// <summary>The address of byte 0. Stable for the memory's life when <see cref="BaseIsStable"/>; otherwise reload it after every grow.</summary>
    public nint BaseAddress => (nint)Base;

    /// <summary>True when the address space for <see cref="MaxPages"/> was reserved up front, so <see cref="BaseAddress"/> never moves.</summary>
    public bool BaseIsStable => _memory?.IsStable ?? false;

    /// <summary>
    /// True when the memory is also followed by a guard region (<see cref="Aot.AotContextLayout.GuardedReservationBytes"/>
    /// reserved from its base), which AOT code needs: it traps on a fault there instead of checking bounds. The memories
    /// of AOT instances and those a host creates (which any instance may import) get one on 64-bit hosts; those of
    /// interpreted instances do not (address space is free on real hardware, but emulators and valgrind pay for it).
    /// </summary>
    internal bool IsGuarded => _memory?.IsGuarded ?? false;

    public ulong SizeInBytes => Size;
    public ulong PageCount => Size / MemoryType.PageSize;

    /// <summary>
    /// memory.grow (spec 4.4.7.12, growmem 4.5.3.9): adds <paramref name="deltaPages"/> zeroed pages and returns the
    /// old size in pages, or -1, leaving the memory unchanged, when that would pass <see cref="MaxPages"/> or the host refuses.
    /// </summary>
    public long Grow(ulong deltaPages)
    {
        // Threads may grow a memory at once (a shared one, or any through spawned exec envs): each growth is whole, in some order.
        lock (_growLock)
        {
            using var held = RaceDetector.Holding(_growLock);
            return GrowHoldingLock(deltaPages);
        }
    }

    /// <summary>Serialises <see cref="Grow"/>; the size and base it changes are read without it.</summary>
    private readonly Lock _growLock = new();

    /// <summary>The wait queues of a shared memory; null for an unshared one.</summary>
    internal AtomicWaiters? Waiters { get; }

    private long GrowHoldingLock(ulong deltaPages)
    {
        ulong old = PageCount;
        if (_memory is null || deltaPages > MaxPages || old + deltaPages > MaxPages) return -1;
        if (deltaPages == 0) return (long)old;
        ulong newSize = (old + deltaPages) * MemoryType.PageSize;
        if (!_memory.TryGrow(newSize)) return -1;
        Base = _memory.Base;
        Size = newSize;
        PublishView();
        return (long)old;
    }

    /// <summary>A view of <paramref name="length"/> bytes at <paramref name="offset"/>; valid until the next grow (or call into wasm, which may grow).</summary>
    /// <exception cref="TrapException">Out of bounds memory access.</exception>
    public Span<byte> GetSpan(ulong offset, int length)
    {
        CheckBounds(offset, length);
        return new Span<byte>(Base + offset, length);
    }

    /// <summary>Copies bytes out of the memory.</summary>
    /// <exception cref="TrapException">Out of bounds memory access.</exception>
    public void Read(ulong offset, Span<byte> destination) => GetSpan(offset, destination.Length).CopyTo(destination);

    /// <summary>Copies bytes into the memory.</summary>
    /// <exception cref="TrapException">Out of bounds memory access.</exception>
    public void Write(ulong offset, ReadOnlySpan<byte> source) => source.CopyTo(GetSpan(offset, source.Length));

    /// <summary>Reads a value stored little-endian at any alignment, e.g. <c>Read&lt;int&gt;(16)</c>.</summary>
    /// <exception cref="TrapException">Out of bounds memory access.</exception>
    public T Read<T>(ulong offset) where T : unmanaged
    {
        CheckBounds(offset, sizeof(T));
        return Unsafe.ReadUnaligned<T>(Base + offset);
    }

    /// <summary>Writes a value little-endian at any alignment, e.g. <c>Write(16, 42L)</c>.</summary>
    /// <exception cref="TrapException">Out of bounds memory access.</exception>
    public void Write<T>(ulong offset, T value) where T : unmanaged
    {
        CheckBounds(offset, sizeof(T));
        Unsafe.WriteUnaligned(Base + offset, value);
    }

    /// <summary>Decodes <paramref name="length"/> bytes of UTF-8 at <paramref name="offset"/>.</summary>
    /// <exception cref="TrapException">Out of bounds memory access.</exception>
    public string ReadUtf8(ulong offset, int length) => Encoding.UTF8.GetString(GetSpan(offset, length));

    private void CheckBounds(ulong offset, int length)
    {
        if (length < 0 || offset > Size || (ulong)length > Size - offset)
            throw new TrapException(TrapKind.OutOfBoundsMemoryAccess);
    }

    /// <summary>
    /// Frees the memory. Afterwards its size is 0, so every access traps as out of bounds rather than touching freed memory.
    /// Instances and hosts that still hold <see cref="BaseAddress"/> must not use it.
    /// </summary>
    public void Dispose()
    {
        // Size first: an access checked after this sees an empty memory. AOT code, which checks nothing, sees one whose
        // every byte is a guard region.
        Size = 0;
        Base = null;
        PublishView();
        if (IsGuarded) View->Base = Aot.AotFaultHandler.EmptyGuardedRegion;
        _memory?.Dispose();
        _memory = null;
    }
}
