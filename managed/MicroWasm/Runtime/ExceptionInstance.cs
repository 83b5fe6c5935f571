namespace MicroWasm.Runtime;

/// <summary>
/// An exception (WebAssembly 3.0 exception handling, spec 4.2.10 "exception instance"): the tag it was thrown with and
/// the values it carries, as <c>throw</c> made it. An <c>exnref</c> refers to one; <c>throw_ref</c> and <c>rethrow</c>
/// throw the same object again, so its identity survives catching and rethrowing. A host sees an exception that no
/// WebAssembly handler caught as a <see cref="TrapException"/> of kind <see cref="TrapKind.UncaughtException"/> whose
/// <see cref="TrapException.Thrown"/> is this object, and throws one into WebAssembly with
/// <see cref="TrapException.ForException"/>.
/// </summary>
public sealed class ExceptionInstance
{
    /// <exception cref="ArgumentException">The payload does not have the tag's parameter types.</exception>
    public ExceptionInstance(TagInstance tag, params Value[] payload) : this(tag, payload, validated: false)
    {
    }

    /// <summary>An exception <c>throw</c> makes: validation has checked the payload's types.</summary>
    internal ExceptionInstance(TagInstance tag, Value[] payload, bool validated)
    {
        ArgumentNullException.ThrowIfNull(tag);
        var types = tag.Type.Type.Parameters;
        if (payload.Length != types.Length)
            throw new ArgumentException($"the tag carries {types.Length} values, {payload.Length} were given", nameof(payload));
        for (int i = 0; i < types.Length && !validated; i++)
            if (!payload[i].IsOfType(types[i]))
                throw new ArgumentException($"value {i} is {payload[i].Type.ToText()}, the tag expects {types[i].ToText()}", nameof(payload));
        Tag = tag;
        Payload = payload;
    }

    public TagInstance Tag { get; }

    /// <summary>The values the exception carries, in the order of the tag's parameters.</summary>
    public IReadOnlyList<Value> Payload { get; }

    public override string ToString() => $"exception ({string.Join(", ", Payload)})";
}
