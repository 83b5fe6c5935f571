using MicroWasm.HeaderGen;
using MicroWasm.Text;

// microwasm-headergen: build-time tool of the C library (see the project file).
const string Usage = """
    usage: microwasm-headergen generate [--root DIR]   write the generated files under the repository root
           microwasm-headergen check [--root DIR]      exit 1 if a committed generated file differs from a fresh one
           microwasm-headergen wat2wasm IN.wat OUT.wasm convert a module with the engine's text parser
    """;

if (args.Length == 0 || args[0] is "--help" or "-h")
{
    Console.WriteLine(Usage);
    return args.Length == 0 ? 2 : 0;
}

try
{
    switch (args[0])
    {
        case "wat2wasm" when args.Length == 3:
            File.WriteAllBytes(args[2], WatParser.ParseModule(File.ReadAllText(args[1])));
            return 0;
        case "generate" or "check":
        {
            string root = args.Length == 3 && args[1] == "--root" ? args[2] : FindRoot();
            var files = Generator.Generate(typeof(MicroWasm.Native.Interop.CApiAttribute).Assembly);
            int stale = 0;
            foreach (var (relative, content) in files)
            {
                string path = Path.Combine(root, relative);
                string? current = File.Exists(path) ? File.ReadAllText(path) : null;
                if (current == content) continue;
                if (args[0] == "check")
                {
                    Console.Error.WriteLine($"stale: {relative} differs from what the C# declarations generate");
                    stale++;
                }
                else
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    File.WriteAllText(path, content);
                    Console.WriteLine($"wrote {relative}");
                }
            }
            if (stale > 0)
            {
                Console.Error.WriteLine("run: dotnet run --project managed/MicroWasm.HeaderGen -- generate");
                return 1;
            }
            if (args[0] == "check") Console.WriteLine($"headers: {files.Count} generated files are current");
            return 0;
        }
        default:
            Console.Error.WriteLine(Usage);
            return 2;
    }
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException or MicroWasm.WasmException or InvalidOperationException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}

static string FindRoot()
{
    for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Runtime.sln"))) return dir.FullName;
    throw new InvalidOperationException("cannot find the repository root (Runtime.sln); pass --root");
}
