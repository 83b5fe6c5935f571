using MicroWasm.Interpreter;
using MicroWasm.Runtime;

namespace MicroWasm.Tests.Interpreter;

/// <summary>
/// Loops ending in <c>i += step; br_if loop (i CMP limit)</c>, which the translator fuses into one
/// add-and-branch-back instruction: every i32 comparison, with a constant or a local as step and limit,
/// signed and unsigned boundaries, checked against a C# model of the loop.
/// </summary>
public class InductionBranchTests
{
    private static readonly string[] Comparisons = ["eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"];

    // (start, step, limit): crossing zero, the signed/unsigned boundary, counting down, and the i32 wrap-around.
    private static readonly (int Start, int Step, int Limit)[] Runs =
    [
        (-5, 1, 3), (2, 1, 3), (10, -2, 0), (3, 7, 40), (int.MaxValue - 3, 1, int.MinValue + 2), (-1, 1, 1), (0, -1, -4),
    ];

    private const int MaxIterations = 1000;

    public static TheoryData<string, bool, bool, int, int, int> Cases()
    {
        var data = new TheoryData<string, bool, bool, int, int, int>();
        foreach (var cmp in Comparisons)
        {
            // Only runs that end: the model gives every one that ends within MaxIterations.
            var ending = Runs.Where(r => Model(cmp, r.Start, r.Step, r.Limit).Iterations <= MaxIterations).ToList();
            Assert.True(ending.Count >= 3, $"{cmp}: too few terminating runs");
            foreach (var (start, step, limit) in ending)
                foreach (bool stepIsConstant in new[] { true, false })
                    foreach (bool limitIsConstant in new[] { true, false })
                        data.Add(cmp, stepIsConstant, limitIsConstant, start, step, limit);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_loop_that_advances_and_tests_its_counter_runs_as_the_model_says(
        string cmp, bool stepIsConstant, bool limitIsConstant, int start, int step, int limit)
    {
        var instance = TestModuleLoader.Instantiate(LoopModule(cmp, stepIsConstant ? step : null, limitIsConstant ? limit : null));
        var result = instance.Call("loop", Value.I32(start), Value.I32(step), Value.I32(limit));
        var (iterations, final) = Model(cmp, start, step, limit);
        Assert.Equal(iterations, result[0].AsI32());
        Assert.Equal(final, result[1].AsI32());
    }

    [Theory]
    [InlineData(true, true, "I32AddImmBrLtSImmBack")]
    [InlineData(true, false, "I32AddImmBrLtSBack")]
    [InlineData(false, true, "I32AddBrLtSImmBack")]
    [InlineData(false, false, "I32AddBrLtSBack")]
    public void The_counter_update_and_the_back_edge_are_one_instruction(bool stepIsConstant, bool limitIsConstant, string fused)
    {
        var compiled = CompiledModule.FromText(LoopModule("lt_s", stepIsConstant ? 1 : null, limitIsConstant ? 10 : null));
        string code = Disassembler.Disassemble(new Translator(compiled.Module).Translate(0));
        Assert.Contains(fused + " ", code);
        Assert.DoesNotContain("I32Add ", code.Replace(fused, ""));
    }

    [Theory]
    [InlineData(-40, 4, 10)]
    [InlineData(-1, 1, 1)]
    [InlineData(7, -1, 7)]
    [InlineData(5, 3, 1001)] // never zero: stopped by the iteration bound, 1001 passes
    public void A_loop_counting_up_to_zero_tests_the_updated_counter(int start, int step, int expected)
    {
        // i += step; br_if loop (i) — no comparison: clang's loops over negative offsets.
        var instance = TestModuleLoader.Instantiate($$"""
            (module (func (export "loop") (param $i i32) (result i32) (local $n i32)
              (block $out
                (loop $l
                  (local.set $n (i32.add (local.get $n) (i32.const 1)))
                  (br_if $out (i32.gt_u (local.get $n) (i32.const 1000)))
                  (br_if $l (local.tee $i (i32.add (local.get $i) (i32.const {{step}}))))))
              (local.get $n)))
            """);
        Assert.Equal(expected, instance.Call("loop", Value.I32(start))[0].AsI32());
        Assert.Contains("I32AddImmBrNezBack", Disassembler.Disassemble(new Translator(instance.Compiled.Module).Translate(0)));
    }

    [Fact]
    public void A_loop_whose_label_sits_between_the_update_and_the_test_is_not_fused()
    {
        // The inner block's end binds a label at the branch: jumping there must skip the update.
        const string wat = """
            (module (func (export "loop") (param $i i32) (result i32)
              (local $n i32)
              (loop $l
                (local.set $n (i32.add (local.get $n) (i32.const 1)))
                (block $skip
                  (br_if $skip (i32.eq (local.get $n) (i32.const 3)))
                  (local.set $i (i32.add (local.get $i) (i32.const 1))))
                (br_if $l (i32.lt_s (local.get $i) (i32.const 5))))
              (local.get $n)))
            """;
        var instance = TestModuleLoader.Instantiate(wat);
        // i goes 0→1, 1→2, (n = 3 skips), 2→3, 3→4, 4→5: six iterations.
        Assert.Equal(6, instance.Call("loop", Value.I32(0))[0].AsI32());
    }

    private static string LoopModule(string cmp, int? constantStep, int? constantLimit)
    {
        string step = constantStep is int s ? $"(i32.const {s})" : "(local.get $step)";
        string limit = constantLimit is int l ? $"(i32.const {l})" : "(local.get $limit)";
        return $$"""
            (module (func (export "loop") (param $i i32) (param $step i32) (param $limit i32) (result i32 i32)
              (local $n i32)
              (loop $l
                (local.set $n (i32.add (local.get $n) (i32.const 1)))
                (br_if $l (i32.{{cmp}} (local.tee $i (i32.add (local.get $i) {{step}})) {{limit}})))
              (local.get $n) (local.get $i)))
            """;
    }

    private static (int Iterations, int Final) Model(string cmp, int i, int step, int limit)
    {
        int n = 0;
        while (true)
        {
            n++;
            i = unchecked(i + step);
            bool again = cmp switch
            {
                "eq" => i == limit,
                "ne" => i != limit,
                "lt_s" => i < limit,
                "lt_u" => (uint)i < (uint)limit,
                "gt_s" => i > limit,
                "gt_u" => (uint)i > (uint)limit,
                "le_s" => i <= limit,
                "le_u" => (uint)i <= (uint)limit,
                "ge_s" => i >= limit,
                "ge_u" => (uint)i >= (uint)limit,
                _ => throw new ArgumentException(cmp),
            };
            if (!again || n > MaxIterations) return (n, i);
        }
    }
}
