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
        // The same for the C APIs' own classes (see RaceDetector.RunClassConstructors, which says why by field reads).
        RaceDetector.RunClassConstructors();
        _ = InstanceApiNextKey(null);
        _ = ModuleApiRegisteredLock(null);
        _ = Api.RuntimeApi.InitLock;
        _ = HandleTableLock(null);
        _ = ExternRefTableLock(null);
        _ = NativeRegistryLock(null);
        _ = Wamr.WasiArgs.Default;
        RunWasmCApiClassConstructors();
    }

    [UnsafeAccessor(UnsafeAccessorKind.StaticField, Name = "s_nextKey")]
    private static extern ref long InstanceApiNextKey([UnsafeAccessorType("MicroWasm.Native.Api.InstanceApi")] object? type);

    [UnsafeAccessor(UnsafeAccessorKind.StaticField, Name = "s_registeredLock")]
    private static extern ref Lock ModuleApiRegisteredLock([UnsafeAccessorType("MicroWasm.Native.Api.ModuleApi")] object? type);

    [UnsafeAccessor(UnsafeAccessorKind.StaticField, Name = "s_lock")]
    private static extern ref Lock HandleTableLock([UnsafeAccessorType("MicroWasm.Native.Interop.HandleTable")] object? type);

    [UnsafeAccessor(UnsafeAccessorKind.StaticField, Name = "s_lock")]
    private static extern ref Lock ExternRefTableLock([UnsafeAccessorType("MicroWasm.Native.Wamr.ExternRefTable")] object? type);

    [UnsafeAccessor(UnsafeAccessorKind.StaticField, Name = "s_lock")]
    private static extern ref Lock NativeRegistryLock([UnsafeAccessorType("MicroWasm.Native.Wamr.NativeRegistry")] object? type);

    /// <summary>wasm.h's classes; defined in WasmCApi/, so a profile without wasm.h drops the call (LibraryFeatures).</summary>
    static partial void RunWasmCApiClassConstructors();
}
