using MicroWasm.Text;

namespace MicroWasm.Tests.Text;

/// <summary>Spec scripts become a list of commands with their lines, constants as raw bits.</summary>
public class WastParserTests
{
    private const string Script = """
        (module $M (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))
        (register "m" $M)
        (invoke "add" (i32.const 1) (i32.const -1))
        (assert_return (invoke $M "add" (i32.const 1) (i32.const 2)) (i32.const 3))
        (assert_return (get "g") (f32.const nan:canonical) (f64.const nan:arithmetic) (f32.const -nan:0x1))
        (assert_return (invoke "v" (v128.const i16x8 1 2 3 4 5 6 7 -1))
          (v128.const f32x4 nan:canonical 1 -0 nan:arithmetic)
          (v128.const i64x2 1 -1))
        (assert_return (invoke "r" (ref.null extern) (ref.extern 7)) (ref.null func) (ref.extern) (ref.func) (ref.extern 7))
        (assert_return (invoke "e") (either (i32.const 1) (i32.const 2)))
        (assert_trap (invoke "div" (i64.const 0)) "integer divide by zero")
        (assert_trap (module (func $s unreachable) (start $s)) "unreachable")
        (assert_exhaustion (invoke "loop") "call stack exhausted")
        (assert_malformed (module quote "(func (foo))") "unknown operator")
        (assert_malformed (module binary "\00asm" "\02\00\00\00") "unknown binary version")
        (assert_invalid (module (func (result i32))) "type mismatch")
        (assert_unlinkable (module (import "x" "y" (func))) "unknown import")
        (assert_uninstantiable (module (memory 0) (data (i32.const 1) "a")) "out of bounds memory access")
        """;

    private static readonly WastScript Parsed = WastParser.Parse(Script, "sample.wast");

    [Fact]
    public void Commands_keep_their_order_and_one_based_lines()
    {
        Assert.Equal("sample.wast", Parsed.FileName);
        Assert.Equal(16, Parsed.Commands.Count);
        Assert.Equal(Enumerable.Range(1, 5), Parsed.Commands.Take(5).Select(c => c.Line));
        Assert.Equal(9, Parsed.Commands[6].Line);
    }

    [Fact]
    public void Text_modules_are_encoded_and_keep_their_names()
    {
        var module = Assert.IsType<ModuleCommand>(Parsed.Commands[0]).Module;
        Assert.Equal("$M", module.Name);
        Assert.Equal(WastModuleKind.Text, module.Kind);
        Assert.Equal(WatParser.ParseModule("(module $M (func (export \"add\") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))"), module.ToBinary());
        Assert.Equal(new RegisterCommand(2, "m", "$M"), Parsed.Commands[1]);
    }

    [Fact]
    public void Actions_carry_module_export_and_arguments()
    {
        var invoke = Assert.IsType<InvokeAction>(Assert.IsType<ActionCommand>(Parsed.Commands[2]).Action);
        Assert.Null(invoke.ModuleName);
        Assert.Equal("add", invoke.ExportName);
        Assert.Equal([WastValue.I32(1), WastValue.I32(0xFFFFFFFF)], invoke.Arguments);

        var assert = Assert.IsType<AssertReturnCommand>(Parsed.Commands[3]);
        Assert.Equal("$M", assert.Action.ModuleName);
        Assert.Equal([new ExpectedExact(WastValue.I32(3))], assert.Expected);
        Assert.IsType<GetAction>(((AssertReturnCommand)Parsed.Commands[4]).Action);
    }

    [Fact]
    public void Float_results_may_be_nan_patterns_or_exact_bits()
    {
        var expected = ((AssertReturnCommand)Parsed.Commands[4]).Expected;
        Assert.Equal(
            [new ExpectedNan(ValueType.F32, NanKind.Canonical), new ExpectedNan(ValueType.F64, NanKind.Arithmetic), new ExpectedExact(WastValue.F32(0xFF800001))],
            expected);
    }

    [Fact]
    public void Vectors_are_little_endian_bits_and_float_lanes_may_be_patterns()
    {
        var command = (AssertReturnCommand)Parsed.Commands[5];
        var argument = ((InvokeAction)command.Action).Arguments[0];
        Assert.Equal(WastValue.V128(0x0004_0003_0002_0001, 0xFFFF_0007_0006_0005), argument);
        var lanes = Assert.IsType<ExpectedVector>(command.Expected[0]);
        Assert.Equal(LaneShape.F32x4, lanes.Shape);
        Assert.Equal([new ExpectedLane(0, NanKind.Canonical), new ExpectedLane(0x3F800000, null), new ExpectedLane(0x80000000, null), new ExpectedLane(0, NanKind.Arithmetic)], lanes.Lanes);
        Assert.Equal(new ExpectedExact(WastValue.V128(1, ulong.MaxValue)), command.Expected[1]);
    }

    [Fact]
    public void References_are_null_host_values_or_any_non_null()
    {
        var command = (AssertReturnCommand)Parsed.Commands[6];
        Assert.Equal([WastValue.NullRef(ValueType.ExternRef), WastValue.ExternRef(7)], ((InvokeAction)command.Action).Arguments);
        Assert.Equal(
            [new ExpectedExact(WastValue.NullRef(ValueType.FuncRef)), new ExpectedNonNullRef(ValueType.ExternRef), new ExpectedNonNullRef(ValueType.FuncRef), new ExpectedExact(WastValue.ExternRef(7))],
            command.Expected);
        var either = Assert.IsType<ExpectedEither>(((AssertReturnCommand)Parsed.Commands[7]).Expected[0]);
        Assert.Equal(2, either.Alternatives.Count);
    }

    [Fact]
    public void Gc_scripts_have_host_references_in_the_any_hierarchy_and_non_null_abstract_patterns()
    {
        var command = (AssertReturnCommand)WastParser.Parse("""
            (assert_return (invoke "internalize" (ref.host 3)) (ref.host 3) (ref.i31) (ref.struct) (ref.array) (ref.eq) (ref.any))
            """, "gc.wast").Commands[0];
        Assert.Equal([new WastValue(ValueType.AnyRef, 3)], ((InvokeAction)command.Action).Arguments);
        Assert.Equal(
            [new ExpectedExact(new WastValue(ValueType.AnyRef, 3)), new ExpectedReferenceOf(HeapType.I31), new ExpectedReferenceOf(HeapType.Struct),
             new ExpectedReferenceOf(HeapType.Array), new ExpectedReferenceOf(HeapType.Eq), new ExpectedReferenceOf(HeapType.Any)],
            command.Expected);
    }

    [Fact]
    public void Assertions_carry_their_module_or_action_and_message()
    {
        var trap = Assert.IsType<AssertTrapCommand>(Parsed.Commands[8]);
        Assert.NotNull(trap.Action);
        Assert.Equal("integer divide by zero", trap.Message);
        var startTrap = Assert.IsType<AssertTrapCommand>(Parsed.Commands[9]);
        Assert.Null(startTrap.Action);
        Assert.Equal(WastModuleKind.Text, startTrap.Module!.Kind);
        Assert.Equal("call stack exhausted", Assert.IsType<AssertExhaustionCommand>(Parsed.Commands[10]).Message);
        Assert.IsType<AssertInvalidCommand>(Parsed.Commands[13]);
        Assert.IsType<AssertUnlinkableCommand>(Parsed.Commands[14]);
        Assert.IsType<AssertUninstantiableCommand>(Parsed.Commands[15]);
    }

    [Fact]
    public void Quoted_modules_are_parsed_only_when_asked()
    {
        var malformed = Assert.IsType<AssertMalformedCommand>(Parsed.Commands[11]);
        Assert.Equal(WastModuleKind.Quote, malformed.Module.Kind);
        Assert.Equal("(func (foo))", malformed.Module.QuoteText);
        var error = Assert.Throws<MalformedModuleException>(() => malformed.Module.ToBinary());
        Assert.StartsWith("unknown operator", error.Reason);
    }

    [Fact]
    public void Binary_modules_are_the_concatenated_bytes()
    {
        var module = Assert.IsType<AssertMalformedCommand>(Parsed.Commands[12]).Module;
        Assert.Equal(WastModuleKind.Binary, module.Kind);
        Assert.Equal([0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00], module.ToBinary());
    }

    [Fact]
    public void A_script_of_bare_fields_is_one_module()
    {
        var script = WastParser.Parse("(func) (memory 0) (func (export \"f\"))", "inline.wast");
        var module = Assert.IsType<ModuleCommand>(Assert.Single(script.Commands)).Module;
        Assert.Equal(WatParser.ParseModule("(module (func) (memory 0) (func (export \"f\")))"), module.ToBinary());
    }

    [Theory]
    [InlineData("(assert_return (invoke \"f\") (i32.const 1)", "unexpected end of input")]
    [InlineData("(assert_whatever)", "unknown operator assert_whatever")]
    [InlineData("(module (func (foo)))", "unknown operator foo")]
    public void Broken_scripts_and_non_quoted_modules_fail_at_once_with_the_file_position(string script, string reason)
    {
        var error = Assert.Throws<MalformedModuleException>(() => WastParser.Parse(script, "broken.wast"));
        Assert.StartsWith(reason, error.Reason);
        Assert.Contains("broken.wast:1:", error.Message);
    }

    [Fact]
    public void Module_definitions_and_instances_are_their_own_commands()
    {
        var script = WastParser.Parse("(module definition $d (memory 1)) (module instance $i $d) (module instance)", "x.wast");
        var definition = Assert.IsType<ModuleDefinitionCommand>(script.Commands[0]);
        Assert.Equal("$d", definition.Module.Name);
        Assert.Equal(new ModuleInstanceCommand(1, "$i", "$d"), script.Commands[1]);
        Assert.Equal(new ModuleInstanceCommand(1, null, null), script.Commands[2]);
    }
}
