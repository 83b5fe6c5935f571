using System.Buffers.Binary;
using MicroWasm.Binary;
using MicroWasm.Interpreter;
using MicroWasm.Runtime;
using MicroWasm.Text;

namespace MicroWasm.Tests.Interpreter;

/// <summary>
/// Parses, decodes and validates a test module with the real pipeline, then instantiates it (spec 4.5.4)
/// by hand, so interpreter tests can hand any extern to any import and reach the interpreter's state.
/// </summary>
internal static class TestModuleLoader
{
    // ---- Instantiation (spec 4.5.4) ----

    public static ModuleInstance Instantiate(string wat, Store? store = null, IReadOnlyDictionary<(string, string), object>? imports = null)
    {
        var compiled = CompiledModule.FromBytes(WatParser.ParseModule(wat));
        var module = compiled.Module;
        store ??= new Store();
        var instance = new ModuleInstance(compiled, store);

        var functions = new List<FunctionInstance>();
        var tables = new List<TableInstance>();
        var memories = new List<MemoryInstance>();
        var globals = new List<GlobalInstance>();
        foreach (var import in module.Imports)
        {
            object? provided = null;
            if (imports is null || !imports.TryGetValue((import.ModuleName, import.Name), out provided))
                throw new LinkException($"unknown import {import.ModuleName}.{import.Name}");
            switch (provided)
            {
                case FunctionInstance f: functions.Add(f); break;
                case TableInstance t: tables.Add(t); break;
                case MemoryInstance m: memories.Add(m); break;
                case GlobalInstance g: globals.Add(g); break;
            }
        }
        for (int i = 0; i < module.FunctionTypeIndices.Length; i++)
            functions.Add(new WasmFunction(instance, functions.Count, i, module.Types[module.FunctionTypeIndices[i]]));
        instance.Functions = functions.ToArray();
        foreach (var t in module.Tables) tables.Add(new TableInstance(t));
        foreach (var m in module.Memories) memories.Add(new MemoryInstance(m));
        instance.Tables = tables.ToArray();
        instance.Memories = memories.ToArray();
        instance.SetGlobals(globals.ToArray());
        foreach (var g in module.Globals)
        {
            globals.Add(new GlobalInstance(store, g.Type, Evaluate(g.Init, instance, g.Type.ValueType)));
            instance.SetGlobals(globals.ToArray());
        }

        instance.ElementSegments = module.Elements.Select(e => e.FunctionIndices is { } indices
            ? indices.Select(i => (object?)instance.Functions[i]).ToArray()
            : e.Expressions!.Select(x => Evaluate(x, instance, e.ElementType).Reference).ToArray()).ToArray();
        instance.DataSegments = module.Data.Select(d => d.Data).ToArray();

        for (int i = 0; i < module.Elements.Length; i++)
        {
            var e = module.Elements[i];
            if (e.Mode == SegmentMode.Active)
            {
                int offset = Evaluate(e.Offset!.Value, instance, ValueType.I32).AsI32();
                var table = instance.Tables[e.TableIndex];
                var items = instance.ElementSegments[i];
                if ((ulong)(uint)offset + (ulong)items.Length > (ulong)table.Length) throw new TrapException(TrapKind.OutOfBoundsTableAccess);
                Array.Copy(items, 0, table.Elements, offset, items.Length);
            }
            if (e.Mode != SegmentMode.Passive) instance.ElementSegments[i] = [];
        }
        for (int i = 0; i < module.Data.Length; i++)
        {
            var d = module.Data[i];
            if (d.Mode != SegmentMode.Active) continue;
            int offset = Evaluate(d.Offset!.Value, instance, ValueType.I32).AsI32();
            d.Data.Span.CopyTo(instance.Memories[d.MemoryIndex].GetSpan((uint)offset, d.Data.Length));
            instance.DataSegments[i] = ReadOnlyMemory<byte>.Empty;
        }

        if (module.StartFunctionIndex is { } start) Executor.Invoke(instance.Functions[start], []);
        return instance;
    }

    private static Value Evaluate(ConstantExpression expression, ModuleInstance instance, ValueType type)
    {
        var bytes = expression.Code.Span;
        int pos = 1;
        return bytes[0] switch
        {
            0x41 => Value.I32(Leb128.ReadS32(bytes, ref pos)),
            0x42 => Value.I64(Leb128.ReadS64(bytes, ref pos)),
            0x43 => Value.F32FromBits(BinaryPrimitives.ReadUInt32LittleEndian(bytes[1..])),
            0x44 => Value.F64FromBits(BinaryPrimitives.ReadUInt64LittleEndian(bytes[1..])),
            0xD0 => type == ValueType.FuncRef ? Value.FuncRef(null) : Value.ExternRef(null),
            0xD2 => Value.FuncRef(instance.Functions[Leb128.ReadU32(bytes, ref pos)]),
            0x23 => instance.Globals[Leb128.ReadU32(bytes, ref pos)].Value,
            0xFD when bytes[1] == 0x0C => Value.V128(BinaryPrimitives.ReadUInt64LittleEndian(bytes[2..]), BinaryPrimitives.ReadUInt64LittleEndian(bytes[10..])),
            _ => throw new NotSupportedException("constant expression"),
        };
    }

    // ---- Calling exports ----

    public static FunctionInstance Export(this ModuleInstance instance, string name)
    {
        var export = instance.Module.Exports.Single(e => e.Name == name && e.Kind == ExternalKind.Function);
        return instance.Functions[export.Index];
    }

    public static Value[] Call(this ModuleInstance instance, string name, params Value[] arguments) =>
        Executor.Invoke(instance.Export(name), arguments);
}
