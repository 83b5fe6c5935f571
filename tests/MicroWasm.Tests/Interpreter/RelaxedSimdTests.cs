using System.Runtime.InteropServices;
using MicroWasm.Runtime;
using MicroWasm.Tests.Aot;

namespace MicroWasm.Tests.Interpreter;

/// <summary>
/// Relaxed SIMD (WebAssembly 3.0): on the inputs where the spec allows several results, both tiers give the one this
/// engine chose (Instructions/RelaxedSimd.cs), the same bits in the interpreter and in AOT code. The official scripts
/// accept any allowed result; these tests pin ours.
/// </summary>
public class RelaxedSimdTests
{
    private const string Module = """
        (module
          (func (export "f32x4.relaxed_madd") (param v128 v128 v128) (result v128) (f32x4.relaxed_madd (local.get 0) (local.get 1) (local.get 2)))
          (func (export "f32x4.relaxed_nmadd") (param v128 v128 v128) (result v128) (f32x4.relaxed_nmadd (local.get 0) (local.get 1) (local.get 2)))
          (func (export "f64x2.relaxed_madd") (param v128 v128 v128) (result v128) (f64x2.relaxed_madd (local.get 0) (local.get 1) (local.get 2)))
          (func (export "f64x2.relaxed_nmadd") (param v128 v128 v128) (result v128) (f64x2.relaxed_nmadd (local.get 0) (local.get 1) (local.get 2)))
          (func (export "i16x8.relaxed_dot_i8x16_i7x16_s") (param v128 v128) (result v128) (i16x8.relaxed_dot_i8x16_i7x16_s (local.get 0) (local.get 1)))
          (func (export "i32x4.relaxed_dot_i8x16_i7x16_add_s") (param v128 v128 v128) (result v128) (i32x4.relaxed_dot_i8x16_i7x16_add_s (local.get 0) (local.get 1) (local.get 2)))
          (func (export "i16x8.relaxed_laneselect") (param v128 v128 v128) (result v128) (i16x8.relaxed_laneselect (local.get 0) (local.get 1) (local.get 2)))
          (func (export "i8x16.relaxed_swizzle") (param v128 v128) (result v128) (i8x16.relaxed_swizzle (local.get 0) (local.get 1)))
          (func (export "i32x4.relaxed_trunc_f32x4_s") (param v128) (result v128) (i32x4.relaxed_trunc_f32x4_s (local.get 0)))
          (func (export "i32x4.relaxed_trunc_f64x2_u_zero") (param v128) (result v128) (i32x4.relaxed_trunc_f64x2_u_zero (local.get 0)))
          (func (export "f32x4.relaxed_min") (param v128 v128) (result v128) (f32x4.relaxed_min (local.get 0) (local.get 1)))
          (func (export "f64x2.relaxed_max") (param v128 v128) (result v128) (f64x2.relaxed_max (local.get 0) (local.get 1)))
          (func (export "i16x8.relaxed_q15mulr_s") (param v128 v128) (result v128) (i16x8.relaxed_q15mulr_s (local.get 0) (local.get 1))))
        """;

    public static TheoryData<bool> Tiers => new() { false, true };

    private static readonly Lazy<ModuleInstance> Interpreted = new(() => new Store().Instantiate(CompiledModule.FromText(Module)));
    private static readonly Lazy<ModuleInstance> Compiled = new(() =>
    {
        var module = AotTestModules.Load(Module);
        Assert.True(module.IsAot);
        return new Store().Instantiate(module);
    });

    private static Value Call(bool aot, string name, params Value[] args)
    {
        var instance = aot ? Compiled.Value : Interpreted.Value;
        return instance.GetFunction(name).Invoke(args)[0];
    }

    private static Value V<T>(params T[] lanes) where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(lanes.AsSpan());
        Assert.Equal(16, bytes.Length);
        return Value.V128(BitConverter.ToUInt64(bytes), BitConverter.ToUInt64(bytes[8..]));
    }

    private static T[] Lanes<T>(Value v) where T : unmanaged
    {
        var bytes = new byte[16];
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 8), v.Bits);
        BitConverter.TryWriteBytes(bytes.AsSpan(8), v.HighBits);
        return MemoryMarshal.Cast<byte, T>(bytes).ToArray();
    }

    private static Value Splat(float x) => V(x, x, x, x);

    private static Value Splat(double x) => V(x, x);

    [Theory]
    [MemberData(nameof(Tiers))]
    public void Madd_is_unfused_so_the_product_overflows_before_the_subtraction(bool aot)
    {
        // FLT_MAX * 2 rounds to +inf before -FLT_MAX is added; a fused madd would give FLT_MAX.
        var r = Lanes<float>(Call(aot, "f32x4.relaxed_madd", Splat(float.MaxValue), Splat(2f), Splat(-float.MaxValue)));
        Assert.All(r, x => Assert.Equal(float.PositiveInfinity, x));
        var d = Lanes<double>(Call(aot, "f64x2.relaxed_madd", Splat(double.MaxValue), Splat(2d), Splat(-double.MaxValue)));
        Assert.All(d, x => Assert.Equal(double.PositiveInfinity, x));
    }

    [Theory]
    [MemberData(nameof(Tiers))]
    public void Madd_and_nmadd_round_the_product_first_so_the_low_bits_cancel(bool aot)
    {
        // x * y = 1 + 2^-15 + 2^-22 + 2^-37 exactly; rounded to a float the 2^-37 is lost and adding z gives 0, where a
        // fused operation would give 2^-37 (the official script's example).
        float x = 1f + MathF.Pow(2, -22), y = 1f + MathF.Pow(2, -15), z = -(1f + MathF.Pow(2, -15) + MathF.Pow(2, -22));
        Assert.All(Lanes<uint>(Call(aot, "f32x4.relaxed_madd", Splat(x), Splat(y), Splat(z))), bits => Assert.Equal(0u, bits));
        Assert.All(Lanes<uint>(Call(aot, "f32x4.relaxed_nmadd", Splat(-x), Splat(y), Splat(z))), bits => Assert.Equal(0u, bits));
        double dx = 1 + Math.Pow(2, -30), dy = 1 + Math.Pow(2, -23), dz = -(1 + Math.Pow(2, -23) + Math.Pow(2, -30));
        Assert.All(Lanes<ulong>(Call(aot, "f64x2.relaxed_madd", Splat(dx), Splat(dy), Splat(dz))), bits => Assert.Equal(0ul, bits));
        Assert.All(Lanes<ulong>(Call(aot, "f64x2.relaxed_nmadd", Splat(dx), Splat(-dy), Splat(dz))), bits => Assert.Equal(0ul, bits));
    }

    [Theory]
    [MemberData(nameof(Tiers))]
    public void Nmadd_subtracts_the_rounded_product(bool aot)
    {
        var r = Lanes<float>(Call(aot, "f32x4.relaxed_nmadd", V(3f, 1.5f, 0f, float.MaxValue), V(2f, -4f, 5f, 2f), V(1f, 1f, -0f, float.MaxValue)));
        Assert.Equal([-5f, 7f, -0f, float.NegativeInfinity], r);
    }

    [Theory]
    [MemberData(nameof(Tiers))]
    public void Dot_products_read_both_operands_as_signed_bytes_and_saturate_the_pair_sums(bool aot)
    {
        // -128 * -127 twice (the second operand's top bit set): signed, 32512. -128 * -128 twice: 32768, saturated.
        sbyte[] a = [-128, -128, -128, -128, 127, 127, -3, 5, 0, 0, 0, 0, 0, 0, 0, 0];
        sbyte[] b = [-127, -127, -128, -128, 127, 127, 7, -2, 0, 0, 0, 0, 0, 0, 0, 0];
        var dot = Lanes<short>(Call(aot, "i16x8.relaxed_dot_i8x16_i7x16_s", V(a), V(b)));
        Assert.Equal(new short[] { 32512, 32767, 32258, -31, 0, 0, 0, 0 }, dot);
        var sum = Lanes<int>(Call(aot, "i32x4.relaxed_dot_i8x16_i7x16_add_s", V(a), V(b), V(10, -20, int.MaxValue, 0)));
        Assert.Equal(new[] { 32512 + 32767 + 10, 32258 - 31 - 20, int.MaxValue, 0 }, sum);
    }

    [Theory]
    [MemberData(nameof(Tiers))]
    public void Laneselect_selects_bit_by_bit_when_a_mask_lane_is_mixed(bool aot)
    {
        var r = Lanes<ushort>(Call(aot, "i16x8.relaxed_laneselect",
            V<ushort>(0x1234, 0x1234, 0x1234, 0x1234, 2, 3, 4, 5), V<ushort>(0x5678, 0x5678, 0x5678, 0x5678, 9, 9, 9, 9),
            V<ushort>(0xFFFF, 0x8001, 0xFF00, 0x0F0F, 0, 0, 0, 0)));
        // 0x8001 would select a's 0x1234 by the lane's top bit; bit by bit it takes a's bits 15 and 0 (both 0 there).
        Assert.Equal(new ushort[] { 0x1234, 0x5678, 0x1278, 0x5274, 9, 9, 9, 9 }, r);
    }

    [Theory]
    [MemberData(nameof(Tiers))]
    public void Swizzle_truncation_min_max_and_q15mulr_give_their_2_0_counterparts_results(bool aot)
    {
        byte[] table = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25];
        var swizzled = Lanes<byte>(Call(aot, "i8x16.relaxed_swizzle", V(table), V<byte>(0, 15, 16, 17, 31, 100, 127, 128, 255, 3, 3, 3, 3, 3, 3, 3)));
        Assert.Equal(new byte[] { 10, 25, 0, 0, 0, 0, 0, 0, 0, 13, 13, 13, 13, 13, 13, 13 }, swizzled);

        var truncated = Lanes<int>(Call(aot, "i32x4.relaxed_trunc_f32x4_s", V(float.NaN, -3e9f, 3e9f, -2.9f)));
        Assert.Equal(new[] { 0, int.MinValue, int.MaxValue, -2 }, truncated);
        var unsigned = Lanes<uint>(Call(aot, "i32x4.relaxed_trunc_f64x2_u_zero", V(-1.5, 5e9)));
        Assert.Equal(new[] { 0u, uint.MaxValue, 0u, 0u }, unsigned);

        // A NaN lane gives a canonical NaN (of either sign), never the other operand.
        var min = Lanes<uint>(Call(aot, "f32x4.relaxed_min", V(0f, -0f, float.NaN, 1f), V(-0f, 0f, 1f, float.NaN)));
        Assert.Equal(new[] { 0x8000_0000u, 0x8000_0000u, 0x7FC0_0000u, 0x7FC0_0000u }, min.Select(bits => bits == 0x8000_0000u ? bits : bits & 0x7FFF_FFFFu));
        var max = Lanes<ulong>(Call(aot, "f64x2.relaxed_max", V(-0d, 2d), V(0d, -2d)));
        Assert.Equal(new[] { 0ul, BitConverter.DoubleToUInt64Bits(2d) }, max);

        var q15 = Lanes<short>(Call(aot, "i16x8.relaxed_q15mulr_s", V<short>(-32768, -32768, 16384, 0, 0, 0, 0, 0), V<short>(-32768, 16384, 16384, 0, 0, 0, 0, 0)));
        Assert.Equal(new short[] { 32767, -16384, 8192, 0, 0, 0, 0, 0 }, q15);
    }

    [Fact]
    public void The_2_0_feature_set_refuses_relaxed_instructions_naming_the_feature()
    {
        var wasm = MicroWasm.Text.WatParser.ParseModule(Module);
        var error = Assert.Throws<MalformedModuleException>(() => CompiledModule.FromBytes(wasm, WasmFeatures.Wasm20));
        Assert.Contains("illegal opcode fd 105", error.Message);
        Assert.Contains("relaxed SIMD", error.Message);
    }
}
