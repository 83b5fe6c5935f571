using MicroWasm.Text;
using static MicroWasm.Tests.Text.TextTestSupport;

namespace MicroWasm.Tests.Text;

/// <summary>Small modules and the exact bytes they encode to (spec chapter 5), checked by hand.</summary>
public class WatEncodingTests
{
    [Fact]
    public void An_empty_module_is_just_the_preamble()
    {
        Assert.Equal(Preamble, WatParser.ParseModule("(module)"));
        Assert.Equal(Preamble, WatParser.ParseModule(""));
    }

    [Fact]
    public void An_exported_function_encodes_type_function_export_and_code_sections()
    {
        var module = WatParser.ParseModule("(module (func (export \"answer\") (result i32) (i32.const 42)))");
        Assert.Equal(
            [
                .. Preamble,
                0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7F, // type: [] -> [i32]
                0x03, 0x02, 0x01, 0x00, // function: type 0
                0x07, 0x0A, 0x01, 0x06, (byte)'a', (byte)'n', (byte)'s', (byte)'w', (byte)'e', (byte)'r', 0x00, 0x00,
                0x0A, 0x06, 0x01, 0x04, 0x00, 0x41, 0x2A, 0x0B, // code: no locals, i32.const 42, end
            ],
            module);
    }

    [Fact]
    public void Bare_fields_are_a_module()
    {
        Assert.Equal(WatParser.ParseModule("(module (memory 1) (func))"), WatParser.ParseModule("(memory 1) (func)"));
    }

    [Fact]
    public void Identifiers_give_a_name_section_with_module_and_function_names()
    {
        var module = WatParser.ParseModule("(module $m (import \"a\" \"b\" (func $imp)) (func) (func $f))");
        var name = Sections(module, includeCustom: true).Single(s => s.Id == 0).Contents;
        Assert.Equal(
            [
                0x04, (byte)'n', (byte)'a', (byte)'m', (byte)'e',
                0x00, 0x02, 0x01, (byte)'m', // module name
                0x01, 0x09, 0x02, 0x00, 0x03, (byte)'i', (byte)'m', (byte)'p', 0x02, 0x01, (byte)'f', // function names 0 and 2
            ],
            name);
    }

    [Theory]
    [InlineData("(func (local i32 i32) (local $x i64) (local f32))", "01 08 03 02 7F 01 7E 01 7D 0B")]
    [InlineData("(func (param i32) (local i32))", "01 04 01 01 7F 0B")]
    public void Locals_are_encoded_as_runs_of_one_type(string wat, string code)
    {
        Assert.Equal(Hex(code), Section(wat, 10));
    }

    [Theory]
    [InlineData("(func (i32.add (i32.const 1) (i32.const 2)) drop)", "i32.const 1 i32.const 2 i32.add drop")]
    [InlineData("(func (block $b (br $b)))", "block br 0 end")]
    [InlineData("(func (block $a (block $b (br $a) (br 1) (br $b))))", "block block br 1 br 1 br 0 end end")]
    [InlineData("(func (if (i32.const 1) (then nop) (else)))", "i32.const 1 if nop end")]
    [InlineData("(func (loop $l (result i32) (i32.const 0)) drop)", "loop $l (result i32) i32.const 0 end drop")]
    [InlineData("(func (local $x i32) (local.set $x (i32.const 5)))", "i32.const 5 local.set 0")]
    public void Folded_instructions_mean_their_flat_sequences(string folded, string flatBody)
    {
        var flat = folded.Contains("local $x") ? $"(func (local $x i32) {flatBody})" : $"(func {flatBody})";
        Assert.Equal(WatParser.ParseModule(flat), WatParser.ParseModule(folded));
    }

    [Theory]
    [InlineData("block end", "02 40 0B")]
    [InlineData("block (result i64) i64.const 0 end drop", "02 7E 42 00 0B 1A")]
    [InlineData("i32.const 0 block (param i32) drop end", "41 00 02 01 1A 0B")] // inserted type 1: [i32] -> []
    [InlineData("i32.const 1 if $l end $l", "41 01 04 40 0B")]
    public void Block_types_use_the_short_forms_when_they_can(string body, string bytes)
    {
        Assert.Equal(Hex(bytes), Body($"(type (func)) (func {body})")[0..]);
    }

    [Fact]
    public void Type_uses_reuse_an_equal_type_or_insert_one_at_the_end()
    {
        var wat = """
            (type $t (func (param i32)))
            (func (param i32))
            (func (result f64) (f64.const 0))
            (func (result f64) (f64.const 1))
            """;
        // types: [i32]->[] (explicit), []->[f64] (inserted once); functions: 0, 1, 1.
        Assert.Equal(Hex("02 60 01 7F 00 60 00 01 7C"), Section(wat, 1));
        Assert.Equal(Hex("03 00 01 01"), Section(wat, 3));
    }

    [Fact]
    public void References_may_point_forward()
    {
        Assert.Equal(Hex("02 04 00 10 01 0B 02 00 0B"), Section("(func (call $later)) (func $later)", 10));
    }

    [Theory]
    [InlineData("i32.load", "28 02 00")]
    [InlineData("i32.load8_u offset=0x10", "2D 00 10")]
    [InlineData("i64.load32_s align=2", "34 01 00")]
    [InlineData("f64.store offset=1_000 align=8", "39 03 E8 07")]
    [InlineData("v128.load", "FD 00 04 00")]
    [InlineData("v128.load8x8_s", "FD 01 03 00")]
    [InlineData("v128.load32_zero", "FD 5C 02 00")]
    [InlineData("v128.load16_lane offset=2 7", "FD 55 01 02 07")]
    public void Memory_arguments_default_to_natural_alignment(string instruction, string bytes)
    {
        var body = Body($"(memory 1) (func {instruction} unreachable)");
        Assert.Equal(Hex(bytes), body[..^1]);
    }

    [Theory]
    [InlineData("table.init $e", "FC 0C 01 00")] // elemidx, then tableidx 0
    [InlineData("table.init $t $e", "FC 0C 01 01")]
    [InlineData("table.init 1 0", "FC 0C 00 01")]
    [InlineData("table.copy", "FC 0E 00 00")]
    [InlineData("table.copy $t 0", "FC 0E 01 00")]
    [InlineData("call_indirect (type 0)", "11 00 00")]
    [InlineData("call_indirect $t (type 0)", "11 00 01")]
    [InlineData("table.get $t", "25 01")]
    [InlineData("table.size", "FC 10 00")]
    [InlineData("memory.init $d", "FC 08 00 00")]
    [InlineData("data.drop $d", "FC 09 00")]
    [InlineData("elem.drop $e", "FC 0D 01")]
    [InlineData("ref.null extern", "D0 6F")]
    [InlineData("ref.func $f", "D2 00")]
    [InlineData("select (result i32)", "1C 01 7F")]
    [InlineData("select", "1B")]
    [InlineData("br_table 0 0 0", "0E 02 00 00 00")]
    public void Table_memory_and_reference_instructions_encode_their_operands_in_binary_order(string instruction, string bytes)
    {
        var wat = $"""
            (type (func))
            (table 1 funcref) (table $t 1 funcref) (memory 1)
            (elem funcref) (elem $e func)
            (data $d "")
            (func $f unreachable {instruction})
            """;
        Assert.Equal(Hex(bytes), Body(wat)[1..]);
    }

    [Theory]
    [InlineData("v128.const i8x16 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 -1", "FD 0C 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F FF")]
    [InlineData("v128.const i16x8 1 -1 0 0 0 0 0 0xffff", "FD 0C 01 00 FF FF 00 00 00 00 00 00 00 00 00 00 FF FF")]
    [InlineData("v128.const i32x4 0x01020304 0 0 -2", "FD 0C 04 03 02 01 00 00 00 00 00 00 00 00 FE FF FF FF")]
    [InlineData("v128.const f32x4 1 -0 inf nan", "FD 0C 00 00 80 3F 00 00 00 80 00 00 80 7F 00 00 C0 7F")]
    [InlineData("v128.const f64x2 0x1p-1074 -nan:0x1", "FD 0C 01 00 00 00 00 00 00 00 01 00 00 00 00 00 F0 FF")]
    [InlineData("i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 31", "FD 0D 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 1F")]
    [InlineData("i32x4.extract_lane 3", "FD 1B 03")]
    [InlineData("f32x4.add", "FD E4 01")]
    public void Vector_instructions_encode_lanes_little_endian(string instruction, string bytes)
    {
        Assert.Equal(Hex(bytes), Body($"(func {instruction} unreachable)")[..^1]);
    }

    [Theory]
    [InlineData("(elem (i32.const 0) $f $f)", "00 41 00 0B 02 00 00")]
    [InlineData("(elem func $f)", "01 00 01 00")]
    [InlineData("(elem (table $t) (i32.const 0) func $f)", "02 01 41 00 0B 00 01 00")]
    [InlineData("(elem declare func $f)", "03 00 01 00")]
    [InlineData("(elem (i32.const 0) funcref (ref.null func))", "04 41 00 0B 01 D0 70 0B")]
    [InlineData("(elem funcref (item ref.func $f) (ref.null func))", "05 70 02 D2 00 0B D0 70 0B")]
    [InlineData("(elem (table $x) (offset (i32.const 1)) externref (ref.null extern))", "06 02 41 01 0B 6F 01 D0 6F 0B")]
    // With typed references a funcref segment of expressions stays one: function indices would make it (ref func).
    [InlineData("(elem declare funcref (ref.func $f))", "07 70 01 D2 00 0B")]
    public void Element_segments_use_the_most_compact_of_the_eight_encodings(string elem, string bytes)
    {
        var wat = $"(table 1 funcref) (table $t 1 funcref) (table $x 1 externref) (func $f) {elem}";
        Assert.Equal(Hex("01 " + bytes), Section(wat, 9));
    }

    [Fact]
    public void Data_segments_are_active_or_passive_and_come_with_a_data_count()
    {
        var wat = """(memory 1) (memory $m 1) (data (i32.const 8) "ab" "c") (data "\01") (data (memory $m) (offset i32.const 0))""";
        Assert.Equal(Hex("03 00 41 08 0B 03 61 62 63 01 01 01 02 01 41 00 0B 00"), Section(wat, 11));
        Assert.Equal(Hex("03"), Section(wat, 12));
    }

    [Fact]
    public void Inline_imports_exports_and_segments_expand_in_place()
    {
        var wat = """
            (func $i (export "e1") (import "m" "f") (param i32))
            (table (export "t") funcref (elem $i $i))
            (memory (data "hello"))
            (global (export "g") (mut i64) (i64.const -1))
            """;
        Assert.Equal(Hex("01 01 6D 01 66 00 00"), Section(wat, 2));
        Assert.Equal(Hex("01 70 01 02 02"), Section(wat, 4));
        Assert.Equal(Hex("01 01 01 01"), Section(wat, 5));
        Assert.Equal(Hex("01 7E 01 42 7F 0B"), Section(wat, 6));
        Assert.Equal(Hex("03 02 65 31 00 00 01 74 01 00 01 67 03 00"), Section(wat, 7));
        Assert.Equal(Hex("01 00 41 00 0B 02 00 00"), Section(wat, 9));
        Assert.Equal(Hex("01 00 41 00 0B 05 68 65 6C 6C 6F"), Section(wat, 11));
    }

    [Fact]
    public void Start_and_limits_encode_as_given()
    {
        Assert.Equal(Hex("01"), Section("(func) (func $s) (start $s)", 8));
        Assert.Equal(Hex("02 00 00 01 01 FF FF 03"), Section("(memory 0) (memory 1 0xffff)", 5));
    }
}
