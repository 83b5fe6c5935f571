using MicroWasm.Compiler;
using MicroWasm.Runtime;
using MicroWasm.Text;

namespace MicroWasm.Tests.Runtime;

/// <summary>
/// GC's type system (WebAssembly 3.0): recursive groups, declared subtypes, struct and array types in text and binary,
/// their validation, canonical types shared across modules, and subtyping where the runtime checks types
/// (<c>call_indirect</c>, import matching).
/// </summary>
public class GcTypeTests
{
    private readonly Store _store = new();

    private static CompiledModule Compile(string wat) => CompiledModule.FromBytes(WatParser.ParseModule(wat));

    [Fact]
    public void Struct_array_and_packed_field_types_survive_text_and_binary()
    {
        var module = Compile("""
            (module
              (rec (type $node (sub (struct (field $next (ref null $node)) (field (mut i8)) (field i16 f64))))
                   (type $list (array (mut (ref null $node)))))
              (type $leaf (sub final $node (struct (field (ref null $node)) (field (mut i8)) (field i16 f64) (field i32)))))
            """).Module;
        Assert.Equal([new RecGroup(0, 2), new RecGroup(2, 1)], module.RecGroups);
        var node = Assert.IsType<StructType>(module.TypeDefinitions[0].Composite);
        Assert.Equal(
            [new FieldType(ReferenceTypes.Reference(ReferenceTypes.Concrete(0), nullable: true), false), new FieldType(ValueType.I8, true),
             new FieldType(ValueType.I16, false), new FieldType(ValueType.F64, false)],
            node.Fields);
        Assert.False(module.TypeDefinitions[0].IsFinal);
        var list = Assert.IsType<ArrayType>(module.TypeDefinitions[1].Composite);
        Assert.True(list.Element.Mutable);
        Assert.True(module.TypeDefinitions[2].IsFinal);
        Assert.Equal([0], module.TypeDefinitions[2].Supertypes);
        Assert.True(module.CanonicalTypes[2].IsSubtypeOf(module.CanonicalTypes[0]));
        Assert.False(module.CanonicalTypes[0].IsSubtypeOf(module.CanonicalTypes[2]));
    }

    [Fact]
    public void Equivalent_recursive_groups_of_two_modules_are_one_canonical_type()
    {
        const string group = "(rec (type $f (func (param (ref $s)))) (type $s (struct (field (ref null $f)))))";
        var a = Compile($"(module {group})").Module;
        var b = Compile($"(module (type (func (param i32))) {group})").Module;
        Assert.Same(a.CanonicalTypes[0], b.CanonicalTypes[1]);
        Assert.Same(a.CanonicalTypes[1], b.CanonicalTypes[2]);
        // The same function type alone in its group is another type, and so is a group in another order.
        var alone = Compile("(module (type (func (param (ref any)))))").Module;
        var swapped = Compile("(module (rec (type $s (struct (field (ref null $f)))) (type $f (func (param (ref $s))))))").Module;
        Assert.NotSame(a.CanonicalTypes[0], swapped.CanonicalTypes[1]);
        Assert.NotSame(alone.CanonicalTypes[0], a.CanonicalTypes[0]);
    }

    [Fact]
    public void Call_indirect_accepts_a_declared_subtype_and_refuses_a_supertype()
    {
        var instance = _store.Instantiate(Compile("""
            (module
              (type $base (sub (func (result i32))))
              (type $derived (sub $base (func (result i32))))
              (func $b (type $base) (i32.const 1))
              (func $d (type $derived) (i32.const 2))
              (table funcref (elem $b $d))
              (func (export "as_base") (param i32) (result i32) (call_indirect (type $base) (local.get 0)))
              (func (export "as_derived") (param i32) (result i32) (call_indirect (type $derived) (local.get 0))))
            """));
        Assert.Equal(1, instance.GetFunction("as_base").Invoke(Value.I32(0))[0].AsI32());
        Assert.Equal(2, instance.GetFunction("as_base").Invoke(Value.I32(1))[0].AsI32());
        Assert.Equal(2, instance.GetFunction("as_derived").Invoke(Value.I32(1))[0].AsI32());
        var trap = Assert.Throws<TrapException>(() => instance.GetFunction("as_derived").Invoke(Value.I32(0)));
        Assert.Equal(TrapKind.IndirectCallTypeMismatch, trap.Kind);
    }

    [Fact]
    public void A_function_import_takes_a_subtype_of_its_type_and_not_a_supertype()
    {
        const string types = "(type $base (sub (func))) (type $derived (sub $base (func)))";
        var exporter = _store.Instantiate(Compile($"(module {types} (func (export \"base\") (type $base)) (func (export \"derived\") (type $derived)))"));
        var importsBase = Compile($"(module {types} (import \"m\" \"f\" (func (type $base))))");
        var importsDerived = Compile($"(module {types} (import \"m\" \"f\" (func (type $derived))))");
        _store.Instantiate(importsBase, new Imports().Define("m", "f", exporter.GetFunction("derived")));
        _store.Instantiate(importsDerived, new Imports().Define("m", "f", exporter.GetFunction("derived")));
        var e = Assert.Throws<LinkException>(() => _store.Instantiate(importsDerived, new Imports().Define("m", "f", exporter.GetFunction("base"))));
        Assert.StartsWith("incompatible import type", e.Message);
    }

    [Theory]
    [InlineData("(type $t (func)) (type (sub $t (func)))", "sub type 1 has final super type 0")]
    [InlineData("(type $t (sub (func))) (type (sub $t (func (param i32))))", "sub type 1 does not match super type 0")]
    [InlineData("(type $t (sub (struct (field (mut i32))))) (type (sub $t (struct (field i32))))", "sub type 1 does not match super type 0")]
    [InlineData("(type $t (sub (array i32))) (type (sub $t (struct)))", "sub type 1 does not match super type 0")]
    [InlineData("(type (sub 1 (func))) (type (sub (func)))", "unknown type 1")]
    [InlineData("(rec (type (func (param (ref 1))))) (rec (type (func)))", "unknown type 1")]
    [InlineData("(type $s (struct)) (func (type $s))", "not a function type")]
    [InlineData("(type $s (struct)) (func (block (type $s)))", "not a function type")]
    [InlineData("(type $s (struct)) (table 1 funcref) (func (call_indirect (type $s) (i32.const 0)))", "not a function type")]
    [InlineData("(type $s (struct)) (func (param (ref null $s)) (call_ref $s (local.get 0)))", "not a function type")]
    public void Invalid_type_definitions_are_refused(string fields, string message) =>
        Assert.Contains(message, Assert.Throws<InvalidModuleException>(() => Compile($"(module {fields})")).Message);

    [Fact]
    public void Subtypes_may_narrow_immutable_fields_and_add_fields()
    {
        var module = Compile("""
            (module
              (type $a (sub (struct (field (ref null func)))))
              (type $b (sub $a (struct (field (ref func)) (field (mut i64))))))
            """).Module;
        Assert.True(module.CanonicalTypes[1].IsSubtypeOf(module.CanonicalTypes[0]));
    }

    [Fact]
    public void The_2_0_feature_set_and_a_bad_mutability_byte_are_malformed()
    {
        Assert.Throws<MalformedModuleException>(() => WatParser.ParseModule("(module (type (struct)))", WasmFeatures.All with { Gc = false }));
        byte[] rec = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x4E, 0x01, 0x5F, 0x00];
        CompiledModule.FromBytes(rec);
        Assert.Throws<MalformedModuleException>(() => CompiledModule.FromBytes(rec, WasmFeatures.Wasm20));
        byte[] badMutability = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x5E, 0x78, 0x02];
        Assert.Contains("malformed mutability", Assert.Throws<MalformedModuleException>(() => CompiledModule.FromBytes(badMutability)).Message);
    }

    [Fact]
    public void The_AOT_compiler_refuses_gc_types_naming_the_feature()
    {
        var e = Assert.Throws<UnsupportedFeatureException>(() =>
            AotCompiler.Compile(WatParser.ParseModule("(module (type (struct (field i32))))"), new AotCompileOptions()));
        Assert.Contains("garbage collection types", e.Message);
    }
}
