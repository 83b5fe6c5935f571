using System.Numerics;
using MicroWasm.Interpreter;
using MicroWasm.Runtime;

namespace MicroWasm.Tests.Interpreter;

/// <summary>
/// Rotations by a constant count (one instruction with the count as an immediate; rotr becomes a rotl by the
/// negated count) and runs of moves (two to an instruction), checked against .NET's own rotations.
/// </summary>
public class ImmediateFormTests
{
    [Theory]
    [InlineData(0x12345678u, 0)]
    [InlineData(0x12345678u, 1)]
    [InlineData(0x80000001u, 31)]
    [InlineData(0x80000001u, 32)]
    [InlineData(0xDEADBEEFu, 37)]
    [InlineData(0xDEADBEEFu, -1)]
    [InlineData(0xDEADBEEFu, int.MinValue)]
    [InlineData(0xDEADBEEFu, int.MaxValue)]
    public void I32_rotations_by_a_constant_count_match_the_operator(uint value, int count)
    {
        var instance = TestModuleLoader.Instantiate($$"""
            (module
              (func (export "rotl") (param i32) (result i32) (i32.rotl (local.get 0) (i32.const {{count}})))
              (func (export "rotr") (param i32) (result i32) (i32.rotr (local.get 0) (i32.const {{count}}))))
            """);
        Assert.Equal(BitOperations.RotateLeft(value, count & 31), (uint)instance.Call("rotl", Value.I32((int)value))[0].AsI32());
        Assert.Equal(BitOperations.RotateRight(value, count & 31), (uint)instance.Call("rotr", Value.I32((int)value))[0].AsI32());
        Assert.Contains("I32RotlImm", Disassembler.Disassemble(new Translator(instance.Compiled.Module).Translate(1)));
    }

    [Theory]
    [InlineData(0x0123456789ABCDEFul, 0L)]
    [InlineData(0x0123456789ABCDEFul, 4L)]
    [InlineData(0x8000000000000001ul, 63L)]
    [InlineData(0x8000000000000001ul, 64L)]
    [InlineData(0xFEDCBA9876543210ul, 100L)]
    [InlineData(0xFEDCBA9876543210ul, -3L)]
    [InlineData(0xFEDCBA9876543210ul, int.MinValue)]
    [InlineData(0xFEDCBA9876543210ul, 0x100000003L)] // does not fit an immediate: the general instruction
    public void I64_rotations_by_a_constant_count_match_the_operator(ulong value, long count)
    {
        var instance = TestModuleLoader.Instantiate($$"""
            (module
              (func (export "rotl") (param i64) (result i64) (i64.rotl (local.get 0) (i64.const {{count}})))
              (func (export "rotr") (param i64) (result i64) (i64.rotr (local.get 0) (i64.const {{count}}))))
            """);
        int bits = (int)(count & 63);
        Assert.Equal(BitOperations.RotateLeft(value, bits), (ulong)instance.Call("rotl", Value.I64((long)value))[0].AsI64());
        Assert.Equal(BitOperations.RotateRight(value, bits), (ulong)instance.Call("rotr", Value.I64((long)value))[0].AsI64());
    }

    [Fact]
    public void A_rotation_of_variables_through_a_loop_moves_each_value_once()
    {
        // (a, b, c, d) <- (d, a, b, c) five times: the loop end emits a run of moves, some reading slots an
        // earlier move of the same run wrote.
        var instance = TestModuleLoader.Instantiate("""
            (module (func (export "rotate") (param $a i32) (param $b i32) (param $c i32) (param $d i32) (result i32)
              (local $n i32) (local $t i32)
              (loop $l
                (local.set $t (local.get $d))
                (local.set $d (local.get $c))
                (local.set $c (local.get $b))
                (local.set $b (local.get $a))
                (local.set $a (local.get $t))
                (br_if $l (i32.ne (local.tee $n (i32.add (local.get $n) (i32.const 1))) (i32.const 5))))
              (i32.add (i32.add (i32.mul (local.get $a) (i32.const 1000)) (i32.mul (local.get $b) (i32.const 100)))
                       (i32.add (i32.mul (local.get $c) (i32.const 10)) (local.get $d)))))
            """);
        // Five rotations by one = one rotation: (4, 1, 2, 3).
        Assert.Equal(4123, instance.Call("rotate", Value.I32(1), Value.I32(2), Value.I32(3), Value.I32(4))[0].AsI32());
        Assert.Contains("Move2", Disassembler.Disassemble(new Translator(instance.Compiled.Module).Translate(0)));
    }
}
