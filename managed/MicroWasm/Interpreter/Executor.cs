using MicroWasm.Runtime;

namespace MicroWasm.Interpreter;

/// <summary>The interpreter's entry point: runs a function to completion or to a trap. (Owned by the interpreter slice.)</summary>
internal static class Executor
{
    /// <summary>Calls <paramref name="function"/> with arguments already checked against its type; returns its results.</summary>
    /// <exception cref="TrapException">Execution trapped.</exception>
    public static Value[] Invoke(FunctionInstance function, ReadOnlySpan<Value> arguments) =>
        throw new UnsupportedFeatureException("the interpreter is not merged yet");
}
