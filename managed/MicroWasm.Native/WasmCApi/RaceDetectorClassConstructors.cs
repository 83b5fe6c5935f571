using System.Runtime.CompilerServices;

namespace MicroWasm.Native.Interop;

internal static partial class RaceDetectorAttachment
{
    static partial void RunWasmCApiClassConstructors() =>
        RuntimeHelpers.RunClassConstructor(typeof(WasmCApi.RefState).TypeHandle);
}
