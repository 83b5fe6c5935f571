using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace MicroWasm.Aot;

/// <summary>The machine an artifact's code is for (guide: aot.md, "The artifact is checked").</summary>
public enum AotArchitecture : ushort
{
    X86_64 = 1,
    AArch64 = 2,
}

/// <summary>The operating-system ABI the code follows (calling convention, stack layout).</summary>
public enum AotOsAbi : ushort
{
    /// <summary>ELF System V: Linux (and the other ELF systems that share the calling convention).</summary>
    SysV = 1,
}

/// <summary>CPU features the code needs beyond the architecture's baseline; the loader refuses a CPU without them.</summary>
[Flags]
public enum AotCpuFeatures : uint
{
    None = 0,
    /// <summary>x86-64-v2: SSE3, SSSE3, SSE4.1, SSE4.2, POPCNT (roundss/roundsd, popcnt).</summary>
    X86_64_V2 = 1,
}

/// <summary>A target of the compiler: architecture, ABI, required features, and the C compiler's name for it.</summary>
public sealed record AotTarget(AotArchitecture Architecture, AotOsAbi OsAbi, AotCpuFeatures Features, string Triple)
{
    public static readonly AotTarget X86_64Linux = new(AotArchitecture.X86_64, AotOsAbi.SysV, AotCpuFeatures.X86_64_V2, "x86_64-linux-gnu");
    public static readonly AotTarget AArch64Linux = new(AotArchitecture.AArch64, AotOsAbi.SysV, AotCpuFeatures.None, "aarch64-linux-gnu");

    public static IReadOnlyList<AotTarget> All { get; } = [X86_64Linux, AArch64Linux];

    /// <summary>The target named by a triple as given to <c>microwasm compile --target</c>.</summary>
    public static AotTarget? FromTriple(string triple) =>
        All.FirstOrDefault(t => t.Triple == triple || (triple is "x86_64" or "x64" && t == X86_64Linux) || (triple is "aarch64" or "arm64" && t == AArch64Linux));

    /// <summary>The target of this process, or null where AOT code cannot run.</summary>
    public static AotTarget? Host
    {
        get
        {
            if (!OperatingSystem.IsLinux()) return null;
            return RuntimeInformation.ProcessArchitecture switch
            {
                System.Runtime.InteropServices.Architecture.X64 => X86_64Linux,
                System.Runtime.InteropServices.Architecture.Arm64 => AArch64Linux,
                _ => null,
            };
        }
    }

    /// <summary>The features of <paramref name="required"/> this CPU lacks.</summary>
    public static AotCpuFeatures MissingFeatures(AotCpuFeatures required)
    {
        // A feature this runtime does not know (written by a newer compiler) cannot be checked: it counts as missing.
        var missing = required & ~AotCpuFeatures.X86_64_V2;
        if ((required & AotCpuFeatures.X86_64_V2) != 0 && !HasX86_64_V2())
            missing |= AotCpuFeatures.X86_64_V2;
        return missing;
    }

    /// <summary>
    /// Asks the CPU itself (CPUID leaf 1, ECX: SSE3 bit 0, SSSE3 9, SSE4.1 19, SSE4.2 20, POPCNT 23). Not
    /// <c>Sse42.IsSupported</c> and friends: NativeAOT compiles those to constants of the instruction set the runtime was
    /// built for (x86-64-v1 by default, so false), which made the C library refuse every x86-64 artifact.
    /// </summary>
    private static bool HasX86_64_V2()
    {
        if (!X86Base.IsSupported) return false;
        const int Needed = 1 << 0 | 1 << 9 | 1 << 19 | 1 << 20 | 1 << 23;
        var (_, _, ecx, _) = X86Base.CpuId(1, 0);
        return (ecx & Needed) == Needed;
    }

    public static string Describe(AotArchitecture architecture) => architecture switch
    {
        AotArchitecture.X86_64 => "x86_64",
        AotArchitecture.AArch64 => "aarch64",
        _ => $"architecture {(ushort)architecture}",
    };
}
