namespace MicroWasm;

/// <summary>A custom section (spec 5.5.3), kept as its raw contents.</summary>
public sealed record CustomSection(string Name, ReadOnlyMemory<byte> Contents);
