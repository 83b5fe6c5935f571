namespace MicroWasm;

/// <summary>
/// The root of the one error taxonomy shared by every layer (architecture note 5). The message of
/// each subclass uses the specification's wording so that spec scripts can compare it.
/// </summary>
public abstract class WasmException : Exception
{
    protected WasmException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>The bytes (or text) do not encode a module (spec 5: decoding). E.g. "unexpected end", "magic header not detected".</summary>
public sealed class MalformedModuleException : WasmException
{
    public MalformedModuleException(string message, long offset = -1)
        : base(offset >= 0 ? $"{message} (at offset 0x{offset:x})" : message)
    {
        Reason = message;
        Offset = offset;
    }

    /// <summary>The spec's message, without the position.</summary>
    public string Reason { get; }

    /// <summary>The byte offset (binary) or character offset (text) where decoding failed, or -1.</summary>
    public long Offset { get; }
}

/// <summary>The module is well-formed but not valid (spec 3). E.g. "type mismatch", "unknown function 3".</summary>
public sealed class InvalidModuleException : WasmException
{
    public InvalidModuleException(string message, long offset = -1)
        : base(offset >= 0 ? $"{message} (at offset 0x{offset:x})" : message)
    {
        Reason = message;
        Offset = offset;
    }

    /// <summary>The spec's message, without the position.</summary>
    public string Reason { get; }

    public long Offset { get; }
}

/// <summary>Imports do not match (spec 4.5.4). E.g. "unknown import", "incompatible import type".</summary>
public sealed class LinkException : WasmException
{
    public LinkException(string message) : base(message) { }
}

/// <summary>A resource the host cannot or will not give (memory reservation, instance limits).</summary>
public sealed class ResourceExhaustedException : WasmException
{
    public ResourceExhaustedException(string message) : base(message) { }
}

/// <summary>A feature the engine does not support, named in the message.</summary>
public sealed class UnsupportedFeatureException : WasmException
{
    public UnsupportedFeatureException(string feature) : base($"unsupported feature: {feature}") { Feature = feature; }

    public string Feature { get; }
}
