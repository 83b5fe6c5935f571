global using System.Runtime.InteropServices;
// System.ModuleHandle would otherwise shadow ours.
global using ModuleHandle = MicroWasm.Native.Interop.ModuleHandle;
global using ValueType = MicroWasm.ValueType;
