using MicroWasm.Text;
using static MicroWasm.Tests.Text.TextTestSupport;

namespace MicroWasm.Tests.Text;

/// <summary>
/// The GC instructions in the text format (WebAssembly 3.0) and their binary encoding (prefix 0xFB, spec 5.4.x), bytes
/// checked by hand against the binary format's tables.
/// </summary>
public class GcInstructionTextTests
{
    // Type 0: a struct with named fields, 1: an array of mutable i8, 2: an array of mutable anyref.
    private const string Types = """
        (type $point (struct (field $x i32) (field $y (mut i16))))
        (type $bytes (array (mut i8)))
        (type $refs (array (mut anyref)))
        (data $d "abc") (elem $e anyref)
        """;

    [Theory]
    [InlineData("(drop (struct.new $point (i32.const 1) (i32.const 2)))", "41 01 41 02 FB 00 00 1A")]
    [InlineData("(drop (struct.new_default $point))", "FB 01 00 1A")]
    [InlineData("(drop (struct.get $point $x (ref.null $point)))", "D0 00 FB 02 00 00 1A")]
    [InlineData("(drop (struct.get_u $point $y (ref.null $point)))", "D0 00 FB 04 00 01 1A")]
    [InlineData("(struct.set $point 1 (ref.null $point) (i32.const 7))", "D0 00 41 07 FB 05 00 01")]
    [InlineData("(drop (array.new_fixed $bytes 2 (i32.const 1) (i32.const 2)))", "41 01 41 02 FB 08 01 02 1A")]
    [InlineData("(drop (array.new_data $bytes $d (i32.const 0) (i32.const 3)))", "41 00 41 03 FB 09 01 00 1A")]
    [InlineData("(drop (array.new_elem $refs $e (i32.const 0) (i32.const 0)))", "41 00 41 00 FB 0A 02 00 1A")]
    [InlineData("(array.copy $bytes $bytes (ref.null $bytes) (i32.const 0) (ref.null $bytes) (i32.const 0) (i32.const 1))", "D0 01 41 00 D0 01 41 00 41 01 FB 11 01 01")]
    [InlineData("(drop (array.len (ref.null $bytes)))", "D0 01 FB 0F 1A")]
    [InlineData("(drop (i31.get_s (ref.i31 (i32.const 5))))", "41 05 FB 1C FB 1D 1A")]
    [InlineData("(drop (ref.eq (ref.null eq) (ref.null none)))", "D0 6D D0 71 D3 1A")]
    [InlineData("(drop (extern.convert_any (any.convert_extern (ref.null extern))))", "D0 6F FB 1A FB 1B 1A")]
    public void Gc_instructions_encode_their_opcode_and_immediates(string body, string bytes)
    {
        Assert.Equal(Hex(bytes), Body($"{Types} (func {body})"));
    }

    [Theory]
    // The reference type's nullability picks the opcode; only the heap type follows it.
    [InlineData("ref.test (ref $point)", "FB 14 00")]
    [InlineData("ref.test (ref null $point)", "FB 15 00")]
    [InlineData("ref.cast (ref i31)", "FB 16 6C")]
    [InlineData("ref.cast eqref", "FB 17 6D")]
    public void Casts_choose_the_null_opcode_from_the_reference_type(string instruction, string bytes)
    {
        Assert.Equal(Hex($"D0 6E {bytes} 1A"), Body($"{Types} (func (drop ({instruction} (ref.null any))))"));
    }

    [Theory]
    // Flags: bit 0 the source is nullable, bit 1 the target; then the label and both heap types.
    [InlineData("br_on_cast 0 anyref (ref $point)", "FB 18 01 00 6E 00")]
    [InlineData("br_on_cast 0 (ref any) (ref null struct)", "FB 18 02 00 6E 6B")]
    [InlineData("br_on_cast_fail $l anyref (ref null $point)", "FB 19 03 00 6E 00")]
    public void Branches_on_casts_encode_flags_label_and_both_heap_types(string instruction, string bytes)
    {
        Assert.Equal(Hex($"02 6E D0 6E {bytes} 0B 1A"), Body($"{Types} (func (drop (block $l (result anyref) (ref.null any) {instruction})))"));
    }

    [Fact]
    public void Array_new_data_needs_the_data_count_section_as_memory_init_does()
    {
        var sections = Sections(WatParser.ParseModule($"{Types} (func (drop (array.new_data $bytes $d (i32.const 0) (i32.const 1))))"));
        Assert.Contains(sections, s => s.Id == 12);
        var without = Sections(WatParser.ParseModule("(type $bytes (array i8)) (func (drop (array.new_default $bytes (i32.const 1))))"));
        Assert.DoesNotContain(without, s => s.Id == 12);
    }

    [Fact]
    public void A_field_identifier_belongs_to_its_own_struct_type()
    {
        AssertMalformedText($"{Types} (type $other (struct (field $z i32))) (func (drop (struct.get $point $z (ref.null $point))))", "unknown field $z");
    }
}
