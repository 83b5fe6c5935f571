namespace MicroWasm.Differential;

/// <summary>One engine (or tier) running one instance of the module under test.</summary>
internal interface ISubject : IDisposable
{
    /// <summary>"interpreter", "aot", "wasmtime".</summary>
    string Name { get; }

    /// <summary>Calls the export with zeros for its parameters, within the engine's limit.</summary>
    CallOutcome Call(string export, FuncType type);

    /// <summary>The bytes of an exported memory now.</summary>
    ReadOnlySpan<byte> Memory(string export);

    /// <summary>The value of an exported global now.</summary>
    ObservedValue Global(string export, ValueType type);
}
