using System.Globalization;
using Wasmtime;

// wasmtime-host MODULE.wasm EXPORT [N]: instantiates the module on Wasmtime, calls EXPORT (with N
// as its one i32 argument when given) and prints the i32 result as an unsigned number, like the
// native harness. Module compilation (Cranelift) happens here, so it is part of the measured time.
if (args.Length is < 2 or > 3)
{
    Console.Error.WriteLine("usage: wasmtime-host MODULE.wasm EXPORT [N]");
    return 2;
}
try
{
    using var engine = new Engine();
    using var module = Module.FromFile(engine, args[0]);
    using var linker = new Linker(engine);
    using var store = new Store(engine);
    var instance = linker.Instantiate(store, module);
    uint result;
    if (args.Length == 3)
    {
        var run = instance.GetFunction<int, int>(args[1]) ?? throw new InvalidOperationException($"no export {args[1]}(i32) -> i32");
        result = (uint)run(int.Parse(args[2], CultureInfo.InvariantCulture));
    }
    else
    {
        var run = instance.GetFunction<int>(args[1]) ?? throw new InvalidOperationException($"no export {args[1]}() -> i32");
        result = (uint)run();
    }
    Console.WriteLine(result.ToString(CultureInfo.InvariantCulture));
    return 0;
}
catch (Exception e) when (e is WasmtimeException or InvalidOperationException or IOException)
{
    Console.Error.WriteLine($"Error: {e.Message}");
    return 1;
}
