using MicroWasm.Interpreter;

namespace MicroWasm.Runtime;

/// <summary>
/// A decoded and validated module, ready to instantiate any number of times (architecture: "CompiledModule").
/// Function bodies are translated to interpreter code once, on first call, and shared by all instances.
/// </summary>
public sealed class CompiledModule
{
    internal CompiledModule(Module module)
    {
        Module = module;
        FunctionCode = new CompiledFunction?[module.Codes.Length];
    }

    public Module Module { get; }

    /// <summary>Interpreter contract: the translated body of each defined function, filled in on first call.</summary>
    internal readonly CompiledFunction?[] FunctionCode;
}
