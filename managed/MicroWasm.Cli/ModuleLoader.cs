using MicroWasm.Runtime;
using MicroWasm.Text;

namespace MicroWasm.Cli;

/// <summary>Reads a module file: WebAssembly text when it says so (.wat), the binary format otherwise.</summary>
internal static class ModuleLoader
{
    public static CompiledModule Load(string path)
    {
        if (path.EndsWith(".wat", StringComparison.OrdinalIgnoreCase))
            return CompiledModule.FromBytes(WatParser.ParseModule(File.ReadAllText(path)));
        return CompiledModule.FromBytes(File.ReadAllBytes(path));
    }
}
