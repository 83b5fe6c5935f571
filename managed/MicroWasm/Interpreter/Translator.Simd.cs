using System.Buffers.Binary;
using MicroWasm.Instructions;

namespace MicroWasm.Interpreter;

/// <summary>
/// Translation of the 128-bit SIMD instructions (spec 4.4.3, binary encoding 5.4.8). A v128 takes two
/// consecutive slots, so every operand and result below names the first one. Each instruction becomes
/// <see cref="Op.SimdBase"/> + its sub-opcode, with the operand layouts of <see cref="SimdLength"/>:
/// <list type="bullet">
/// <item>unary, splat, any_true/all_true/bitmask: [dst, a]; binary, comparisons, shifts (b is the i32 count): [dst, a, b];
///   bitselect and the three-operand relaxed instructions: [dst, a, b, c];</item>
/// <item>loads (full, extend, splat, zero): [dst, addr, offset, addend]; store: [addr, value, offset, addend], as the
///   scalar accesses; load lane: [dst, addr, offset, addend, vector, lane]; store lane: [addr, vector, offset, addend, lane];</item>
/// <item>v128.const: [dst, four 32-bit words, little-endian]; shuffle: [dst, a, b, the 16 lane indices in four words];
///   extract lane: [dst, a, lane]; replace lane: [dst, a, scalar, lane].</item>
/// </list>
/// </summary>
internal sealed partial class Translator
{
    private static bool IsSimd(Opcode op) => ((int)op >> 16) == 0xFD;

    /// <summary>How many words a SIMD instruction takes, the op included, by sub-opcode.</summary>
    internal static int SimdLength(int sub) => sub switch
    {
        <= 0x0B or 0x5C or 0x5D => 5,
        0x0C => 6,
        0x0D => 8,
        0x15 or 0x16 or 0x18 or 0x19 or 0x1B or 0x1D or 0x1F or 0x21 => 4,
        0x17 or 0x1A or 0x1C or 0x1E or 0x20 or 0x22 or 0x52 or (>= 0x105 and <= 0x10C) or 0x113 => 5,
        >= 0x54 and <= 0x57 => 7,
        >= 0x58 and <= 0x5B => 6,
        _ => IsSimdUnary(sub) ? 3 : 4,
    };

    /// <summary>One operand in, one result out (the v128 unary operators, splats, tests and bitmasks).</summary>
    private static bool IsSimdUnary(int sub) => sub is (>= 0x0F and <= 0x14) or 0x4D or 0x53 or 0x5E or 0x5F or (>= 0x101 and <= 0x104)
        or (>= 0x60 and <= 0x64) or (>= 0x67 and <= 0x6A) or 0x74 or 0x75 or 0x7A or (>= 0x7C and <= 0x81) or 0x83 or 0x84
        or (>= 0x87 and <= 0x8A) or 0x94 or 0xA0 or 0xA1 or 0xA3 or 0xA4 or (>= 0xA7 and <= 0xAA) or 0xC0 or 0xC1 or 0xC3
        or 0xC4 or (>= 0xC7 and <= 0xCA) or 0xE0 or 0xE1 or 0xE3 or 0xEC or 0xED or 0xEF or (>= 0xF8 and <= 0xFF);

    /// <summary>The v128 instructions whose result is an i32: any_true, all_true and bitmask (spec 4.4.3).</summary>
    private static bool HasI32Result(int sub) => sub is 0x53 or 0x63 or 0x64 or 0x83 or 0x84 or 0xA3 or 0xA4 or 0xC3 or 0xC4;

    private void TranslateSimd(in Instruction instr)
    {
        // A relaxed instruction whose chosen result is a 2.0 instruction's becomes that instruction (RelaxedSimd).
        int sub = (int)RelaxedSimd.DeterministicEquivalent(instr.Opcode) & 0xFFFF;
        var op = (Op)((int)Op.SimdBase + sub);
        switch (sub)
        {
            case <= 0x0A or 0x5C or 0x5D:
            {
                RequireMemoryZero(instr.Index);
                var addr = Pop();
                int s = AddressOf(ref addr, out int addend);
                EmitResult(op, addr.Home, s, (int)(uint)instr.MemoryOffset, addend);
                Push(ValueType.V128);
                return;
            }
            case 0x0B:
            {
                RequireMemoryZero(instr.Index);
                var v = Pop();
                var addr = Pop();
                int vs = SlotOf(ref v), s = AddressOf(ref addr, out int addend);
                Emit(op, s, vs, (int)(uint)instr.MemoryOffset, addend);
                return;
            }
            case 0x0C:
            {
                // The constant goes straight to its slots: a v128 has no immediate forms to wait for.
                ReadOnlySpan<byte> bytes = instr.V128;
                EmitResult(op, _nextSlot, Word(bytes, 0), Word(bytes, 4), Word(bytes, 8), Word(bytes, 12));
                Push(ValueType.V128);
                return;
            }
            case 0x0D:
            {
                var b = Pop();
                var a = Pop();
                int sa = SlotOf(ref a), sb = SlotOf(ref b);
                ReadOnlySpan<byte> lanes = instr.V128;
                EmitResult(op, a.Home, sa, sb, Word(lanes, 0), Word(lanes, 4), Word(lanes, 8), Word(lanes, 12));
                Push(ValueType.V128);
                return;
            }
            case 0x15 or 0x16 or 0x18 or 0x19 or 0x1B or 0x1D or 0x1F or 0x21:
            {
                var a = Pop();
                int s = SlotOf(ref a);
                EmitResult(op, a.Home, s, instr.Lane);
                Push(sub switch { 0x1D => ValueType.I64, 0x1F => ValueType.F32, 0x21 => ValueType.F64, _ => ValueType.I32 });
                return;
            }
            case 0x17 or 0x1A or 0x1C or 0x1E or 0x20 or 0x22:
            {
                var x = Pop();
                var v = Pop();
                int sx = SlotOf(ref x), sv = SlotOf(ref v);
                EmitResult(op, v.Home, sv, sx, instr.Lane);
                Push(ValueType.V128);
                return;
            }
            case 0x52 or (>= 0x105 and <= 0x108) or 0x113: // bitselect, relaxed madd/nmadd, relaxed dot_add
            {
                var c = Pop();
                var b = Pop();
                var a = Pop();
                int sc = SlotOf(ref c), sb = SlotOf(ref b), sa = SlotOf(ref a);
                EmitResult(op, a.Home, sa, sb, sc);
                Push(ValueType.V128);
                return;
            }
            case >= 0x54 and <= 0x57:
            {
                RequireMemoryZero(instr.Index);
                var v = Pop();
                var addr = Pop();
                int sv = SlotOf(ref v), s = AddressOf(ref addr, out int addend);
                EmitResult(op, addr.Home, s, (int)(uint)instr.MemoryOffset, addend, sv, instr.Lane);
                Push(ValueType.V128);
                return;
            }
            case >= 0x58 and <= 0x5B:
            {
                RequireMemoryZero(instr.Index);
                var v = Pop();
                var addr = Pop();
                int sv = SlotOf(ref v), s = AddressOf(ref addr, out int addend);
                Emit(op, s, sv, (int)(uint)instr.MemoryOffset, addend, instr.Lane);
                return;
            }
            default:
                if (IsSimdUnary(sub))
                {
                    var a = Pop();
                    int s = SlotOf(ref a);
                    EmitResult(op, a.Home, s);
                    Push(HasI32Result(sub) ? ValueType.I32 : ValueType.V128);
                }
                else
                {
                    var b = Pop();
                    var a = Pop();
                    int sa = SlotOf(ref a), sb = SlotOf(ref b);
                    EmitResult(op, a.Home, sa, sb);
                    Push(ValueType.V128);
                }
                return;
        }
    }

    private static int Word(ReadOnlySpan<byte> bytes, int at) => BinaryPrimitives.ReadInt32LittleEndian(bytes[at..]);

    /// <summary>Copies a value of the type between slots: one slot, or two for a v128.</summary>
    private void EmitMove(int dst, int src, ValueType type)
    {
        // Runs of moves (a loop's rotating variables, branch values) go two to a dispatch.
        if (type != ValueType.V128 && _lastStart >= 0 && _lastStart + 3 == _length && _lastLabel != _length
            && _code[_lastStart] == (int)Op.Move)
        {
            _code[_lastStart] = (int)Op.Move2;
            EmitWord(dst);
            EmitWord(src);
            _resultEnd = -1;
            _cmpEnd = -1;
            return;
        }
        Emit(type == ValueType.V128 ? Op.Move128 : Op.Move, dst, src);
    }
}
