using MicroWasm.Interpreter;
using MicroWasm.Runtime;

namespace MicroWasm.Tests.Interpreter;

/// <summary>
/// Setting a local to the constant it already holds (clang re-initialises an accumulator after an early exit)
/// emits nothing; what a local holds is forgotten where paths merge, so every path still sees its own value.
/// </summary>
public class KnownConstantTests
{
    private static readonly ModuleInstance Instance = TestModuleLoader.Instantiate("""
        (module
          ;; acc = 0; if (n < 2) return n; acc = 0 (again); acc += n; return acc
          (func (export "again") (param $n i32) (result i32) (local $acc i32)
            (local.set $acc (i32.const 0))
            (block $done
              (br_if $done (i32.lt_u (local.get $n) (i32.const 2)))
              (local.set $acc (i32.const 0))
              (local.set $acc (i32.add (local.get $acc) (local.get $n))))
            (i32.add (local.get $acc) (local.get $n)))
          ;; x = 7 on one path, 5 on the other, then x = 5: the merge forgets what x held
          (func (export "merge") (param $c i32) (result i32) (local $x i32)
            (if (local.get $c) (then (local.set $x (i32.const 7))) (else (local.set $x (i32.const 5))))
            (local.set $x (i32.const 5))
            (local.get $x))
          ;; x = 3, loop: x = 3 again at the loop head after x changed in the body
          (func (export "loop") (result i32) (local $x i32) (local $i i32)
            (local.set $x (i32.const 3))
            (loop $l
              (local.set $x (i32.const 3))
              (local.set $x (i32.add (local.get $x) (local.get $i)))
              (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 4))))
            (local.get $x))
          ;; f64: the same bits only (+0 and -0 differ)
          (func (export "zeros") (result f64) (local $d f64)
            (local.set $d (f64.const 0))
            (local.set $d (f64.const -0))
            (local.get $d)))
        """);

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(2, 4)]
    [InlineData(10, 20)]
    public void A_repeated_constant_is_still_the_locals_value(int n, int expected) =>
        Assert.Equal(expected, Instance.Call("again", Value.I32(n))[0].AsI32());

    [Fact]
    public void The_repeated_constant_emits_no_instruction()
    {
        string code = Disassembler.Disassemble(new Translator(Instance.Compiled.Module).Translate(0));
        Assert.Single(code.Split('\n'), line => line.Contains("Const32"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void After_paths_merge_the_constant_is_set_again(int c) => Assert.Equal(5, Instance.Call("merge", Value.I32(c))[0].AsI32());

    [Fact]
    public void A_loop_head_forgets_what_the_previous_round_left() =>
        Assert.Equal(3 + 3, Instance.Call("loop")[0].AsI32()); // the last round: x = 3, then x + i with i = 3

    [Fact]
    public void Constants_are_compared_by_their_bits() =>
        Assert.Equal(BitConverter.DoubleToUInt64Bits(-0.0), Instance.Call("zeros")[0].Bits);
}
