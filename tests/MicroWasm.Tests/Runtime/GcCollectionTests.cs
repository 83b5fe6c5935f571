using MicroWasm.Runtime;
using MicroWasm.Text;

namespace MicroWasm.Tests.Runtime;

/// <summary>
/// GC objects under load: the interpreter's handles are collected while objects that slots, locals, globals, tables and
/// other objects reference survive, cycles included, and memory stays bounded while a loop allocates far more than it
/// keeps.
/// </summary>
public class GcCollectionTests
{
    private readonly Store _store = new();

    // $churn n: builds n lists of 100 nodes each (each node's next is the previous one) and keeps only the last list;
    // $cycles n: n pairs of structs that reference each other; both return a checksum of what they kept.
    private const string Module = """
        (module
          (type $node (struct (field $value i32) (field $next (mut (ref null $node)))))
          (type $bytes (array (mut i8)))
          (global $kept (mut (ref null $node)) (ref.null $node))
          (table $slots 4 (ref null $node))
          (func $list (param $n i32) (result (ref null $node))
            (local $head (ref null $node))
            (loop $more
              (local.set $head (struct.new $node (local.get $n) (local.get $head)))
              (br_if $more (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
            (local.get $head))
          (func $sum (param $l (ref null $node)) (result i32)
            (local $total i32)
            (block $done
              (loop $next
                (br_if $done (ref.is_null (local.get $l)))
                (local.set $total (i32.add (local.get $total) (struct.get $node $value (local.get $l))))
                (local.set $l (struct.get $node $next (local.get $l)))
                (br $next)))
            (local.get $total))
          (func (export "churn") (param $n i32) (result i32)
            (local $survivor (ref null $node))
            (local.set $survivor (call $list (i32.const 10)))
            (global.set $kept (call $list (i32.const 20)))
            (table.set $slots (i32.const 1) (call $list (i32.const 30)))
            (loop $again
              (drop (call $list (i32.const 100)))
              (br_if $again (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
            ;; 55 + 210 + 465: what the local, the global and the table kept
            (i32.add (call $sum (local.get $survivor))
              (i32.add (call $sum (global.get $kept)) (call $sum (table.get $slots (i32.const 1))))))
          (func (export "cycles") (param $n i32) (result i32)
            (local $a (ref null $node)) (local $b (ref null $node))
            (loop $again
              (local.set $a (struct.new $node (local.get $n) (ref.null $node)))
              (local.set $b (struct.new $node (i32.const 1) (local.get $a)))
              (struct.set $node $next (local.get $a) (local.get $b))
              (br_if $again (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
            (struct.get $node $value (struct.get $node $next (struct.get $node $next (local.get $b)))))
          (func (export "bytes") (param $n i32) (result i32)
            (local $last (ref null $bytes))
            (loop $again
              (local.set $last (array.new_default $bytes (i32.const 65536)))
              (array.set $bytes (local.get $last) (i32.const 65535) (local.get $n))
              (br_if $again (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
            (array.get_u $bytes (local.get $last) (i32.const 65535))))
        """;

    private ModuleInstance Instantiate() => _store.Instantiate(CompiledModule.FromBytes(WatParser.ParseModule(Module)));

    [Fact]
    public void Handles_are_collected_while_what_locals_globals_and_tables_keep_survives()
    {
        var churn = Instantiate().GetFunction("churn");
        Assert.Equal(55 + 210 + 465, churn.Invoke(Value.I32(20_000))[0].AsI32()); // two million nodes
        var handles = MicroWasm.Interpreter.ExecutionContext.Current!.GcHandles;
        Assert.True(handles.Collections > 10, $"{handles.Collections} collections");
        Assert.Equal(0, handles.Live); // the outermost execution ended: its handles went with it
    }

    [Fact]
    public void Cycles_are_collected_and_the_last_one_is_intact() =>
        Assert.Equal(1, Instantiate().GetFunction("cycles").Invoke(Value.I32(200_000))[0].AsI32());

    [Fact]
    public void A_loop_allocating_far_more_than_memory_keeps_runs_in_bounded_memory()
    {
        var bytes = Instantiate().GetFunction("bytes");
        long before = GC.GetTotalMemory(forceFullCollection: true);
        // 4,096 arrays of 64 KiB: 256 MiB allocated, one kept.
        Assert.Equal(1, bytes.Invoke(Value.I32(4096))[0].AsI32());
        long after = GC.GetTotalMemory(forceFullCollection: true);
        Assert.True(after - before < 64 << 20, $"{(after - before) >> 20} MiB still held");
    }

    [Fact]
    public void The_host_gets_structs_and_arrays_and_can_pass_them_back()
    {
        var instance = _store.Instantiate(CompiledModule.FromBytes(WatParser.ParseModule("""
            (module
              (type $pair (struct (field i32) (field i64)))
              (func (export "make") (result (ref $pair)) (struct.new $pair (i32.const 3) (i64.const 4)))
              (func (export "first") (param (ref null $pair)) (result i32) (struct.get $pair 0 (local.get 0)))
              (func (export "i31") (param i32) (result i31ref) (ref.i31 (local.get 0))))
            """)));
        var pair = instance.GetFunction("make").Invoke()[0];
        Assert.Equal(ValueType.AnyRef, pair.Type);
        var s = Assert.IsType<StructInstance>(pair.Reference);
        Assert.Equal(Value.I64(4), s.GetField(1));
        Assert.Equal(3, instance.GetFunction("first").Invoke(pair)[0].AsI32());
        Assert.Equal(-1, Assert.IsType<I31Reference>(instance.GetFunction("i31").Invoke(Value.I32(-1))[0].Reference).Value);
        var trap = Assert.Throws<TrapException>(() => instance.GetFunction("first").Invoke(Value.AnyRef(null)));
        Assert.Equal(TrapKind.NullStructReference, trap.Kind);
    }

    [Theory]
    [InlineData("(array v128)", 1 << 27)] // 2 GiB of elements: more than a .NET array holds
    [InlineData("(array i8)", (1 << 28) + 1)] // more elements than RuntimeOptions.MaxArrayLength
    public void An_array_too_large_traps_array_too_large(string type, int length)
    {
        var instance = _store.Instantiate(CompiledModule.FromBytes(WatParser.ParseModule(
            $"(module (type $a {type}) (func (export \"new\") (param i32) (result i32) (array.len (array.new_default $a (local.get 0)))))")));
        var trap = Assert.Throws<TrapException>(() => instance.GetFunction("new").Invoke(Value.I32(length)));
        Assert.Equal(TrapKind.ArrayTooLarge, trap.Kind);
    }
}
