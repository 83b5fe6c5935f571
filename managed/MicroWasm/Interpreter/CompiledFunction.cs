namespace MicroWasm.Interpreter;

/// <summary>A function body translated to the interpreter's internal code. (Owned by the interpreter slice.)</summary>
internal sealed class CompiledFunction
{
}
