namespace MicroWasm.Compiler;

/// <summary>Compilation failed for a reason outside the module: no C compiler, a compiler error, an unusable image.</summary>
public sealed class CompileException(string message) : Exception(message);
