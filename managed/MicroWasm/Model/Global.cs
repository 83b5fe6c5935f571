namespace MicroWasm;

/// <summary>A global defined by a module (spec 2.5.6).</summary>
public sealed record GlobalDefinition(GlobalType Type, ConstantExpression Init);
