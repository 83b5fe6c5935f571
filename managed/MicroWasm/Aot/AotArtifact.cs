namespace MicroWasm.Aot;

/// <summary>
/// What an artifact (<c>.aot</c>) holds once read and checked: the target, the original module's bytes, the code image's
/// segments, the fix-ups to apply at load, and where each function's code is (guide: aot.md). The container is the
/// same on every architecture: the loader copies segments, adds the image's base to fix-ups and never decodes an instruction.
/// </summary>
public sealed record AotArtifact
{
    public required AotArchitecture Architecture { get; init; }
    public required AotOsAbi OsAbi { get; init; }
    public required AotCpuFeatures Features { get; init; }

    /// <summary>The compiler and flags that made the code, for messages and cache keys.</summary>
    public required string CompilerDescription { get; init; }

    /// <summary>The module's binary, validated again on load: types, imports and exports come from it.</summary>
    public required byte[] WasmBytes { get; init; }

    /// <summary>The extent of the mapped image, in bytes; every segment lies inside it.</summary>
    public required ulong ImageSize { get; init; }

    public required AotSegment[] Segments { get; init; }

    /// <summary>Base-relative fix-ups: at load, the 64-bit word at <see cref="AotFixup.Offset"/> becomes base + <see cref="AotFixup.Addend"/>.</summary>
    public required AotFixup[] Fixups { get; init; }

    /// <summary>The image offset of <c>int mw_enter(ctx, wrapper, slots)</c>, the trampoline that sets the landing pad.</summary>
    public required ulong EntryOffset { get; init; }

    /// <summary>
    /// The return address of the trampoline's one call (<c>mw_enter_return</c>): a frame returning there is an entry's,
    /// and the fault handler finds the entry's context beside it.
    /// </summary>
    public required ulong EnterReturnOffset { get; init; }

    /// <summary>The image's interrupt word (<c>s32 mw_interrupt</c>): non-zero while some store is asked to terminate; loops poll it.</summary>
    public required ulong InterruptOffset { get; init; }

    /// <summary>The image's fault handler (<c>mw_fault</c>), a <c>SA_SIGINFO</c> signal handler (<see cref="AotFaultHandler"/>).</summary>
    public required ulong FaultHandlerOffset { get; init; }

    /// <summary>The image's pointer to the runtime's fault registry (<c>mw_faults</c>), which its fault handler reads.</summary>
    public required ulong FaultRegistryOffset { get; init; }

    /// <summary>One entry per function the module defines, in order.</summary>
    public required AotFunction[] Functions { get; init; }
}

/// <summary>A loadable segment: where it goes in the image, its bytes (the rest up to <see cref="MemorySize"/> is zero) and its protection.</summary>
public sealed record AotSegment(ulong Offset, ulong MemorySize, AotProtection Protection, byte[] Bytes);

[Flags]
public enum AotProtection : uint
{
    Read = 1,
    Write = 2,
    Execute = 4,
}

public readonly record struct AotFixup(ulong Offset, ulong Addend);

/// <summary>
/// A defined function's code: the wrapper that unpacks arguments from 64-bit slots (absent, <see cref="NoWrapper"/>, for
/// functions nothing outside the module can reach), and the function's own code range, for naming trap frames and perf maps.
/// </summary>
public readonly record struct AotFunction(ulong WrapperOffset, ulong CodeOffset, ulong CodeSize)
{
    public const ulong NoWrapper = ulong.MaxValue;
    public bool HasWrapper => WrapperOffset != NoWrapper;
}
