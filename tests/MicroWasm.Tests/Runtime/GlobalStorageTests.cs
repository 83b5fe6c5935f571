using MicroWasm.Runtime;

namespace MicroWasm.Tests.Runtime;

/// <summary>A global's value lives at a fixed native address (<see cref="GlobalInstance.ValueAddress"/>) that the interpreter uses.</summary>
public unsafe class GlobalStorageTests
{
    private const string Wat = """
        (module
          (global $i (export "i") (mut i32) (i32.const 7))
          (global $l (export "l") (mut i64) (i64.const -1))
          (global $f (export "f") (mut f64) (f64.const 1.5))
          (global $v (export "v") (mut v128) (v128.const i64x2 1 2))
          (global $c (export "c") i32 (i32.const 99))
          (func (export "get_i") (result i32) (global.get $i))
          (func (export "set_i") (param i32) (global.set $i (local.get 0)))
          (func (export "get_l") (result i64) (global.get $l))
          (func (export "set_l") (param i64) (global.set $l (local.get 0)))
          (func (export "get_f") (result f64) (global.get $f))
          (func (export "get_v_hi") (result i64) (i64x2.extract_lane 1 (global.get $v)))
          (func (export "set_v") (param i64 i64) (global.set $v (i64x2.replace_lane 1 (i64x2.splat (local.get 0)) (local.get 1)))))
        """;

    private static ModuleInstance Instantiate(Store store, Imports? imports = null) =>
        store.Instantiate(CompiledModule.FromText(Wat), imports);

    [Fact]
    public void The_address_is_fixed_for_the_globals_lifetime()
    {
        using var store = new Store();
        var instance = Instantiate(store);
        var global = instance.GetGlobal("i");
        nint address = global.ValueAddress;
        Assert.NotEqual(0, address);
        Assert.Equal(0, address % 8);
        for (int i = 0; i < 5; i++)
        {
            _ = new byte[1 << 16];
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        }
        Assert.Equal(address, global.ValueAddress);
        Assert.Equal(7, *(int*)address);
        Assert.NotEqual(address, instance.GetGlobal("l").ValueAddress);
    }

    [Fact]
    public void Writes_through_the_address_are_seen_by_global_get()
    {
        using var store = new Store();
        var instance = Instantiate(store);
        *(int*)instance.GetGlobal("i").ValueAddress = -42;
        Assert.Equal(-42, instance.GetFunction("get_i").Invoke()[0].AsI32());
        Assert.Equal(Value.I32(-42), instance.GetGlobal("i").Value);

        *(long*)instance.GetGlobal("l").ValueAddress = long.MinValue + 3;
        Assert.Equal(long.MinValue + 3, instance.GetFunction("get_l").Invoke()[0].AsI64());

        *(double*)instance.GetGlobal("f").ValueAddress = -2.25;
        Assert.Equal(-2.25, instance.GetFunction("get_f").Invoke()[0].AsF64());

        var v = (ulong*)instance.GetGlobal("v").ValueAddress;
        Assert.Equal(1UL, v[0]);
        Assert.Equal(2UL, v[1]);
        v[1] = 0xDEAD_BEEF_0000_0001;
        Assert.Equal(unchecked((long)0xDEAD_BEEF_0000_0001), instance.GetFunction("get_v_hi").Invoke()[0].AsI64());
    }

    [Fact]
    public void Global_set_and_the_Value_property_write_the_address()
    {
        using var store = new Store();
        var instance = Instantiate(store);
        var i = instance.GetGlobal("i");
        instance.GetFunction("set_i").Invoke(Value.I32(123456));
        Assert.Equal(123456, *(int*)i.ValueAddress);
        Assert.Equal(0u, ((uint*)i.ValueAddress)[1]); // an i32 is zero-extended
        i.Value = Value.I32(-5);
        Assert.Equal(-5, *(int*)i.ValueAddress);

        instance.GetFunction("set_l").Invoke(Value.I64(-9));
        Assert.Equal(-9L, *(long*)instance.GetGlobal("l").ValueAddress);

        instance.GetFunction("set_v").Invoke(Value.I64(11), Value.I64(22));
        var v = (ulong*)instance.GetGlobal("v").ValueAddress;
        Assert.Equal(11UL, v[0]);
        Assert.Equal(22UL, v[1]);
        Assert.Equal(Value.V128(11, 22), instance.GetGlobal("v").Value);
    }

    [Fact]
    public void Constant_expressions_read_the_same_storage()
    {
        using var store = new Store();
        var c = store.CreateGlobal(new GlobalType(ValueType.I64, Mutable: false), Value.I64(5));
        *(long*)c.ValueAddress = 99;
        var instance = store.Instantiate(CompiledModule.FromText("""
            (module
              (import "env" "c" (global $c i64))
              (global (export "d") i64 (global.get $c)))
            """), new Imports().Define("env", "c", c));
        Assert.Equal(99L, *(long*)instance.GetGlobal("d").ValueAddress);
        Assert.Equal(Value.I64(99), instance.GetGlobal("d").Value);
    }

    [Fact]
    public void An_imported_global_shares_its_storage_with_the_exporter()
    {
        using var store = new Store();
        var global = store.CreateGlobal(new GlobalType(ValueType.I32, Mutable: true), Value.I32(1));
        var instance = store.Instantiate(CompiledModule.FromText("""
            (module
              (import "env" "g" (global $g (mut i32)))
              (export "g" (global $g))
              (func (export "get") (result i32) (global.get $g))
              (func (export "set") (param i32) (global.set $g (local.get 0))))
            """), new Imports().Define("env", "g", global));
        Assert.Equal(global.ValueAddress, instance.GetGlobal("g").ValueAddress);
        *(int*)global.ValueAddress = 77;
        Assert.Equal(77, instance.GetFunction("get").Invoke()[0].AsI32());
        instance.GetFunction("set").Invoke(Value.I32(88));
        Assert.Equal(Value.I32(88), global.Value);
    }
}
