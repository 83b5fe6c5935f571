namespace MicroWasm.Text;

/// <summary>A parsed spec script (<c>.wast</c>): its commands in order.</summary>
public sealed record WastScript(string FileName, IReadOnlyList<WastCommand> Commands);
