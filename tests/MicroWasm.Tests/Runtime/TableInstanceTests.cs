using MicroWasm.Runtime;
using static MicroWasm.Tests.Runtime.TestModules;

namespace MicroWasm.Tests.Runtime;

public class TableInstanceTests
{
    private static readonly HostFunction Nop = HostFunction.Wrap(() => { }, "nop");

    [Fact]
    public void A_new_table_holds_its_minimum_of_null_references()
    {
        using var store = new Store();
        var table = store.CreateTable(FuncTable(3, 10));
        Assert.Equal(3, table.Size);
        for (uint i = 0; i < 3; i++) Assert.True(table.GetValue(i).IsNullReference);
        Assert.Equal(ValueType.FuncRef, table.GetValue(0).Type);
    }

    [Fact]
    public void A_table_can_be_filled_with_an_initial_reference()
    {
        using var store = new Store();
        var table = store.CreateTable(FuncTable(2), Value.FuncRef(Nop));
        Assert.Same(Nop, table.GetValue(1).Reference);
    }

    [Theory]
    [InlineData(0u, true)]
    [InlineData(2u, true)]
    [InlineData(3u, false)]
    [InlineData(uint.MaxValue, false)]
    public void Get_and_set_are_checked_against_the_current_size(uint index, bool inBounds)
    {
        using var store = new Store();
        var table = store.CreateTable(FuncTable(3));
        if (inBounds)
        {
            table.SetValue(index, Value.FuncRef(Nop));
            Assert.Same(Nop, table.GetValue(index).Reference);
        }
        else
        {
            Assert.Equal(TrapKind.OutOfBoundsTableAccess, Assert.Throws<TrapException>(() => table.GetValue(index)).Kind);
            Assert.Equal(TrapKind.OutOfBoundsTableAccess, Assert.Throws<TrapException>(() => table.SetValue(index, Value.FuncRef(null))).Kind);
        }
    }

    [Fact]
    public void Grow_appends_the_initial_value_and_returns_the_old_size()
    {
        using var store = new Store();
        var table = store.CreateTable(FuncTable(1, 5));
        Assert.Equal(1, table.Grow(3, Value.FuncRef(Nop)));
        Assert.Equal(4, table.Size);
        Assert.True(table.GetValue(0).IsNullReference);
        Assert.Same(Nop, table.GetValue(3).Reference);
    }

    [Theory]
    [InlineData(5UL, 5u)]
    [InlineData(null, uint.MaxValue)]
    public void Grow_past_the_maximum_returns_minus_one_and_leaves_the_table_unchanged(ulong? max, uint delta)
    {
        using var store = new Store(new RuntimeOptions { MaxTableElements = 1000 });
        var table = store.CreateTable(FuncTable(1, max));
        Assert.Equal(-1, table.Grow(delta, Value.FuncRef(Nop)));
        Assert.Equal(1, table.Size);
        Assert.True(table.GetValue(0).IsNullReference);
    }

    [Fact]
    public void Grow_is_capped_by_the_host_limit()
    {
        using var store = new Store(new RuntimeOptions { MaxTableElements = 8 });
        var table = store.CreateTable(FuncTable(0));
        Assert.Equal(8, table.MaxElements);
        Assert.Equal(0, table.Grow(8, Value.FuncRef(null)));
        Assert.Equal(-1, table.Grow(1, Value.FuncRef(null)));
        Assert.Throws<ResourceExhaustedException>(() => store.CreateTable(FuncTable(9)));
    }

    [Fact]
    public void Values_of_another_type_than_the_element_type_are_rejected()
    {
        using var store = new Store();
        var table = store.CreateTable(new TableType(ValueType.ExternRef, new Limits(1, null)));
        Assert.Throws<ArgumentException>(() => table.SetValue(0, Value.FuncRef(null)));
        Assert.Throws<ArgumentException>(() => table.Grow(1, Value.I32(0)));
        Assert.Throws<ArgumentException>(() => store.CreateTable(FuncTable(1), Value.ExternRef("x")));
        var host = new object();
        table.SetValue(0, Value.ExternRef(host));
        Assert.Equal(Value.ExternRef(host), table.GetValue(0));
    }

    [Fact]
    public void The_extern_type_of_a_table_has_its_current_size_as_minimum()
    {
        using var store = new Store();
        var table = store.CreateTable(FuncTable(1, 9));
        table.Grow(4, Value.FuncRef(null));
        Assert.Equal(new Limits(5, 9), table.ExternType.Table!.Limits);
    }
}
