using MicroWasm.Binary;

namespace MicroWasm.Tests.Binary;

/// <summary>Spec 5.2.2: LEB128 integers, at most ceil(N/7) bytes, unused bits a zero or sign extension.</summary>
public class Leb128Tests
{
    [Theory]
    [InlineData(new byte[] { 0x00 }, 0u)]
    [InlineData(new byte[] { 0x7F }, 127u)]
    [InlineData(new byte[] { 0x80, 0x01 }, 128u)]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x00 }, 0u)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F }, uint.MaxValue)]
    public void U32_decodes_up_to_five_bytes(byte[] bytes, uint expected)
    {
        int pos = 0;
        Assert.Equal(expected, Leb128.ReadU32(bytes, ref pos));
        Assert.Equal(bytes.Length, pos);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x1F }, "integer too large")]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x7F }, "integer too large")]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x00 }, "integer representation too long")]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x90, 0x00 }, "integer too large")]
    [InlineData(new byte[] { 0x80, 0x80 }, "unexpected end of section or function")]
    public void U32_rejects_what_the_spec_rejects(byte[] bytes, string message)
    {
        int pos = 0;
        var e = Assert.Throws<MalformedModuleException>(() => Leb128.ReadU32(bytes, ref pos));
        Assert.Equal(message, e.Reason);
    }

    [Theory]
    [InlineData(new byte[] { 0x7F }, -1)]
    [InlineData(new byte[] { 0x3F }, 63)]
    [InlineData(new byte[] { 0x40 }, -64)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x07 }, int.MaxValue)]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x78 }, int.MinValue)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x7F }, -1)]
    public void S32_sign_extends(byte[] bytes, int expected)
    {
        int pos = 0;
        Assert.Equal(expected, Leb128.ReadS32(bytes, ref pos));
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F }, "integer too large")]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x70 }, "integer too large")]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F }, "integer representation too long")]
    public void S32_rejects_bits_that_are_not_a_sign_extension(byte[] bytes, string message)
    {
        int pos = 0;
        var e = Assert.Throws<MalformedModuleException>(() => Leb128.ReadS32(bytes, ref pos));
        Assert.Equal(message, e.Reason);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00 }, long.MaxValue)]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F }, long.MinValue)]
    public void S64_decodes_ten_bytes(byte[] bytes, long expected)
    {
        int pos = 0;
        Assert.Equal(expected, Leb128.ReadS64(bytes, ref pos));
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01 }, "integer too large")]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00 }, "integer representation too long")]
    public void S64_rejects_overlong_encodings(byte[] bytes, string message)
    {
        int pos = 0;
        var e = Assert.Throws<MalformedModuleException>(() => Leb128.ReadS64(bytes, ref pos));
        Assert.Equal(message, e.Reason);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 }, ulong.MaxValue)]
    [InlineData(new byte[] { 0x80, 0x01 }, 128ul)]
    public void U64_decodes_ten_bytes(byte[] bytes, ulong expected)
    {
        int pos = 0;
        Assert.Equal(expected, Leb128.ReadU64(bytes, ref pos));
    }

    [Fact]
    public void U64_rejects_a_continuation_on_the_tenth_byte()
    {
        byte[] bytes = [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x81, 0x00];
        int pos = 0;
        var e = Assert.Throws<MalformedModuleException>(() => Leb128.ReadU64(bytes, ref pos));
        Assert.Equal("integer representation too long", e.Reason);
    }

    [Theory]
    [InlineData(new byte[] { 0x40 }, -64L)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F }, 0xFFFFFFFFL)]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x70 }, -(1L << 32))]
    public void S33_covers_every_u32_type_index(byte[] bytes, long expected)
    {
        int pos = 0;
        Assert.Equal(expected, Leb128.ReadS33(bytes, ref pos));
    }
}
