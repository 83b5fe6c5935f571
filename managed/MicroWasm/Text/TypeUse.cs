namespace MicroWasm.Text;

/// <summary>A parameter as written: its optional identifier (which names a local) and type.</summary>
internal readonly record struct ParamDeclaration(string? Id, ValueType Type, Token At);

/// <summary>
/// A type use (spec 6.6.12): an explicit <c>(type x)</c>, inline <c>(param ...)</c>/<c>(result ...)</c>,
/// or both (which must then agree). <see cref="ExplicitIndex"/> is null when only the inline form was given.
/// </summary>
internal sealed record TypeUse(uint? ExplicitIndex, FuncType Type, List<ParamDeclaration> Params);
