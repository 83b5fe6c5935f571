using MicroWasm.Text;

namespace MicroWasm.Tests.Text;

/// <summary>Number literals (spec 6.3.3): integer ranges, and floats rounded to nearest, ties to even.</summary>
public class NumberLiteralTests
{
    [Theory]
    [InlineData("0", 0u)]
    [InlineData("4294967295", 0xFFFFFFFFu)]
    [InlineData("0xffff_ffff", 0xFFFFFFFFu)]
    [InlineData("-1", 0xFFFFFFFFu)]
    [InlineData("-0x8000_0000", 0x80000000u)]
    [InlineData("+0x7fffffff", 0x7FFFFFFFu)]
    [InlineData("1_000_000", 1000000u)]
    [InlineData("0x0_1", 1u)]
    public void I32_literals_are_unsigned_below_2_to_32_or_signed_in_range(string text, uint bits)
    {
        Assert.Equal(NumberStatus.Ok, NumberLiterals.ParseInt(text, 32, out ulong value));
        Assert.Equal(bits, (uint)value);
    }

    [Theory]
    [InlineData("18446744073709551615", 0xFFFFFFFFFFFFFFFFul)]
    [InlineData("-9223372036854775808", 0x8000000000000000ul)]
    [InlineData("0x7fff_ffff_ffff_ffff", 0x7FFFFFFFFFFFFFFFul)]
    public void I64_literals_cover_both_ranges(string text, ulong bits)
    {
        Assert.Equal(NumberStatus.Ok, NumberLiterals.ParseInt(text, 64, out ulong value));
        Assert.Equal(bits, value);
    }

    [Theory]
    [InlineData("4294967296", 32, "OutOfRange")]
    [InlineData("-2147483649", 32, "OutOfRange")]
    [InlineData("+0x80000000", 32, "OutOfRange")]
    [InlineData("0x1_0000_0000_0000_0000", 64, "OutOfRange")]
    [InlineData("1__0", 32, "Malformed")]
    [InlineData("_1", 32, "Malformed")]
    [InlineData("1_", 32, "Malformed")]
    [InlineData("0x", 32, "Malformed")]
    [InlineData("0x_1", 32, "Malformed")]
    [InlineData("1.5", 32, "WrongForm")]
    [InlineData("1e3", 32, "WrongForm")]
    public void Integer_literals_out_of_range_or_badly_written_are_rejected(string text, int bits, string status)
    {
        Assert.Equal(Enum.Parse<NumberStatus>(status), NumberLiterals.ParseInt(text, bits, out _));
    }

    [Theory]
    [InlineData("0", 0x00000000u)]
    [InlineData("-0", 0x80000000u)]
    [InlineData("1", 0x3F800000u)]
    [InlineData("0.1", 0x3DCCCCCDu)]
    [InlineData("1.", 0x3F800000u)]
    [InlineData("1.e1", 0x41200000u)]
    [InlineData("1_000.000_1", 0x447A0002u)] // 1000 + 1.6 ulp
    [InlineData("3.4028235e38", 0x7F7FFFFFu)]
    [InlineData("1e-45", 0x00000001u)]
    [InlineData("0x1.8p3", 0x41400000u)]
    [InlineData("0x1p-149", 0x00000001u)] // least subnormal
    [InlineData("0x1p-150", 0x00000000u)] // half of it: tie, to even (zero)
    [InlineData("0x1.8p-150", 0x00000001u)] // three quarters: up
    [InlineData("0x1.fffffep-127", 0x00800000u)] // rounds up out of the subnormals into the least normal
    [InlineData("0x1.000001p0", 0x3F800000u)] // tie, to even (down)
    [InlineData("0x1.000003p0", 0x3F800002u)] // tie, to even (up)
    [InlineData("0x1.00000100000000000001p0", 0x3F800001u)] // just above the tie
    [InlineData("0x1.fffffefffffffffffp127", 0x7F7FFFFFu)] // just below the tie with infinity
    [InlineData("1.000000059604644775390625", 0x3F800000u)] // exact tie, to even
    [InlineData("1.00000005960464477539062500000000000000000001", 0x3F800001u)] // rounding through double would give 1.0
    [InlineData("0x0.f9f9eafp125", 0x7DF9F9EBu)] // many digits after a zero integer part: remainder 0xf of 0x10 rounds up
    [InlineData("-0x8.f482cdp123", 0xFE8F482Du)]
    [InlineData("inf", 0x7F800000u)]
    [InlineData("-inf", 0xFF800000u)]
    [InlineData("nan", 0x7FC00000u)]
    [InlineData("-nan", 0xFFC00000u)]
    [InlineData("nan:0x200000", 0x7FA00000u)]
    [InlineData("+nan:0x7f_ffff", 0x7FFFFFFFu)]
    public void F32_literals_round_to_nearest_even(string text, uint bits)
    {
        Assert.Equal(NumberStatus.Ok, FloatLiterals.ParseF32(text, out uint value));
        Assert.Equal(bits, value);
    }

    [Theory]
    [InlineData("0.1", 0x3FB999999999999Aul)]
    [InlineData("0x1p-1074", 0x0000000000000001ul)]
    [InlineData("0x1p-1075", 0x0000000000000000ul)]
    [InlineData("0x1.8p-1075", 0x0000000000000001ul)]
    [InlineData("0x1.fffffffffffffp1023", 0x7FEFFFFFFFFFFFFFul)]
    [InlineData("1.7976931348623157e308", 0x7FEFFFFFFFFFFFFFul)]
    [InlineData("0x1.00000000000008p0", 0x3FF0000000000000ul)] // tie, to even
    [InlineData("0x1.00000000000018p0", 0x3FF0000000000002ul)] // tie, to even
    [InlineData("4.9406564584124654e-324", 0x0000000000000001ul)]
    [InlineData("0x0.7a34bcd370daf3p8", 0x405E8D2F34DC36BDul)]
    [InlineData("-0x0.bada0fc4651c35p1021", 0xFFB75B41F88CA387ul)]
    [InlineData("nan:0xf_ffff_ffff_ffff", 0x7FFFFFFFFFFFFFFFul)]
    [InlineData("-nan:0x1", 0xFFF0000000000001ul)]
    [InlineData("1e1_0", 0x4202A05F20000000ul)]
    public void F64_literals_round_to_nearest_even(string text, ulong bits)
    {
        Assert.Equal(NumberStatus.Ok, FloatLiterals.ParseF64(text, out ulong value));
        Assert.Equal(bits, value);
    }

    [Theory]
    [InlineData("1e39", "OutOfRange")]
    [InlineData("0x1p128", "OutOfRange")]
    [InlineData("-0x1.ffffffp127", "OutOfRange")] // the tie with infinity rounds to it
    [InlineData("nan:0x0", "OutOfRange")]
    [InlineData("nan:0x80_0000", "OutOfRange")]
    [InlineData("nan:0x", "Malformed")]
    [InlineData(".5", "Malformed")]
    [InlineData("0x.8p1", "Malformed")]
    [InlineData("1e", "Malformed")]
    [InlineData("1._5", "Malformed")]
    [InlineData("0x1p", "Malformed")]
    [InlineData("infinity", "Malformed")]
    public void F32_literals_out_of_range_or_badly_written_are_rejected(string text, string status)
    {
        Assert.Equal(Enum.Parse<NumberStatus>(status), FloatLiterals.ParseF32(text, out _));
    }

    [Theory]
    [InlineData("0x1.fffffffffffff8p1023")] // the tie with infinity
    [InlineData("1.7976931348623159e308")]
    [InlineData("-1e309")]
    public void F64_literals_that_round_to_infinity_are_out_of_range(string text)
    {
        Assert.Equal(NumberStatus.OutOfRange, FloatLiterals.ParseF64(text, out _));
    }
}
