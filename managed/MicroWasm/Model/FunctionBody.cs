namespace MicroWasm;

/// <summary>A run of locals of one type in a function body (spec 5.5.13).</summary>
public readonly record struct LocalDeclaration(uint Count, ValueType Type);

/// <summary>The code of a defined function (spec 2.5.3): its declared locals and its instruction bytes.</summary>
/// <param name="Locals">The local declarations, as encoded (not expanded).</param>
/// <param name="Code">The body's instructions, ending with the final 0x0B.</param>
/// <param name="CodeOffset">Where <paramref name="Code"/> starts in the module's bytes, for error messages.</param>
public sealed record FunctionBody(LocalDeclaration[] Locals, ReadOnlyMemory<byte> Code, int CodeOffset)
{
    /// <summary>
    /// How many legacy <c>try</c> blocks the body has (exception handling), counted by the decoder so that a translator
    /// can reserve a slot for each one's caught exception before it reads the body.
    /// </summary>
    public int LegacyTryCount { get; init; }

    /// <summary>Total number of declared locals (parameters not included).</summary>
    public ulong LocalCount
    {
        get
        {
            ulong n = 0;
            foreach (var l in Locals) n += l.Count;
            return n;
        }
    }
}
