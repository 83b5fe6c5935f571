using MicroWasm.Runtime;
using MicroWasm.Tests.Aot;

namespace MicroWasm.Tests.Differential;

/// <summary>
/// Found by differential testing (1 of 10,000 modules): gcc 12 -O2, the AOT compiler's default C compiler, stopped with
/// an internal compiler error (convert_mode_scalar) on <c>f32x4.extract_lane</c> of a vector just made by
/// <c>v128.load16x4_s</c>, so <c>microwasm compile</c> refused a valid module. The lane is now read through its bits.
/// </summary>
public class AotF32LaneTests
{
    private const string Wat = """
        (module
          (memory (export "memory") 1)
          (data (i32.const 22) "\01\00\80\3f\ff\7f\00\80")
          ;; the lane's bits are the sign-extended i16s at 22: 0x00000001 (a subnormal) and 0x00003f80, then stored.
          (func (export "store-lane") (param $from i32) (param $to i32)
            (f32.store offset=22 (local.get $to)
              (f32x4.extract_lane 0 (v128.load16x4_s offset=22 (local.get $from)))))
          (func (export "lane") (param $from i32) (param $lane i32) (result i32)
            (i32.reinterpret_f32 (f32x4.extract_lane 1 (v128.load16x4_s offset=22 (local.get $from))))))
        """;

    [Fact]
    public void An_f32_lane_of_a_widened_load_compiles_and_keeps_its_bits()
    {
        using var store = new Store();
        var instance = store.Instantiate(AotTestModules.Load(Wat));
        Assert.Equal(0x0000_3F80, instance.GetFunction("lane").Invoke(Value.I32(0), Value.I32(0))[0].AsI32());
        instance.GetFunction("store-lane").Invoke(Value.I32(0), Value.I32(100));
        Assert.Equal(0x0000_0001u, instance.GetMemory("memory").Read<uint>(122));
    }
}
