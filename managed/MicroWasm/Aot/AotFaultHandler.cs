using System.Runtime.InteropServices;
using MicroWasm.Runtime;

namespace MicroWasm.Aot;

/// <summary>
/// Guard regions instead of bounds checks (guide: aot.md, "Memory"). A 32-bit memory reserves
/// <see cref="AotContextLayout.GuardedReservationBytes"/> from its base and commits only its size, so generated code may
/// access it without checks: an access out of bounds faults. The SIGSEGV handler installed here (the image's own
/// <c>mw_fault</c>, written in C by the compiler) makes a fault of artifact code on the guard region of the running
/// instance's memory the trap "out of bounds memory access", and passes every other signal to the handler it replaced,
/// the .NET runtime's.
/// </summary>
/// <remarks>
/// The handler reads the registry kept here, in native memory that is never freed: the replaced handler, the reservation
/// size, and the code range of every loaded image (to tell artifact code by its instruction address, and an entry's frame
/// by its return address). A range is written under a lock and read by the handler without one: its end is written last
/// and cleared first, and the handler uses a range only if its end reads the same before and after. A table that grows is
/// copied and the old one kept, since a handler on another thread may still be reading it. The image whose handler is
/// installed stays mapped for the rest of the process.
/// </remarks>
internal static unsafe partial class AotFaultHandler
{
    [StructLayout(LayoutKind.Sequential)]
    private struct Registry
    {
        public nint Previous;
        public ulong PreviousFlags;
        public ulong GuardedBytes;
        public CodeRanges* Code;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct CodeRange
    {
        public ulong End, Start, EnterReturn;
    }

    /// <summary>The code table: a capacity, then that many <see cref="CodeRange"/> records.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct CodeRanges
    {
        public ulong Capacity;
    }

    private static CodeRange* At(CodeRanges* table, int i) => (CodeRange*)(table + 1) + i;

    private static readonly Lock s_lock = new();
    private static Registry* s_registry;
    private static AotImage? s_handlerImage; // never unmapped: its mw_fault is the process's SIGSEGV handler
    private static bool[] s_used = [];

    /// <summary>
    /// Records a mapped image's code, installing the handler (from this image) the first time; returns the slot that
    /// <see cref="Unregister"/> takes.
    /// </summary>
    public static int Register(AotImage image, nint codeStart, nint codeEnd, nint enterReturn)
    {
        lock (s_lock)
        {
            using var held = RaceDetector.Holding(s_lock);
            if (s_registry == null) Install(image);
            int slot = Array.IndexOf(s_used, false);
            if (slot < 0)
            {
                slot = s_used.Length;
                Grow(Math.Max(16, s_used.Length * 2));
            }
            s_used[slot] = true;
            var range = At(s_registry->Code, slot);
            Volatile.Write(ref range->Start, (ulong)codeStart);
            Volatile.Write(ref range->EnterReturn, (ulong)enterReturn);
            Volatile.Write(ref range->End, (ulong)codeEnd);
            return slot;
        }
    }

    /// <summary>Forgets an image's code before it is unmapped.</summary>
    public static void Unregister(int slot)
    {
        lock (s_lock)
        {
            using var held = RaceDetector.Holding(s_lock);
            var range = At(s_registry->Code, slot);
            Volatile.Write(ref range->End, 0UL);
            Volatile.Write(ref range->Start, 0UL);
            Volatile.Write(ref range->EnterReturn, 0UL);
            s_used[slot] = false;
        }
    }

    private static void Grow(int capacity)
    {
        var old = s_registry->Code;
        var grown = (CodeRanges*)NativeMemory.AllocZeroed((nuint)(sizeof(ulong) + capacity * sizeof(CodeRange)));
        grown->Capacity = (ulong)capacity;
        for (int i = 0; old != null && i < (int)old->Capacity; i++) *At(grown, i) = *At(old, i);
        Volatile.Write(ref *(nint*)&s_registry->Code, (nint)grown);
        Array.Resize(ref s_used, capacity);
    }

    private static void Install(AotImage image)
    {
        var registry = (Registry*)NativeMemory.AllocZeroed((nuint)sizeof(Registry));
        registry->GuardedBytes = AotContextLayout.GuardedReservationBytes;
        // The replaced handler is recorded before ours can run; one installed in between is recorded after.
        SigAction previous;
        if (sigaction(SIGSEGV, null, &previous) != 0)
            throw new ResourceExhaustedException($"cannot read the SIGSEGV handler (errno {Marshal.GetLastPInvokeError()})");
        registry->Previous = previous.Handler;
        registry->PreviousFlags = (ulong)previous.Flags;
        *image.FaultRegistrySlot = registry;
        var ours = new SigAction { Handler = image.FaultHandler, Flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART };
        if (sigaction(SIGSEGV, &ours, &previous) != 0)
            throw new ResourceExhaustedException($"cannot install the AOT fault handler (errno {Marshal.GetLastPInvokeError()})");
        registry->Previous = previous.Handler;
        registry->PreviousFlags = (ulong)previous.Flags;
        s_registry = registry;
        s_handlerImage = image;
    }

    /// <summary>
    /// A reservation of <see cref="AotContextLayout.GuardedReservationBytes"/> with nothing accessible in it, for the view
    /// of a disposed memory: AOT code that still runs then traps on every access. Null if it cannot be reserved.
    /// </summary>
    public static byte* EmptyGuardedRegion
    {
        get
        {
            lock (s_lock)
            {
                using var held = RaceDetector.Holding(s_lock);
                if (s_emptyRegion == null && VirtualMemory.IsSupported)
                    s_emptyRegion = Environment.Is64BitProcess ? (byte*)VirtualMemory.Reserve(unchecked((nuint)AotContextLayout.GuardedReservationBytes)) : null;
                return s_emptyRegion;
            }
        }
    }

    private static byte* s_emptyRegion;

    // glibc's struct sigaction, the same on x86-64 and AArch64 Linux: handler, 128-byte mask, flags, restorer.
    [StructLayout(LayoutKind.Explicit, Size = 152)]
    private struct SigAction
    {
        [FieldOffset(0)] public nint Handler;
        [FieldOffset(136)] public int Flags;
    }

    private const int SIGSEGV = 11;
    private const int SA_SIGINFO = 4, SA_ONSTACK = 0x08000000, SA_RESTART = 0x10000000;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int sigaction(int signal, SigAction* action, SigAction* previous);
}
