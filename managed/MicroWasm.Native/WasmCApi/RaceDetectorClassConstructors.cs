using System.Runtime.CompilerServices;

namespace MicroWasm.Native.Interop;

internal static partial class RaceDetectorAttachment
{
    static partial void RunWasmCApiClassConstructors() => _ = RefStateLock(null);

    [UnsafeAccessor(UnsafeAccessorKind.StaticField, Name = "s_lock")]
    private static extern ref Lock RefStateLock(WasmCApi.RefState? type);
}
