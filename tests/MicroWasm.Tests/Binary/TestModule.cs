using MicroWasm.Binary;

namespace MicroWasm.Tests.Binary;

/// <summary>
/// Builds small binary modules for tests: sections are added by kind and written in the spec's
/// order. Function bodies are raw instruction bytes (see <see cref="Op"/>) ending with <c>end</c>.
/// </summary>
internal sealed class TestModule
{
    private readonly List<byte[]> _types = [];
    private readonly List<byte[]> _imports = [];
    private readonly List<uint> _functions = [];
    private readonly List<byte[]> _bodies = [];
    private readonly List<byte[]> _tables = [];
    private readonly List<byte[]> _memories = [];
    private readonly List<byte[]> _globals = [];
    private readonly List<byte[]> _exports = [];
    private readonly List<byte[]> _elements = [];
    private readonly List<byte[]> _data = [];
    private readonly List<byte[]> _customs = [];
    private uint? _start;
    private uint? _dataCount;

    public TestModule Type(ValueType[] parameters, ValueType[] results)
    {
        _types.Add([0x60, .. Vec(parameters.Select(p => new[] { (byte)p })), .. Vec(results.Select(r => new[] { (byte)r }))]);
        return this;
    }

    public TestModule ImportFunction(string module, string name, uint typeIndex)
    {
        _imports.Add([.. Name(module), .. Name(name), 0x00, .. U32(typeIndex)]);
        return this;
    }

    public TestModule ImportGlobal(string module, string name, ValueType type, bool mutable)
    {
        _imports.Add([.. Name(module), .. Name(name), 0x03, (byte)type, (byte)(mutable ? 1 : 0)]);
        return this;
    }

    public TestModule ImportMemory(string module, string name, uint min, uint? max = null)
    {
        _imports.Add([.. Name(module), .. Name(name), 0x02, .. Limits(min, max)]);
        return this;
    }

    /// <summary>A function of type <paramref name="typeIndex"/>; <paramref name="code"/> includes the final <c>end</c>.</summary>
    public TestModule Function(uint typeIndex, byte[] code, params (uint Count, ValueType Type)[] locals)
    {
        _functions.Add(typeIndex);
        byte[] body = [.. Vec(locals.Select(l => (byte[])[.. U32(l.Count), (byte)l.Type])), .. code];
        _bodies.Add([.. U32((uint)body.Length), .. body]);
        return this;
    }

    public TestModule Table(ValueType elementType, uint min, uint? max = null)
    {
        _tables.Add([(byte)elementType, .. Limits(min, max)]);
        return this;
    }

    public TestModule Memory(uint min, uint? max = null)
    {
        _memories.Add(Limits(min, max));
        return this;
    }

    public TestModule Global(ValueType type, bool mutable, byte[] init)
    {
        _globals.Add([(byte)type, (byte)(mutable ? 1 : 0), .. init]);
        return this;
    }

    public TestModule Export(string name, ExternalKind kind, uint index)
    {
        _exports.Add([.. Name(name), (byte)kind, .. U32(index)]);
        return this;
    }

    public TestModule Start(uint functionIndex)
    {
        _start = functionIndex;
        return this;
    }

    /// <summary>An element segment, encoded by the caller (flags first).</summary>
    public TestModule Element(params byte[] encoded)
    {
        _elements.Add(encoded);
        return this;
    }

    /// <summary>A data segment, encoded by the caller (flags first).</summary>
    public TestModule Data(params byte[] encoded)
    {
        _data.Add(encoded);
        return this;
    }

    public TestModule DataCount(uint count)
    {
        _dataCount = count;
        return this;
    }

    public TestModule Custom(string name, params byte[] contents)
    {
        _customs.Add(Section(SectionId.Custom, [.. Name(name), .. contents]));
        return this;
    }

    public byte[] Build()
    {
        var bytes = new List<byte>(Header);
        void Add(SectionId id, List<byte[]> items)
        {
            if (items.Count > 0) bytes.AddRange(Section(id, Vec(items)));
        }
        Add(SectionId.Type, _types);
        Add(SectionId.Import, _imports);
        if (_functions.Count > 0) bytes.AddRange(Section(SectionId.Function, Vec(_functions.Select(U32))));
        Add(SectionId.Table, _tables);
        Add(SectionId.Memory, _memories);
        Add(SectionId.Global, _globals);
        Add(SectionId.Export, _exports);
        if (_start is { } start) bytes.AddRange(Section(SectionId.Start, U32(start)));
        Add(SectionId.Element, _elements);
        if (_dataCount is { } count) bytes.AddRange(Section(SectionId.DataCount, U32(count)));
        Add(SectionId.Code, _bodies);
        Add(SectionId.Data, _data);
        foreach (var custom in _customs) bytes.AddRange(custom);
        return [.. bytes];
    }

    public Module Decode() => ModuleDecoder.Decode(Build());

    // Encoding helpers (spec 5.1-5.2), usable on their own for hand-made byte arrays.

    public static readonly byte[] Header = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00];

    public static byte[] Section(SectionId id, byte[] contents) => [(byte)id, .. U32((uint)contents.Length), .. contents];

    public static byte[] Vec(IEnumerable<byte[]> items)
    {
        var list = items.ToList();
        return [.. U32((uint)list.Count), .. list.SelectMany(i => i)];
    }

    public static byte[] Name(string s)
    {
        var utf8 = System.Text.Encoding.UTF8.GetBytes(s);
        return [.. U32((uint)utf8.Length), .. utf8];
    }

    public static byte[] U32(uint value)
    {
        var bytes = new List<byte>();
        do
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value != 0 ? (byte)(b | 0x80) : b);
        } while (value != 0);
        return [.. bytes];
    }

    public static byte[] S32(int value) => S64(value);

    public static byte[] S64(long value)
    {
        var bytes = new List<byte>();
        while (true)
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            bool done = (value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0);
            bytes.Add(done ? b : (byte)(b | 0x80));
            if (done) return [.. bytes];
        }
    }

    public static byte[] Limits(uint min, uint? max) =>
        max is { } m ? [0x01, .. U32(min), .. U32(m)] : [0x00, .. U32(min)];

    public static byte[] Module(params byte[][] sections) => [.. Header, .. sections.SelectMany(s => s)];
}

/// <summary>Opcode bytes for hand-written test code (spec 5.4).</summary>
internal static class Op
{
    public const byte Unreachable = 0x00, Nop = 0x01, Block = 0x02, Loop = 0x03, If = 0x04, Else = 0x05, End = 0x0B;
    public const byte Br = 0x0C, BrIf = 0x0D, BrTable = 0x0E, Return = 0x0F, Call = 0x10, CallIndirect = 0x11;
    public const byte Drop = 0x1A, Select = 0x1B, SelectTyped = 0x1C;
    public const byte LocalGet = 0x20, LocalSet = 0x21, LocalTee = 0x22, GlobalGet = 0x23, GlobalSet = 0x24;
    public const byte TableGet = 0x25, TableSet = 0x26;
    public const byte I32Load = 0x28, I64Load = 0x29, I32Load8U = 0x2D, I32Store = 0x36, MemorySize = 0x3F, MemoryGrow = 0x40;
    public const byte I32Const = 0x41, I64Const = 0x42, F32Const = 0x43, F64Const = 0x44;
    public const byte I32Eqz = 0x45, I32Add = 0x6A, I64Add = 0x7C, F32Add = 0x92;
    public const byte RefNull = 0xD0, RefIsNull = 0xD1, RefFunc = 0xD2;
    public const byte Prefix = 0xFC, Simd = 0xFD;
    public const byte EmptyBlock = 0x40;
    public const byte FuncRef = 0x70, ExternRef = 0x6F;
}
