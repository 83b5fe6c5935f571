using System.Buffers.Binary;
using System.Text;
using MicroWasm.Binary;
using MicroWasm.Interpreter;
using MicroWasm.Runtime;

namespace MicroWasm.Tests.Interpreter;

/// <summary>
/// A test-only stand-in for the binary decoder and the runtime's instantiation, so the interpreter can be
/// tested on its own: it reads the binary modules the tests embed (valid ones, as wat2wasm writes them)
/// and instantiates them (spec 4.5.4) by hand. Replace with ModuleDecoder and the runtime API once merged.
/// </summary>
internal static class TestModuleLoader
{
    public static Module Decode(byte[] bytes)
    {
        int pos = 8;
        var types = new List<FuncType>();
        var imports = new List<Import>();
        var functions = new List<int>();
        var tables = new List<TableType>();
        var memories = new List<MemoryType>();
        var globals = new List<GlobalDefinition>();
        var exports = new List<Export>();
        var elements = new List<ElementSegment>();
        var codes = new List<FunctionBody>();
        var data = new List<DataSegment>();
        int? start = null;
        uint? dataCount = null;
        var memory = bytes.AsMemory();

        while (pos < bytes.Length)
        {
            byte id = bytes[pos++];
            uint size = U32(bytes, ref pos);
            int end = pos + (int)size;
            switch (id)
            {
                case 1:
                    for (uint n = U32(bytes, ref pos); n > 0; n--)
                    {
                        pos++; // 0x60
                        var p = ValueTypes(bytes, ref pos);
                        var r = ValueTypes(bytes, ref pos);
                        types.Add(new FuncType(p, r));
                    }
                    break;
                case 2:
                    for (uint n = U32(bytes, ref pos); n > 0; n--)
                    {
                        string module = Name(bytes, ref pos), name = Name(bytes, ref pos);
                        var kind = (ExternalKind)bytes[pos++];
                        imports.Add(kind switch
                        {
                            ExternalKind.Function => new Import(module, name, kind) { FunctionTypeIndex = (int)U32(bytes, ref pos) },
                            ExternalKind.Table => new Import(module, name, kind) { Table = TableTypeOf(bytes, ref pos) },
                            ExternalKind.Memory => new Import(module, name, kind) { Memory = new MemoryType(LimitsOf(bytes, ref pos)) },
                            _ => new Import(module, name, kind) { Global = new GlobalType((ValueType)bytes[pos++], bytes[pos++] == 1) },
                        });
                    }
                    break;
                case 3:
                    for (uint n = U32(bytes, ref pos); n > 0; n--) functions.Add((int)U32(bytes, ref pos));
                    break;
                case 4:
                    for (uint n = U32(bytes, ref pos); n > 0; n--) tables.Add(TableTypeOf(bytes, ref pos));
                    break;
                case 5:
                    for (uint n = U32(bytes, ref pos); n > 0; n--) memories.Add(new MemoryType(LimitsOf(bytes, ref pos)));
                    break;
                case 6:
                    for (uint n = U32(bytes, ref pos); n > 0; n--)
                    {
                        var type = new GlobalType((ValueType)bytes[pos++], bytes[pos++] == 1);
                        globals.Add(new GlobalDefinition(type, Expression(memory, ref pos)));
                    }
                    break;
                case 7:
                    for (uint n = U32(bytes, ref pos); n > 0; n--)
                    {
                        string name = Name(bytes, ref pos);
                        var kind = (ExternalKind)bytes[pos++];
                        exports.Add(new Export(name, kind, (int)U32(bytes, ref pos)));
                    }
                    break;
                case 8:
                    start = (int)U32(bytes, ref pos);
                    break;
                case 9:
                    for (uint n = U32(bytes, ref pos); n > 0; n--) elements.Add(Element(memory, ref pos));
                    break;
                case 10:
                    for (uint n = U32(bytes, ref pos); n > 0; n--)
                    {
                        uint bodySize = U32(bytes, ref pos);
                        int bodyEnd = pos + (int)bodySize;
                        var locals = new List<LocalDeclaration>();
                        for (uint k = U32(bytes, ref pos); k > 0; k--)
                            locals.Add(new LocalDeclaration(U32(bytes, ref pos), (ValueType)bytes[pos++]));
                        codes.Add(new FunctionBody(locals.ToArray(), memory[pos..bodyEnd], pos));
                        pos = bodyEnd;
                    }
                    break;
                case 11:
                    for (uint n = U32(bytes, ref pos); n > 0; n--)
                    {
                        uint flags = U32(bytes, ref pos);
                        int memoryIndex = flags == 2 ? (int)U32(bytes, ref pos) : 0;
                        ConstantExpression? offset = flags == 1 ? null : Expression(memory, ref pos);
                        uint length = U32(bytes, ref pos);
                        data.Add(new DataSegment
                        {
                            Mode = flags == 1 ? SegmentMode.Passive : SegmentMode.Active,
                            MemoryIndex = memoryIndex,
                            Offset = offset,
                            Data = memory.Slice(pos, (int)length),
                        });
                        pos += (int)length;
                    }
                    break;
                case 12:
                    dataCount = U32(bytes, ref pos);
                    break;
            }
            pos = end;
        }

        return new Module
        {
            Types = types.ToArray(),
            Imports = imports.ToArray(),
            FunctionTypeIndices = functions.ToArray(),
            Tables = tables.ToArray(),
            Memories = memories.ToArray(),
            Globals = globals.ToArray(),
            Exports = exports.ToArray(),
            StartFunctionIndex = start,
            Elements = elements.ToArray(),
            DataCount = dataCount,
            Codes = codes.ToArray(),
            Data = data.ToArray(),
        };
    }

    private static ElementSegment Element(ReadOnlyMemory<byte> memory, ref int pos)
    {
        var bytes = memory.Span;
        uint flags = U32(bytes, ref pos);
        bool passiveOrDeclarative = (flags & 1) != 0;
        bool explicitTable = (flags & 2) != 0;
        bool expressions = (flags & 4) != 0;
        int table = 0;
        ConstantExpression? offset = null;
        if (!passiveOrDeclarative)
        {
            if (explicitTable) table = (int)U32(bytes, ref pos);
            offset = Expression(memory, ref pos);
        }
        var type = ValueType.FuncRef;
        if (passiveOrDeclarative || explicitTable)
        {
            byte kindOrType = bytes[pos++];
            if (expressions) type = (ValueType)kindOrType;
        }
        uint count = U32(bytes, ref pos);
        var mode = !passiveOrDeclarative ? SegmentMode.Active : explicitTable ? SegmentMode.Declarative : SegmentMode.Passive;
        if (expressions)
        {
            var items = new ConstantExpression[count];
            for (int i = 0; i < count; i++) items[i] = Expression(memory, ref pos);
            return new ElementSegment { Mode = mode, ElementType = type, TableIndex = table, Offset = offset, Expressions = items };
        }
        var indices = new int[count];
        for (int i = 0; i < count; i++) indices[i] = (int)U32(bytes, ref pos);
        return new ElementSegment { Mode = mode, ElementType = type, TableIndex = table, Offset = offset, FunctionIndices = indices };
    }

    private static ConstantExpression Expression(ReadOnlyMemory<byte> memory, ref int pos)
    {
        int start = pos;
        var bytes = memory.Span;
        while (true)
        {
            byte op = bytes[pos++];
            switch (op)
            {
                case 0x0B: return new ConstantExpression(memory[start..pos], start);
                case 0x41: Leb128.ReadS32(bytes, ref pos); break;
                case 0x42: Leb128.ReadS64(bytes, ref pos); break;
                case 0x43: pos += 4; break;
                case 0x44: pos += 8; break;
                case 0xD0: pos++; break;
                case 0xD2: case 0x23: U32(bytes, ref pos); break;
                default: throw new NotSupportedException($"constant expression opcode 0x{op:x2}");
            }
        }
    }

    private static TableType TableTypeOf(ReadOnlySpan<byte> bytes, ref int pos)
    {
        var type = (ValueType)bytes[pos++];
        return new TableType(type, LimitsOf(bytes, ref pos));
    }

    private static Limits LimitsOf(ReadOnlySpan<byte> bytes, ref int pos)
    {
        byte flags = bytes[pos++];
        ulong min = U32(bytes, ref pos);
        ulong? max = (flags & 1) != 0 ? U32(bytes, ref pos) : null;
        return new Limits(min, max);
    }

    private static ValueType[] ValueTypes(ReadOnlySpan<byte> bytes, ref int pos)
    {
        var result = new ValueType[U32(bytes, ref pos)];
        for (int i = 0; i < result.Length; i++) result[i] = (ValueType)bytes[pos++];
        return result;
    }

    private static string Name(ReadOnlySpan<byte> bytes, ref int pos)
    {
        int length = (int)U32(bytes, ref pos);
        var s = Encoding.UTF8.GetString(bytes.Slice(pos, length));
        pos += length;
        return s;
    }

    private static uint U32(ReadOnlySpan<byte> bytes, ref int pos) => Leb128.ReadU32(bytes, ref pos);

    // ---- Instantiation (spec 4.5.4) ----

    public static ModuleInstance Instantiate(byte[] bytes, Store? store = null, IReadOnlyDictionary<(string, string), object>? imports = null)
    {
        var module = Decode(bytes);
        store ??= new Store();
        var instance = new ModuleInstance(new CompiledModule(module), store);

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
        instance.Globals = globals.ToArray();
        foreach (var g in module.Globals)
        {
            globals.Add(new GlobalInstance(store, g.Type, Evaluate(g.Init, instance, g.Type.ValueType)));
            instance.Globals = globals.ToArray();
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
