using MicroWasm.Runtime;

namespace MicroWasm.Cli;

/// <summary>Reads a module file: WebAssembly text when it says so (.wat), otherwise the binary format or an AOT artifact (by its magic).</summary>
internal static class ModuleLoader
{
    /// <summary>The module's binary: a .wat file is parsed to it.</summary>
    public static byte[] ReadBinary(string path) =>
        path.EndsWith(".wat", StringComparison.OrdinalIgnoreCase)
            ? MicroWasm.Text.WatParser.ParseModule(File.ReadAllText(path))
            : File.ReadAllBytes(path);

    public static CompiledModule Load(string path)
    {
        if (path.EndsWith(".wat", StringComparison.OrdinalIgnoreCase))
            return CompiledModule.FromText(File.ReadAllText(path));
        return CompiledModule.FromBytes(File.ReadAllBytes(path));
    }
}
