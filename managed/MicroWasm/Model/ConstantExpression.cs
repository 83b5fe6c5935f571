namespace MicroWasm;

/// <summary>
/// A constant expression (spec 3.3.10), kept as its encoded instructions including the final
/// <c>end</c>. Validation checks it; instantiation evaluates it.
/// </summary>
/// <param name="Code">The instruction bytes, ending with 0x0B.</param>
/// <param name="Offset">Where the expression starts in the module's bytes, for error messages.</param>
public readonly record struct ConstantExpression(ReadOnlyMemory<byte> Code, int Offset);
