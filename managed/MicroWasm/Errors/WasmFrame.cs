using MicroWasm.Runtime;

namespace MicroWasm;

/// <summary>
/// One WebAssembly frame of a trap's call stack (<see cref="TrapException.Frames"/>).
/// </summary>
/// <param name="Instance">The instance whose function the frame runs.</param>
/// <param name="FunctionIndex">The function's index in its module's function index space (imports first); -1 if unknown.</param>
/// <param name="FunctionOffset">
/// The byte offset of the instruction (the trapping one, or the call of an outer frame) from the start of the
/// function's body. Always 0 for now: the interpreter's translated code keeps no map back to wasm byte offsets.
/// </param>
/// <param name="ModuleOffset">That instruction's byte offset in the module's binary. Always 0 for now, as <paramref name="FunctionOffset"/>.</param>
public sealed record WasmFrame(ModuleInstance Instance, int FunctionIndex, int FunctionOffset = 0, int ModuleOffset = 0);
