using System.Text;
using MicroWasm.Text;
using MicroWasm.Wast;
using static MicroWasm.Tests.Text.TextTestSupport;

namespace MicroWasm.Tests.Text;

/// <summary>
/// Annotations (WebAssembly 3.0 text format): unknown ones are white space; <c>@custom</c> makes custom sections where
/// placed, <c>@name</c> names in the name section, <c>@metadata.code.branch_hint</c> the branch hint section. Also
/// identifiers written as strings (<c>$"..."</c>).
/// </summary>
public class AnnotationTests
{
    [Fact]
    public void Unknown_annotations_with_any_tokens_inside_are_ignored_wherever_white_space_may_stand()
    {
        const string plain = "(module (func $f (param i32) (result i32) (i32.add (local.get 0) (i32.const 1))))";
        const string annotated = "(@a) ((@b x y) module (@c , ; ] [ }} ({) \"s\" $x 0x (@d (@e))) (func (@f) $f (@g) (param i32)"
            + " ((@h) result i32) (i32.add (@i) (local.get 0) ((@j) i32.const (@k) 1))) (@l (;c;) (; ) ;)\n ;; bla)\n ))";
        Assert.Equal(WatParser.ParseModule(plain), WatParser.ParseModule(annotated));
    }

    [Theory]
    [InlineData("(@)", "empty annotation id")]
    [InlineData("(@ x)", "empty annotation id")]
    [InlineData("(@(@a)x)", "empty annotation id")]
    [InlineData("(@\"\")", "empty annotation id")]
    [InlineData("(@\"\\ef\")", "malformed UTF-8 encoding")]
    [InlineData("(@x (y (z))", "unclosed annotation")]
    [InlineData("(@x \")", "unclosed string")]
    [InlineData("(@a \u0001)", "malformed input: illegal character")]
    [InlineData("(@a W\u00fcrstchen)", "malformed input: illegal character")]
    [InlineData("(@x ()))", "unexpected token )")]
    [InlineData("( @a)", "unknown operator @a")]
    [InlineData("((@a)@b)", "unknown operator @b")]
    [InlineData("(func nop , nop)", "unknown operator ,")]
    public void Malformed_annotations_are_rejected_with_the_reference_message(string wat, string reason)
        => AssertMalformedText(wat, reason);

    [Fact]
    public void Custom_annotations_become_custom_sections_in_text_order_at_their_places()
    {
        var module = WatParser.ParseModule(
            "(@custom \"a\" \"x\" \"yz\") (type (func)) (@custom \"b\" (before type) \"\") (func) (@custom \"c\" (after func))"
            + " (@custom \"d\" (before first)) (@custom \"e\" (after last) \"\\01\")");
        var layout = Sections(module, includeCustom: true).Select(Describe).ToArray();
        Assert.Equal(["custom b", "custom d", "1", "3", "custom c", "10", "custom a xyz", "custom e \u0001"], layout);
    }

    private static string Describe((byte Id, byte[] Contents) section)
    {
        if (section.Id != 0) return section.Id.ToString();
        int length = section.Contents[0];
        string name = Encoding.UTF8.GetString(section.Contents, 1, length);
        string contents = Encoding.UTF8.GetString(section.Contents, 1 + length, section.Contents.Length - 1 - length);
        return contents.Length == 0 ? $"custom {name}" : $"custom {name} {contents}";
    }

    [Theory]
    [InlineData("(@custom)", "@custom annotation: missing section name")]
    [InlineData("(@custom bla)", "@custom annotation: missing section name")]
    [InlineData("(@custom \"\\df\")", "@custom annotation: malformed UTF-8 encoding")]
    [InlineData("(@custom \"bla\" here)", "@custom annotation: unexpected token")]
    [InlineData("(@custom \"bla\" (after))", "@custom annotation: malformed section kind")]
    [InlineData("(@custom \"bla\" (before types))", "@custom annotation: malformed section kind")]
    [InlineData("(@custom \"bla\" (type))", "@custom annotation: malformed placement")]
    [InlineData("(@custom \"bla\" (after first))", "@custom annotation: malformed placement")]
    [InlineData("(@custom \"bla\" (after code x))", "@custom annotation: malformed placement")]
    [InlineData("(type (@custom \"bla\") $t (func))", "misplaced @custom annotation")]
    [InlineData("(func (block (@custom \"bla\")))", "misplaced @custom annotation")]
    [InlineData("(module (@name \"M1\") (@name \"M2\"))", "@name annotation: multiple module names")]
    [InlineData("(module (func) (@name \"M\"))", "misplaced @name annotation")]
    [InlineData("(func (@name 1))", "@name annotation: string expected")]
    [InlineData("(func (@name \"a\" \"b\"))", "@name annotation: unexpected token")]
    public void Malformed_or_misplaced_custom_and_name_annotations_are_rejected(string wat, string reason)
        => AssertMalformedText(wat, reason);

    [Fact]
    public void Name_annotations_name_the_module_and_functions_in_place_of_their_ids()
    {
        var module = WatParser.ParseModule("(module $m (@name \"Mo\") (import \"a\" \"b\" (func (@name \"i\"))) (func $f (@name \"λ\")))");
        var name = Sections(module, includeCustom: true).Single(s => s.Id == 0).Contents;
        Assert.Equal(
            [
                0x04, (byte)'n', (byte)'a', (byte)'m', (byte)'e',
                0x00, 0x03, 0x02, (byte)'M', (byte)'o', // module name
                0x01, 0x08, 0x02, 0x00, 0x01, (byte)'i', 0x01, 0x02, 0xCE, 0xBB, // function names 0 "i" and 1 "λ" (UTF-8)
            ],
            name);
    }

    [Theory]
    [InlineData("(func (param i32) local.get 0 (@metadata.code.branch_hint \"\\01\") if end local.get 0 (@metadata.code.branch_hint \"\\00\") br_if 0)", 0)]
    [InlineData("(func (param i32) (@metadata.code.branch_hint \"\\01\") (if (local.get 0) (then)) (@metadata.code.branch_hint \"\\00\") (br_if 0 (local.get 0)))", 0)]
    [InlineData("(func (param i32) (local i32) local.get 0 (@metadata.code.branch_hint \"\\01\") if end local.get 0 (@metadata.code.branch_hint \"\\00\") br_if 0)", 2)]
    public void Branch_hints_give_each_hinted_instructions_offset_in_its_code_entry(string wat, int localsBytes)
    {
        var module = WatParser.ParseModule(wat);
        var sections = Sections(module, includeCustom: true);
        // The hint section comes right before the code section. The code entry is: locals, local.get 0 (20 00),
        // if (04 40, at 3) end, local.get 0, br_if 0 (0D 00, at 8), end.
        Assert.Equal(10, sections[sections.FindIndex(s => s.Id == 0) + 1].Id);
        Assert.Equal(
            [
                0x19, .. "metadata.code.branch_hint"u8.ToArray(),
                0x01, 0x00, 0x02, // one function: function 0, two hints
                (byte)(3 + localsBytes), 0x01, 0x01, // the if: likely
                (byte)(8 + localsBytes), 0x01, 0x00, // the br_if: unlikely
            ],
            sections.Single(s => s.Id == 0).Contents);
    }

    [Theory]
    [InlineData("(func (@metadata.code.branch_hint \"\\01\") (@metadata.code.branch_hint \"\\01\") (if (i32.const 0) (then)))", "@metadata.code.branch_hint annotation: duplicate annotation")]
    [InlineData("(@metadata.code.branch_hint \"\\01\") (func)", "@metadata.code.branch_hint annotation: not in a function")]
    [InlineData("(global i32 (@metadata.code.branch_hint \"\\01\") (i32.const 0))", "@metadata.code.branch_hint annotation: not in a function")]
    [InlineData("(func (if (i32.const 0) (@metadata.code.branch_hint \"\\01\") (then)))", "misplaced @metadata.code.branch_hint annotation")]
    [InlineData("(func (@metadata.code.branch_hint \"\\02\") (if (i32.const 0) (then)))", "@metadata.code.branch_hint annotation: invalid hint value")]
    [InlineData("(func (@metadata.code.branch_hint) (if (i32.const 0) (then)))", "@metadata.code.branch_hint annotation: invalid hint value")]
    public void Malformed_branch_hints_are_rejected(string wat, string reason)
        => AssertMalformedText(wat, reason);

    [Theory]
    [InlineData("(func i32.const 0 (@metadata.code.branch_hint \"\\01\") drop)")]
    [InlineData("(func (@metadata.code.branch_hint \"\\01\") (block))")]
    public void A_branch_hint_on_an_instruction_that_is_no_branch_makes_the_module_invalid(string wat)
    {
        var error = Assert.Throws<InvalidModuleException>(() => WatParser.ParseModule(wat));
        Assert.StartsWith("@metadata.code.branch_hint annotation: invalid target", error.Reason);
    }

    [Fact]
    public void The_custom_assertions_of_scripts_run_as_malformed_and_invalid_ones()
    {
        var script = WastParser.Parse(
            """
            (assert_malformed_custom (module quote "(func (@custom \"x\"))") "misplaced @custom annotation")
            (assert_invalid_custom (module (func (@metadata.code.branch_hint "\01") nop)) "@metadata.code.branch_hint annotation: invalid target")
            (module $m (func (@name "g") (export "f") (result i32) (i32.const 7)))
            (assert_return (invoke $m "f") (i32.const 7))
            """, "custom.wast");
        Assert.IsType<AssertMalformedCommand>(script.Commands[0]);
        Assert.IsType<AssertInvalidCommand>(script.Commands[1]);
        var result = new WastRunner().Run(script);
        Assert.True(result.Failures.Count == 0, string.Join("\n", result.Failures));
        Assert.Equal(4, result.Passed);
    }

    /// <summary>Every prefix of annotated text, and every text with one character dropped, parses or fails as malformed or invalid.</summary>
    [Fact]
    public void Damaged_annotated_text_fails_cleanly()
    {
        const string text = "(module $m (@name \"M\") (@custom \"c\" (after func) \"x\") (@a (b) \"s\" ,)"
            + " (func $\"f\" (@name \"g\") (param i32) (@metadata.code.branch_hint \"\\01\") (if (local.get 0) (then))"
            + " local.get 0 (@metadata.code.branch_hint \"\\00\") br_if 0))";
        WatParser.ParseModule(text);
        for (int i = 0; i < text.Length; i++)
        {
            ParsesOrFailsCleanly(text[..i]);
            ParsesOrFailsCleanly(text.Remove(i, 1));
        }
    }

    private static void ParsesOrFailsCleanly(string text)
    {
        try
        {
            WatParser.ParseModule(text);
        }
        catch (MalformedModuleException)
        {
        }
        catch (InvalidModuleException)
        {
        }
    }

    [Fact]
    public void String_identifiers_are_the_identifiers_of_their_characters()
    {
        Assert.Equal(
            WatParser.ParseModule("(func $ab) (func (call $ab)) (func block $l (br $l) end $l)"),
            WatParser.ParseModule("(func $\"a\\62\") (func (call $\"\\u{61}b\")) (func block $\"l\" (br $l) end $\"\\6c\")"));
    }

    [Theory]
    [InlineData("(func $)", "unknown operator $")]
    [InlineData("(func $\"\")", "empty identifier")]
    [InlineData("(func $ \"a\")", "unknown operator $")]
    [InlineData("(func $\"\\ef\")", "malformed UTF-8 encoding")]
    [InlineData("(func $\"a\"b)", "unknown operator")]
    public void Malformed_identifiers_are_rejected(string wat, string reason)
        => AssertMalformedText(wat, reason);
}
