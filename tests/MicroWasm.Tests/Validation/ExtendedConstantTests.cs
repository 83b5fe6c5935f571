using MicroWasm.Runtime;
using MicroWasm.Tests.Aot;
using MicroWasm.Text;

namespace MicroWasm.Tests.Validation;

/// <summary>
/// Extended constant expressions (WebAssembly 3.0): i32/i64 add, sub and mul and global.get of any earlier immutable
/// global in global initialisers and segment offsets; the 2.0 feature set refuses them as 2.0 does.
/// </summary>
public class ExtendedConstantTests
{
    private const string Module = """
        (module
          (import "env" "base" (global $base i32))
          (global $page i32 (i32.mul (i32.const 64) (i32.const 1024)))
          (global $start (export "start") i32 (i32.add (global.get $base) (i32.sub (global.get $page) (i32.const 65530))))
          (global $wide (export "wide") i64 (i64.mul (i64.const 0x1_0000_0000) (i64.add (i64.const 1) (i64.const 2))))
          (memory (export "memory") 1)
          (data (offset (i32.add (global.get $start) (i32.const 2))) "xy")
          (func (export "load") (param i32) (result i32) (i32.load16_u (local.get 0))))
        """;

    private static ModuleInstance Instantiate(CompiledModule module)
    {
        var store = new Store();
        var imports = new Imports().Define("env", "base", new GlobalInstance(store, new GlobalType(ValueType.I32, false), Value.I32(100)));
        return store.Instantiate(module, imports);
    }

    [Fact]
    public void Globals_and_data_offsets_are_computed_from_earlier_globals()
    {
        var instance = Instantiate(CompiledModule.FromBytes(WatParser.ParseModule(Module)));
        Assert.Equal(106, instance.GetGlobal("start").Value.AsI32()); // 100 + 65536 - 65530
        Assert.Equal(3L << 32, instance.GetGlobal("wide").Value.AsI64());
        Assert.Equal('x' | 'y' << 8, instance.GetFunction("load").Invoke(Value.I32(108))[0].AsI32());
    }

    [Fact]
    public void AOT_code_sees_the_same_globals_and_data()
    {
        var instance = Instantiate(AotTestModules.Load(Module));
        Assert.Equal(106, instance.GetGlobal("start").Value.AsI32());
        Assert.Equal('x' | 'y' << 8, instance.GetFunction("load").Invoke(Value.I32(108))[0].AsI32());
    }

    [Theory]
    [InlineData("(global i32 (i32.add (i32.const 1) (i32.const 2)))", "constant expression required")]
    [InlineData("(global $a i32 (i32.const 1)) (global i32 (global.get $a))", "unknown global 0")]
    public void The_2_0_feature_set_refuses_them(string fields, string message)
    {
        var bytes = WatParser.ParseModule($"(module {fields})");
        Assert.Contains(message, Assert.Throws<InvalidModuleException>(() => CompiledModule.FromBytes(bytes, WasmFeatures.Wasm20)).Message);
        Assert.NotNull(CompiledModule.FromBytes(bytes));
    }

    [Theory]
    [InlineData("(global i32 (global.get 1)) (global i32 (i32.const 0))", "unknown global 1")]
    [InlineData("(global i32 (global.get 0))", "unknown global 0")]
    [InlineData("(global $m (mut i32) (i32.const 0)) (global i32 (global.get $m))", "constant expression required")]
    [InlineData("(global i32 (i32.div_s (i32.const 1) (i32.const 1)))", "constant expression required")]
    [InlineData("(global i64 (i64.add (i32.const 1) (i64.const 1)))", "type mismatch")]
    public void Later_own_or_mutable_globals_and_other_operators_stay_invalid(string fields, string message)
    {
        var bytes = WatParser.ParseModule($"(module {fields})");
        Assert.Contains(message, Assert.Throws<InvalidModuleException>(() => CompiledModule.FromBytes(bytes)).Message);
    }
}
