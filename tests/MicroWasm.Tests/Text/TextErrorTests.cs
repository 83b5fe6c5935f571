using MicroWasm.Text;

namespace MicroWasm.Tests.Text;

/// <summary>Text that does not parse is malformed, with the reference interpreter's wording and a position.</summary>
public class TextErrorTests
{
    [Theory]
    [InlineData("(func (get_local 0))", "unknown operator get_local")]
    [InlineData("(func br 0drop)", "unknown operator 0drop")]
    [InlineData("(data $l\"a\")", "unknown operator")]
    [InlineData("(table 0 anyfunc)", "unknown operator anyfunc")]
    [InlineData("(func (i32.const 0x100000000) drop)", "constant out of range")]
    [InlineData("(func (i64.const -9223372036854775809) drop)", "constant out of range")]
    [InlineData("(func (f32.const 0x1p128) drop)", "constant out of range")]
    [InlineData("(func (f64.const nan:0x0) drop)", "constant out of range")]
    [InlineData("(func (i32.const 0x) drop)", "unknown operator")]
    [InlineData("(func (f32.const nan:0x) drop)", "unknown operator")]
    [InlineData("(func (i32.const nan:canonical) drop)", "unexpected token")]
    [InlineData("(func (i32.const) drop)", "unexpected token")]
    [InlineData("(memory 1) (func (drop (i32.load align=3 (i32.const 0))))", "alignment must be a power of two")]
    [InlineData("(memory 1) (func (drop (i32.load align=0 (i32.const 0))))", "alignment must be a power of two")]
    [InlineData("(func block $l end $m)", "mismatching label")]
    [InlineData("(func block end $m)", "mismatching label")]
    [InlineData("(func (i32.const 0) if $a else $b end)", "mismatching label")]
    [InlineData("(func br $nowhere)", "unknown label $nowhere")]
    [InlineData("(func (call $nope))", "unknown function $nope")]
    [InlineData("(func (local.get $nope))", "unknown local $nope")]
    [InlineData("(func (global.get $nope))", "unknown global $nope")]
    [InlineData("(func (type $nope))", "unknown type $nope")]
    [InlineData("(func $f) (func $f)", "duplicate func $f")]
    [InlineData("(global $g i32 (i32.const 0)) (import \"a\" \"b\" (global $g i32))", "import after global")]
    [InlineData("(memory $m 0) (memory $m 0)", "duplicate memory $m")]
    [InlineData("(func (param $x i32) (local $x i32))", "duplicate local $x")]
    [InlineData("(type $t (func)) (func (type $t) (param i32))", "inline function type")]
    [InlineData("(func (type 9) (param i32))", "unknown type")]
    [InlineData("(func (local i32) (param i32))", "unexpected token")]
    [InlineData("(func (nop) (local i32))", "unexpected token")]
    [InlineData("(func (result i32) (param i32) (local.get 0))", "unexpected token")]
    [InlineData("(func (block (param $x i32)))", "unexpected token")]
    [InlineData("(func) (import \"a\" \"b\" (func))", "import after function")]
    [InlineData("(table 0 funcref) (import \"a\" \"b\" (memory 0))", "import after table")]
    [InlineData("(func) (start 0) (start 0)", "multiple start sections")]
    [InlineData("(func (v128.const i32x4 1 2 3) drop)", "wrong number of lane literals")]
    [InlineData("(func (v128.const i32x4 1 2 3 4 5) drop)", "wrong number of lane literals")]
    [InlineData("(func (v128.const 0 0 0 0) drop)", "unexpected token")]
    [InlineData("(func (i8x16.shuffle 0 1 2 (v128.const i32x4 0 0 0 0)))", "invalid lane length")]
    [InlineData("(func (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 -1))", "malformed lane index")]
    [InlineData("(func (i8x16.extract_lane_s 256 (v128.const i32x4 0 0 0 0)))", "malformed lane index")]
    [InlineData("(func (i8x16.extract_lane_s -1 (v128.const i32x4 0 0 0 0)))", "unexpected token")]
    [InlineData("(import \"\\ff\" \"b\" (func))", "malformed UTF-8 encoding")]
    [InlineData("(func (export \"\\c0\\80\"))", "malformed UTF-8 encoding")]
    [InlineData("(func", "unexpected end of input")]
    [InlineData("(func))", "unexpected token )")]
    [InlineData("(data \"\\q\")", "illegal escape")]
    [InlineData("(data \"\\u{d800}\")", "illegal escape")]
    [InlineData("(data \"abc)", "unclosed string")]
    [InlineData("(; unclosed", "unclosed comment")]
    [InlineData("(module $m) (module)", "unexpected token")]
    public void Malformed_text_is_rejected_with_the_reference_message(string wat, string reason)
    {
        var error = Assert.Throws<MalformedModuleException>(() => WatParser.ParseModule(wat));
        Assert.StartsWith(reason, error.Reason);
    }

    /// <summary>Text written for 2.0, where memory64 has not widened limits and offsets to u64 nor added address types.</summary>
    [Theory]
    [InlineData("(memory 0x1_0000_0000)", "i32 constant out of range")]
    [InlineData("(memory 1) (func (drop (i32.load offset=4294967296 (i32.const 0))))", "i32 constant out of range")]
    [InlineData("(memory 1) (func (drop (i32.load align=0x1_0000_0000 (i32.const 0))))", "i32 constant out of range")]
    [InlineData("(memory i64 1)", "unexpected token")]
    [InlineData("(table i64 1 funcref)", "unexpected token")]
    public void Malformed_2_0_text_is_rejected_with_the_reference_message(string wat, string reason)
    {
        var error = Assert.Throws<MalformedModuleException>(() => WatParser.ParseModule(wat, WasmFeatures.Wasm20));
        Assert.StartsWith(reason, error.Reason);
    }

    /// <summary>With memory64 the same numbers parse as u64, and validation judges them against the address type.</summary>
    [Theory]
    [InlineData("(memory 0x1_0000_0000)", "memory size must be at most 65536 pages (4GiB)")]
    [InlineData("(memory 1) (func (drop (i32.load offset=4294967296 (i32.const 0))))", "offset out of range")]
    [InlineData("(memory i64 0x1_0000_0000_0001)", "memory size must be at most 2^48 pages")]
    [InlineData("(table 0x1_0000_0000 funcref)", "table size must be at most 2^32-1")]
    public void Numbers_past_32_bits_parse_with_memory64_and_are_invalid_for_32_bit_spaces(string wat, string reason)
    {
        var bytes = WatParser.ParseModule(wat);
        var error = Assert.Throws<InvalidModuleException>(() => MicroWasm.Validation.ModuleValidator.DecodeAndValidate(bytes));
        Assert.StartsWith(reason, error.Reason);
    }

    [Fact]
    public void Errors_carry_the_character_offset_and_line_and_column()
    {
        var error = Assert.Throws<MalformedModuleException>(() => WatParser.ParseModule("(module\n  (func (foo)))"));
        Assert.Equal(17, error.Offset);
        Assert.Contains("line 2, column 10", error.Message);
    }
}
