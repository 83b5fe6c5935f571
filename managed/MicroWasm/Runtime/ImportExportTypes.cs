namespace MicroWasm.Runtime;

/// <summary>What a module imports (spec 2.5.11): the two-level name and the type the extern must match.</summary>
public sealed record ImportType(string ModuleName, string Name, ExternType Type)
{
    public override string ToString() => $"\"{ModuleName}\" \"{Name}\": {Type}";
}

/// <summary>What a module exports (spec 2.5.10): the name and the type of the extern.</summary>
public sealed record ExportType(string Name, ExternType Type)
{
    public override string ToString() => $"\"{Name}\": {Type}";
}
