using MicroWasm.Runtime;

namespace MicroWasm.Tests.Runtime;

public class CompiledModuleTests
{
    // (module (import "env" "start" (func)) (memory (export "mem") 1) (start 0) (data (i32.const 5) "hi"))
    private static byte[] StartModule() =>
    [
        0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00,
        0x01, 0x04, 0x01, 0x60, 0x00, 0x00,                                                       // type: [] -> []
        0x02, 0x0D, 0x01, 0x03, (byte)'e', (byte)'n', (byte)'v',
            0x05, (byte)'s', (byte)'t', (byte)'a', (byte)'r', (byte)'t', 0x00, 0x00,              // import "env" "start" (func 0)
        0x05, 0x03, 0x01, 0x00, 0x01,                                                             // memory 1
        0x07, 0x07, 0x01, 0x03, (byte)'m', (byte)'e', (byte)'m', 0x02, 0x00,                       // export "mem" (memory 0)
        0x08, 0x01, 0x00,                                                                         // start 0
        0x0B, 0x08, 0x01, 0x00, 0x41, 0x05, 0x0B, 0x02, (byte)'h', (byte)'i',                     // data (i32.const 5) "hi"
    ];

    [Fact]
    public void A_binary_module_is_decoded_validated_and_instantiated()
    {
        var bytes = StartModule();
        var module = CompiledModule.FromBytes(bytes);
        Array.Clear(bytes); // the module keeps its own copy

        Assert.Equal("\"env\" \"start\": func [] -> []", Assert.Single(module.Imports).ToString());
        Assert.Equal("\"mem\": memory 1", Assert.Single(module.Exports).ToString());

        using var store = new Store();
        string? seen = null;
        MemoryInstance? memory = null;
        var imports = new Imports().DefineFunction("env", "start", () => { seen = memory?.ReadUtf8(5, 2) ?? "no memory yet"; });
        var instance = store.Instantiate(module, imports);
        memory = instance.GetMemory("mem");

        Assert.Equal("no memory yet", seen);
        Assert.Equal("hi", memory.ReadUtf8(5, 2));
    }

    [Fact]
    public void Bytes_that_are_not_a_module_are_malformed()
    {
        Assert.Throws<MalformedModuleException>(() => CompiledModule.FromBytes(new byte[] { 0x00, 0x61, 0x73 }));
    }

    [Fact]
    public void A_module_that_does_not_validate_is_invalid()
    {
        var bytes = StartModule();
        bytes[^11] = 0x01; // the start function becomes function 1, which does not exist
        Assert.Throws<InvalidModuleException>(() => CompiledModule.FromBytes(bytes));
    }
}
