using MicroWasm.Runtime;

namespace MicroWasm.Wast;

/// <summary>
/// The <c>spectest</c> host module that the official scripts import (spec interpreter's README, "Spectest host
/// module"): print functions that do nothing visible, globals of each number type, a table and a memory.
/// </summary>
public static class SpecTestModule
{
    public const string Name = "spectest";

    /// <summary>Creates the module's exports in <paramref name="store"/> and defines them in <paramref name="imports"/>.</summary>
    public static void DefineIn(Imports imports, Store store)
    {
        static HostFunction Print(string name, params ValueType[] parameters) =>
            new(new FuncType(parameters, []), static (_, _) => { }, $"spectest.{name}");

        var exports = new Dictionary<string, Extern>
        {
            ["print"] = Print("print"),
            ["print_i32"] = Print("print_i32", ValueType.I32),
            ["print_i64"] = Print("print_i64", ValueType.I64),
            ["print_f32"] = Print("print_f32", ValueType.F32),
            ["print_f64"] = Print("print_f64", ValueType.F64),
            ["print_i32_f32"] = Print("print_i32_f32", ValueType.I32, ValueType.F32),
            ["print_f64_f64"] = Print("print_f64_f64", ValueType.F64, ValueType.F64),
            ["global_i32"] = store.CreateGlobal(new GlobalType(ValueType.I32, false), Value.I32(666)),
            ["global_i64"] = store.CreateGlobal(new GlobalType(ValueType.I64, false), Value.I64(666)),
            ["global_f32"] = store.CreateGlobal(new GlobalType(ValueType.F32, false), Value.F32(666.6f)),
            ["global_f64"] = store.CreateGlobal(new GlobalType(ValueType.F64, false), Value.F64(666.6)),
            ["table"] = store.CreateTable(new TableType(ValueType.FuncRef, new Limits(10, 20))),
            // WebAssembly 3.0's scripts import it (table64).
            ["table64"] = store.CreateTable(new TableType(ValueType.FuncRef, new Limits(10, 20), ValueType.I64)),
            ["memory"] = store.CreateMemory(new MemoryType(new Limits(1, 2))),
            // The threads proposal's scripts import it.
            ["shared_memory"] = store.CreateMemory(new MemoryType(new Limits(1, 2), Shared: true)),
        };
        foreach (var (name, value) in exports) imports.Define(Name, name, value);
    }
}
