using System.Text;
using MicroWasm.Instructions;
using MicroWasm.Runtime;
using MicroWasm.Text;
using MicroWasm.Validation;

namespace MicroWasm.Tests.Aot;

/// <summary>
/// SIMD in AOT code: every vector instruction gives the interpreter's result on the same operands, edge cases first
/// (NaNs, signed zeros, saturation bounds, out-of-range lane indices and shift counts), and v128 values cross every
/// boundary where the runtime hands values over in 64-bit slots (wrappers, imports, call_indirect, globals).
/// </summary>
public class SimdAotTests
{
    /// <summary>
    /// Float operators whose NaN results the spec leaves open (spec 4.3.3: any arithmetic NaN unless every NaN operand
    /// is canonical). The C compiler may swap commutative operands, so a NaN lane only has to be a quiet NaN in both.
    /// </summary>
    private static readonly HashSet<string> ArithmeticNaN =
    [
        "add", "sub", "mul", "div", "sqrt", "min", "max", "ceil", "floor", "trunc", "nearest", "demote_f64x2_zero", "promote_low_f32x4",
        "relaxed_min", "relaxed_max", "relaxed_madd", "relaxed_nmadd",
    ];

    private static readonly int[] Lanes = [0, 1, 3, 7, 15];

    private static readonly byte[][] Shuffles =
    [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
        [16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31],
        [31, 0, 30, 1, 29, 2, 28, 3, 27, 4, 26, 5, 25, 6, 24, 7],
        [5, 5, 5, 5, 20, 20, 20, 20, 0, 31, 0, 31, 15, 16, 15, 16],
    ];

    /// <summary>One export per operator (and per lane index, shuffle pattern and access), named by its mnemonic.</summary>
    private static readonly string OperatorModule = BuildOperatorModule();

    private static string BuildOperatorModule()
    {
        var w = new StringBuilder("(module\n  (memory (export \"memory\") 1 1)\n");
        w.Append("  (data (i32.const 0) \"\\00\\01\\02\\03\\04\\05\\06\\07\\08\\09\\0a\\0b\\0c\\0d\\0e\\0f\\80\\81\\fe\\ff\\7f\\7e\\55\\aa\")\n");
        foreach (var info in InstructionTable.All)
        {
            if (info.Prefix != 0xFD) continue;
            string name = info.Mnemonic;
            if (OperatorSignatures.TryGet(info.Opcode, out var s))
            {
                w.Append($"  (func (export \"{name}\") (param");
                for (int i = 0; i < s.ParameterCount; i++) w.Append(' ').Append(s.Parameter(i).ToText());
                w.Append($") (result {s.Result.ToText()})");
                for (int i = 0; i < s.ParameterCount; i++) w.Append($" local.get {i}");
                w.Append($" {name})\n");
            }
            else if (info.Immediate == ImmediateKind.Lane)
            {
                int count = 16 / LaneBytes(name);
                foreach (int lane in Lanes.Where(l => l < count))
                {
                    bool replace = name.Contains("replace");
                    string scalar = ScalarOf(name);
                    w.Append(replace
                        ? $"  (func (export \"{name} {lane}\") (param v128 {scalar}) (result v128) local.get 0 local.get 1 {name} {lane})\n"
                        : $"  (func (export \"{name} {lane}\") (param v128) (result {scalar}) local.get 0 {name} {lane})\n");
                }
            }
            else if (info.Opcode == Opcode.I8x16Shuffle)
            {
                for (int k = 0; k < Shuffles.Length; k++)
                    w.Append($"  (func (export \"{name} {k}\") (param v128 v128) (result v128) local.get 0 local.get 1 {name} {string.Join(' ', Shuffles[k])})\n");
            }
            else if (info.Opcode == Opcode.V128Const)
            {
                w.Append($"  (func (export \"{name}\") (result v128) v128.const i32x4 0x7fa00001 0xffc00000 0x80000000 0x12345678)\n");
            }
            else if (name.Contains("store"))
            {
                // Stores, then the first 32 bytes of memory, so that both tiers' memories can be compared.
                string lane = info.Immediate == ImmediateKind.MemArgLane ? " 1" : "";
                w.Append($"  (func (export \"{name}\") (param i32 v128) (result v128 v128) local.get 0 local.get 1 {name} offset=3{lane}"
                    + " i32.const 0 v128.load i32.const 16 v128.load)\n");
            }
            else if (info.Immediate == ImmediateKind.MemArgLane)
            {
                w.Append($"  (func (export \"{name}\") (param i32 v128) (result v128) local.get 0 local.get 1 {name} offset=3 1)\n");
            }
            else
            {
                w.Append($"  (func (export \"{name}\") (param i32) (result v128) local.get 0 {name} offset=3)\n");
            }
        }
        return w.Append(')').ToString();
    }

    private static int LaneBytes(string mnemonic) => mnemonic[..5] switch
    {
        "i8x16" => 1,
        "i16x8" => 2,
        "i32x4" or "f32x4" => 4,
        _ => 8,
    };

    private static string ScalarOf(string mnemonic) => mnemonic[..5] switch
    {
        "i64x2" => "i64",
        "f32x4" => "f32",
        "f64x2" => "f64",
        _ => "i32",
    };

    [Fact]
    public void Every_vector_instruction_gives_the_interpreters_result()
    {
        var wasm = WatParser.ParseModule(OperatorModule);
        using var interpreterStore = new Store();
        using var aotStore = new Store();
        var interpreted = interpreterStore.Instantiate(CompiledModule.FromBytes(wasm));
        var compiled = AotTestModules.Load(OperatorModule);
        Assert.True(compiled.IsAot);
        var aot = aotStore.Instantiate(compiled);

        var random = new Random(20261206);
        int checkedCalls = 0;
        foreach (var export in interpreted.Module.Exports)
        {
            if (export.Kind != ExternalKind.Function) continue;
            var expectedFunction = interpreted.GetFunction(export.Name);
            var actualFunction = aot.GetFunction(export.Name);
            var type = expectedFunction.Type;
            for (int round = 0; round < 300; round++)
            {
                var args = type.Parameters.Select((t, i) => Operand(random, t, i == 0 && IsAccess(export.Name))).ToArray();
                var expected = Outcome(() => expectedFunction.Invoke(args));
                var actual = Outcome(() => actualFunction.Invoke(args));
                Compare(export.Name, args, expected, actual);
                checkedCalls++;
            }
        }
        Assert.True(checkedCalls > 60_000, $"only {checkedCalls} calls checked");
        Assert.Equal(interpreted.GetMemory("memory").GetSpan(0, 65536).ToArray(), aot.GetMemory("memory").GetSpan(0, 65536).ToArray());
    }

    private static bool IsAccess(string name) => name.StartsWith("v128.load", StringComparison.Ordinal) || name.StartsWith("v128.store", StringComparison.Ordinal);

    /// <summary>The results, or the trap's message.</summary>
    private static (Value[]? Results, string? Trap) Outcome(Func<Value[]> call)
    {
        try { return (call(), null); }
        catch (TrapException e) { return (null, e.Message); }
    }

    private static void Compare(string name, Value[] args, (Value[]? Results, string? Trap) expected, (Value[]? Results, string? Trap) actual)
    {
        string what = $"{name}({string.Join(", ", args.Select(Show))})";
        Assert.True(expected.Trap == actual.Trap, $"{what}: trap '{expected.Trap}' expected, got '{actual.Trap}'");
        if (expected.Results is null) return;
        Assert.Equal(expected.Results.Length, actual.Results!.Length);
        string op = name.Split(' ')[0];
        bool arithmeticNaN = op.StartsWith('f') && ArithmeticNaN.Contains(op[6..]);
        for (int i = 0; i < expected.Results.Length; i++)
        {
            Value e = expected.Results[i], a = actual.Results[i];
            if (arithmeticNaN && SameUpToNaNs(e, a, LaneBytes(op))) continue;
            Assert.True(e.Equals(a), $"{what}: {Show(e)} expected, got {Show(a)}");
        }
    }

    /// <summary>Equal lane by lane, where two NaN lanes are equal if the compiled one is quiet (an arithmetic NaN).</summary>
    private static bool SameUpToNaNs(Value e, Value a, int laneBytes)
    {
        if (e.Type != ValueType.V128) return false;
        for (int lane = 0; lane < 16 / laneBytes; lane++)
        {
            ulong x = LaneBits(e, lane, laneBytes), y = LaneBits(a, lane, laneBytes);
            if (x == y) continue;
            bool bothNaN = laneBytes == 4
                ? float.IsNaN(BitConverter.UInt32BitsToSingle((uint)x)) && float.IsNaN(BitConverter.UInt32BitsToSingle((uint)y))
                : double.IsNaN(BitConverter.UInt64BitsToDouble(x)) && double.IsNaN(BitConverter.UInt64BitsToDouble(y));
            ulong quiet = laneBytes == 4 ? 0x0040_0000UL : 0x0008_0000_0000_0000UL;
            if (!bothNaN || (y & quiet) == 0) return false;
        }
        return true;
    }

    private static ulong LaneBits(Value v, int lane, int laneBytes)
    {
        int bit = lane * laneBytes * 8;
        ulong half = bit < 64 ? v.Bits : v.HighBits;
        return laneBytes == 8 ? half : (half >> (bit % 64)) & 0xFFFF_FFFFUL;
    }

    private static string Show(Value v) => v.Type == ValueType.V128 ? $"0x{v.HighBits:x16}{v.Bits:x16}" : $"{v.Type.ToText()}:0x{v.Bits:x}";

    // ---- operands: edge values of every lane shape, and random bits ----

    private static readonly ulong[] I8Edges = [0, 1, 0xFF, 0x7F, 0x80, 0x55, 0xAA, 15, 16, 31, 32, 0x81, 0xFE];
    private static readonly ulong[] I16Edges = [0, 1, 0xFFFF, 0x7FFF, 0x8000, 0x4000, 0xFF, 0x100, 0xFF00, 0x8001, 0xFF80, 0x7F];
    private static readonly ulong[] I32Edges = [0, 1, 0xFFFF_FFFF, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF, 0x1_0000, 0xFFFF_8000, 0x7FFF, 0x8000];
    private static readonly ulong[] I64Edges = [0, 1, ulong.MaxValue, long.MaxValue, 1UL << 63, 0xFFFF_FFFF, 0x1_0000_0000];

    private static readonly ulong[] F32Edges =
    [
        0x0000_0000, 0x8000_0000, 0x3F80_0000, 0xBF80_0000, 0x3F00_0000, 0xBF00_0000, 0x3FC0_0000, 0x4020_0000, 0xC020_0000,
        0x7F80_0000, 0xFF80_0000, 0x7FC0_0000, 0xFFC0_0000, 0x7F80_0001, 0xFFA0_0000, 0x7FC1_2345, 0x7F7F_FFFF, 0x0080_0000,
        0x0000_0001, 0x8000_0001, 0x4F00_0000, 0xCF00_0000, 0x4F80_0000, 0x4EFF_FFFF, 0x4F7F_FFFF, 0x4B00_0001, 0x3EFF_FFFF,
        0x5F00_0000, 0xDF00_0000, 0x3F7F_FFFF,
    ];

    private static readonly ulong[] F64Edges =
    [
        0, 1UL << 63, 0x3FF0_0000_0000_0000, 0xBFF0_0000_0000_0000, 0x3FE0_0000_0000_0000, 0x4004_0000_0000_0000,
        0xC004_0000_0000_0000, 0x7FF0_0000_0000_0000, 0xFFF0_0000_0000_0000, 0x7FF8_0000_0000_0000, 0xFFF8_0000_0000_0000,
        0x7FF0_0000_0000_0001, 0x7FF4_0000_0000_0000, 0x7FF8_0000_1234_5678, 0x7FEF_FFFF_FFFF_FFFF, 1, 0x8000_0000_0000_0001,
        0x41DF_FFFF_FFE0_0000, 0x41E0_0000_0000_0000, 0xC1E0_0000_0000_0000, 0xC1E0_0000_0020_0000, 0x41EF_FFFF_FFFF_FFFF,
        0x41F0_0000_0000_0000, 0x41EF_FFFF_FFE0_0000, 0x3810_0000_0000_0000, 0x47EF_FFFF_E000_0000, 0x47EF_FFFF_F000_0000,
        0x36A0_0000_0000_0000, 0x4330_0000_0000_0001,
    ];

    private static Value Operand(Random random, ValueType type, bool address) => type switch
    {
        ValueType.I32 when address => Value.I32(random.Next(8) == 0 ? 65536 - random.Next(24) : random.Next(32)),
        ValueType.I32 => Value.I32(random.Next(4) switch
        {
            0 => random.Next(-40, 140),
            1 => (int)Pick(random, I32Edges),
            _ => (int)Pick(random, random.Next(2) == 0 ? I8Edges : I16Edges),
        }),
        ValueType.I64 => Value.I64((long)(random.Next(2) == 0 ? Pick(random, I64Edges) : RandomBits(random))),
        ValueType.F32 => Value.F32FromBits((uint)Pick(random, F32Edges)),
        ValueType.F64 => Value.F64FromBits(Pick(random, F64Edges)),
        _ => Vector(random),
    };

    private static Value Vector(Random random)
    {
        var (edges, laneBytes) = random.Next(7) switch
        {
            0 => (I8Edges, 1),
            1 => (I16Edges, 2),
            2 => (I32Edges, 4),
            3 => (I64Edges, 8),
            4 or 5 => random.Next(2) == 0 ? (F32Edges, 4) : (F64Edges, 8),
            _ => (Array.Empty<ulong>(), 16),
        };
        if (laneBytes == 16) return Value.V128(RandomBits(random), RandomBits(random));
        ulong low = 0, high = 0;
        for (int bit = 0; bit < 128; bit += laneBytes * 8)
        {
            ulong lane = random.Next(5) == 0 ? RandomBits(random) : Pick(random, edges);
            if (laneBytes < 8) lane &= (1UL << (laneBytes * 8)) - 1;
            if (bit < 64) low |= lane << bit;
            else high |= lane << (bit - 64);
        }
        return Value.V128(low, high);
    }

    private static ulong Pick(Random random, ulong[] values) => values[random.Next(values.Length)];

    private static ulong RandomBits(Random random) => (ulong)random.NextInt64() ^ ((ulong)random.Next(2) << 63);

    // ---- v128 where values cross to the runtime ----

    private const string Plumbing = """
        (module
          (import "host" "mix" (func $mix (param i32 v128 f64 v128) (result v128 i64 v128)))
          (import "other" "twice" (func $twice (param v128) (result v128)))
          (global $g (export "g") (mut v128) (v128.const i64x2 1 2))
          (table 2 funcref)
          (elem (i32.const 0) $rotate $swap)
          (type $vv (func (param v128 i32 v128) (result v128 v128)))
          (func $rotate (param v128 i32 v128) (result v128 v128)
            (i8x16.shuffle 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 0 (local.get 0) (local.get 0)) (local.get 2))
          (func $swap (param v128 i32 v128) (result v128 v128) (local.get 2) (local.get 0))
          ;; v128 arguments and results between scalars: every slot offset counts a v128 twice.
          (func (export "call_host") (param i32 v128 f64 v128) (result v128 i64 v128)
            (call $mix (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
          (func (export "call_other") (param v128) (result v128) (call $twice (local.get 0)))
          (func (export "indirect") (param i32 v128 v128) (result v128 v128)
            (call_indirect (type $vv) (local.get 1) (i32.const 7) (local.get 2) (local.get 0)))
          (func (export "bump") (param v128) (result v128)
            (global.set $g (i64x2.add (global.get $g) (local.get 0)))
            (global.get $g))
          ;; v128 as block parameters and results, through if/else, br_table and a loop.
          (func (export "blocks") (param v128 i32) (result v128) (local $i i32)
            (local.get 0)
            (if (param v128) (result v128) (i32.and (local.get 1) (i32.const 1))
              (then (i32x4.add (v128.const i32x4 1 1 1 1)))
              (else (i32x4.sub (v128.const i32x4 1 1 1 1))))
            (block $b (param v128) (result v128)
              (block $a (param v128) (result v128)
                (br_table $a $b (local.get 1)))
              (i32x4.mul (v128.const i32x4 3 3 3 3)))
            (loop $l (param v128) (result v128)
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (i64x2.shl (i32.const 1))
              (br_if $l (i32.lt_u (local.get $i) (local.get 1))))
            (select (v128.const i64x2 -1 -1) (i32.and (local.get 1) (i32.const 2))))
        )
        """;

    private const string Other = """
        (module (func (export "twice") (param v128) (result v128) (i32x4.add (local.get 0) (local.get 0))))
        """;

    private static (ModuleInstance Aot, ModuleInstance Interpreted, Store Store) InstantiatePlumbing(bool aot)
    {
        var store = new Store();
        var other = store.Instantiate(CompiledModule.FromBytes(WatParser.ParseModule(Other)));
        var mixType = new FuncType([ValueType.I32, ValueType.V128, ValueType.F64, ValueType.V128], [ValueType.V128, ValueType.I64, ValueType.V128]);
        var imports = new Imports()
            .DefineFunction("host", "mix", mixType, (args, results) =>
            {
                results[0] = Value.V128(args[3].Bits + (ulong)args[0].AsI32(), args[3].HighBits);
                results[1] = Value.I64((long)args[2].AsF64());
                results[2] = Value.V128(args[1].HighBits, args[1].Bits);
            })
            .DefineInstance("other", other);
        var module = aot ? AotTestModules.Load(Plumbing) : CompiledModule.FromBytes(WatParser.ParseModule(Plumbing));
        return (store.Instantiate(module, imports), other, store);
    }

    [Fact]
    public void V128_values_cross_wrappers_imports_call_indirect_and_globals_in_two_slots()
    {
        var (instance, _, store) = InstantiatePlumbing(aot: true);
        using var _s = store;
        var a = Value.V128(0x0706050403020100, 0x0F0E0D0C0B0A0908);
        var b = Value.V128(0x1111111111111111, 0x2222222222222222);

        var mixed = instance.GetFunction("call_host").Invoke(Value.I32(5), a, Value.F64(-3.75), b);
        Assert.Equal([Value.V128(0x1111111111111116, 0x2222222222222222), Value.I64(-3), Value.V128(0x0F0E0D0C0B0A0908, 0x0706050403020100)], mixed);

        Assert.Equal(Value.V128(0x0E0C0A0806040200, 0x1E1C1A1816141210), instance.GetFunction("call_other").Invoke(a)[0]);

        Assert.Equal([Value.V128(0x0807060504030201, 0x000F0E0D0C0B0A09), b], instance.GetFunction("indirect").Invoke(Value.I32(0), a, b));
        Assert.Equal([b, a], instance.GetFunction("indirect").Invoke(Value.I32(1), a, b));
        Assert.Equal("undefined element", Assert.Throws<TrapException>(() => instance.GetFunction("indirect").Invoke(Value.I32(2), a, b)).Message);

        var global = instance.GetGlobal("g");
        Assert.Equal(Value.V128(11, 22), instance.GetFunction("bump").Invoke(Value.V128(10, 20))[0]);
        global.Value = Value.V128(100, 200);
        Assert.Equal(Value.V128(101, 202), instance.GetFunction("bump").Invoke(Value.V128(1, 2))[0]);
        Assert.Equal(Value.V128(101, 202), global.Value);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void V128_block_parameters_and_results_flow_as_in_the_interpreter(int n)
    {
        var (aot, _, aotStore) = InstantiatePlumbing(aot: true);
        var (interpreted, _, interpreterStore) = InstantiatePlumbing(aot: false);
        using var _a = aotStore;
        using var _i = interpreterStore;
        var v = Value.V128(0x8000000000000001, 0x00000000FFFFFFFF);
        Assert.Equal(interpreted.GetFunction("blocks").Invoke(v, Value.I32(n)), aot.GetFunction("blocks").Invoke(v, Value.I32(n)));
    }

    [Fact]
    public void An_interpreted_module_calls_an_AOT_function_with_v128_and_back()
    {
        using var store = new Store();
        var compiled = AotTestModules.Load(Other);
        Assert.True(compiled.IsAot);
        var aot = store.Instantiate(compiled);
        var caller = store.Instantiate(CompiledModule.FromBytes(WatParser.ParseModule("""
            (module (import "aot" "twice" (func $twice (param v128) (result v128)))
              (func (export "quad") (param v128) (result v128) (call $twice (call $twice (local.get 0)))))
            """)), new Imports().DefineInstance("aot", aot));
        Assert.Equal(Value.V128(0x0000000400000004, 0x0000000800000008), caller.GetFunction("quad").Invoke(Value.V128(0x0000000100000001, 0x0000000200000002))[0]);
    }
}
