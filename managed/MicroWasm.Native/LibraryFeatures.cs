using System.Diagnostics.CodeAnalysis;

namespace MicroWasm.Native;

/// <summary>
/// What a profile of the library leaves out (CMake's MICROWASM_PROFILE and MICROWASM_* options, passed to the publish as
/// MSBuild properties; see MicroWasm.Native.csproj). A profile is a root set: it leaves out the export files of a
/// feature, and these switches, fixed at compile time by ILC, cut the one place the rest of the library reaches the
/// feature, so the trimmer drops everything behind it.
/// </summary>
internal static class LibraryFeatures
{
    /// <summary>WAMR's libc-wasi: instances of modules that import WASI get a WASI context.</summary>
    [FeatureSwitchDefinition("MicroWasm.Native.Wasi")]
    public static bool Wasi => !AppContext.TryGetSwitch("MicroWasm.Native.Wasi", out bool enabled) || enabled;
}
