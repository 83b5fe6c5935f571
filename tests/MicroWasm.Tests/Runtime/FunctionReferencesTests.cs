using MicroWasm.Runtime;
using MicroWasm.Text;

namespace MicroWasm.Tests.Runtime;

/// <summary>
/// Typed function references (WebAssembly 3.0): <c>(ref null? ht)</c> types with subtyping, non-nullable locals,
/// <c>call_ref</c> and <c>return_call_ref</c> (constant stack), the null tests and branches, tables with initializer
/// expressions, typed values at the host boundary, and the refusal of the 2.0 feature set (AOT code: AotFunctionReferencesTests).
/// </summary>
public class FunctionReferencesTests
{
    // Eight frames: a million tail calls that each kept a frame could not run.
    private readonly Store _store = new(new RuntimeOptions { MaxCallDepth = 8, StackSize = 4096 });

    private const string Module = """
        (module
          (type $unary (func (param i32) (result i32)))
          (type $count (func (param i64 i64) (result i64)))
          (func $double (type $unary) (i32.mul (local.get 0) (i32.const 2)))
          (func $negate (type $unary) (i32.sub (i32.const 0) (local.get 0)))
          (table $ops 2 (ref $unary) (ref.func $double))
          (elem (table $ops) (i32.const 1) (ref $unary) (ref.func $negate))
          (global $sum (ref $count) (ref.func $sum))
          (func (export "apply") (param $op i32) (param $x i32) (result i32)
            (call_ref $unary (local.get $x) (table.get $ops (local.get $op))))
          (func (export "apply_null") (param $x i32) (result i32)
            (call_ref $unary (local.get $x) (ref.null $unary)))
          (func $sum (export "sum") (param $n i64) (param $acc i64) (result i64)
            (if (result i64) (i64.eqz (local.get $n))
              (then (local.get $acc))
              (else (return_call_ref $count (i64.sub (local.get $n) (i64.const 1)) (i64.add (local.get $acc) (local.get $n))
                      (global.get $sum)))))
          ;; 1 if the reference is null, else its function of x (br_on_null), and the same through br_on_non_null
          (func (export "or_one") (param $f (ref null $unary)) (param $x i32) (result i32)
            (block $null
              (return (call_ref $unary (local.get $x) (br_on_null $null (local.get $f)))))
            (i32.const 1))
          (func (export "or_two") (param $f (ref null $unary)) (param $x i32) (result i32)
            (local.get $x)
            (block $some (param i32) (result i32 (ref $unary))
              (br_on_non_null $some (local.get $f))
              (drop)
              (return (i32.const 2)))
            (call_ref $unary))
          (func (export "non_null") (param $f (ref null $unary)) (result i32)
            (local $g (ref $unary))
            (local.set $g (ref.as_non_null (local.get $f)))
            (call_ref $unary (i32.const 21) (local.get $g)))
          (func (export "double") (result (ref $unary)) (ref.func $double)))
        """;

    private ModuleInstance Instantiate(string wat) => _store.Instantiate(CompiledModule.FromBytes(WatParser.ParseModule(wat)));

    [Fact]
    public void Call_ref_calls_the_function_a_typed_table_holds()
    {
        var instance = Instantiate(Module);
        Assert.Equal(14, instance.GetFunction("apply").Invoke(Value.I32(0), Value.I32(7))[0].AsI32());
        Assert.Equal(-7, instance.GetFunction("apply").Invoke(Value.I32(1), Value.I32(7))[0].AsI32());
    }

    [Fact]
    public void Call_ref_of_null_traps_with_null_function_reference()
    {
        var trap = Assert.Throws<TrapException>(() => Instantiate(Module).GetFunction("apply_null").Invoke(Value.I32(1)));
        Assert.Equal(TrapKind.NullFunctionReference, trap.Kind);
        Assert.Contains("null function reference", trap.Message);
    }

    [Fact]
    public void A_million_return_call_refs_run_in_constant_stack() =>
        Assert.Equal(500_000_500_000L, Instantiate(Module).GetFunction("sum").Invoke(Value.I64(1_000_000), Value.I64(0))[0].AsI64());

    [Fact]
    public void Br_on_null_and_br_on_non_null_branch_on_the_reference()
    {
        var instance = Instantiate(Module);
        var doubler = instance.GetFunction("double").Invoke()[0];
        Assert.Equal(1, instance.GetFunction("or_one").Invoke(Value.FuncRef(null), Value.I32(5))[0].AsI32());
        Assert.Equal(10, instance.GetFunction("or_one").Invoke(doubler, Value.I32(5))[0].AsI32());
        Assert.Equal(2, instance.GetFunction("or_two").Invoke(Value.FuncRef(null), Value.I32(5))[0].AsI32());
        Assert.Equal(10, instance.GetFunction("or_two").Invoke(doubler, Value.I32(5))[0].AsI32());
    }

    [Fact]
    public void Ref_as_non_null_traps_on_null_and_passes_a_function_through()
    {
        var instance = Instantiate(Module);
        Assert.Equal(42, instance.GetFunction("non_null").Invoke(instance.GetFunction("double").Invoke()[0])[0].AsI32());
        var trap = Assert.Throws<TrapException>(() => instance.GetFunction("non_null").Invoke(Value.FuncRef(null)));
        Assert.Equal(TrapKind.NullReference, trap.Kind);
    }

    [Fact]
    public void The_host_cannot_pass_a_function_of_another_type_or_null_where_the_type_forbids_it()
    {
        var instance = Instantiate(Module);
        var wrongType = instance.GetFunction("sum");
        Assert.Throws<ArgumentException>(() => instance.GetFunction("or_one").Invoke(Value.FuncRef(wrongType), Value.I32(5)));
        var strict = Instantiate("(module (func (export \"f\") (param (ref func))))");
        Assert.Throws<ArgumentException>(() => strict.GetFunction("f").Invoke(Value.FuncRef(null)));
        strict.GetFunction("f").Invoke(Value.FuncRef(wrongType));
    }

    [Fact]
    public void Every_nullable_shorthand_takes_its_default_null_and_a_bottom_type_nothing_else()
    {
        // Found by the execution fuzzer: a nullref parameter refused the null Value.Default made for it.
        var instance = Instantiate("""
            (module (func (export "f") (param nullref nullfuncref nullexternref anyref eqref funcref externref) (result i32)
              (i32.const 7)))
            """);
        var f = instance.GetFunction("f");
        var nulls = f.Type.Parameters.Select(Value.Default).ToArray();
        Assert.Equal(7, f.Invoke(nulls)[0].AsI32());
        var host = Value.ExternRef(new object());
        var withHostInNullExtern = (Value[])nulls.Clone();
        withHostInNullExtern[2] = host;
        Assert.Throws<ArgumentException>(() => f.Invoke(withHostInNullExtern));
        var withFunctionInNullFunc = (Value[])nulls.Clone();
        withFunctionInNullFunc[1] = Value.FuncRef(f);
        Assert.Throws<ArgumentException>(() => f.Invoke(withFunctionInNullFunc));
        var withHostInAny = (Value[])nulls.Clone();
        withHostInAny[3] = host;
        Assert.Throws<ArgumentException>(() => f.Invoke(withHostInAny));
        var withHostInExtern = (Value[])nulls.Clone();
        withHostInExtern[6] = host;
        Assert.Equal(7, f.Invoke(withHostInExtern)[0].AsI32());
    }

    [Theory]
    // A non-nullable local is readable after a set in the same block, not after one in an inner block that ended.
    [InlineData("(func (local (ref func)) (drop (local.get 0)))", "uninitialized local")]
    [InlineData("(func (local (ref func)) (block (local.set 0 (ref.func 0))) (drop (local.get 0)))", "uninitialized local")]
    // funcref does not match (ref func), nor a function type another with other results.
    [InlineData("(func (param funcref) (result (ref func)) (local.get 0))", "type mismatch")]
    [InlineData("(type $t (func (result i32))) (func (param (ref $t)) (call_ref 0 (local.get 0)))", "type mismatch")]
    [InlineData("(type $t (func)) (table 1 (ref $t))", "type mismatch")]
    [InlineData("(func (param (ref 5)))", "unknown type")]
    public void Invalid_typed_reference_code_is_refused(string fields, string message)
    {
        var bytes = WatParser.ParseModule($"(module (elem declare func 0) {fields})");
        Assert.Contains(message, Assert.Throws<InvalidModuleException>(() => CompiledModule.FromBytes(bytes)).Message);
    }

    [Theory]
    [InlineData("(func (local (ref func)) (local.set 0 (ref.func 0)) (drop (local.get 0)))")]
    [InlineData("(type $t (func)) (func (param (ref $t)) (result funcref) (local.get 0))")]
    [InlineData("(type $t (func)) (func (param (ref null $t)) (result (ref null func)) (local.get 0))")]
    [InlineData("(func (result (ref null func)) (ref.null nofunc))")]
    public void Subtypes_are_accepted_where_their_supertype_is_expected(string fields) =>
        CompiledModule.FromBytes(WatParser.ParseModule($"(module (elem declare func 0) {fields})"));

    [Fact]
    public void The_2_0_feature_set_refuses_typed_references_in_text_and_binary()
    {
        Assert.Throws<MalformedModuleException>(() => WatParser.ParseModule("(module (func (param (ref func))))", WasmFeatures.Wasm20));
        var bytes = WatParser.ParseModule("(module (func (param (ref func))))");
        Assert.Throws<MalformedModuleException>(() => CompiledModule.FromBytes(bytes, WasmFeatures.Wasm20));
        Assert.Throws<MalformedModuleException>(() => CompiledModule.FromBytes(bytes, WasmFeatures.All with { FunctionReferences = false }));
    }

    [Theory]
    // A type section with one type, func [(ref HEAP)] -> []: heap type bytes after 0x64.
    [InlineData(new byte[] { 0x40 }, "malformed heap type")] // -64: no abstract heap type has that code
    [InlineData(new byte[] { 0xF0, 0x7F }, "malformed heap type")] // 0x70 (func) in two bytes is not the one-byte code
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x01 }, "integer representation too long")]
    public void Malformed_heap_types_are_refused_by_the_decoder(byte[] heap, string message)
    {
        byte[] type = [0x01, 0x60, 0x01, 0x64, .. heap, 0x00];
        byte[] bytes = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x01, (byte)type.Length, .. type];
        Assert.Contains(message, Assert.Throws<MalformedModuleException>(() => CompiledModule.FromBytes(bytes)).Message);
    }

    [Fact]
    public void A_heap_type_past_the_type_section_is_an_unknown_type()
    {
        byte[] bytes = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60, 0x01, 0x63, 0x05, 0x00];
        Assert.Contains("unknown type 5", Assert.Throws<InvalidModuleException>(() => CompiledModule.FromBytes(bytes)).Message);
    }

    [Theory]
    [InlineData(ValueType.FuncRef, ValueType.FuncRef, true)]
    [InlineData(ValueType.FuncRef, ValueType.ExternRef, false)]
    public void Shorthand_reference_types_match_themselves_only(ValueType actual, ValueType expected, bool matches) =>
        Assert.Equal(matches, ReferenceTypes.Matches(actual, expected, []));

    [Fact]
    public void Reference_types_match_along_their_hierarchy()
    {
        var types = new Module { Types = [new([], []), new([], []), new([ValueType.I32], [])] }.CanonicalTypes;
        var refT0 = ReferenceTypes.Reference(ReferenceTypes.Concrete(0), nullable: false);
        var refT1 = ReferenceTypes.Reference(ReferenceTypes.Concrete(1), nullable: true);
        var refT2 = ReferenceTypes.Reference(ReferenceTypes.Concrete(2), nullable: false);
        var noFunc = ReferenceTypes.Reference(HeapType.NoFunc, nullable: true);
        Assert.True(ReferenceTypes.Matches(refT0, ValueType.FuncRef, types));
        Assert.True(ReferenceTypes.Matches(refT0, refT1, types)); // structurally equal types, non-null into nullable
        Assert.False(ReferenceTypes.Matches(refT1, refT0, types)); // nullable into non-null
        Assert.False(ReferenceTypes.Matches(refT2, refT0, types));
        Assert.True(ReferenceTypes.Matches(noFunc, refT1, types));
        Assert.False(ReferenceTypes.Matches(noFunc, ValueType.ExternRef, types));
        Assert.False(ReferenceTypes.Matches(ValueType.FuncRef, refT1, types));
        Assert.Equal("(ref 0)", refT0.ToText());
        Assert.Equal("nullfuncref", noFunc.ToText());
        Assert.Equal("nullref", ReferenceTypes.Reference(HeapType.None, nullable: true).ToText());
        Assert.Equal("(ref null 1)", refT1.ToText());
        Assert.Equal("(ref extern)", ReferenceTypes.Reference(HeapType.Extern, nullable: false).ToText());
    }
}
