using System.Runtime.CompilerServices;
using MicroWasm.Runtime;

namespace MicroWasm.Native.Interop;

/// <summary>
/// Connects <see cref="RaceDetector"/> to valgrind when the library starts under it, so that `tests/c/drd.sh` sees
/// the ordering .NET's locks and publications create. Outside valgrind this is one call that returns 0.
/// </summary>
internal static unsafe partial class RaceDetectorAttachment
{
    // A library's one way to run at load: the NativeAOT runtime runs module initializers when it starts.
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void AttachIfRunningUnderValgrind()
    {
        // Only the NativeAOT library links the shim; the JIT-run unit tests have none.
        if (RuntimeFeature.IsDynamicCodeSupported) return;
        nint happensBefore, happensAfter;
        if (NativeShim.RaceDetector(&happensBefore, &happensAfter) == 0) return;
        RaceDetector.Attach((delegate* unmanaged[SuppressGCTransition]<nint, void>)happensBefore,
                            (delegate* unmanaged[SuppressGCTransition]<nint, void>)happensAfter);
        // The same for the C APIs' own classes (see RaceDetector.RunClassConstructors).
        RaceDetector.RunClassConstructors();
        RuntimeHelpers.RunClassConstructor(typeof(Api.InstanceApi).TypeHandle);
        RuntimeHelpers.RunClassConstructor(typeof(Api.ModuleApi).TypeHandle);
        RuntimeHelpers.RunClassConstructor(typeof(Api.RuntimeApi).TypeHandle);
        RuntimeHelpers.RunClassConstructor(typeof(HandleTable).TypeHandle);
        RuntimeHelpers.RunClassConstructor(typeof(Wamr.ExternRefTable).TypeHandle);
        RuntimeHelpers.RunClassConstructor(typeof(Wamr.NativeRegistry).TypeHandle);
        RuntimeHelpers.RunClassConstructor(typeof(Wamr.WasiArgs).TypeHandle);
        RunWasmCApiClassConstructors();
    }

    /// <summary>wasm.h's classes; defined in WasmCApi/, so a profile without wasm.h drops the call (LibraryFeatures).</summary>
    static partial void RunWasmCApiClassConstructors();
}
