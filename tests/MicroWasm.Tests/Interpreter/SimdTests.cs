using System.Runtime.InteropServices;
using MicroWasm.Runtime;

namespace MicroWasm.Tests.Interpreter;

/// <summary>
/// 128-bit SIMD (spec 4.3.2-4.3.4 applied lane-wise, 4.4.3), on operands passed as parameters (Wat/simd.wat):
/// above all the rules a hardware instruction would get wrong — NaN and signed zeros in min/max, saturation,
/// rounding, shift counts modulo the lane width — and v128 values in locals, blocks, calls, globals and memory.
/// </summary>
public class SimdTests
{
    private static readonly ModuleInstance Instance = TestModuleLoader.Instantiate(WatModules.Simd);

    private static Value Call(string name, params Value[] args) => Instance.Call(name, args)[0];

    private static Value V<T>(params T[] lanes) where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(lanes.AsSpan());
        Assert.Equal(16, bytes.Length);
        return Value.V128(BitConverter.ToUInt64(bytes), BitConverter.ToUInt64(bytes[8..]));
    }

    private static T[] Lanes<T>(Value v) where T : unmanaged
    {
        Assert.Equal(ValueType.V128, v.Type);
        var bytes = new byte[16];
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 8), v.Bits);
        BitConverter.TryWriteBytes(bytes.AsSpan(8), v.HighBits);
        return MemoryMarshal.Cast<byte, T>(bytes).ToArray();
    }

    private static uint Bits(float f) => BitConverter.SingleToUInt32Bits(f);

    [Fact]
    public void Float_min_is_NaN_when_either_lane_is_NaN_and_orders_negative_zero_first()
    {
        var r = Lanes<float>(Call("f32x4.min", V(float.NaN, 1f, -0f, 0f), V(1f, float.NaN, 0f, -0f)));
        Assert.True(float.IsNaN(r[0]));
        Assert.True(float.IsNaN(r[1]));
        Assert.Equal(Bits(-0f), Bits(r[2]));
        Assert.Equal(Bits(-0f), Bits(r[3]));
    }

    [Fact]
    public void Float_max_is_NaN_when_either_lane_is_NaN_and_orders_positive_zero_last()
    {
        var r = Lanes<float>(Call("f32x4.max", V(float.NaN, 1f, -0f, 0f), V(1f, float.NaN, 0f, -0f)));
        Assert.True(float.IsNaN(r[0]));
        Assert.True(float.IsNaN(r[1]));
        Assert.Equal(Bits(0f), Bits(r[2]));
        Assert.Equal(Bits(0f), Bits(r[3]));
    }

    [Fact]
    public void Min_and_max_of_a_canonical_NaN_give_a_canonical_NaN()
    {
        const uint canonical = 0x7FC0_0000;
        var nan = BitConverter.UInt32BitsToSingle(canonical);
        var r = Lanes<uint>(Call("f32x4.min", V(nan, 2f, nan, 3f), V(1f, nan, nan, 3f)));
        Assert.Equal(canonical, r[0] & 0x7FFF_FFFF);
        Assert.Equal(canonical, r[1] & 0x7FFF_FFFF);
        Assert.Equal(canonical, r[2] & 0x7FFF_FFFF);
        Assert.Equal(Bits(3f), r[3]);
    }

    [Fact]
    public void F64_min_and_max_follow_the_same_rules()
    {
        var min = Lanes<double>(Call("f64x2.min", V(-0d, double.NaN), V(0d, 1d)));
        var max = Lanes<double>(Call("f64x2.max", V(-0d, 1d), V(0d, double.NaN)));
        Assert.True(double.IsNegative(min[0]) && min[0] == 0);
        Assert.True(double.IsNaN(min[1]));
        Assert.True(double.IsPositive(max[0]) && max[0] == 0);
        Assert.True(double.IsNaN(max[1]));
    }

    [Fact]
    public void Pseudo_min_and_max_are_the_comparison_and_keep_the_first_operand_on_NaN_and_equal_zeros()
    {
        var pmin = Lanes<float>(Call("f32x4.pmin", V(1f, float.NaN, 0f, 5f), V(float.NaN, 1f, -0f, 4f)));
        Assert.Equal(1f, pmin[0]);
        Assert.True(float.IsNaN(pmin[1]));
        Assert.Equal(Bits(0f), Bits(pmin[2]));
        Assert.Equal(4f, pmin[3]);
        var pmax = Lanes<float>(Call("f32x4.pmax", V(1f, float.NaN, -0f, 5f), V(float.NaN, 1f, 0f, 4f)));
        Assert.Equal(1f, pmax[0]);
        Assert.True(float.IsNaN(pmax[1]));
        Assert.Equal(Bits(-0f), Bits(pmax[2]));
        Assert.Equal(5f, pmax[3]);
    }

    [Fact]
    public void Nearest_rounds_half_to_even_and_keeps_the_sign_of_zero()
    {
        var r = Lanes<float>(Call("f32x4.nearest", V(2.5f, 3.5f, -0.5f, -2.5f)));
        Assert.Equal(2f, r[0]);
        Assert.Equal(4f, r[1]);
        Assert.Equal(Bits(-0f), Bits(r[2]));
        Assert.Equal(-2f, r[3]);
    }

    [Fact]
    public void Arithmetic_on_a_NaN_lane_gives_a_NaN_and_leaves_the_other_lanes_exact()
    {
        var r = Lanes<float>(Call("f32x4.add", V(float.NaN, 1f, float.PositiveInfinity, 0.1f), V(1f, 2f, float.NegativeInfinity, 0.2f)));
        Assert.True(float.IsNaN(r[0]));
        Assert.Equal(3f, r[1]);
        Assert.True(float.IsNaN(r[2]));
        Assert.Equal(0.1f + 0.2f, r[3]);
    }

    [Fact]
    public void Saturating_truncation_maps_NaN_to_zero_and_clamps_to_the_lane_range()
    {
        Assert.Equal([0, int.MaxValue, int.MinValue, -1], Lanes<int>(Call("i32x4.trunc_sat_f32x4_s", V(float.NaN, 3e9f, -3e9f, -1.9f))));
        Assert.Equal([0u, uint.MaxValue, 0u, 4_000_000_000u], Lanes<uint>(Call("i32x4.trunc_sat_f32x4_u", V(float.NaN, 5e9f, -1.5f, 4e9f))));
        Assert.Equal([int.MaxValue, -2, 0, 0], Lanes<int>(Call("i32x4.trunc_sat_f64x2_s_zero", V(1e10, -2.9))));
    }

    [Fact]
    public void Unsigned_conversion_to_f32_rounds_to_nearest_even()
    {
        var r = Lanes<float>(Call("f32x4.convert_i32x4_u", V(uint.MaxValue, 16_777_217u, 16_777_219u, 1u)));
        Assert.Equal([4294967296f, 16777216f, 16777220f, 1f], r);
    }

    [Fact]
    public void Q15_multiplication_rounds_and_saturates_the_one_overflowing_product()
    {
        var r = Lanes<short>(Call("i16x8.q15mulr_sat_s",
            V<short>(short.MinValue, 16384, -16384, 1, 3, short.MaxValue, 0, -1),
            V<short>(short.MinValue, 16384, 16384, 16384, 16384, short.MaxValue, 5, 16384)));
        Assert.Equal(new short[] { short.MaxValue, 8192, -8192, 1, 2, 32766, 0, 0 }, r);
    }

    [Fact]
    public void Saturating_byte_arithmetic_clamps_instead_of_wrapping()
    {
        var a = V<sbyte>(100, -100, 127, -128, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        var b = V<sbyte>(100, -100, 1, -1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1);
        var r = Lanes<sbyte>(Call("i8x16.add_sat_s", a, b));
        Assert.Equal(new sbyte[] { 127, -128, 127, -128, 2 }, r[..5]);
        var u = Lanes<byte>(Call("i8x16.sub_sat_u", V<byte>(5, 10, 255, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), V<byte>(10, 5, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)));
        Assert.Equal(new byte[] { 0, 5, 254, 0 }, u[..4]);
    }

    [Fact]
    public void Unsigned_narrowing_saturates_signed_lanes_to_0_through_255()
    {
        var r = Lanes<byte>(Call("i8x16.narrow_i16x8_u", V<short>(-5, 300, 255, 0, 1, -32768, 32767, 128), V<short>(1, 2, 3, 4, 5, 6, 7, 8)));
        Assert.Equal(new byte[] { 0, 255, 255, 0, 1, 0, 255, 128, 1, 2, 3, 4, 5, 6, 7, 8 }, r);
    }

    [Fact]
    public void Integer_abs_of_the_most_negative_lane_wraps_to_itself()
    {
        var r = Lanes<sbyte>(Call("i8x16.abs", V<sbyte>(-128, -1, 1, 0, -127, 127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)));
        Assert.Equal(new sbyte[] { -128, 1, 1, 0, 127, 127 }, r[..6]);
    }

    [Fact]
    public void Popcnt_and_rounding_average_work_per_byte()
    {
        Assert.Equal(new byte[] { 8, 4, 0, 1 }, Lanes<byte>(Call("i8x16.popcnt", V<byte>(0xFF, 0x0F, 0, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))[..4]);
        var avg = Lanes<byte>(Call("i8x16.avgr_u", V<byte>(255, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), V<byte>(255, 1, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)));
        Assert.Equal(new byte[] { 255, 1, 4, 0 }, avg[..4]);
    }

    [Fact]
    public void Dot_product_wraps_its_one_overflowing_sum()
    {
        var m = V<short>(short.MinValue, short.MinValue, 1, 2, 3, 4, -5, 6);
        Assert.Equal([int.MinValue, 1 * 1 + 2 * 2, 3 * 3 + 4 * 4, -5 * -5 + 6 * 6], Lanes<int>(Call("i32x4.dot_i16x8_s", m, m)));
    }

    [Fact]
    public void Pairwise_extended_addition_sign_extends_each_byte()
    {
        var r = Lanes<short>(Call("i16x8.extadd_pairwise_i8x16_s", V<sbyte>(-128, -128, 127, 127, -1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)));
        Assert.Equal(new short[] { -256, 254, 0, 0 }, r[..4]);
    }

    [Fact]
    public void Shift_counts_are_taken_modulo_the_lane_width()
    {
        Assert.Equal([2, 4, 6, 8], Lanes<int>(Call("i32x4.shl", V(1, 2, 3, 4), Value.I32(33))));
        var r = Lanes<sbyte>(Call("i8x16.shr_s", V<sbyte>(-128, 64, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), Value.I32(9)));
        Assert.Equal(new sbyte[] { -64, 32 }, r[..2]);
    }

    [Fact]
    public void Swizzle_gives_zero_for_indices_out_of_range_and_shuffle_picks_from_both_operands()
    {
        var a = V<byte>(10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25);
        var b = V<byte>(30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45);
        var s = Lanes<byte>(Call("i8x16.swizzle", a, V<byte>(15, 16, 0, 255, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)));
        Assert.Equal(new byte[] { 25, 0, 10, 0, 11 }, s[..5]);
        var sh = Lanes<byte>(Call("i8x16.shuffle", a, b));
        Assert.Equal(new byte[] { 45, 10, 44, 11, 43, 12 }, sh[..6]);
    }

    [Fact]
    public void Bitmask_all_true_and_bitselect()
    {
        Assert.Equal(0b1000_0000_0000_0101, Call("i8x16.bitmask", V<sbyte>(-1, 0, -128, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -2)).AsI32());
        Assert.Equal(1, Call("i32x4.all_true", V(1, -1, 2, int.MinValue)).AsI32());
        Assert.Equal(0, Call("i32x4.all_true", V(1, -1, 0, 5)).AsI32());
        var r = Lanes<uint>(Call("v128.bitselect", V(0xAAAA_AAAAu, 1u, 2u, 3u), V(0x5555_5555u, 7u, 8u, 9u), V(0xFFFF_0000u, ~0u, 0u, 1u)));
        Assert.Equal([0xAAAA_5555u, 1u, 8u, 9u], r);
    }

    [Theory]
    [InlineData(1, 2L)]
    [InlineData(0, 1L)]
    public void V128_values_pass_through_calls_locals_blocks_and_select(int condition, long expectedFirstLane)
    {
        // $swap returns (b, a); select picks its first operand (b) on a non-zero condition; then + 7 per i64 lane.
        var r = Lanes<long>(Call("plumbing", V(1L, 10L), V(2L, 20L), Value.I32(condition)));
        Assert.Equal(expectedFirstLane + 7, r[0]);
        Assert.Equal((condition != 0 ? 20L : 10L) + 7, r[1]);
    }

    [Fact]
    public void A_v128_global_keeps_all_four_lanes()
    {
        var local = TestModuleLoader.Instantiate(WatModules.Simd);
        Assert.Equal([11, 22, 33, 44], Lanes<int>(local.Call("global", [V(10, 20, 30, 40)])[0]));
        Assert.Equal([21, 42, 63, 84], Lanes<int>(local.Call("global", [V(10, 20, 30, 40)])[0]));
    }

    [Fact]
    public void V128_memory_accesses_are_little_endian_and_bounds_checked()
    {
        Assert.Equal([5, 6, 7, 8], Lanes<int>(Call("load_store", Value.I32(100), V(5, 6, 7, 8))));
        Assert.Equal(7, Call("i32.load", Value.I32(124)).AsI32());
        Assert.Equal(new short[] { 5, 0, 6, 0 }, Lanes<int>(Call("load16x4_s", Value.I32(116))).Select(x => (short)x).ToArray());

        var lane = Lanes<byte>(Call("load8_lane", Value.I32(116), V(0, 0, 0, 0)));
        Assert.Equal(5, lane[15]);
        Instance.Call("store32_lane", [Value.I32(200), V(1, 2, 3, 0x12345678)]);
        Assert.Equal(0x12345678, Call("i32.load", Value.I32(200)).AsI32());

        var trap = Assert.Throws<TrapException>(() => Call("load_store", Value.I32(65536 - 16), V(1, 2, 3, 4)));
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, trap.Kind);
        Assert.Throws<TrapException>(() => Instance.Call("store32_lane", [Value.I32(65533), V(1, 2, 3, 4)]));
    }
}
