namespace MicroWasm.Text;

/// <summary>
/// An action on an instance (spec interpreter's script syntax): on the module named by
/// <see cref="ModuleName"/> (with its <c>$</c>), or on the most recently instantiated one when null.
/// </summary>
public abstract record WastAction(string? ModuleName, string ExportName);

/// <summary><c>(invoke $m? "name" const*)</c>: call an exported function.</summary>
public sealed record InvokeAction(string? ModuleName, string ExportName, IReadOnlyList<WastValue> Arguments)
    : WastAction(ModuleName, ExportName);

/// <summary><c>(get $m? "name")</c>: read an exported global.</summary>
public sealed record GetAction(string? ModuleName, string ExportName) : WastAction(ModuleName, ExportName);
