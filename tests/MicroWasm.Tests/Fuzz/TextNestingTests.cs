using System.Text;
using MicroWasm.Runtime;
using MicroWasm.Text;

namespace MicroWasm.Tests.Fuzz;

/// <summary>
/// Found while building the fuzzing harness (tests/fuzz, text target, with hand-made deeply nested inputs): the text
/// parser parsed nested blocks and folded instructions recursively without a bound, so a module nesting them some
/// 15,000 deep on a main thread, or 600 deep on a 256 KiB thread, overflowed the .NET stack and killed the process.
/// Nesting deeper than <see cref="MaxNesting"/> is now malformed, and so is nesting that would exhaust a small stack.
/// </summary>
public class TextNestingTests
{
    private const int MaxNesting = 1000;

    public static TheoryData<string> DeepForms => new()
    {
        "folded block",
        "folded if",
        "folded operand",
        "plain block",
        "plain if",
    };

    [Theory]
    [MemberData(nameof(DeepForms))]
    public void Nesting_far_beyond_the_limit_is_malformed_not_a_stack_overflow(string form)
    {
        var e = Assert.Throws<MalformedModuleException>(() => WatParser.ParseModule(Nested(form, 200_000)));
        Assert.Contains($"nested more than {MaxNesting} deep", e.Message);
    }

    [Theory]
    [MemberData(nameof(DeepForms))]
    public void Nesting_just_beyond_the_limit_is_malformed(string form) =>
        Assert.Throws<MalformedModuleException>(() => WatParser.ParseModule(Nested(form, MaxNesting + 1)));

    [Theory]
    [MemberData(nameof(DeepForms))]
    public void Nesting_below_the_limit_still_parses_and_validates(string form) =>
        Assert.NotNull(CompiledModule.FromText(Nested(form, MaxNesting - 10)));

    [Fact]
    public void A_deeply_nested_quoted_module_in_a_script_is_malformed_when_it_is_encoded()
    {
        string quoted = Nested("folded block", 50_000).Replace("\"", "\\\"");
        var script = WastParser.Parse($"(module quote \"{quoted}\")", "deep.wast");
        var module = Assert.IsType<ModuleCommand>(Assert.Single(script.Commands)).Module;
        Assert.Throws<MalformedModuleException>(() => module.ToBinary());
    }

    [Fact]
    public void A_deeply_nested_script_module_is_malformed()
    {
        Assert.Throws<MalformedModuleException>(() => WastParser.Parse(Nested("plain block", 50_000), "deep.wast"));
    }

    /// <summary>A module whose one function nests <paramref name="depth"/> instructions of <paramref name="form"/>.</summary>
    private static string Nested(string form, int depth)
    {
        var text = new StringBuilder("(module (func");
        if (form == "folded operand") text.Append(" (result i32)");
        text.Append(' ');
        switch (form)
        {
            case "folded block":
                for (int i = 0; i < depth; i++) text.Append("(block ");
                text.Append(')', depth);
                break;
            case "folded if":
                for (int i = 0; i < depth; i++) text.Append("(if (i32.const 0) (then ");
                for (int i = 0; i < depth; i++) text.Append("))");
                break;
            case "folded operand":
                for (int i = 0; i < depth; i++) text.Append("(i32.add (i32.const 1) ");
                text.Append("(i32.const 0)").Append(')', depth);
                break;
            case "plain block":
                for (int i = 0; i < depth; i++) text.Append("block ");
                for (int i = 0; i < depth; i++) text.Append("end ");
                break;
            case "plain if":
                for (int i = 0; i < depth; i++) text.Append("i32.const 0 if ");
                for (int i = 0; i < depth; i++) text.Append("end ");
                break;
        }
        return text.Append("))").ToString();
    }
}
