namespace MicroWasm.Instructions;

/// <summary>What an atomic instruction of the threads proposal does.</summary>
public enum AtomicKind : byte
{
    Notify,
    Wait,
    Fence,
    Load,
    Store,
    /// <summary>Read-modify-write: <see cref="AtomicOperator.Rmw"/> says how the new value is made.</summary>
    Rmw,
    Cmpxchg,
}

/// <summary>The operation of a read-modify-write.</summary>
public enum AtomicRmwOp : byte
{
    None,
    Add,
    Sub,
    And,
    Or,
    Xor,
    Xchg,
}

/// <summary>
/// One atomic instruction (threads proposal, prefix 0xFE): its kind, value type and access width in bytes. Narrow
/// accesses zero-extend what they read. Every access that has a width must be aligned to it: validation requires the
/// memarg's alignment to be exactly the width, and execution traps "unaligned atomic" on an effective address that is not.
/// </summary>
public readonly record struct AtomicOperator(Opcode Opcode, string Mnemonic, AtomicKind Kind, ValueType Type, byte Width, AtomicRmwOp Rmw)
{
    /// <summary>The memarg's required alignment exponent (log2 of the width).</summary>
    public int AlignmentExponent => System.Numerics.BitOperations.Log2(Width);

    /// <summary>
    /// The operand types, in push order (the address first). The validator, the interpreter's translator and the AOT
    /// translator all take an instruction's shape from here.
    /// </summary>
    public ReadOnlySpan<ValueType> Operands => Kind switch
    {
        AtomicKind.Fence => [],
        AtomicKind.Load => [ValueType.I32],
        AtomicKind.Notify => [ValueType.I32, ValueType.I32],
        AtomicKind.Wait => Type == ValueType.I32 ? [ValueType.I32, ValueType.I32, ValueType.I64] : [ValueType.I32, ValueType.I64, ValueType.I64],
        AtomicKind.Cmpxchg => Type == ValueType.I32 ? [ValueType.I32, ValueType.I32, ValueType.I32] : [ValueType.I32, ValueType.I64, ValueType.I64],
        _ => Type == ValueType.I32 ? [ValueType.I32, ValueType.I32] : [ValueType.I32, ValueType.I64],
    };

    /// <summary>The type of the value left on the stack, if any: notify and wait give an i32 count or status.</summary>
    public ValueType? Result => Kind switch
    {
        AtomicKind.Fence or AtomicKind.Store => null,
        AtomicKind.Notify or AtomicKind.Wait => ValueType.I32,
        _ => Type,
    };
}

/// <summary>The table of atomic instructions, by sub-opcode; <see cref="InstructionTable"/> takes its entries from here.</summary>
public static class AtomicOperators
{
    public const int Prefix = 0xFE;

    private static readonly AtomicOperator?[] BySubOpcode = Build();

    /// <summary>Every atomic instruction, in opcode order.</summary>
    public static IEnumerable<AtomicOperator> All
    {
        get
        {
            foreach (var op in BySubOpcode)
                if (op is { } atomic) yield return atomic;
        }
    }

    public static bool IsAtomic(Opcode opcode) => ((int)opcode >> 16) == Prefix;

    public static bool TryGet(Opcode opcode, out AtomicOperator op)
    {
        int sub = (int)opcode & 0xFFFF;
        if (IsAtomic(opcode) && sub < BySubOpcode.Length && BySubOpcode[sub] is { } found)
        {
            op = found;
            return true;
        }
        op = default;
        return false;
    }

    public static AtomicOperator Get(Opcode opcode) =>
        TryGet(opcode, out var op) ? op : throw new ArgumentException($"not an atomic opcode: 0x{(int)opcode:x}", nameof(opcode));

    private static AtomicOperator?[] Build()
    {
        var table = new AtomicOperator?[0x4F];
        void Add(int sub, string mnemonic, AtomicKind kind, ValueType type, int width, AtomicRmwOp rmw = AtomicRmwOp.None) =>
            table[sub] = new AtomicOperator((Opcode)((Prefix << 16) | sub), mnemonic, kind, type, (byte)width, rmw);

        Add(0x00, "memory.atomic.notify", AtomicKind.Notify, ValueType.I32, 4);
        Add(0x01, "memory.atomic.wait32", AtomicKind.Wait, ValueType.I32, 4);
        Add(0x02, "memory.atomic.wait64", AtomicKind.Wait, ValueType.I64, 8);
        Add(0x03, "atomic.fence", AtomicKind.Fence, ValueType.I32, 0);

        // Loads (0x10-0x16), stores (0x17-0x1D) and each read-modify-write family (7 opcodes from 0x1E on) share one
        // order of shapes: i32 full, i64 full, i32 8-bit, i32 16-bit, i64 8-bit, i64 16-bit, i64 32-bit.
        (ValueType Type, int Width)[] shapes =
            [(ValueType.I32, 4), (ValueType.I64, 8), (ValueType.I32, 1), (ValueType.I32, 2), (ValueType.I64, 1), (ValueType.I64, 2), (ValueType.I64, 4)];
        static string Prefixed(ValueType type) => type == ValueType.I32 ? "i32" : "i64";
        static bool Full((ValueType Type, int Width) s) => s.Width == (s.Type == ValueType.I32 ? 4 : 8);
        for (int i = 0; i < shapes.Length; i++)
        {
            var s = shapes[i];
            string bits = Full(s) ? "" : (s.Width * 8).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Add(0x10 + i, $"{Prefixed(s.Type)}.atomic.load{(bits.Length > 0 ? bits + "_u" : "")}", AtomicKind.Load, s.Type, s.Width);
            Add(0x17 + i, $"{Prefixed(s.Type)}.atomic.store{bits}", AtomicKind.Store, s.Type, s.Width);
        }
        string[] names = ["add", "sub", "and", "or", "xor", "xchg", "cmpxchg"];
        for (int family = 0; family < names.Length; family++)
        {
            for (int i = 0; i < shapes.Length; i++)
            {
                var s = shapes[i];
                string bits = Full(s) ? "" : (s.Width * 8).ToString(System.Globalization.CultureInfo.InvariantCulture);
                string mnemonic = $"{Prefixed(s.Type)}.atomic.rmw{bits}.{names[family]}{(bits.Length > 0 ? "_u" : "")}";
                bool cmpxchg = family == names.Length - 1;
                Add(0x1E + 7 * family + i, mnemonic, cmpxchg ? AtomicKind.Cmpxchg : AtomicKind.Rmw, s.Type, s.Width,
                    cmpxchg ? AtomicRmwOp.None : (AtomicRmwOp)(family + 1));
            }
        }
        return table;
    }
}
