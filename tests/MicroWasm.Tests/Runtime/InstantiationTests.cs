using MicroWasm.Runtime;
using static MicroWasm.Tests.Runtime.TestModules;

namespace MicroWasm.Tests.Runtime;

/// <summary>Instantiation (spec 4.5.4): allocation, segment initialisation in order, the start function.</summary>
public class InstantiationTests
{
    private static readonly FuncType Nullary = FuncType.Empty;

    [Fact]
    public void Active_element_segments_fill_tables_and_are_dropped()
    {
        using var store = new Store();
        var instance = store.Instantiate(Compile(new Module
        {
            Types = [Nullary],
            FunctionTypeIndices = [0, 0],
            Codes = EmptyBodies(2),
            Tables = [FuncTable(4)],
            Elements = [ActiveElements(0, 1, 1, 0)],
            Exports = [new Export("t", ExternalKind.Table, 0), new Export("f0", ExternalKind.Function, 0), new Export("f1", ExternalKind.Function, 1)],
        }));

        var table = instance.GetTable("t");
        Assert.True(table.GetValue(0).IsNullReference);
        Assert.Same(instance.GetFunction("f1"), table.GetValue(1).Reference);
        Assert.Same(instance.GetFunction("f0"), table.GetValue(2).Reference);
        Assert.True(table.GetValue(3).IsNullReference);
        Assert.Empty(instance.ElementSegments[0]);
    }

    [Fact]
    public void Passive_element_segments_are_kept_and_declarative_ones_dropped()
    {
        using var store = new Store();
        var instance = store.Instantiate(Compile(new Module
        {
            Types = [Nullary],
            FunctionTypeIndices = [0],
            Codes = EmptyBodies(1),
            Elements =
            [
                new ElementSegment { Mode = SegmentMode.Passive, ElementType = ValueType.FuncRef, Expressions = [Expr(RefFunc(0)), Expr(RefNull(ValueType.FuncRef))] },
                new ElementSegment { Mode = SegmentMode.Declarative, ElementType = ValueType.FuncRef, FunctionIndices = [0] },
                new ElementSegment { Mode = SegmentMode.Passive, ElementType = ValueType.ExternRef, Expressions = [Expr(RefNull(ValueType.ExternRef))] },
            ],
        }));

        Assert.Equal([instance.Functions[0], null], instance.ElementSegments[0]);
        Assert.Empty(instance.ElementSegments[1]);
        Assert.Equal([null], instance.ElementSegments[2]);
    }

    [Fact]
    public void Active_data_segments_fill_memory_and_are_dropped_while_passive_ones_are_kept()
    {
        using var store = new Store();
        var instance = store.Instantiate(Compile(new Module
        {
            Memories = [Memory(1)],
            Data =
            [
                ActiveData(8, 1, 2, 3),
                new DataSegment { Mode = SegmentMode.Passive, Data = new byte[] { 9, 9 } },
                ActiveData(9, 7), // later segments overwrite earlier ones
            ],
            Exports = [new Export("m", ExternalKind.Memory, 0)],
        }));

        Assert.Equal(new byte[] { 0, 1, 7, 3, 0 }, instance.GetMemory("m").GetSpan(7, 5).ToArray());
        Assert.True(instance.DataSegments[0].IsEmpty);
        Assert.Equal(new byte[] { 9, 9 }, instance.DataSegments[1].ToArray());
        Assert.True(instance.DataSegments[2].IsEmpty);
    }

    [Fact]
    public void A_segment_may_end_exactly_at_the_end_of_its_table_or_memory()
    {
        using var store = new Store();
        store.Instantiate(Compile(new Module
        {
            Types = [Nullary],
            FunctionTypeIndices = [0],
            Codes = EmptyBodies(1),
            Tables = [FuncTable(2)],
            Memories = [Memory(1)],
            Elements = [ActiveElements(0, 1, 0), ActiveElements(0, 2)],
            Data = [ActiveData(MemoryType.PageSize - 2, 1, 2), ActiveData(MemoryType.PageSize)],
        }));
    }

    public static TheoryData<string, Module, TrapKind> OutOfBoundsSegments => new()
    {
        { "elements past the end", new Module { Types = [Nullary], FunctionTypeIndices = [0], Codes = EmptyBodies(1), Tables = [FuncTable(2)], Elements = [ActiveElements(0, 1, 0, 0)] }, TrapKind.OutOfBoundsTableAccess },
        { "empty elements beyond the end", new Module { Tables = [FuncTable(2)], Elements = [ActiveElements(0, 3)] }, TrapKind.OutOfBoundsTableAccess },
        { "elements at a negative (huge) offset", new Module { Types = [Nullary], FunctionTypeIndices = [0], Codes = EmptyBodies(1), Tables = [FuncTable(2)], Elements = [ActiveElements(0, -1, 0)] }, TrapKind.OutOfBoundsTableAccess },
        { "data past the end", new Module { Memories = [Memory(1)], Data = [ActiveData(MemoryType.PageSize - 1, 1, 2)] }, TrapKind.OutOfBoundsMemoryAccess },
        { "empty data beyond the end", new Module { Memories = [Memory(0)], Data = [ActiveData(1)] }, TrapKind.OutOfBoundsMemoryAccess },
        { "data at a negative (huge) offset", new Module { Memories = [Memory(1)], Data = [ActiveData(-1, 1)] }, TrapKind.OutOfBoundsMemoryAccess },
    };

    [Theory]
    [MemberData(nameof(OutOfBoundsSegments))]
    public void An_out_of_bounds_segment_traps_and_fails_instantiation(string _, Module module, TrapKind kind)
    {
        using var store = new Store();
        Assert.Equal(kind, Assert.Throws<TrapException>(() => store.Instantiate(Compile(module))).Kind);
    }

    [Fact]
    public void A_trapping_segment_keeps_the_effects_of_earlier_segments_on_imported_tables_and_memories()
    {
        using var store = new Store();
        var table = store.CreateTable(FuncTable(2));
        var memory = store.CreateMemory(Memory(1));
        var module = Compile(new Module
        {
            Types = [Nullary],
            Imports = [TableImport("env", "t", FuncTable(2)), MemoryImport("env", "m", Memory(1))],
            FunctionTypeIndices = [0],
            Codes = EmptyBodies(1),
            Elements = [ActiveElements(0, 0, 0), ActiveElements(0, 1, 0, 0), ActiveElements(0, 1, 0)],
            Data = [ActiveData(0, 42)],
        });

        var trap = Assert.Throws<TrapException>(() => store.Instantiate(module, new Imports().Define("env", "t", table).Define("env", "m", memory)));

        Assert.Equal(TrapKind.OutOfBoundsTableAccess, trap.Kind);
        Assert.IsType<WasmFunction>(table.GetValue(0).Reference);   // the first segment was applied,
        Assert.True(table.GetValue(1).IsNullReference);             // the trapping one wrote nothing, the third never ran,
        Assert.Equal(0, memory.Read<byte>(0));                      // and element traps stop before any data segment.
    }

    [Fact]
    public void A_trapping_data_segment_keeps_earlier_data_segments()
    {
        using var store = new Store();
        var memory = store.CreateMemory(Memory(1));
        var module = Compile(new Module
        {
            Imports = [MemoryImport("env", "m", Memory(1))],
            Data = [ActiveData(0, 1), ActiveData(MemoryType.PageSize, 2), ActiveData(1, 3)],
        });

        Assert.Throws<TrapException>(() => store.Instantiate(module, new Imports().Define("env", "m", memory)));
        Assert.Equal(new byte[] { 1, 0 }, memory.GetSpan(0, 2).ToArray());
    }

    [Fact]
    public void The_start_function_runs_last_after_all_segments()
    {
        using var store = new Store();
        var memory = store.CreateMemory(Memory(1));
        var table = store.CreateTable(FuncTable(1));
        byte seenInMemory = 0;
        object? seenInTable = null;
        var start = HostFunction.Wrap(() => { seenInMemory = memory.Read<byte>(5); seenInTable = table.Get(0); });
        var module = Compile(new Module
        {
            Types = [Nullary],
            Imports = [FunctionImport("env", "start", 0), MemoryImport("env", "m", Memory(1)), TableImport("env", "t", FuncTable(1))],
            StartFunctionIndex = 0,
            Elements = [ActiveElements(0, 0, 0)],
            Data = [ActiveData(5, 99)],
        });

        store.Instantiate(module, new Imports().Define("env", "start", start).Define("env", "m", memory).Define("env", "t", table));

        Assert.Equal(99, seenInMemory);
        Assert.Same(start, seenInTable);
    }

    [Fact]
    public void A_trap_in_the_start_function_fails_instantiation_with_that_trap()
    {
        using var store = new Store();
        var module = Compile(new Module
        {
            Types = [Nullary],
            Imports = [FunctionImport("env", "start", 0)],
            StartFunctionIndex = 0,
        });
        var imports = new Imports().DefineFunction("env", "start", () => throw new TrapException(TrapKind.Unreachable));
        Assert.Equal(TrapKind.Unreachable, Assert.Throws<TrapException>(() => store.Instantiate(module, imports)).Kind);
    }

    [Fact]
    public void Globals_are_initialised_from_constant_expressions_of_every_kind()
    {
        using var store = new Store();
        var imported = store.CreateGlobal(new GlobalType(ValueType.I64, false), Value.I64(-5));
        GlobalDefinition Global(ValueType type, ConstantExpression init) => new(new GlobalType(type, false), init);
        var instance = store.Instantiate(Compile(new Module
        {
            Types = [Nullary],
            Imports = [GlobalImport("env", "g", new GlobalType(ValueType.I64, false))],
            FunctionTypeIndices = [0],
            Codes = EmptyBodies(1),
            Globals =
            [
                Global(ValueType.I32, I32(-123456)),
                Global(ValueType.I64, Expr(I64Const(long.MinValue))),
                Global(ValueType.F32, Expr(F32Const(2.5f))),
                Global(ValueType.F64, Expr(F64Const(-1e300))),
                Global(ValueType.V128, Expr(V128Const(0x1122334455667788, 0x99AABBCCDDEEFF00))),
                Global(ValueType.FuncRef, Expr(RefNull(ValueType.FuncRef))),
                Global(ValueType.ExternRef, Expr(RefNull(ValueType.ExternRef))),
                Global(ValueType.FuncRef, Expr(RefFunc(0))),
                Global(ValueType.I64, Expr(GlobalGet(0))),
                // Extended constant expressions (3.0): (i32.const 7) (i32.const 3) i32.sub (i32.const 6) i32.mul, and i64.add with a global.
                Global(ValueType.I32, Expr([.. I32Const(7), .. I32Const(3), 0x6B, .. I32Const(6), 0x6C])),
                Global(ValueType.I64, Expr([.. GlobalGet(0), .. I64Const(long.MaxValue), 0x7C])),
            ],
        }), new Imports().Define("env", "g", imported));

        var values = instance.Globals.Select(g => g.Value).ToArray();
        Assert.Equal(
            [
                Value.I64(-5), Value.I32(-123456), Value.I64(long.MinValue), Value.F32(2.5f), Value.F64(-1e300),
                Value.V128(0x1122334455667788, 0x99AABBCCDDEEFF00), Value.FuncRef(null), Value.ExternRef(null),
                Value.FuncRef(instance.Functions[0]), Value.I64(-5), Value.I32(24), Value.I64(unchecked(long.MaxValue - 5)),
            ],
            values);
    }

    [Fact]
    public void Segment_offsets_may_read_imported_globals()
    {
        using var store = new Store();
        var offset = store.CreateGlobal(new GlobalType(ValueType.I32, false), Value.I32(3));
        var instance = store.Instantiate(Compile(new Module
        {
            Imports = [GlobalImport("env", "off", new GlobalType(ValueType.I32, false))],
            Memories = [Memory(1)],
            Data = [new DataSegment { Mode = SegmentMode.Active, Offset = Expr(GlobalGet(0)), Data = new byte[] { 5 } }],
            Exports = [new Export("m", ExternalKind.Memory, 0)],
        }), new Imports().Define("env", "off", offset));
        Assert.Equal(5, instance.GetMemory("m").Read<byte>(3));
    }

    [Fact]
    public void Each_instantiation_makes_fresh_memories_tables_and_globals()
    {
        using var store = new Store();
        var module = Compile(new Module
        {
            Memories = [Memory(1)],
            Globals = [new GlobalDefinition(new GlobalType(ValueType.I32, true), I32(1))],
            Data = [ActiveData(0, 1)],
            Exports = [new Export("m", ExternalKind.Memory, 0), new Export("g", ExternalKind.Global, 0)],
        });
        var first = store.Instantiate(module);
        first.GetMemory("m").Write(0, (byte)77);
        first.GetGlobal("g").Value = Value.I32(2);

        var second = store.Instantiate(module);

        Assert.NotSame(first.GetMemory("m"), second.GetMemory("m"));
        Assert.Equal(1, second.GetMemory("m").Read<byte>(0));
        Assert.Equal(1, second.GetGlobal("g").Value.AsI32());
    }

    [Fact]
    public void Memories_are_capped_by_the_store_options()
    {
        using var store = new Store(new RuntimeOptions { MaxMemoryPages = 2 });
        Assert.Throws<ResourceExhaustedException>(() => store.Instantiate(Compile(new Module { Memories = [Memory(3)] })));
        var instance = store.Instantiate(Compile(new Module { Memories = [Memory(1)], Exports = [new Export("m", ExternalKind.Memory, 0)] }));
        Assert.Equal(2UL, instance.GetMemory("m").MaxPages);
    }
}
