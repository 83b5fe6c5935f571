using System.Runtime.InteropServices;
using MicroWasm.Runtime;

namespace MicroWasm.Aot;

/// <summary>
/// An artifact's code mapped into this process (guide: aot.md, "The loader"): segments copied into fresh pages, fix-ups
/// applied, then each segment given its final protection, so no page is ever writable and executable at once. Shared by
/// every instance of the module; unmapped when the module is no longer reachable.
/// </summary>
internal sealed unsafe class AotImage
{
    private byte* _base;
    private readonly nuint _size;

    private AotImage(AotArtifact artifact)
    {
        Artifact = artifact;
        _size = (nuint)artifact.ImageSize;
        _base = (byte*)VirtualMemory.Reserve(_size);
        if (_base == null) throw new ResourceExhaustedException($"cannot map an AOT image of {artifact.ImageSize} bytes");
        try
        {
            nuint page = (nuint)Environment.SystemPageSize;
            foreach (var s in artifact.Segments)
            {
                if (s.Offset % page != 0)
                    throw new AotArtifactException($"artifact segment at 0x{s.Offset:x} does not start on one of this system's {page}-byte pages");
                if (!VirtualMemory.Commit(_base + s.Offset, (nuint)AlignToPage(s.MemorySize, page)))
                    throw new ResourceExhaustedException("cannot commit memory for an AOT image");
                s.Bytes.CopyTo(new Span<byte>(_base + s.Offset, s.Bytes.Length));
            }
            foreach (var f in artifact.Fixups)
                *(ulong*)(_base + f.Offset) = (ulong)_base + f.Addend;
            foreach (var s in artifact.Segments)
            {
                if (!VirtualMemory.Protect(_base + s.Offset, (nuint)AlignToPage(s.MemorySize, page),
                        (s.Protection & AotProtection.Write) != 0, (s.Protection & AotProtection.Execute) != 0))
                    throw new ResourceExhaustedException("cannot set the protection of an AOT image");
            }
        }
        catch
        {
            VirtualMemory.Release(_base, _size);
            _base = null;
            throw;
        }
        Entry = (delegate* unmanaged<AotContext*, nint, ulong*, int>)(_base + artifact.EntryOffset);
        FlushInstructionCache();
        // The span of the executable segments (plain loops: LINQ here kept 14 KB of System.Linq in the library).
        ulong codeStart = ulong.MaxValue, codeEnd = 0;
        foreach (var segment in artifact.Segments)
        {
            if ((segment.Protection & AotProtection.Execute) == 0) continue;
            codeStart = Math.Min(codeStart, segment.Offset);
            codeEnd = Math.Max(codeEnd, segment.Offset + segment.MemorySize);
        }
        _faultSlot = AotFaultHandler.Register(this, (nint)(_base + codeStart), (nint)(_base + codeEnd), (nint)(_base + artifact.EnterReturnOffset));
        AotInterrupt.Register(InterruptWord);
    }

    private readonly int _faultSlot = -1;

    /// <summary>The image's <c>mw_interrupt</c> (<see cref="AotInterrupt"/>).</summary>
    private int* InterruptWord => (int*)(_base + Artifact.InterruptOffset);

    /// <summary>The image's SIGSEGV handler, <c>void mw_fault(int, siginfo_t*, void*)</c> (<see cref="AotFaultHandler"/>).</summary>
    public nint FaultHandler => (nint)(_base + Artifact.FaultHandlerOffset);

    /// <summary>Where the image's fault handler finds the runtime's registry (<c>mw_faults</c>).</summary>
    public void** FaultRegistrySlot => (void**)(_base + Artifact.FaultRegistryOffset);

    /// <summary>
    /// The code was written through the data cache; AArch64 does not keep the instruction cache coherent with it. Linux
    /// cleans fresh pages when it first maps them executable (enough to run the image's own flush routine); the
    /// trampoline called with no wrapper then cleans and invalidates the whole image's lines (a no-op on x86-64).
    /// </summary>
    private void FlushInstructionCache()
    {
        ulong* range = stackalloc ulong[2];
        range[0] = (ulong)_base;
        range[1] = (ulong)_base + _size;
        Entry(null, 0, range);
    }

    ~AotImage()
    {
        if (_base == null) return;
        if (_faultSlot >= 0)
        {
            AotInterrupt.Unregister(InterruptWord);
            AotFaultHandler.Unregister(_faultSlot);
        }
        VirtualMemory.Release(_base, _size);
    }

    private static ulong AlignToPage(ulong value, nuint page) => (value + page - 1) & ~((ulong)page - 1);

    public AotArtifact Artifact { get; }

    /// <summary>The trampoline: <c>int mw_enter(ctx, wrapper, slots)</c>.</summary>
    public readonly delegate* unmanaged<AotContext*, nint, ulong*, int> Entry;

    /// <summary>The wrapper of a defined function, or 0 when nothing outside the module's code can call it.</summary>
    public nint Wrapper(int definedIndex)
    {
        var f = Artifact.Functions[definedIndex];
        return f.HasWrapper ? (nint)(_base + f.WrapperOffset) : 0;
    }

    /// <summary>Maps and binds an artifact for this process, after checking that it was made for it.</summary>
    /// <exception cref="AotArtifactException">For another architecture or ABI, or needing CPU features this machine lacks.</exception>
    public static AotImage Load(AotArtifact artifact, Module module)
    {
        var host = AotTarget.Host
            ?? throw new AotArtifactException($"AOT code cannot run on {RuntimeInformation.OSDescription} {RuntimeInformation.ProcessArchitecture} yet");
        if (artifact.Architecture != host.Architecture)
            throw new AotArtifactException($"artifact was compiled for {AotTarget.Describe(artifact.Architecture)}, this machine is {AotTarget.Describe(host.Architecture)}");
        if (artifact.OsAbi != host.OsAbi)
            throw new AotArtifactException($"artifact was compiled for OS ABI {(ushort)artifact.OsAbi}, this system has {(ushort)host.OsAbi}");
        var missing = AotTarget.MissingFeatures(artifact.Features);
        if (missing != AotCpuFeatures.None)
            throw new AotArtifactException($"artifact needs CPU features this machine lacks: {missing}");
        return new AotImage(artifact) { TypeIds = AotSignatures.CanonicalTypeIndices(module) };
    }

    /// <summary>
    /// The C function of a defined function that <c>call_indirect</c> may call directly, or 0: the functions a table can
    /// hold (the compiler keeps their C entries with their plain signature by taking their addresses).
    /// </summary>
    public nint DirectEntry(int definedIndex)
    {
        var f = Artifact.Functions[definedIndex];
        return f.HasWrapper && f.CodeSize != 0 ? (nint)(_base + f.CodeOffset) : 0;
    }

    /// <summary>The module's canonical type indices (<see cref="AotSignatures"/>).</summary>
    public int[] TypeIds { get; private init; } = [];

    /// <summary>The first instruction of a defined function's code.</summary>
    public nint CodeAddress(int definedIndex) => (nint)(_base + Artifact.Functions[definedIndex].CodeOffset);

    /// <summary>The defined function whose code holds <paramref name="address"/>, or -1.</summary>
    public int FunctionAt(nint address)
    {
        ulong offset = (ulong)address - (ulong)_base;
        var functions = Artifact.Functions;
        for (int i = 0; i < functions.Length; i++)
            if (functions[i].CodeSize != 0 && offset - functions[i].CodeOffset < functions[i].CodeSize) return i;
        return -1;
    }
}
