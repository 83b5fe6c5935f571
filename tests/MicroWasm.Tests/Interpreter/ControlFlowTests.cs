using MicroWasm.Runtime;

namespace MicroWasm.Tests.Interpreter;

/// <summary>Blocks, loops, branches, locals and calls (spec 4.4.8-4.4.10), on Wat/control.wat.</summary>
public class ControlFlowTests
{
    private static readonly ModuleInstance Instance = TestModuleLoader.Instantiate(WatModules.Control);

    private static int I32(string name, params int[] args) =>
        Instance.Call(name, args.Select(Value.I32).ToArray())[0].AsI32();

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(10, 55)]
    [InlineData(20, 6765)]
    public void Recursive_fib_computes_fibonacci_numbers(int n, int expected) => Assert.Equal(expected, I32("fib", n));

    [Theory]
    [InlineData(0, 1)]
    [InlineData(5, 120)]
    [InlineData(20, 2432902008176640000)]
    public void Loop_with_br_if_out_of_a_block_computes_factorial(long n, long expected) =>
        Assert.Equal(expected, Instance.Call("fac64", Value.I64(n))[0].AsI64());

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 0)]
    [InlineData(10, 45)]
    [InlineData(1000, 499500)]
    public void Loop_with_conditional_back_edge_sums(int n, int expected) => Assert.Equal(expected, I32("sum", n));

    [Fact]
    public void Local_get_keeps_the_old_value_when_the_local_is_set_later() => Assert.Equal(5 - 100, I32("alias-set", 5));

    [Fact]
    public void Local_tee_keeps_aliases_of_the_old_value() => Assert.Equal(5 + 60 + 6, I32("alias-tee", 5));

    [Theory]
    [InlineData(1, 0, 1 + 1000)]
    [InlineData(1, 1, 1 + 7000)]
    public void Alias_below_an_if_sees_the_value_from_before_the_if(int x, int cond, int expected) =>
        Assert.Equal(expected, I32("alias-if", x, cond));

    [Fact]
    public void Alias_below_a_loop_sees_the_value_from_before_the_loop() => Assert.Equal(2 + 5000, I32("alias-loop", 2));

    [Theory]
    [InlineData(3, 1, 3 + 3000)]
    [InlineData(3, 0, 3 + 5000)]
    public void Alias_below_a_block_left_early_sees_the_value_from_before_the_block(int x, int leave, int expected) =>
        Assert.Equal(expected, I32("alias-br", x, leave));

    [Fact]
    public void A_pending_local_plus_constant_is_computed_before_the_local_changes() =>
        Assert.Equal(6 - 100, I32("pending-add-set", 5));

    [Theory]
    [InlineData(1, 0, 4 + 1000)]
    [InlineData(1, 1, 4 + 7000)]
    public void A_pending_local_plus_constant_below_an_if(int x, int cond, int expected) =>
        Assert.Equal(expected, I32("pending-add-if", x, cond));

    [Fact]
    public void Chained_constant_additions_fold() => Assert.Equal(64, I32("pending-add-chain", 10));

    [Fact]
    public void Pending_additions_are_returned_as_values() =>
        Assert.Equal([Value.I32(int.MinValue), Value.I32(int.MinValue + 1)], Instance.Call("pending-add-return", Value.I32(int.MaxValue)));

    [Theory]
    [InlineData(1, 11)]
    [InlineData(0, 21)]
    public void Br_if_carries_the_block_result(int cond, int expected) => Assert.Equal(expected, I32("block-result", cond));

    [Theory]
    [InlineData(1, 1 + 3)]
    [InlineData(0, 1 + 2 + 3 + 4)]
    public void Br_if_out_of_nested_blocks_moves_its_value(int cond, int expected) => Assert.Equal(expected, I32("br-value-deep", cond));

    [Theory]
    [InlineData(0, 100)]
    [InlineData(1, 101)]
    [InlineData(2, 102)]
    [InlineData(3, 102)]
    [InlineData(-1, 102)]
    public void Br_table_picks_the_target_or_the_default(int index, int expected) => Assert.Equal(expected, I32("br_table", index));

    [Theory]
    [InlineData(0, 8 + 1000 + 1)]
    [InlineData(1, 8 + 1)]
    [InlineData(2, 8 + 1000 + 1)]
    public void Br_table_moves_the_values_of_each_target(int index, int expected) => Assert.Equal(expected, I32("br_table-values", index));

    [Theory]
    [InlineData(0, 56)]
    [InlineData(1, 55)]
    public void Br_table_can_target_the_function_body(int index, int expected) => Assert.Equal(expected, I32("br_table-return", index));

    [Theory]
    [InlineData(1, 1)]
    [InlineData(0, 2)]
    public void If_else_picks_an_arm(int cond, int expected) => Assert.Equal(expected, I32("if-else", cond));

    [Theory]
    [InlineData(4, 50)]
    [InlineData(3, 5)]
    public void If_without_else_falls_through(int x, int expected) => Assert.Equal(expected, I32("if-no-else", x));

    [Theory]
    [InlineData(1, 1, 11)]
    [InlineData(1, 0, 10)]
    [InlineData(0, 1, 1)]
    [InlineData(0, 0, 0)]
    public void Nested_ifs(int a, int b, int expected) => Assert.Equal(expected, I32("nested-if", a, b));

    [Theory]
    [InlineData(1, 2, 1, 1)]
    [InlineData(1, 2, 0, 2)]
    [InlineData(1, 2, -5, 1)]
    public void Select_picks_the_first_operand_when_the_condition_is_non_zero(int a, int b, int c, int expected) =>
        Assert.Equal(expected, I32("select", a, b, c));

    [Fact]
    public void Typed_select_copies_64_bit_values() =>
        Assert.Equal(-2L, Instance.Call("select-i64", Value.I64(long.MaxValue), Value.I64(-2), Value.I32(0))[0].AsI64());

    [Fact]
    public void Unreachable_traps()
    {
        var e = Assert.Throws<TrapException>(() => Instance.Call("unreachable"));
        Assert.Equal(TrapKind.Unreachable, e.Kind);
        Assert.Equal("unreachable", e.Message);
    }

    [Fact]
    public void Code_after_return_is_not_run() => Assert.Equal(9, I32("dead-code", 9));

    [Theory]
    [InlineData(-4, -1)]
    [InlineData(4, 8)]
    public void Return_leaves_from_inside_an_if(int x, int expected) => Assert.Equal(expected, I32("return-early", x));

    [Fact]
    public void Functions_return_several_values()
    {
        var r = Instance.Call("swap", Value.I32(1), Value.I32(2));
        Assert.Equal([Value.I32(2), Value.I32(1)], r);
        Assert.Equal([Value.I32(1), Value.I32(2)], Instance.Call("swap-twice", Value.I32(1), Value.I32(2)));
    }

    [Fact]
    public void Block_with_parameters_passes_them_through() => Assert.Equal(10 - 20 * 3, I32("multi-block", 10, 20));

    [Fact]
    public void Loop_with_parameters_rebinds_them_on_each_iteration() =>
        Assert.Equal([Value.I32(15), Value.I32(0)], Instance.Call("multi-loop", Value.I32(5)));

    [Theory]
    [InlineData(1, 10, 3, 13, 1)]
    [InlineData(0, 10, 3, 7, 2)]
    public void If_with_parameters(int cond, int a, int b, int r0, int r1) =>
        Assert.Equal([Value.I32(r0), Value.I32(r1)], Instance.Call("multi-if", Value.I32(a), Value.I32(b), Value.I32(cond)));

    [Fact]
    public void Returning_locals_in_another_order_does_not_clobber_them() =>
        Assert.Equal([Value.I32(2), Value.I32(1), Value.I32(9)], Instance.Call("return-multi-local", Value.I32(1), Value.I32(2)));

    [Theory]
    [InlineData(1, 1, 2)]
    [InlineData(0, 3, 4)]
    public void Br_if_carries_several_values(int cond, int r0, long r1) =>
        Assert.Equal([Value.I32(r0), Value.I64(r1)], Instance.Call("br-multi", Value.I32(cond)));

    [Fact]
    public void Deep_operand_stacks_use_their_own_slots() => Assert.Equal(8 * 3, I32("deep-stack", 3));

    [Theory]
    [InlineData(10, 1)]
    [InlineData(7, 0)]
    [InlineData(10001, 0)]
    public void Mutual_recursion(int n, int expected) => Assert.Equal(expected, I32("even", n));

    [Fact]
    public void Unbounded_recursion_traps_with_call_stack_exhausted()
    {
        var e = Assert.Throws<TrapException>(() => Instance.Call("recurse", Value.I32(0)));
        Assert.Equal(TrapKind.CallStackExhausted, e.Kind);
        Assert.Equal("call stack exhausted", e.Message);
        // The interpreter is usable again afterwards.
        Assert.Equal(55, I32("fib", 10));
    }

    [Fact]
    public void Recursion_is_bounded_by_the_configured_stack_size()
    {
        var small = TestModuleLoader.Instantiate(WatModules.Control, new Store(new RuntimeOptions { StackSize = 4096, MaxCallDepth = 1_000_000 }));
        Assert.Throws<TrapException>(() => small.Call("even", Value.I32(10_000)));
        var shallow = TestModuleLoader.Instantiate(WatModules.Control, new Store(new RuntimeOptions { MaxCallDepth = 50 }));
        Assert.Equal(TrapKind.CallStackExhausted, Assert.Throws<TrapException>(() => shallow.Call("even", Value.I32(100))).Kind);
        Assert.Equal(1, shallow.Call("even", Value.I32(40))[0].AsI32());
    }

    [Fact]
    public void Declared_locals_start_at_zero() => Assert.Equal(0L, Instance.Call("locals-zeroed", Value.I32(0))[0].AsI64());

    [Fact]
    public void Declared_locals_are_zero_even_where_a_previous_call_left_values() =>
        Assert.Equal(0L, Instance.Call("dirty-then-zero", Value.I32(15))[0].AsI64());

    [Theory]
    [InlineData(0, 0)]
    [InlineData(3, 5 + 3000)]
    public void Locals_written_on_only_some_paths_still_start_at_zero(int x, int expected) =>
        Assert.Equal(expected, I32("conditionally-set-local-is-zero", x));

    [Theory]
    [InlineData(1L, 2L, 1)]
    [InlineData(-1L, 2L, 0)]
    [InlineData(2L, 2L, 0)]
    public void Comparison_fused_with_if_on_i64(long a, long b, int expected) =>
        Assert.Equal(expected, Instance.Call("cmp-fused-i64", Value.I64(a), Value.I64(b))[0].AsI32());

    [Theory]
    [InlineData(0, 1)]
    [InlineData(5, 5)]
    public void Br_if_leaves_its_value_for_the_fall_through(int x, int expected) => Assert.Equal(expected, I32("br_if-value-kept", x));

    [Fact]
    public void Local_set_after_an_operator_stores_its_result() => Assert.Equal(49, I32("set-after-op", 3, 4));

    [Theory]
    [InlineData(9, 11)]
    [InlineData(1, 0)]
    public void Local_tee_of_a_comparison_then_if(int x, int expected) => Assert.Equal(expected, I32("tee-cond", x));

    [Theory]
    [InlineData(1, 3)]
    [InlineData(0, 7)]
    public void Local_set_after_a_block_end_takes_the_value_from_every_path(int cond, int expected) =>
        Assert.Equal(expected, I32("block-end-label-set", cond));
}
