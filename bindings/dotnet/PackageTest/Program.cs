// The MicroWasm package, restored from the local feed: the example of its PACKAGE.md prints what every binding's
// example prints, and the package carries its XML docs and README.
// usage: PackageTest EXAMPLE.wasm EXAMPLE.out PACKAGE_FOLDER
using MicroWasm;
using MicroWasm.Runtime;

int passed = 0, failed = 0;
void Check(bool condition, string what)
{
    if (condition) passed++;
    else { failed++; Console.Error.WriteLine("check failed: " + what); }
}

var printed = new StringWriter();
var console = Console.Out;
Console.SetOut(printed);
try
{
    RunExample(args[0]);
}
finally
{
    Console.SetOut(console);
}
string expected = File.ReadAllText(args[1]);
Check(printed.ToString().ReplaceLineEndings("\n") == expected, $"the example printed\n{printed}\nexpected\n{expected}");

string package = args[2];
string packaged = Path.Combine(package, "lib", "net10.0", "MicroWasm.Engine.dll");
Check(File.Exists(packaged) && File.ReadAllBytes(typeof(Store).Assembly.Location).AsSpan().SequenceEqual(File.ReadAllBytes(packaged)),
    "the MicroWasm.Engine that ran is the restored package's");
Check(File.Exists(Path.Combine(package, "lib", "net10.0", "MicroWasm.Engine.xml")), "the package has the XML docs");
Check(File.Exists(Path.Combine(package, "PACKAGE.md")), "the package has its README");
Check(typeof(Store).Assembly.GetName().Version == new Version(0, 1, 0, 0), "version 0.1.0");

Console.WriteLine($"package_test: {passed} passed, {failed} failed");
return failed == 0 ? 0 : 1;

// The example of PACKAGE.md.
static void RunExample(string path)
{
    var module = CompiledModule.FromFile(path);
    using var store = new Store(new RuntimeOptions { MaxMemoryPages = 256 });

    ModuleInstance? instance = null;
    var imports = new Imports()
        // Host functions: env.log reads a string from the instance's memory, env.twice returns a value.
        .DefineFunction("env", "log", (int ptr, int length) =>
            Console.WriteLine("log: " + instance!.GetMemory("memory").ReadUtf8((ulong)ptr, length)))
        .DefineFunction("env", "twice", (int x) => 2 * x);
    instance = store.Instantiate(module, imports);

    Console.WriteLine("add(2, 3) = " + instance.GetFunction("add").Invoke(Value.I32(2), Value.I32(3))[0].AsI32());
    instance.GetFunction("hello").Invoke();
    Console.WriteLine("twice_plus_one(20) = " + instance.GetFunction("twice_plus_one").Invoke(Value.I32(20))[0].AsI32());

    instance.GetMemory("memory").Write(1000, new byte[] { 1, 2, 3, 4 });
    Console.WriteLine("sum = " + instance.GetFunction("sum").Invoke(Value.I32(1000), Value.I32(4))[0].AsI32());

    try
    {
        instance.GetFunction("divide").Invoke(Value.I32(1), Value.I32(0));
    }
    catch (TrapException trap)
    {
        Console.WriteLine("trap: " + trap.Message);
    }
}
