using MicroWasm.Runtime;
using static MicroWasm.Tests.Runtime.TestModules;

namespace MicroWasm.Tests.Runtime;

/// <summary>Import resolution and matching (spec 4.5.2, 4.5.4 steps 2-3).</summary>
public class LinkingTests
{
    private static readonly FuncType I32ToI32 = new([ValueType.I32], [ValueType.I32]);

    /// <summary>A module importing one extern of the given type as "env" "x".</summary>
    private static CompiledModule Importing(ExternType type) => Compile(new Module
    {
        Types = [type.Function ?? FuncType.Empty],
        Imports =
        [
            type.Kind switch
            {
                ExternalKind.Function => FunctionImport("env", "x", 0),
                ExternalKind.Table => TableImport("env", "x", type.Table!),
                ExternalKind.Memory => MemoryImport("env", "x", type.Memory!),
                _ => GlobalImport("env", "x", type.Global!),
            },
        ],
    });

    private static Extern Make(Store store, ExternType type) => type.Kind switch
    {
        ExternalKind.Function => new HostFunction(type.Function!, (_, _) => { }),
        ExternalKind.Table => store.CreateTable(type.Table!),
        ExternalKind.Memory => store.CreateMemory(type.Memory!),
        _ => store.CreateGlobal(type.Global!, Value.Default(type.Global!.ValueType)),
    };

    // (what the module imports, what the embedder gives, whether it links)
    public static TheoryData<string, ExternType, ExternType, bool> Cases => new()
    {
        { "same function type", ExternType.Of(I32ToI32), ExternType.Of(I32ToI32), true },
        { "other parameters", ExternType.Of(I32ToI32), ExternType.Of(new FuncType([ValueType.I64], [ValueType.I32])), false },
        { "other results", ExternType.Of(I32ToI32), ExternType.Of(new FuncType([ValueType.I32], [])), false },
        { "table, same limits", ExternType.Of(FuncTable(1, 2)), ExternType.Of(FuncTable(1, 2)), true },
        { "table, larger minimum, smaller maximum", ExternType.Of(FuncTable(1, 5)), ExternType.Of(FuncTable(2, 4)), true },
        { "table, maximum where none is required", ExternType.Of(FuncTable(1)), ExternType.Of(FuncTable(1, 4)), true },
        { "table, smaller minimum", ExternType.Of(FuncTable(2)), ExternType.Of(FuncTable(1)), false },
        { "table, no maximum where one is required", ExternType.Of(FuncTable(1, 4)), ExternType.Of(FuncTable(1)), false },
        { "table, larger maximum", ExternType.Of(FuncTable(1, 4)), ExternType.Of(FuncTable(1, 5)), false },
        { "table, other element type", ExternType.Of(FuncTable(1)), ExternType.Of(new TableType(ValueType.ExternRef, new Limits(1, null))), false },
        { "memory, same limits", ExternType.Of(Memory(1, 2)), ExternType.Of(Memory(1, 2)), true },
        { "memory, larger minimum, smaller maximum", ExternType.Of(Memory(1, 5)), ExternType.Of(Memory(2, 3)), true },
        { "memory, smaller minimum", ExternType.Of(Memory(2)), ExternType.Of(Memory(1)), false },
        { "memory, no maximum where one is required", ExternType.Of(Memory(0, 1)), ExternType.Of(Memory(0)), false },
        { "memory, larger maximum", ExternType.Of(Memory(0, 1)), ExternType.Of(Memory(0, 2)), false },
        { "global, same type", ExternType.Of(new GlobalType(ValueType.I32, false)), ExternType.Of(new GlobalType(ValueType.I32, false)), true },
        { "global, mutable where immutable is required", ExternType.Of(new GlobalType(ValueType.I32, false)), ExternType.Of(new GlobalType(ValueType.I32, true)), false },
        { "global, immutable where mutable is required", ExternType.Of(new GlobalType(ValueType.I32, true)), ExternType.Of(new GlobalType(ValueType.I32, false)), false },
        { "global, other value type", ExternType.Of(new GlobalType(ValueType.I64, false)), ExternType.Of(new GlobalType(ValueType.F64, false)), false },
        { "function where a global is required", ExternType.Of(new GlobalType(ValueType.I32, false)), ExternType.Of(I32ToI32), false },
        { "memory where a table is required", ExternType.Of(FuncTable(0)), ExternType.Of(Memory(0)), false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void An_import_links_only_to_an_extern_of_a_matching_type(string _, ExternType imported, ExternType given, bool links)
    {
        using var store = new Store();
        var module = Importing(imported);
        var imports = new Imports().Define("env", "x", Make(store, given));
        if (links)
        {
            store.Instantiate(module, imports);
        }
        else
        {
            var e = Assert.Throws<LinkException>(() => store.Instantiate(module, imports));
            Assert.StartsWith("incompatible import type", e.Message);
        }
    }

    [Fact]
    public void An_import_with_no_definition_is_an_unknown_import()
    {
        using var store = new Store();
        var module = Importing(ExternType.Of(I32ToI32));
        var imports = new Imports().DefineFunction("env", "y", (int x) => x).DefineFunction("other", "x", (int x) => x);
        var e = Assert.Throws<LinkException>(() => store.Instantiate(module, imports));
        Assert.StartsWith("unknown import", e.Message);
    }

    [Fact]
    public void Imports_are_checked_in_order_so_the_first_bad_one_is_reported()
    {
        using var store = new Store();
        var module = Compile(new Module
        {
            Types = [FuncType.Empty],
            Imports = [FunctionImport("env", "wrong", 0), FunctionImport("env", "missing", 0)],
        });
        var imports = new Imports().DefineFunction("env", "wrong", (int x) => { });
        Assert.StartsWith("incompatible import type", Assert.Throws<LinkException>(() => store.Instantiate(module, imports)).Message);
    }

    [Fact]
    public void A_table_or_memory_grown_since_creation_links_by_its_current_size()
    {
        using var store = new Store();
        var memory = store.CreateMemory(Memory(1, 4));
        var needsTwoPages = Importing(ExternType.Of(Memory(2, 4)));
        Assert.Throws<LinkException>(() => store.Instantiate(needsTwoPages, new Imports().Define("env", "x", memory)));
        memory.Grow(1);
        store.Instantiate(needsTwoPages, new Imports().Define("env", "x", memory));
    }

    [Fact]
    public void Globals_of_another_store_are_rejected()
    {
        using var store = new Store();
        using var other = new Store();
        var type = new GlobalType(ValueType.I32, false);
        var e = Assert.Throws<LinkException>(() =>
            store.Instantiate(Importing(ExternType.Of(type)), new Imports().Define("env", "x", other.CreateGlobal(type, Value.I32(1)))));
        Assert.Contains("another store", e.Message);
    }

    [Fact]
    public void Host_functions_and_standalone_memories_link_into_any_store()
    {
        var function = HostFunction.Wrap((int x) => x + 1);
        using var memory = new MemoryInstance(Memory(1));
        foreach (var _ in new[] { 1, 2 })
        {
            using var store = new Store();
            store.Instantiate(Importing(ExternType.Of(I32ToI32)), new Imports().Define("env", "x", function));
            store.Instantiate(Importing(ExternType.Of(Memory(1))), new Imports().Define("env", "x", memory));
        }
    }

    [Fact]
    public void Externs_given_by_position_must_be_one_per_import()
    {
        using var store = new Store();
        var module = Importing(ExternType.Of(I32ToI32));
        Assert.Throws<LinkException>(() => store.Instantiate(module, ReadOnlySpan<Extern>.Empty));
        var instance = store.Instantiate(module, [HostFunction.Wrap((int x) => x)]);
        Assert.NotNull(instance);
    }

    [Fact]
    public void A_registered_instance_provides_its_exports_under_a_module_name()
    {
        using var store = new Store();
        var exporter = store.Instantiate(Compile(new Module
        {
            Memories = [Memory(1)],
            Globals = [new GlobalDefinition(new GlobalType(ValueType.I32, false), I32(42))],
            Exports = [new Export("mem", ExternalKind.Memory, 0), new Export("answer", ExternalKind.Global, 0)],
        }));
        var importer = Compile(new Module
        {
            Imports = [MemoryImport("lib", "mem", Memory(1)), GlobalImport("lib", "answer", new GlobalType(ValueType.I32, false))],
            Exports = [new Export("m", ExternalKind.Memory, 0), new Export("g", ExternalKind.Global, 0)],
        });

        var instance = store.Instantiate(importer, new Imports().DefineInstance("lib", exporter));

        Assert.Same(exporter.GetMemory("mem"), instance.GetMemory("m"));
        Assert.Equal(42, instance.GetGlobal("g").Value.AsI32());
    }
}
