using MicroWasm.Interpreter;
using MicroWasm.Runtime;

namespace MicroWasm.Tests.Interpreter;

/// <summary>
/// A dot product unrolled four times the way clang emits it (<c>p3 p2 p1 (p0 + acc) add add add</c>): the translator
/// moves each product's loads to its addition and runs two multiply-adds per instruction. Results must have the bits
/// of a version whose products go through locals, which nothing fuses (a NaN result must be a NaN with the quiet bit,
/// spec 4.3.3: which input NaN propagates is not specified); a load out of bounds must still trap.
/// </summary>
public class DotProductFusionTests
{
    private static string Module(string type) => $$"""
        (module (memory 1)
          (func (export "store") (param i32 i64) (i64.store (local.get 0) (local.get 1)))
          ;; p3 + (p2 + (p1 + (p0 + acc))): clang's order, each product on the left
          (func (export "fused") (param $acc {{type}}) (param $a i32) (param $b i32) (result {{type}})
            {{P(type, 3)}} {{P(type, 2)}} {{P(type, 1)}}
            ({{type}}.add {{P(type, 0)}} (local.get $acc))
            {{type}}.add {{type}}.add {{type}}.add)
          ;; ((((acc + p0) + p1) + p2) + p3): each product on the right
          (func (export "fused-left") (param $acc {{type}}) (param $a i32) (param $b i32) (result {{type}})
            ({{type}}.add ({{type}}.add ({{type}}.add ({{type}}.add (local.get $acc) {{P(type, 0)}}) {{P(type, 1)}}) {{P(type, 2)}}) {{P(type, 3)}}))
          (func (export "reference") (param $acc {{type}}) (param $a i32) (param $b i32) (result {{type}})
            (local $p0 {{type}}) (local $p1 {{type}}) (local $p2 {{type}}) (local $p3 {{type}})
            (local.set $p3 {{P(type, 3)}}) (local.set $p2 {{P(type, 2)}}) (local.set $p1 {{P(type, 1)}}) (local.set $p0 {{P(type, 0)}})
            ({{type}}.add (local.get $p3) ({{type}}.add (local.get $p2) ({{type}}.add (local.get $p1) ({{type}}.add (local.get $p0) (local.get $acc))))))
          (func (export "reference-left") (param $acc {{type}}) (param $a i32) (param $b i32) (result {{type}})
            (local $p0 {{type}}) (local $p1 {{type}}) (local $p2 {{type}}) (local $p3 {{type}})
            (local.set $p0 {{P(type, 0)}}) (local.set $p1 {{P(type, 1)}}) (local.set $p2 {{P(type, 2)}}) (local.set $p3 {{P(type, 3)}})
            ({{type}}.add ({{type}}.add ({{type}}.add ({{type}}.add (local.get $acc) (local.get $p0)) (local.get $p1)) (local.get $p2)) (local.get $p3))))
        """;

    // Element i of a at a + i*w, of b at b + 4*i*w (a column of a matrix).
    private static string P(string type, int i)
    {
        int width = type == "f32" ? 4 : 8;
        return $"({type}.mul ({type}.load offset={i * width} (local.get $a)) ({type}.load offset={i * 4 * width} (local.get $b)))";
    }

    private static readonly ulong[] F32Values =
        [0x3F800000, 0x40490FDB, 0xC2C80000, 0x7FC00001, 0x7FA00002, 0xFFC00003, 0x7F7FFFFF, 0x00000001, 0x80000000, 0x7F800000, 0xFF800000, 0x3DCCCCCD];
    private static readonly ulong[] F64Values =
        [0x3FF0000000000000, 0x400921FB54442D18, 0xC059000000000000, 0x7FF8000000000001, 0x7FF4000000000002, 0xFFF8000000000003,
         0x7FEFFFFFFFFFFFFF, 0x0000000000000001, 0x8000000000000000, 0x7FF0000000000000, 0xFFF0000000000000, 0x3FB999999999999A];

    [Theory]
    [InlineData("f32", 1)]
    [InlineData("f32", 2)]
    [InlineData("f32", 3)]
    [InlineData("f64", 1)]
    [InlineData("f64", 2)]
    [InlineData("f64", 3)]
    public void An_unrolled_dot_product_gives_the_bits_of_the_unfused_one(string type, int seed)
    {
        var instance = TestModuleLoader.Instantiate(Module(type));
        var values = type == "f32" ? F32Values : F64Values;
        int width = type == "f32" ? 4 : 8;
        var rng = new Random(seed);
        for (int round = 0; round < 40; round++)
        {
            for (int i = 0; i < 4; i++)
            {
                Store(instance, 1000 + i * width, values[rng.Next(values.Length)], width);
                Store(instance, 2000 + 4 * i * width, values[rng.Next(values.Length)], width);
            }
            var acc = type == "f32" ? Value.F32FromBits((uint)values[rng.Next(values.Length)]) : Value.F64FromBits(values[rng.Next(values.Length)]);
            Value[] args = [acc, Value.I32(1000), Value.I32(2000)];
            AssertSameResult(type, instance.Call("reference", args)[0].Bits, instance.Call("fused", args)[0].Bits);
            AssertSameResult(type, instance.Call("reference-left", args)[0].Bits, instance.Call("fused-left", args)[0].Bits);
        }
    }

    private static void AssertSameResult(string type, ulong expected, ulong actual)
    {
        bool f32 = type == "f32";
        bool expectedNaN = f32 ? float.IsNaN(BitConverter.UInt32BitsToSingle((uint)expected)) : double.IsNaN(BitConverter.UInt64BitsToDouble(expected));
        if (!expectedNaN)
        {
            Assert.Equal(expected, actual);
            return;
        }
        ulong quiet = f32 ? 0x7FC00000ul : 0x7FF8000000000000ul;
        Assert.Equal(quiet, actual & quiet);
    }

    [Theory]
    [InlineData("f32")]
    [InlineData("f64")]
    public void Two_multiply_adds_run_as_one_instruction(string type)
    {
        var instance = TestModuleLoader.Instantiate(Module(type));
        string fused = Disassembler.Disassemble(new Translator(instance.Compiled.Module).Translate(1));
        string left = Disassembler.Disassemble(new Translator(instance.Compiled.Module).Translate(2));
        string upper = type.ToUpperInvariant();
        Assert.Equal(2, fused.Split($"{upper}MulLoadsAddAddRR").Length - 1);
        Assert.Equal(2, left.Split($"{upper}MulLoadsAddAddLL").Length - 1);
        Assert.DoesNotContain($"{upper}Add ", fused);
    }

    [Theory]
    [InlineData("f32", 65536 - 12, 0)] // a's last element out of bounds
    [InlineData("f32", 0, 65536 - 48)] // b's last element out of bounds
    [InlineData("f64", 65536 - 24, 0)]
    [InlineData("f64", 0, 65536 - 96)]
    public void Any_load_out_of_bounds_traps(string type, int a, int b)
    {
        var instance = TestModuleLoader.Instantiate(Module(type));
        var acc = type == "f32" ? Value.F32(1) : Value.F64(1);
        foreach (var name in new[] { "fused", "fused-left" })
        {
            var trap = Assert.Throws<TrapException>(() => instance.Call(name, acc, Value.I32(a), Value.I32(b)));
            Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, trap.Kind);
        }
    }

    private static void Store(ModuleInstance instance, int address, ulong bits, int width) =>
        // An 8-byte store: for f32 the upper half lands on the next element, which is written after this one
        // (a: increasing addresses) or lies outside the elements read (b: 16 bytes apart).
        instance.Call("store", Value.I32(address), Value.I64((long)bits));
}
