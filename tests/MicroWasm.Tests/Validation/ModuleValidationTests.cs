using MicroWasm.Tests.Binary;
using MicroWasm.Validation;

namespace MicroWasm.Tests.Validation;

/// <summary>Spec 3.2 and 3.4: the rules for a module's types, segments, start function and exports.</summary>
public class ModuleValidationTests
{
    private const ValueType I32 = ValueType.I32, I64 = ValueType.I64;

    private static TestModule WithFunction() => new TestModule().Type([], []).Function(0, [Op.End]);

    public static TheoryData<string, byte[], string> InvalidModules => new()
    {
        // Spec 3.2.5: limits.
        { "memory of 65537 pages", new TestModule().Memory(65537).Build(), "memory size must be at most 65536 pages (4GiB)" },
        { "memory maximum of 65537 pages", new TestModule().Memory(0, 65537).Build(), "memory size must be at most 65536 pages (4GiB)" },
        { "memory minimum above maximum", new TestModule().Memory(2, 1).Build(), "size minimum must not be greater than maximum" },
        { "table minimum above maximum", new TestModule().Table(ValueType.FuncRef, 2, 1).Build(), "size minimum must not be greater than maximum" },
        { "imported memory too large", new TestModule().ImportMemory("env", "m", 70000).Build(), "memory size must be at most 65536 pages (4GiB)" },
        { "two memories", new TestModule().ImportMemory("env", "m", 1).Memory(1).Build(), "multiple memories" },

        // Spec 3.4: index spaces.
        { "function of an unknown type", new TestModule().Type([], []).Function(3, [Op.End]).Build(), "unknown type 3" },
        { "imported function of an unknown type", new TestModule().ImportFunction("env", "f", 0).Build(), "unknown type 0" },
        { "export of an unknown function", WithFunction().Export("f", ExternalKind.Function, 1).Build(), "unknown function 1" },
        { "export of an unknown memory", WithFunction().Export("m", ExternalKind.Memory, 0).Build(), "unknown memory 0" },
        { "export of an unknown global", WithFunction().Export("g", ExternalKind.Global, 0).Build(), "unknown global 0" },
        { "two exports of one name", WithFunction().Export("f", ExternalKind.Function, 0).Export("f", ExternalKind.Function, 0).Build(), "duplicate export name" },

        // Spec 3.4.8: start.
        { "start function with a result", new TestModule().Type([], [I32]).Function(0, [Op.I32Const, 0, Op.End]).Start(0).Build(), "start function" },
        { "unknown start function", WithFunction().Start(1).Build(), "unknown function 1" },

        // Spec 3.3.10: constant expressions.
        { "global initialized by i32.add", new TestModule().Global(I32, false, [Op.I32Const, 1, Op.I32Const, 2, Op.I32Add, Op.End]).Build(), "constant expression required" },
        { "global initialized from a mutable import", new TestModule().ImportGlobal("env", "g", I32, true).Global(I32, false, [Op.GlobalGet, 0, Op.End]).Build(), "constant expression required" },
        { "global initialized from a defined global", new TestModule().Global(I32, false, [Op.I32Const, 0, Op.End]).Global(I32, false, [Op.GlobalGet, 0, Op.End]).Build(), "unknown global 0" },
        { "global initialized with the wrong type", new TestModule().Global(I64, false, [Op.I32Const, 0, Op.End]).Build(), "type mismatch" },
        { "global initialized with two values", new TestModule().Global(I32, false, [Op.I32Const, 0, Op.I32Const, 0, Op.End]).Build(), "type mismatch" },
        { "global initialized with nothing", new TestModule().Global(I32, false, [Op.End]).Build(), "type mismatch" },

        // Spec 3.4.6-3.4.7: segments.
        { "externref segment for a funcref table", new TestModule().Table(ValueType.FuncRef, 1).Element(0x06, 0x00, Op.I32Const, 0, Op.End, Op.ExternRef, 0x00).Build(), "type mismatch" },
        { "active segment for a missing table", WithFunction().Element(0x00, Op.I32Const, 0, Op.End, 0x01, 0x00).Build(), "unknown table 0" },
        { "segment of an unknown function", WithFunction().Element(0x01, 0x00, 0x01, 0x05).Build(), "unknown function 5" },
        { "segment offset of type i64", WithFunction().Table(ValueType.FuncRef, 1).Element(0x00, Op.I64Const, 0, Op.End, 0x00).Build(), "type mismatch" },
        { "data segment without a memory", new TestModule().Data(0x00, Op.I32Const, 0, Op.End, 0x00).Build(), "unknown memory 0" },
    };

    [Theory]
    [MemberData(nameof(InvalidModules))]
    public void Invalid_modules_are_rejected_with_the_spec_message(string description, byte[] bytes, string message)
    {
        _ = description;
        // The 2.0 rules: 3.0 allows several memories and extended constant expressions.
        var e = Assert.Throws<InvalidModuleException>(() => ModuleValidator.DecodeAndValidate(bytes, WasmFeatures.Wasm20));
        Assert.StartsWith(message, e.Reason);
    }

    public static TheoryData<string, byte[]> ValidModules => new()
    {
        { "memory of exactly 65536 pages", new TestModule().Memory(65536, 65536).Build() },
        { "several tables", new TestModule().Table(ValueType.FuncRef, 1).Table(ValueType.ExternRef, 1).Build() },
        { "global from an immutable import", new TestModule().ImportGlobal("env", "g", I32, false).Global(I32, false, [Op.GlobalGet, 0, Op.End]).Build() },
        { "global holding a function reference", WithFunction().Global(ValueType.FuncRef, false, [Op.RefFunc, 0, Op.End]).Build() },
        { "ref.func of a function declared by a global", WithFunction().Type([], [ValueType.FuncRef]).Function(1, [Op.RefFunc, 0, Op.End]).Global(ValueType.FuncRef, false, [Op.RefFunc, 0, Op.End]).Build() },
        { "ref.func of an exported function", WithFunction().Type([], [ValueType.FuncRef]).Function(1, [Op.RefFunc, 0, Op.End]).Export("f", ExternalKind.Function, 0).Build() },
        { "declarative segment", WithFunction().Element(0x03, 0x00, 0x01, 0x00).Build() },
        { "start function of type [] -> []", WithFunction().Start(0).Build() },
    };

    [Theory]
    [MemberData(nameof(ValidModules))]
    public void Valid_modules_validate(string description, byte[] bytes)
    {
        _ = description;
        ModuleValidator.DecodeAndValidate(bytes);
    }

    [Fact]
    public void Validation_of_a_large_body_is_linear()
    {
        // 400k instructions; a quadratic validator would take minutes.
        var code = new List<byte>();
        for (int i = 0; i < 100_000; i++) code.AddRange([Op.Block, Op.EmptyBlock, Op.I32Const, 1, Op.Drop, Op.End]);
        code.Add(Op.End);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        ModuleValidator.DecodeAndValidate(new TestModule().Type([], []).Function(0, [.. code]).Build());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10));
    }
}
