using MicroWasm.Runtime;

namespace MicroWasm.Tests.Differential;

/// <summary>
/// Found by differential testing against Wasmtime (scripts/differential.sh, 3 of 10,000 modules, minimised with
/// wasm-reduce): in <c>(k + x)</c> with the constant first and <c>x</c> computed, the interpreter's translator kept the
/// addition pending on <c>x</c>'s slot, the slot above its own result, which the next value pushed took; an address or
/// value computed that way read that value instead (here the load's zero, so <c>k ^ 0</c> gave 5 and an access that
/// must trap read in bounds). The pending addition now keeps only sources that no later push overwrites.
/// </summary>
public class ConstantFirstAdditionTests
{
    private static readonly ModuleInstance Instance = new Store().Instantiate(CompiledModule.FromText("""
        (module
          (memory 16 17)
          ;; (5 + (x << 5)) ^ load: x is a computed temporary above the add's result.
          (func (export "value") (param $x i32) (result i32)
            (i32.xor (i32.add (i32.const 5) (i32.shl (local.get $x) (i32.const 5))) (i32.load8_u (i32.const 4))))
          ;; the same with the sum as an address (wasm-reduce's module): 1029 << 10 + 7 is past the 16 pages.
          (func (export "address") (result i32) (local $a i32)
            (drop (i32.xor
              (local.tee $a (i32.shl (i32.shl
                (i32.xor (i32.add (i32.const 5) (i32.shl (i32.shl (i32.const 1) (i32.const 5)) (i32.const 5)))
                         (i32.load8_u offset=4 (i32.const 0)))
                (i32.const 5)) (i32.const 5)))
              (i32.load8_u offset=7 (local.get $a))))
            (i32.const 5))
          ;; subtraction takes the same path (x - k is x + -k), with the constant second: unaffected, checked alike.
          (func (export "sub") (param $x i32) (result i32)
            (i32.xor (i32.sub (i32.shl (local.get $x) (i32.const 5)) (i32.const 5)) (i32.load8_u (i32.const 4)))))
        """));

    [Theory]
    [InlineData(3, 101)]
    [InlineData(0, 5)]
    [InlineData(-1, -27)]
    public void A_constant_first_addition_of_a_computed_value_keeps_that_value(int x, int expected) =>
        Assert.Equal(expected, Instance.GetFunction("value").Invoke(Value.I32(x))[0].AsI32());

    [Fact]
    public void An_address_computed_that_way_traps_out_of_bounds()
    {
        var trap = Assert.Throws<TrapException>(() => Instance.GetFunction("address").Invoke());
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, trap.Kind);
    }

    [Fact]
    public void A_subtraction_of_a_constant_from_a_computed_value_is_unchanged() =>
        Assert.Equal((3 << 5) - 5, Instance.GetFunction("sub").Invoke(Value.I32(3))[0].AsI32());
}
