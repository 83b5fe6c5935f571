using MicroWasm.Runtime;

namespace MicroWasm.Tests.Interpreter;

/// <summary>
/// Tables and references (spec 4.4.6, 4.4.10.2), on Wat/tables.wat: table $t of 4 (max 10) holding
/// [$double, $seven, $double, null], a passive segment [$seven, $double], and an externref table of 2.
/// </summary>
public class TableTests
{
    private readonly ModuleInstance _instance = TestModuleLoader.Instantiate(WatModules.Tables);

    private Value Call(string name, params Value[] args) => _instance.Call(name, args) is { Length: > 0 } r ? r[0] : default;

    private TrapException AssertTrap(TrapKind kind, string name, params Value[] args)
    {
        var e = Assert.Throws<TrapException>(() => _instance.Call(name, args));
        Assert.Equal(kind, e.Kind);
        Assert.StartsWith(kind.Message(), e.Message);
        return e;
    }

    [Fact]
    public void Call_indirect_calls_the_element_with_the_expected_type()
    {
        Assert.Equal(42, Call("call-indirect", Value.I32(0), Value.I32(21)).AsI32());
        Assert.Equal(7, Call("call-indirect-v", Value.I32(1)).AsI32());
    }

    [Fact]
    public void Call_indirect_traps_on_a_type_mismatch() =>
        AssertTrap(TrapKind.IndirectCallTypeMismatch, "call-indirect", Value.I32(1), Value.I32(0));

    [Fact]
    public void Call_indirect_traps_on_a_null_element_and_names_it() =>
        Assert.Equal("uninitialized element 3", AssertTrap(TrapKind.UninitializedElement, "call-indirect", Value.I32(3), Value.I32(0)).Message);

    [Theory]
    [InlineData(4)]
    [InlineData(-1)]
    public void Call_indirect_traps_past_the_end_of_the_table(int index) =>
        _ = AssertTrap(TrapKind.UndefinedElement, "call-indirect", Value.I32(index), Value.I32(0));

    [Fact]
    public void Table_size_and_grow()
    {
        Assert.Equal(4, Call("size").AsI32());
        Assert.Equal(4, Call("grow", Value.I32(3)).AsI32());
        Assert.Equal(7, Call("size").AsI32());
        Assert.Equal(-1, Call("grow", Value.I32(4)).AsI32());
        Assert.Equal(7, Call("grow-other", Value.I32(3)).AsI32());
        Assert.Equal(99, Call("call-indirect-v", Value.I32(9)).AsI32());
        Assert.Equal(1, Call("is-null", Value.I32(6)).AsI32());
    }

    [Fact]
    public void Table_get_and_set()
    {
        Assert.Equal(0, Call("is-null", Value.I32(0)).AsI32());
        Assert.Equal(1, Call("is-null", Value.I32(3)).AsI32());
        Call("set-null", Value.I32(0));
        Assert.Equal(1, Call("is-null", Value.I32(0)).AsI32());
        Call("set-other", Value.I32(3));
        Assert.Equal(99, Call("call-indirect-v", Value.I32(3)).AsI32());
        var f = Call("get", Value.I32(3));
        Assert.Equal(ValueType.FuncRef, f.Type);
        Assert.IsType<WasmFunction>(f.Reference);
        AssertTrap(TrapKind.OutOfBoundsTableAccess, "get", Value.I32(4));
        AssertTrap(TrapKind.OutOfBoundsTableAccess, "set-null", Value.I32(4));
    }

    [Fact]
    public void Table_fill_copy_and_init()
    {
        Call("fill", Value.I32(2), Value.I32(2));
        Assert.Equal(99, Call("call-indirect-v", Value.I32(3)).AsI32());
        Call("copy", Value.I32(2), Value.I32(0), Value.I32(2)); // [d, s, d, s]
        Assert.Equal(7, Call("call-indirect-v", Value.I32(3)).AsI32());
        Call("init", Value.I32(0), Value.I32(0), Value.I32(2)); // [seven, double, ...]
        Assert.Equal(7, Call("call-indirect-v", Value.I32(0)).AsI32());
        Assert.Equal(10, Call("call-indirect", Value.I32(1), Value.I32(5)).AsI32());
    }

    [Theory]
    [InlineData("fill", 3, 2, 0)]
    [InlineData("copy", 3, 0, 2)]
    [InlineData("copy", 0, 3, 2)]
    [InlineData("init", 3, 0, 2)]
    [InlineData("init", 0, 1, 2)]
    [InlineData("init", 5, 0, 0)]
    public void Table_bulk_operations_out_of_bounds_trap_and_change_nothing(string op, int a, int b, int c)
    {
        var args = op == "fill" ? new[] { Value.I32(a), Value.I32(b) } : new[] { Value.I32(a), Value.I32(b), Value.I32(c) };
        AssertTrap(TrapKind.OutOfBoundsTableAccess, op, args);
        Assert.Equal(42, Call("call-indirect", Value.I32(0), Value.I32(21)).AsI32());
        Assert.Equal(1, Call("is-null", Value.I32(3)).AsI32());
    }

    [Fact]
    public void Elem_drop_empties_the_segment()
    {
        Call("elem.drop");
        AssertTrap(TrapKind.OutOfBoundsTableAccess, "init", Value.I32(0), Value.I32(0), Value.I32(1));
        Call("init", Value.I32(0), Value.I32(0), Value.I32(0));
    }

    [Fact]
    public void Externref_values_round_trip_through_tables()
    {
        var host = new object();
        Call("ext-set", Value.I32(1), Value.ExternRef(host));
        Assert.Same(host, Call("ext-get", Value.I32(1)).Reference);
        Assert.Null(Call("ext-get", Value.I32(0)).Reference);
        Assert.Equal(1, Call("ext-is-null", Value.ExternRef(null)).AsI32());
        Assert.Equal(0, Call("ext-is-null", Value.ExternRef(host)).AsI32());
        Assert.Equal(0, Call("ref-func-is-null").AsI32());
    }
}
