using MicroWasm.Runtime;

namespace MicroWasm.Tests.Aot;

/// <summary>
/// call_indirect in AOT code: functions of the calling instance are called directly through the table's native mirror,
/// everything else through the runtime; both must see every change of the table, whoever makes it.
/// </summary>
public class AotCallIndirectTests
{
    private const string Module = """
        (module $ci
          (type $t (func (param i32) (result i32)))
          (type $same_as_t (func (param i32) (result i32)))
          (type $pair (func (param i32) (result i32 i32)))
          (type $wide (func (param i64) (result i64)))
          (table $tab (export "table") 4 8 funcref)
          (elem (table $tab) (i32.const 0) func $double $triple $pair)
          (func $double (export "double") (type $t) (i32.mul (local.get 0) (i32.const 2)))
          (func $triple (type $same_as_t) (i32.mul (local.get 0) (i32.const 3)))
          (func $pair (type $pair) (local.get 0) (i32.add (local.get 0) (i32.const 1)))
          (func (export "call") (param $i i32) (param $x i32) (result i32)
            (call_indirect $tab (type $t) (local.get $x) (local.get $i)))
          (func (export "call_pair_sum") (param $i i32) (param $x i32) (result i32)
            (call_indirect $tab (type $pair) (local.get $x) (local.get $i)) (i32.add))
          (func (export "call_wide") (param $i i32) (result i64)
            (call_indirect $tab (type $wide) (i64.const 1) (local.get $i)))
          (func (export "copy") (param $to i32) (param $from i32)
            (table.set $tab (local.get $to) (table.get $tab (local.get $from))))
          (func (export "copy_range") (param $to i32) (param $from i32) (param $n i32)
            (table.copy $tab $tab (local.get $to) (local.get $from) (local.get $n)))
          (func (export "clear") (param $i i32) (table.fill $tab (local.get $i) (ref.null func) (i32.const 1)))
          (func (export "grow") (param $n i32) (result i32) (table.grow $tab (ref.null func) (local.get $n))))
        """;

    /// <summary>Calls an export with i32 arguments; its i32 result, or 0 for a function without results.</summary>
    private static int Call(ModuleInstance instance, string name, params int[] args) =>
        instance.GetFunction(name).Invoke([.. args.Select(Value.I32)]) is [var result] ? result.AsI32() : 0;

    private static TrapKind TrapOf(Action action) => Assert.Throws<TrapException>(action).Kind;

    [Fact]
    public void Functions_of_the_instance_are_called_with_their_types_checked()
    {
        using var store = new Store();
        var instance = store.Instantiate(AotTestModules.Load(Module), new Imports());
        Assert.Equal(10, Call(instance, "call", 0, 5));
        Assert.Equal(15, Call(instance, "call", 1, 5)); // another type index of the same function type
        Assert.Equal(11, Call(instance, "call_pair_sum", 2, 5));
        Assert.Equal(TrapKind.IndirectCallTypeMismatch, TrapOf(() => Call(instance, "call", 2, 5)));
        Assert.Equal(TrapKind.IndirectCallTypeMismatch, TrapOf(() => instance.GetFunction("call_wide").Invoke(Value.I32(0))));
        Assert.Equal(TrapKind.UninitializedElement, TrapOf(() => Call(instance, "call", 3, 5)));
        Assert.Equal(TrapKind.UndefinedElement, TrapOf(() => Call(instance, "call", 4, 5)));
        Assert.Equal(TrapKind.UndefinedElement, TrapOf(() => Call(instance, "call", -1, 5)));
    }

    [Fact]
    public void Every_change_of_the_table_is_seen_by_the_next_call()
    {
        using var store = new Store();
        var instance = store.Instantiate(AotTestModules.Load(Module), new Imports());
        var table = instance.GetTable("table");

        Call(instance, "copy", 3, 1); // table.set from generated code
        Assert.Equal(15, Call(instance, "call", 3, 5));
        Call(instance, "clear", 0); // table.fill
        Assert.Equal(TrapKind.UninitializedElement, TrapOf(() => Call(instance, "call", 0, 5)));
        Call(instance, "copy_range", 0, 2, 2); // table.copy: $pair, then $triple
        Assert.Equal(TrapKind.IndirectCallTypeMismatch, TrapOf(() => Call(instance, "call", 0, 5)));
        Assert.Equal(15, Call(instance, "call", 1, 5));

        Assert.Equal(4, Call(instance, "grow", 2)); // table.grow: the new elements are null, then reachable
        Assert.Equal(TrapKind.UninitializedElement, TrapOf(() => Call(instance, "call", 5, 7)));
        table.Set(5, instance.GetFunction("double")); // the host's write
        Assert.Equal(14, Call(instance, "call", 5, 7));
        Assert.Equal(TrapKind.UndefinedElement, TrapOf(() => Call(instance, "call", 6 + 2, 7)));
    }

    [Fact]
    public void Functions_of_other_instances_interpreted_code_and_the_host_are_called_through_the_runtime()
    {
        using var store = new Store();
        var instance = store.Instantiate(AotTestModules.Load(Module), new Imports());
        var otherAot = store.Instantiate(AotTestModules.Load(Module), new Imports());
        var interpreted = store.Instantiate(CompiledModule.FromText(Module), new Imports());
        var table = instance.GetTable("table");

        // The same function of another instance of the same module: the same code and type id, another context.
        table.Set(0, otherAot.GetFunction("double"));
        Assert.Equal(10, Call(instance, "call", 0, 5));
        table.Set(1, interpreted.GetFunction("double"));
        Assert.Equal(12, Call(instance, "call", 1, 6));
        table.Set(3, HostFunction.Wrap((int x) => x + 100));
        Assert.Equal(105, Call(instance, "call", 3, 5));
        table.Set(3, HostFunction.Wrap((long x) => x));
        Assert.Equal(TrapKind.IndirectCallTypeMismatch, TrapOf(() => Call(instance, "call", 3, 5)));

        // And the other way round: the other instance's table holding this instance's function.
        otherAot.GetTable("table").Set(0, instance.GetFunction("double"));
        Assert.Equal(18, Call(otherAot, "call", 0, 9));
    }

    [Fact]
    public unsafe void The_table_mirror_names_direct_entries_only_for_the_instance_s_own_code()
    {
        using var store = new Store();
        var instance = store.Instantiate(AotTestModules.Load(Module), new Imports());
        var interpreted = store.Instantiate(CompiledModule.FromText(Module), new Imports());
        var table = instance.GetTable("table");
        var aot = instance.AotInstance!;
        var view = table.AotView;
        Assert.Equal(4ul, view->Length);
        for (int i = 0; i < 3; i++)
        {
            Assert.True(view->Entries[i].Code == aot.Image.DirectEntry(i) && view->Entries[i].Code != 0);
            Assert.True(view->Entries[i].Owner == aot.Context);
        }
        Assert.Equal(view->Entries[0].TypeId, view->Entries[1].TypeId); // $t and $same_as_t
        Assert.NotEqual(view->Entries[0].TypeId, view->Entries[2].TypeId);
        Assert.True(view->Entries[3].Code == 0 && view->Entries[3].Owner == null);

        table.Set(0, interpreted.GetFunction("double"));
        table.Set(1, HostFunction.Wrap((int x) => x));
        Assert.True(view->Entries[0].Owner == null && view->Entries[1].Owner == null);
        table.Grow(4, instance.GetFunction("double"));
        view = table.AotView;
        Assert.Equal(8ul, view->Length);
        Assert.True(view->Entries[7].Owner == aot.Context);
    }
}
