using MicroWasm.Instructions;

namespace MicroWasm.Compiler;

/// <summary>
/// The WebAssembly 3.0 features the C translation does not implement yet. <c>microwasm compile</c> refuses a module that
/// uses one with an error naming the feature; the interpreter runs such modules.
/// </summary>
internal static class AotFeatureCheck
{
    /// <exception cref="UnsupportedFeatureException">The module uses tail calls, several memories or exception handling.</exception>
    public static void Check(Module module)
    {
        // Exceptions would need the generated C to unwind wasm frames to a handler (and host frames between them).
        if (module.TotalTagCount > 0)
            throw new UnsupportedFeatureException($"exception handling ({module.TotalTagCount} tag{(module.TotalTagCount == 1 ? "" : "s")}) in AOT code; the interpreter runs this module");
        int memories = module.Memories.Length;
        foreach (var import in module.Imports)
            if (import.Kind == ExternalKind.Memory) memories++;
        if (memories > 1)
            throw new UnsupportedFeatureException($"multi-memory ({memories} memories) in AOT code; the interpreter runs this module");

        // Tail calls need a jump that keeps the stack (C has none; gcc has no musttail), so they are refused for now.
        foreach (var body in module.Codes)
        {
            var reader = new InstructionReader(body.Code.Span, body.CodeOffset);
            while (!reader.AtEnd)
            {
                reader.Read(out var instr);
                if (instr.Opcode is Opcode.ReturnCall or Opcode.ReturnCallIndirect)
                    throw new UnsupportedFeatureException($"tail calls ({InstructionTable.MnemonicOf(instr.Opcode)}) in AOT code; the interpreter runs this module");
                if (instr.Opcode is Opcode.TryTable or Opcode.Try or Opcode.ThrowRef or Opcode.Rethrow or Opcode.Delegate)
                    throw new UnsupportedFeatureException($"exception handling ({InstructionTable.MnemonicOf(instr.Opcode)}) in AOT code; the interpreter runs this module");
            }
        }
    }
}
