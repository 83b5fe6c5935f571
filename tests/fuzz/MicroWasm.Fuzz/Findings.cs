namespace MicroWasm.Fuzz;

/// <summary>What counts as a finding.</summary>
internal static class Findings
{
    /// <summary>
    /// The engine's one error taxonomy (architecture note 5): malformed, invalid, unlinkable, trap, resource exhaustion,
    /// unsupported feature and AOT artifact errors all derive from <see cref="WasmException"/>. Everything else
    /// (IndexOutOfRangeException, OverflowException, NullReferenceException, ArgumentException, ...) is a bug.
    /// </summary>
    public static bool IsDocumented(Exception e) => e is WasmException;
}
