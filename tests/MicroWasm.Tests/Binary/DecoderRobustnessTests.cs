using MicroWasm.Binary;
using MicroWasm.Validation;
using static MicroWasm.Tests.Binary.TestModule;

namespace MicroWasm.Tests.Binary;

/// <summary>Whatever the input, decoding and validation end in a module or in one of our two errors.</summary>
public class DecoderRobustnessTests
{
    private static byte[] SampleModule() => new TestModule()
        .Type([ValueType.I32, ValueType.I64], [ValueType.I32])
        .Type([], [])
        .ImportGlobal("env", "g", ValueType.I32, mutable: false)
        .Function(0, [Op.LocalGet, 0, Op.Block, 0x7F, Op.I32Const, 7, Op.LocalGet, 0, Op.BrIf, 0, Op.Drop, Op.I32Const, 1, Op.End, Op.I32Add, Op.End], (1, ValueType.F32))
        .Function(1, [Op.I32Const, 0, Op.I32Load, 2, 0, Op.Drop, Op.Simd, 0x0C, .. new byte[16], Op.Drop, Op.End])
        .Table(ValueType.FuncRef, 2)
        .Memory(1, 2)
        .Global(ValueType.I32, true, [Op.GlobalGet, 0, Op.End])
        .Export("f", ExternalKind.Function, 0)
        .Element(0x00, Op.I32Const, 0, Op.End, 0x02, 0x00, 0x01)
        .DataCount(1)
        .Data(0x00, Op.I32Const, 0, Op.End, 0x03, 1, 2, 3)
        .Custom("name", 0x00, 0x02, 0x01, (byte)'m')
        .Build();

    [Fact]
    public void The_sample_module_is_valid()
    {
        var module = ModuleValidator.DecodeAndValidate(SampleModule());
        Assert.Equal("m", module.Name);
    }

    [Fact]
    public void Every_truncation_is_malformed()
    {
        byte[] bytes = SampleModule();
        for (int length = 0; length < bytes.Length; length++)
        {
            // A prefix that ends exactly between sections may still be a module.
            try { ModuleValidator.DecodeAndValidate(bytes.AsMemory(0, length)); }
            catch (MalformedModuleException) { }
            catch (InvalidModuleException) { }
        }
    }

    [Fact]
    public void Random_mutations_only_raise_module_errors()
    {
        byte[] original = SampleModule();
        var random = new Random(20240601);
        for (int i = 0; i < 20_000; i++)
        {
            byte[] bytes = (byte[])original.Clone();
            int mutations = random.Next(1, 4);
            for (int m = 0; m < mutations; m++)
            {
                int at = random.Next(8, bytes.Length);
                bytes[at] = random.Next(3) switch
                {
                    0 => (byte)random.Next(256),
                    1 => (byte)(bytes[at] ^ (1 << random.Next(8))),
                    _ => 0xFF,
                };
            }
            try { ModuleValidator.DecodeAndValidate(bytes); }
            catch (MalformedModuleException) { }
            catch (InvalidModuleException) { }
        }
    }

    [Fact]
    public void A_huge_declared_count_is_rejected_before_allocating()
    {
        // Four billion types declared in a five-byte section.
        byte[] bytes = Module([(byte)SectionId.Type, 5, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]);
        var e = Assert.Throws<MalformedModuleException>(() => ModuleDecoder.Decode(bytes));
        Assert.Equal("length out of bounds", e.Reason);
    }

    [Fact]
    public void Four_billion_locals_are_decoded_without_expanding_them()
    {
        var module = new TestModule()
            .Type([], [])
            .Function(0, [Op.LocalGet, 0xFE, 0xFF, 0xFF, 0xFF, 0x0F, Op.Drop, Op.End], (uint.MaxValue, ValueType.I64))
            .Decode();
        Assert.Equal((ulong)uint.MaxValue, module.Codes[0].LocalCount);
        ModuleValidator.Validate(module);
    }
}
