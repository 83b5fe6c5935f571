using MicroWasm.Runtime;

namespace MicroWasm.Tests.Runtime;

/// <summary>
/// Hand-built modules and constant expressions for runtime tests, so they do not depend on the text parser.
/// The byte helpers give instruction encodings (spec 5.4) without the final <c>end</c>; <see cref="Expr"/> adds it.
/// </summary>
internal static class TestModules
{
    public static byte[] I32Const(int value) => [0x41, .. SignedLeb(value)];
    public static byte[] I64Const(long value) => [0x42, .. SignedLeb(value)];
    public static byte[] F32Const(float value) => [0x43, .. BitConverter.GetBytes(value)];
    public static byte[] F64Const(double value) => [0x44, .. BitConverter.GetBytes(value)];
    public static byte[] V128Const(ulong low, ulong high) => [0xFD, 0x0C, .. BitConverter.GetBytes(low), .. BitConverter.GetBytes(high)];
    public static byte[] RefNull(ValueType type) => [0xD0, (byte)type];
    public static byte[] RefFunc(int index) => [0xD2, .. UnsignedLeb((uint)index)];
    public static byte[] GlobalGet(int index) => [0x23, .. UnsignedLeb((uint)index)];

    /// <summary>A constant expression of the given instructions, with the final <c>end</c>.</summary>
    public static ConstantExpression Expr(params byte[] code) => new(code.Append((byte)0x0B).ToArray(), 0);

    public static ConstantExpression I32(int value) => Expr(I32Const(value));

    public static CompiledModule Compile(Module module) => new(module);

    /// <summary>Bodies for <paramref name="count"/> defined functions; they are never run by these tests.</summary>
    public static FunctionBody[] EmptyBodies(int count) =>
        Enumerable.Range(0, count).Select(_ => new FunctionBody([], new byte[] { 0x0B }, 0)).ToArray();

    public static Import FunctionImport(string module, string name, int typeIndex) =>
        new(module, name, ExternalKind.Function) { FunctionTypeIndex = typeIndex };

    public static Import TableImport(string module, string name, TableType type) =>
        new(module, name, ExternalKind.Table) { Table = type };

    public static Import MemoryImport(string module, string name, MemoryType type) =>
        new(module, name, ExternalKind.Memory) { Memory = type };

    public static Import GlobalImport(string module, string name, GlobalType type) =>
        new(module, name, ExternalKind.Global) { Global = type };

    public static MemoryType Memory(ulong min, ulong? max = null) => new(new Limits(min, max));
    public static TableType FuncTable(ulong min, ulong? max = null) => new(ValueType.FuncRef, new Limits(min, max));

    public static ElementSegment ActiveElements(int tableIndex, int offset, params int[] functions) => new()
    {
        Mode = SegmentMode.Active,
        ElementType = ValueType.FuncRef,
        TableIndex = tableIndex,
        Offset = I32(offset),
        FunctionIndices = functions,
    };

    public static DataSegment ActiveData(int offset, params byte[] bytes) => new()
    {
        Mode = SegmentMode.Active,
        Offset = I32(offset),
        Data = bytes,
    };

    private static byte[] SignedLeb(long value)
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

    private static byte[] UnsignedLeb(uint value)
    {
        var bytes = new List<byte>();
        do
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        } while (value != 0);
        return [.. bytes];
    }
}
