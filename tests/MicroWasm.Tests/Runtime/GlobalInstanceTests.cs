using MicroWasm.Runtime;

namespace MicroWasm.Tests.Runtime;

public class GlobalInstanceTests
{
    private static readonly HostFunction Nop = HostFunction.Wrap(() => { }, "nop");

    public static TheoryData<Value, Value> ValuesOfEveryType => new()
    {
        { Value.I32(-7), Value.I32(int.MaxValue) },
        { Value.I64(long.MinValue), Value.I64(42) },
        { Value.F32(1.5f), Value.F32FromBits(0x7FC0_0001) }, // a NaN payload survives
        { Value.F64(-0.0), Value.F64FromBits(0x7FF0_0000_0000_0001) },
        { Value.V128(0x0123_4567_89AB_CDEF, 0xFEDC_BA98_7654_3210), Value.V128(0, ulong.MaxValue) },
        { Value.FuncRef(null), Value.FuncRef(Nop) },
        { Value.ExternRef("host object"), Value.ExternRef(null) },
    };

    [Theory]
    [MemberData(nameof(ValuesOfEveryType))]
    public void A_mutable_global_holds_any_value_of_its_type_exactly(Value initial, Value next)
    {
        using var store = new Store();
        var global = store.CreateGlobal(new GlobalType(initial.Type, Mutable: true), initial);
        Assert.Equal(initial, global.Value);
        global.Value = next;
        Assert.Equal(next, global.Value);
    }

    [Theory]
    [MemberData(nameof(ValuesOfEveryType))]
    public void An_immutable_global_cannot_be_set(Value initial, Value next)
    {
        using var store = new Store();
        var global = store.CreateGlobal(new GlobalType(initial.Type, Mutable: false), initial);
        Assert.Throws<InvalidOperationException>(() => global.Value = next);
        Assert.Equal(initial, global.Value);
    }

    [Fact]
    public void Reference_globals_keep_a_store_handle_in_their_bits()
    {
        using var store = new Store();
        var global = store.CreateGlobal(new GlobalType(ValueType.FuncRef, true), Value.FuncRef(Nop));
        Assert.NotEqual(0UL, global.Bits);
        Assert.Same(Nop, store.FromHandle(global.Bits));
        global.Value = Value.FuncRef(null);
        Assert.Equal(0UL, global.Bits);
    }

    [Fact]
    public void A_value_of_another_type_is_rejected()
    {
        using var store = new Store();
        var global = store.CreateGlobal(new GlobalType(ValueType.I32, true), Value.I32(1));
        Assert.Throws<ArgumentException>(() => global.Value = Value.I64(1));
        Assert.Throws<ArgumentException>(() => store.CreateGlobal(new GlobalType(ValueType.FuncRef, false), Value.ExternRef(null)));
    }
}
