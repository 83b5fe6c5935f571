using MicroWasm.Interpreter;
using MicroWasm.Runtime;

namespace MicroWasm.Tests.Interpreter;

/// <summary>
/// Adds and shifts that compute addresses (<c>base + k + (i &lt;&lt; s)</c>): the translator keeps constants pending
/// through an add and folds a shift into the add; values, wrap-around and traps must be those of the plain operators.
/// </summary>
public class AddressArithmeticTests
{
    private static readonly ModuleInstance Instance = TestModuleLoader.Instantiate("""
        (module
          (memory 1)
          (data (i32.const 0) "\00\01\02\03\04\05\06\07\08\09\0a\0b\0c\0d\0e\0f\10\11\12\13\14\15\16\17\18\19\1a\1b\1c\1d\1e\1f")
          ;; (x + k) + y, then loaded: the constant ends in the load's address.
          (func (export "pending-left") (param $x i32) (param $y i32) (result i32)
            (i32.load8_u (i32.add (i32.add (local.get $x) (i32.const 3)) (local.get $y))))
          ;; y + (x + k), as a value.
          (func (export "pending-right") (param $x i32) (param $y i32) (result i32)
            (i32.add (local.get $y) (i32.add (local.get $x) (i32.const 7))))
          ;; (x + j) + (y + k)
          (func (export "pending-both") (param $x i32) (param $y i32) (result i32)
            (i32.add (i32.add (local.get $x) (i32.const -5)) (i32.add (local.get $y) (i32.const 9))))
          ;; base + 4 + (i << 2): an element of an array in a struct.
          (func (export "element") (param $base i32) (param $i i32) (result i32)
            (i32.load (i32.add (i32.add (local.get $base) (i32.const 4)) (i32.shl (local.get $i) (i32.const 2)))))
          ;; (i << s) + base, the shift on the left, stored to a local.
          (func (export "shift-left") (param $i i32) (param $base i32) (result i32) (local $t i32)
            (local.set $t (i32.add (i32.shl (local.get $i) (i32.const 3)) (local.get $base)))
            (local.get $t))
          ;; a shift of a value just loaded, into the same slot, then added.
          (func (export "loaded-index") (param $p i32) (param $base i32) (result i32)
            (i32.add (local.get $base) (i32.shl (i32.load8_u (local.get $p)) (i32.const 1))))
          ;; an int array at a constant address: load (i << s) + 8, offset 4
          (func (export "scaled-load") (param $i i32) (param $s i32) (result i32)
            (i32.load offset=4 (i32.add (i32.shl (local.get $i) (i32.const 2)) (i32.const 8))))
          ;; the same without a constant: load (i << 3)
          (func (export "scaled-load-plain") (param $i i32) (param $unused i32) (result i32)
            (i32.load (i32.shl (local.get $i) (i32.const 3)))))
        """);

    private static int Call(string name, int a, int b) => Instance.Call(name, Value.I32(a), Value.I32(b))[0].AsI32();

    [Theory]
    [InlineData(0, 0, 3)]
    [InlineData(10, 5, 18)]
    [InlineData(-3, 28, 28)] // x + 3 wraps to 0
    [InlineData(int.MaxValue, unchecked(int.MinValue + 10), 12)] // the sum wraps around twice
    public void A_pending_constant_goes_into_the_address(int x, int y, int expected) => Assert.Equal(expected, Call("pending-left", x, y));

    [Fact]
    public void An_address_past_the_memory_still_traps()
    {
        var trap = Assert.Throws<TrapException>(() => Call("pending-left", 65536 - 3, 0));
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, trap.Kind);
        Assert.Throws<TrapException>(() => Call("element", 65536 - 8, 1));
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(int.MaxValue, 1)]
    [InlineData(-7, int.MinValue)]
    public void Pending_constants_add_with_wrap_around(int x, int y)
    {
        Assert.Equal(unchecked(y + (x + 7)), Call("pending-right", x, y));
        Assert.Equal(unchecked(x - 5 + (y + 9)), Call("pending-both", x, y));
    }

    [Theory]
    [InlineData(0, 0, 0x07060504)]
    [InlineData(0, 3, 0x13121110)]
    [InlineData(8, 1, 0x0F0E0D0C + 0x04040404)]
    [InlineData(-4, 1, 0x07060504)] // base - 4 + 4 + 4
    public void An_array_element_address_is_base_plus_scaled_index(int baseAddress, int i, int expected) =>
        Assert.Equal(expected, Call("element", baseAddress, i));

    [Theory]
    [InlineData(1, 2, 10)]
    [InlineData(0x20000000, 5, 5)] // the shift overflows out of 32 bits
    [InlineData(-1, 0, -8)]
    public void A_shift_folded_into_an_add_keeps_i32_semantics(int i, int baseValue, int expected) =>
        Assert.Equal(expected, Call("shift-left", i, baseValue));

    [Fact]
    public void A_loaded_index_is_shifted_before_the_add() => Assert.Equal(100 + 2 * 9, Call("loaded-index", 9, 100));

    [Theory]
    [InlineData(0, 0x0F0E0D0C)] // (0 << 2) + 8, offset 4: address 12
    [InlineData(2, 0x17161514)] // 8 + 8 + 4 = 20
    public void A_scaled_index_load_adds_the_constant_and_the_offset(int i, int expected) =>
        Assert.Equal(expected, Call("scaled-load", i, 0));

    [Fact]
    public void A_scaled_index_load_adds_the_offset_in_64_bits()
    {
        // (-3 << 2) + 8 = -4 in i32 (0xFFFFFFFC), and the offset 4 takes it to 2^32: out of bounds, not address 0.
        var trap = Assert.Throws<TrapException>(() => Call("scaled-load", -3, 0));
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, trap.Kind);
    }

    [Theory]
    [InlineData(0, 0x03020100)]
    [InlineData(3, 0x1B1A1918)]
    [InlineData(0x20000000, 0x03020100)] // the shift drops the high bits (i32): address 0
    public void A_scaled_index_without_a_constant_shifts_in_i32(int i, int expected) => Assert.Equal(expected, Call("scaled-load-plain", i, 0));

    [Fact]
    public void A_scaled_index_past_the_memory_traps() =>
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Assert.Throws<TrapException>(() => Call("scaled-load-plain", 8192, 0)).Kind);

    [Fact]
    public void Shifted_indices_and_pending_constants_need_no_instruction_of_their_own()
    {
        var module = Instance.Compiled.Module;
        string Code(int i) => Disassembler.Disassemble(new Translator(module).Translate(i));
        Assert.Contains("I32AddShlImm", Code(3));
        Assert.DoesNotContain("I32ShlImm", Code(3));
        Assert.DoesNotContain("I32AddImm", Code(0));
        Assert.Contains("I32AddShlImm", Code(4));
        Assert.Contains("I32AddShlImm", Code(5));
        Assert.Contains("I32LoadShl", Code(6));
        Assert.DoesNotContain("I32ShlImm", Code(6));
        Assert.Contains("I32LoadShl", Code(7));
    }
}
