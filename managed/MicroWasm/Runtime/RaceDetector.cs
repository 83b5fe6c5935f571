using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MicroWasm.Runtime;

/// <summary>
/// Tells a race detector running the process (valgrind's drd) where one thread's work happens before another's, when
/// .NET orders them by means it cannot see: a <see cref="Lock"/> or <c>Monitor</c> is taken and released by
/// compare-and-swap, and an object handed over through <see cref="Volatile"/> is ordered by the processor alone. drd
/// orders threads only by the pthread calls it intercepts, so without these hints every access such a lock protects
/// is reported as a race.
/// </summary>
/// <remarks>
/// Inactive unless the C library finds valgrind (native-shim/race_detector.c) and <see cref="Attach"/>es its two
/// client requests; then each hint costs a null test. Hints name a synchronisation object by a tag: a native byte
/// per object, allocated on first use and kept for the life of the process (only under valgrind), because managed
/// objects move.
/// </remarks>
public static unsafe class RaceDetector
{
    private static delegate* unmanaged[SuppressGCTransition]<nint, void> s_happensBefore;
    private static delegate* unmanaged[SuppressGCTransition]<nint, void> s_happensAfter;
    private static readonly ConditionalWeakTable<object, Tag> s_tags = new();
    private static nint s_tagsTag;

    /// <summary>True once a race detector is attached.</summary>
    public static bool Active => s_happensAfter != null;

    /// <summary>Starts sending hints to <paramref name="happensBefore"/> and <paramref name="happensAfter"/>.</summary>
    public static void Attach(delegate* unmanaged[SuppressGCTransition]<nint, void> happensBefore,
                              delegate* unmanaged[SuppressGCTransition]<nint, void> happensAfter)
    {
        s_tagsTag = (nint)NativeMemory.Alloc(1);
        s_happensBefore = happensBefore;
        s_happensAfter = happensAfter;
    }

    /// <summary>
    /// Runs the engine's class constructors now. drd cannot see how .NET hands what a class constructor wrote to other
    /// threads (they test a flag without a lock), so under valgrind they all run on the thread that attaches, before the
    /// host starts its own threads. A class missing here shows up as a report in tests/c/drd.sh, which is how this list
    /// is kept whole.
    /// </summary>
    /// <remarks>
    /// Each class's constructor runs at the first read of one of its static fields (a private one through an
    /// <see cref="UnsafeAccessorAttribute"/>), not through <see cref="RuntimeHelpers.RunClassConstructor"/>: on
    /// NativeAOT that call finds the constructor through the runtime type loader, which would keep about 110 KB of
    /// System.Private.TypeLoader in the library for this alone (issue 15).
    /// </remarks>
    public static void RunClassConstructors()
    {
        _ = AotFaultHandlerLock(null);
        _ = Aot.AotHelpers.Table;
        _ = AotInstanceNoMemory(null);
        _ = AotInterruptLock(null);
        _ = Aot.AotPerfMap.Enabled;
        _ = Aot.AotTarget.X86_64Linux;
        _ = AotThreadLock(null);
        _ = FuncType.Empty;
        _ = AtomicOperatorsBySubOpcode(null);
        _ = Instructions.InstructionTable.All;
        _ = Interpreter.ExecutionContext.ExitCode;
        _ = ExecutorFunctionsWithHandlers(null);
        _ = FunctionValidatorSingleTypes(null);
        _ = OperatorSignaturesTable(null);
        _ = GuestMemoryStrictUtf8(default);
        _ = WasiContextPollInterval(null);
        _ = Wasi.WasiPreview1.FunctionNames;
        _ = TypeRegistryGate(null);
    }

    [UnsafeAccessor(UnsafeAccessorKind.StaticField, Name = "s_lock")]
    private static extern ref Lock AotFaultHandlerLock([UnsafeAccessorType("MicroWasm.Aot.AotFaultHandler")] object? type);

    [UnsafeAccessor(UnsafeAccessorKind.StaticField, Name = "s_lock")]
    private static extern ref Lock AotInterruptLock([UnsafeAccessorType("MicroWasm.Aot.AotInterrupt")] object? type);

    [UnsafeAccessor(UnsafeAccessorKind.StaticField, Name = "s_lock")]
    private static extern ref Lock AotThreadLock(Aot.AotThread? type);

    [UnsafeAccessor(UnsafeAccessorKind.StaticField, Name = "s_noMemory")]
    private static extern ref Aot.MemoryView* AotInstanceNoMemory(Aot.AotInstance? type);

    [UnsafeAccessor(UnsafeAccessorKind.StaticField, Name = "BySubOpcode")]
    private static extern ref Instructions.AtomicOperator?[] AtomicOperatorsBySubOpcode(
        [UnsafeAccessorType("MicroWasm.Instructions.AtomicOperators")] object? type);

    [UnsafeAccessor(UnsafeAccessorKind.StaticField, Name = "FunctionsWithHandlers")]
    private static extern ref ConditionalWeakTable<CompiledModule, Interpreter.CompiledFunction[]> ExecutorFunctionsWithHandlers(
        [UnsafeAccessorType("MicroWasm.Interpreter.Executor")] object? type);

    [UnsafeAccessor(UnsafeAccessorKind.StaticField, Name = "SingleTypes")]
    private static extern ref ValueType[][] FunctionValidatorSingleTypes(Validation.FunctionValidator? type);

    [UnsafeAccessor(UnsafeAccessorKind.StaticField, Name = "Table")]
    private static extern ref Validation.OperatorSignature[] OperatorSignaturesTable(
        [UnsafeAccessorType("MicroWasm.Validation.OperatorSignatures")] object? type);

    [UnsafeAccessor(UnsafeAccessorKind.StaticField, Name = "Gate")]
    private static extern ref Lock TypeRegistryGate([UnsafeAccessorType("MicroWasm.TypeRegistry")] object? type);

    [UnsafeAccessor(UnsafeAccessorKind.StaticField, Name = "StrictUtf8")]
    private static extern ref System.Text.UTF8Encoding GuestMemoryStrictUtf8(Wasi.GuestMemory type);

    [UnsafeAccessor(UnsafeAccessorKind.StaticField, Name = "PollInterval")]
    private static extern ref TimeSpan WasiContextPollInterval(Wasi.WasiContext? type);

    /// <summary>
    /// Marks the section from here to the returned scope's end as holding <paramref name="gate"/>, the object a
    /// <c>lock</c> statement just took: <c>lock (gate) { using var held = RaceDetector.Holding(gate); ... }</c>. The
    /// section happens after every earlier section that held it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static HeldScope Holding<T>(T gate) where T : class
    {
        if (s_happensAfter != null) s_happensAfter(TagOf(gate));
        return new HeldScope(AsObject(gate));
    }

    /// <summary>Marks what this thread did so far as happening before whatever follows <see cref="Observed"/> of the
    /// same <paramref name="channel"/> on another thread: call it before publishing an object through it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Publishing<T>(T channel) where T : class
    {
        if (s_happensBefore != null) s_happensBefore(TagOf(channel));
    }

    /// <summary>Marks what follows as happening after every <see cref="Publishing"/> of <paramref name="channel"/> so
    /// far: call it after reading a published object from it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Observed<T>(T channel) where T : class
    {
        if (s_happensAfter != null) s_happensAfter(TagOf(channel));
    }

    /// <summary>The end of a <see cref="Holding"/> section.</summary>
    public readonly ref struct HeldScope(object gate)
    {
        public void Dispose()
        {
            if (s_happensBefore != null) s_happensBefore(TagOf(gate));
        }
    }

    // A System.Threading.Lock is only a key here, never locked as an object (which CS9216 warns of).
    private static object AsObject<T>(T target) where T : class => target;

    // The table of tags is itself ordered for drd by a lock with a fixed tag: a tag made on one thread is read on others.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static nint TagOf<T>(T target) where T : class
    {
        lock (s_tags)
        {
            s_happensAfter(s_tagsTag);
            nint address = s_tags.GetValue(AsObject(target), static _ => new Tag()).Address;
            s_happensBefore(s_tagsTag);
            return address;
        }
    }

    // One native byte whose address names one synchronisation object to valgrind; never freed, so no other object's
    // tag can take the address over (it exists only under valgrind). Every address stays listed, so memcheck sees the
    // byte as reachable after its object (and the Tag) is collected. Made under s_tags' lock.
    private sealed class Tag
    {
        public readonly nint Address = Remember((nint)NativeMemory.Alloc(1));

        private static readonly List<nint> s_all = [];

        private static nint Remember(nint address)
        {
            s_all.Add(address);
            return address;
        }
    }
}
