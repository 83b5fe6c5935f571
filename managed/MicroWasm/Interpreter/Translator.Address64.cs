using MicroWasm.Instructions;

namespace MicroWasm.Interpreter;

// 64-bit address types (WebAssembly 3.0 memory64 and table64). Instructions on 32-bit memories and tables keep their
// single form and cost: an access of a 64-bit memory is translated as the same access on memory 0 behind Op.Address64,
// which checks the i64 address and selects the memory, and bulk and table instructions get their own ops or narrow
// their i64 operands first.
internal sealed partial class Translator
{
    private bool[]? _memoryIs64, _tableIs64;

    /// <summary>Which memories and tables of the module are 64-bit; null when none is.</summary>
    private void FindAddress64Spaces()
    {
        var memories = new List<bool>();
        var tables = new List<bool>();
        foreach (var import in _module.Imports)
        {
            if (import.Kind == ExternalKind.Memory) memories.Add(import.Memory!.Is64);
            if (import.Kind == ExternalKind.Table) tables.Add(import.Table!.Is64);
        }
        foreach (var memory in _module.Memories) memories.Add(memory.Is64);
        foreach (var table in _module.Tables) tables.Add(table.Is64);
        _memoryIs64 = memories.Contains(true) ? memories.ToArray() : null;
        _tableIs64 = tables.Contains(true) ? tables.ToArray() : null;
    }

    private bool IsMemory64(uint index) => _memoryIs64 is { } m && index < (uint)m.Length && m[index];

    private bool IsTable64(uint index) => _tableIs64 is { } t && index < (uint)t.Length && t[index];

    /// <summary>Translates <paramref name="instr"/> when it uses a 64-bit memory or table; false for every other instruction.</summary>
    private bool TryTranslateAddress64(ref InstructionReader reader, in Instruction instr)
    {
        if (!InstructionTable.TryGet(instr.Opcode, out var info)) return false;
        switch (info.Immediate)
        {
            case ImmediateKind.MemArg or ImmediateKind.MemArgLane when IsMemory64(instr.Index):
                TranslateAccess64(ref reader, in instr, AddressDepth(in instr, info.Immediate));
                return true;
            case ImmediateKind.MemoryIndex when IsMemory64(instr.Index):
                TranslateMemoryInstruction64(in instr);
                return true;
            case ImmediateKind.MemoryInit when IsMemory64(instr.Index2):
                PopOperands3(out int d0, out int s0, out int n0);
                Emit(Op.MemoryInit64, (int)instr.Index, (int)instr.Index2, d0, s0, n0);
                return true;
            case ImmediateKind.MemoryCopy when IsMemory64(instr.Index) || IsMemory64(instr.Index2):
            {
                bool destination64 = IsMemory64(instr.Index), source64 = IsMemory64(instr.Index2);
                // Bits 0-2: d, s, n are i64 (n only when both are: spec 3.3.9's min of the two address types).
                int wide = (destination64 ? 1 : 0) | (source64 ? 2 : 0) | (destination64 && source64 ? 4 : 0);
                PopOperands3(out int d, out int s, out int n);
                Emit(Op.MemoryCopy64, (int)instr.Index, (int)instr.Index2, d, s, n);
                EmitWord(wide);
                return true;
            }
            case ImmediateKind.TableIndex or ImmediateKind.TableCopy or ImmediateKind.TableInit or ImmediateKind.CallIndirect:
                return TryTranslateTable64(ref reader, in instr, info.Immediate);
            default:
                return false;
        }
    }

    /// <summary>How many operands lie above the address of a memory access: its value, lane vector or atomic operands.</summary>
    private static int AddressDepth(in Instruction instr, ImmediateKind immediate)
    {
        if (AtomicOperators.TryGet(instr.Opcode, out var atomic)) return atomic.Operands.Length - 1;
        if (immediate == ImmediateKind.MemArgLane) return 1; // v128.loadN_lane and storeN_lane: the vector
        return instr.Opcode is >= Opcode.I32Store and <= Opcode.I64Store32 or Opcode.V128Store ? 1 : 0;
    }

    /// <summary>
    /// A load, store or atomic access of a 64-bit memory: <see cref="Op.Address64"/> adds the offset to the i64 address,
    /// checks it and leaves a 32-bit address in the operand's slot with the memory (or a window on it) selected; then
    /// the access with offset 0 on "memory 0", and <see cref="Op.SelectMemory"/> 0. Labels on both sides keep peepholes out.
    /// </summary>
    private void TranslateAccess64(ref InstructionReader reader, in Instruction instr, int depth)
    {
        ref var address = ref _stack[_height - 1 - depth];
        int source = SlotOf(ref address);
        Emit(Op.Address64, (int)instr.Index, address.Home, source, (int)instr.MemoryOffset, (int)(instr.MemoryOffset >> 32));
        address.Kind = EntryKind.Slot;
        address.Type = ValueType.I32;
        BindLabel();
        var onSelected = instr;
        onSelected.Index = 0;
        onSelected.MemoryOffset = 0;
        TranslateInstruction(ref reader, in onSelected, spacesResolved: true);
        Emit(Op.SelectMemory, 0);
        BindLabel();
    }

    /// <summary>memory.size, memory.grow and memory.fill of a 64-bit memory: sizes, deltas, addresses and lengths are i64.</summary>
    private void TranslateMemoryInstruction64(in Instruction instr)
    {
        int memory = (int)instr.Index;
        switch (instr.Opcode)
        {
            case Opcode.MemorySize:
                Emit(Op.MemorySize64, _nextSlot, memory);
                Push(ValueType.I64);
                return;
            case Opcode.MemoryGrow:
            {
                var delta = Pop();
                int s = SlotOf(ref delta);
                Emit(Op.MemoryGrow64, delta.Home, memory, s);
                Push(ValueType.I64);
                return;
            }
            default: // memory.fill
                PopOperands3(out int d, out int v, out int n);
                Emit(Op.MemoryFill64, memory, d, v, n);
                return;
        }
    }

    /// <summary>
    /// A table instruction or call_indirect on a 64-bit table: its i64 indices and lengths become u32 by
    /// <see cref="Op.TableIndex64"/> (saturating: a table never reaches 2^32 elements, so a larger index stays out of
    /// bounds), then the 32-bit instruction runs; table.size and table.grow give their result as an i64.
    /// </summary>
    private bool TryTranslateTable64(ref InstructionReader reader, in Instruction instr, ImmediateKind immediate)
    {
        // The operands that are i64, as depths below the top of the stack.
        Span<int> depths = stackalloc int[3];
        int count = 0;
        switch (instr.Opcode)
        {
            case Opcode.TableGet when IsTable64(instr.Index):
                depths[count++] = 0;
                break;
            case Opcode.TableSet when IsTable64(instr.Index):
            case Opcode.TableGrow when IsTable64(instr.Index):
                depths[count++] = Opcode.TableSet == instr.Opcode ? 1 : 0;
                break;
            case Opcode.TableFill when IsTable64(instr.Index):
                depths[count++] = 0;
                depths[count++] = 2;
                break;
            case Opcode.TableSize when IsTable64(instr.Index):
                break;
            case Opcode.TableInit when IsTable64(instr.Index2):
                depths[count++] = 2;
                break;
            case Opcode.TableCopy when IsTable64(instr.Index) || IsTable64(instr.Index2):
                if (IsTable64(instr.Index)) depths[count++] = 2;
                if (IsTable64(instr.Index2)) depths[count++] = 1;
                if (IsTable64(instr.Index) && IsTable64(instr.Index2)) depths[count++] = 0;
                break;
            case Opcode.CallIndirect or Opcode.ReturnCallIndirect when IsTable64(instr.Index2):
                depths[count++] = 0;
                break;
            default:
                return false;
        }
        foreach (int depth in depths[..count])
        {
            ref var operand = ref _stack[_height - 1 - depth];
            int source = SlotOf(ref operand);
            Emit(Op.TableIndex64, operand.Home, source);
            operand.Kind = EntryKind.Slot;
            operand.Type = ValueType.I32;
        }
        TranslateInstruction(ref reader, in instr, spacesResolved: true);
        if (instr.Opcode == Opcode.TableSize) NumericOperator(Opcode.I64ExtendI32U);
        else if (instr.Opcode == Opcode.TableGrow) NumericOperator(Opcode.I64ExtendI32S); // -1 stays -1
        return true;
    }
}
