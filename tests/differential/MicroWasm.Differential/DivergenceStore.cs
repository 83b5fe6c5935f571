namespace MicroWasm.Differential;

/// <summary>Saves each divergence as a directory under the output folder: the module and what differed.</summary>
internal sealed class DivergenceStore(string directory)
{
    public string Save(string label, byte[] wasm, string description)
    {
        string name = string.Concat(label.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-'));
        string path = Path.Combine(directory, "divergences", name.Trim('-'));
        Directory.CreateDirectory(path);
        File.WriteAllBytes(Path.Combine(path, "module.wasm"), wasm);
        File.WriteAllText(Path.Combine(path, "divergence.txt"), $"{label}\n{description}");
        return path;
    }
}
