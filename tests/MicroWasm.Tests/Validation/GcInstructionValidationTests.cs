using MicroWasm.Text;
using MicroWasm.Validation;

namespace MicroWasm.Tests.Validation;

/// <summary>The typing rules of the GC instructions (WebAssembly 3.0, spec 3.3.x) and the GC constant expressions.</summary>
public class GcInstructionValidationTests
{
    private const string Types = """
        (type $point (struct (field $x i32) (field $y (mut i16)) (field $next (ref null $point))))
        (type $frozen (array i32))
        (type $bytes (array (mut i8)))
        (type $shorts (array (mut i16)))
        (type $refs (array (mut anyref)))
        (type $strict (struct (field (ref any))))
        (data $d "abc") (elem $fs funcref)
        """;

    private static Module Validate(string wat) => ModuleValidator.DecodeAndValidate(WatParser.ParseModule(wat));

    public static TheoryData<string, string> InvalidFunctions => new()
    {
        { "(drop (struct.get $point $y (ref.null $point)))", "field is packed" },
        { "(drop (struct.get_s $point $x (ref.null $point)))", "field is not packed" },
        { "(drop (struct.get $point 3 (ref.null $point)))", "unknown field 3" },
        { "(struct.set $point $x (ref.null $point) (i32.const 1))", "immutable field" },
        { "(drop (struct.new $point (i32.const 1) (i32.const 2)))", "type mismatch" },
        { "(drop (struct.new_default $strict))", "not defaultable" },
        { "(drop (struct.new_default $bytes))", "type mismatch" },
        { "(drop (array.len (struct.new_default $point)))", "type mismatch" },
        { "(array.set $frozen (ref.null $frozen) (i32.const 0) (i32.const 1))", "immutable array" },
        { "(array.fill $frozen (ref.null $frozen) (i32.const 0) (i32.const 1) (i32.const 1))", "immutable array" },
        { "(drop (array.new_data $refs $d (i32.const 0) (i32.const 1)))", "array type is not numeric or vector" },
        { "(drop (array.new_data $bytes 5 (i32.const 0) (i32.const 1)))", "unknown data segment 5" },
        { "(drop (array.new_elem $refs $fs (i32.const 0) (i32.const 1)))", "type mismatch" },
        { "(array.copy $shorts $bytes (ref.null $shorts) (i32.const 0) (ref.null $bytes) (i32.const 0) (i32.const 1))", "array types do not match" },
        { "(drop (array.new $bytes (i32.const 0) (i32.const 1) (i32.const 2)))", "type mismatch" },
        { "(drop (ref.eq (ref.null any) (ref.null eq)))", "type mismatch" },
        { "(drop (i31.get_u (ref.null any)))", "type mismatch" },
        { "(drop (ref.test (ref $point) (ref.null extern)))", "type mismatch" },
        { "(drop (any.convert_extern (ref.null any)))", "type mismatch" },
        // The target must match the source.
        { "(drop (block $l (result anyref) (br_on_cast $l structref (ref any) (ref.null struct)))) ", "type mismatch" },
        // br_on_cast_fail sends the source minus the target to the label: a null passes a nullable target, so it is non-null.
        { "(drop (block $l (result (ref any)) (br_on_cast_fail $l anyref (ref $point) (ref.null any)) (drop) (unreachable)))", "type mismatch" },
    };

    [Theory]
    [MemberData(nameof(InvalidFunctions))]
    public void Ill_typed_gc_instructions_are_refused(string body, string message)
    {
        var error = Assert.Throws<InvalidModuleException>(() => Validate($"{Types} (func {body})"));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Br_on_cast_gives_the_target_to_the_label_and_the_rest_to_what_follows()
    {
        // A nullable target takes the null: what falls through is non-null; br_on_cast_fail is the reverse.
        Validate($$"""
            {{Types}}
            (func (param anyref) (result (ref any))
              (drop (block $l (result (ref null $point)) (return (br_on_cast $l anyref (ref null $point) (local.get 0)))))
              (unreachable))
            (func (param anyref) (result (ref null $point))
              (drop (block $l (result (ref any)) (return (br_on_cast_fail $l anyref (ref null $point) (local.get 0)))))
              (unreachable))
            """);
    }

    [Fact]
    public void Array_new_fixed_of_a_huge_count_is_checked_without_popping_each_operand()
    {
        Validate($"{Types} (func (unreachable) (drop (array.new_fixed $bytes 4294967295)))");
        var error = Assert.Throws<InvalidModuleException>(() => Validate($"{Types} (func (drop (array.new_fixed $bytes 4294967295 (i32.const 1))))"));
        Assert.Contains("type mismatch", error.Message);
    }

    [Fact]
    public void Conversions_keep_the_operands_nullability()
    {
        Validate($"{Types} (func (param (ref extern)) (result (ref any)) (any.convert_extern (local.get 0)))");
        var error = Assert.Throws<InvalidModuleException>(() => Validate($"{Types} (func (param externref) (result (ref any)) (any.convert_extern (local.get 0)))"));
        Assert.Contains("type mismatch", error.Message);
    }

    [Fact]
    public void Allocations_i31_and_conversions_are_constant_expressions()
    {
        Validate($$"""
            {{Types}}
            (global (ref $point) (struct.new $point (i32.const 1) (i32.const 2) (ref.null $point)))
            (global (ref $bytes) (array.new_fixed $bytes 2 (i32.const 1) (i32.const 2)))
            (global (ref $shorts) (array.new_default $shorts (i32.const 4)))
            (global (ref i31) (ref.i31 (i32.const 3)))
            (global externref (extern.convert_any (ref.i31 (i32.const 3))))
            """);
    }

    [Theory]
    [InlineData("(global (ref $bytes) (array.new_data $bytes $d (i32.const 0) (i32.const 1)))")]
    [InlineData("(global i32 (i31.get_s (ref.i31 (i32.const 3))))")]
    [InlineData("(global (ref null $point) (struct.get $point $next (ref.null $point)))")]
    public void Reads_and_segment_copies_are_not_constant(string global)
    {
        var error = Assert.Throws<InvalidModuleException>(() => Validate($"{Types} {global}"));
        Assert.Contains("constant expression required", error.Message);
    }
}
