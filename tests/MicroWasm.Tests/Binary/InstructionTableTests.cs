using MicroWasm.Instructions;

namespace MicroWasm.Tests.Binary;

/// <summary>The opcode lookups decoding and messages use: a dense table, and All for what lies outside it.</summary>
public class InstructionTableTests
{
    [Fact]
    public void EveryInstructionIsFoundByItsOpcode()
    {
        foreach (var info in InstructionTable.All)
        {
            Assert.True(InstructionTable.TryGet(info.Opcode, out var found), info.Mnemonic);
            Assert.Equal(info, found);
            Assert.Equal(info.Mnemonic, InstructionTable.MnemonicOf(info.Opcode));
        }
    }

    [Theory]
    [InlineData(0xFF)]      // a one-byte opcode no proposal defines
    [InlineData(0xFB001F)]  // in the dense table's GC range, undefined
    [InlineData(0xFC0200)]  // outside the dense table
    public void UndefinedOpcodesAreNotFound(int opcode)
    {
        Assert.False(InstructionTable.TryGet((Opcode)opcode, out _));
        Assert.Equal($"<opcode 0x{opcode:x}>", InstructionTable.MnemonicOf((Opcode)opcode));
    }

    [Fact]
    public void GcInstructionsAreFound()
    {
        Assert.True(InstructionTable.TryGet(Opcode.RefI31, out var info));
        Assert.Equal("ref.i31", info.Mnemonic);
    }
}
