using MicroWasm.Instructions;

namespace MicroWasm.Interpreter;

/// <summary>
/// Translates one validated function body into the interpreter's register-style code (see <see cref="Op"/>).
/// </summary>
/// <remarks>
/// The operand stack exists only here, at translation time: each entry records where its value lives.
/// A value is in its home slot (the frame slot of its stack position), is still an alias of a local
/// (<c>local.get</c> emits nothing), or is a constant not yet written anywhere (so it can become an
/// immediate). Blocks, loops and ifs are compiled away into branches with resolved displacements, and the
/// values a branch carries are moved to the target's slots only on the path that takes it. Calls place the
/// callee's frame on the caller's argument slots, so arguments and results are never copied.
/// The input is validated (spec 3.3), so typing is not checked again.
/// </remarks>
internal sealed partial class Translator
{
    /// <summary>
    /// Where a compile-time stack entry's value is: in its home slot; still in a local (an alias); a
    /// constant not yet written; or an i32 "slot + constant" not yet added (a pending address computation,
    /// which a load or store folds in, or a <c>local.set</c> computes straight into the local).
    /// </summary>
    private enum EntryKind : byte { Slot, Local, Const, SlotPlusConst }

    private struct StackEntry
    {
        public ValueType Type;
        public EntryKind Kind;
        /// <summary>The frame slot of this stack position.</summary>
        public int Home;
        /// <summary>For a local alias, the local's slot; for slot + constant, the slot (a local's, or this entry's home).</summary>
        public int Source;
        /// <summary>For a constant, its bits (i32 sign-extended, as the reader gives them); for slot + constant, the constant.</summary>
        public ulong Bits;
    }

    // TryTable, Try and Catch (a legacy try's handler bodies) are blocks with exception handlers (Translator.Exceptions.cs).
    private enum FrameKind : byte { Function, Block, Loop, If, Else, TryTable, Try, Catch }

    private sealed class ControlFrame
    {
        public FrameKind Kind;
        public int Height;
        public int BaseSlot;
        public ValueType[] Params = [];
        public ValueType[] Results = [];
        public int LoopStart;
        public int ElseFixup = -1;
        public int ElseFixupStart;
        public bool Unreachable;
        public bool HasBranches;
        public readonly List<(int Operand, int Start)> EndFixups = [];

        // Exception handling: the protected body's code range, the handlers waiting for the block's end, and for a legacy
        // try the slot where its catches keep the exception and whether a rethrow reads it.
        public int TryStart, TryEnd;
        public List<ExceptionHandler>? PendingHandlers;
        public int ExceptionSlot = -1;
        public bool RethrowUsed;

        public ValueType[] LabelTypes => Kind == FrameKind.Loop ? Params : Results;
    }

    // Comparison index k of i32.eq + k / i64.eq + k: eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u.
    private static readonly int[] NegatedComparison = [1, 0, 8, 9, 6, 7, 4, 5, 2, 3];
    private static readonly int[] SwappedComparison = [0, 1, 4, 5, 2, 3, 8, 9, 6, 7];

    private readonly Module _module;
    private readonly FuncType[] _functionTypes;
    private readonly int _importedFunctions;

    private int[] _code = new int[256];
    private int _length;
    private StackEntry[] _stack = new StackEntry[32];
    private int _height;
    private readonly List<ControlFrame> _controls = [];
    private int _nextSlot;
    private int _maxSlot;
    private int[] _localSlots = [];
    private int _lastLabel = -1;

    // Peephole state: the last emitted instruction that wrote a single result to its home slot.
    private int _resultDstOperand = -1;
    private int _resultEnd = -1;

    // The last emitted comparison, which a following br_if or if may fuse with.
    private int _cmpStart = -1, _cmpEnd = -1, _cmpDst;
    private CompareFamily _cmpFamily;
    private int _cmpIndex, _cmpA, _cmpB;

    private enum CompareFamily : byte { I32, I32Imm, I64, I64Imm, I32Eqz }

    public Translator(Module module)
    {
        _module = module;
        var types = new List<FuncType>();
        foreach (var import in module.Imports)
            if (import.Kind == ExternalKind.Function) types.Add(module.Types[import.FunctionTypeIndex]);
        _importedFunctions = types.Count;
        foreach (var t in module.FunctionTypeIndices) types.Add(module.Types[t]);
        _functionTypes = types.ToArray();
        FindAddress64Spaces();
    }

    /// <summary>Slots a value of the type takes. v128 takes two, so SIMD fits the same frame layout.</summary>
    private static int Width(ValueType type) => type == ValueType.V128 ? 2 : 1;

    public CompiledFunction Translate(int definedIndex)
    {
        var body = _module.Codes[definedIndex];
        int functionIndex = _importedFunctions + definedIndex;
        var type = _functionTypes[functionIndex];

        // Reset state: a translator may be reused for several functions of one module.
        _length = 0;
        _height = 0;
        _controls.Clear();
        _lastLabel = -1;
        _resultEnd = -1;
        _cmpEnd = -1;
        _lastStart = _previousStart = -1;
        _straightStarts.Clear();
        _handlers.Clear();
        _legacyTries = 0;

        // Locals (spec 4.4.10.1): parameters first, then the declared locals, each in its own slot(s).
        var localSlots = new List<int>();
        var localTypes = new List<ValueType>();
        int slot = 0;
        foreach (var p in type.Parameters) { localSlots.Add(slot); localTypes.Add(p); slot += Width(p); }
        int paramSlots = slot;
        foreach (var decl in body.Locals)
        {
            if ((ulong)localSlots.Count + decl.Count > 50_000)
                throw new ResourceExhaustedException("too many locals");
            for (uint i = 0; i < decl.Count; i++) { localSlots.Add(slot); localTypes.Add(decl.Type); slot += Width(decl.Type); }
        }
        // One slot per legacy try, where its catch keeps the exception for rethrow; written before it is read.
        _firstExceptionSlot = slot;
        slot += body.LegacyTryCount;
        _localSlots = localSlots.ToArray();
        _localTypes = localTypes.ToArray();
        _paramCount = type.Parameters.Length;
        _writtenFirst = new bool[_localSlots.Length];
        _knownConstant = new ulong?[_localSlots.Length];
        _readFirst = new bool[_localSlots.Length];
        _straightLine = true;

        _nextSlot = slot;
        int resultSlots = 0;
        foreach (var r in type.Results) resultSlots += Width(r);
        _maxSlot = Math.Max(slot, resultSlots);

        _controls.Add(new ControlFrame { Kind = FrameKind.Function, Height = 0, BaseSlot = 0, Results = type.Results });

        var reader = new InstructionReader(body.Code.Span, body.CodeOffset);
        int skipDepth = 0;
        while (_controls.Count > 0)
        {
            reader.Read(out var instr);
            var frame = _controls[^1];
            if (frame.Unreachable)
            {
                // Code after br, br_table, return or unreachable up to the frame's else/end never runs.
                switch (instr.Opcode)
                {
                    case Opcode.Block or Opcode.Loop or Opcode.If or Opcode.Try or Opcode.TryTable:
                        skipDepth++;
                        continue;
                    case Opcode.End or Opcode.Delegate when skipDepth > 0:
                        skipDepth--;
                        continue;
                    case Opcode.Else or Opcode.Catch or Opcode.CatchAll or Opcode.Delegate when skipDepth == 0:
                    case Opcode.End:
                        break;
                    default:
                        continue;
                }
            }
            TranslateInstruction(ref reader, in instr);
        }

        var code = WithPrologue();
        var handlers = _handlers.Count == 0 ? null : _handlers.ConvertAll(h => h.Shifted(_prologueLength)).ToArray();
        return new CompiledFunction(code, _length + _prologueLength, type, functionIndex, _maxSlot, paramSlots) { Handlers = handlers };
    }

    // Declared locals start at zero (spec 4.4.10.1), but one written before any read, in the code before the
    // first control instruction, need not be zeroed: compiled code initialises most of its locals that way.
    private bool[] _writtenFirst = [];

    // The constant each local is known to hold since the last label (set by local.set of a constant), so that
    // setting it to the same constant again emits nothing; cleared at every label, where paths merge.
    private ulong?[] _knownConstant = [];
    private bool[] _readFirst = [];
    private bool _straightLine;
    private int _paramCount;
    private int _prologueLength;

    private void NoteLocalRead(int index)
    {
        if (_straightLine && !_writtenFirst[index]) _readFirst[index] = true;
    }

    private void NoteLocalWrite(int index)
    {
        if (_straightLine && !_readFirst[index]) _writtenFirst[index] = true;
    }

    /// <summary>
    /// The code with its prologue in front: zeroing of the locals that may be read before written.
    /// Branch displacements are relative, so shifting the body does not change them.
    /// </summary>
    private int[] WithPrologue()
    {
        int first = int.MaxValue, end = 0;
        for (int i = _paramCount; i < _localSlots.Length; i++)
        {
            if (_writtenFirst[i]) continue;
            first = Math.Min(first, _localSlots[i]);
            end = Math.Max(end, _localSlots[i] + Width(_localTypes[i]));
        }
        if (first >= end)
        {
            _prologueLength = 0;
            return _code;
        }
        _prologueLength = 3;
        var code = new int[_length + _prologueLength];
        code[0] = (int)Op.ZeroLocals;
        code[1] = first;
        code[2] = end - first;
        Array.Copy(_code, 0, code, _prologueLength, _length);
        return code;
    }

    // spacesResolved: the instruction is already the form to emit on the selected memory, with 32-bit operands (as the
    // multi-memory and 64-bit address paths translate it).
    private void TranslateInstruction(ref InstructionReader reader, in Instruction instr, bool spacesResolved = false)
    {
        if (!spacesResolved && instr.Opcode >= Opcode.CallIndirect)
        {
            if ((_memoryIs64 is not null || _tableIs64 is not null) && TryTranslateAddress64(ref reader, in instr)) return;
            if (instr.Opcode >= Opcode.I32Load && OtherMemory(in instr, out var onMemoryZero) is var memory and > 0)
            {
                TranslateOnOtherMemory(ref reader, in onMemoryZero, memory);
                return;
            }
        }
        var op = instr.Opcode;
        if (op is >= Opcode.Unreachable and <= Opcode.Return and not Opcode.Nop) _straightLine = false; // control may skip a write or repeat a read
        switch (op)
        {
            case Opcode.Unreachable:
                Emit(Op.Unreachable);
                MarkUnreachable();
                return;
            case Opcode.Nop:
                return;
            case Opcode.Block:
            case Opcode.Loop:
            case Opcode.If:
                BeginBlock(op, instr.Block);
                return;
            case Opcode.Else:
                Else();
                return;
            case Opcode.TryTable:
                BeginTryTable(instr.Block, reader.CatchClauses);
                return;
            case Opcode.Try:
                BeginTry(instr.Block);
                return;
            case Opcode.Catch:
                Catch((int)instr.Index);
                return;
            case Opcode.CatchAll:
                Catch(-1);
                return;
            case Opcode.Delegate:
                Delegate((int)instr.Index);
                return;
            case Opcode.Throw:
                Throw((int)instr.Index);
                MarkUnreachable();
                return;
            case Opcode.ThrowRef:
                ThrowRef();
                MarkUnreachable();
                return;
            case Opcode.Rethrow:
                Rethrow((int)instr.Index);
                MarkUnreachable();
                return;
            case Opcode.End:
                End();
                return;
            case Opcode.Br:
                Branch((int)instr.Index);
                MarkUnreachable();
                return;
            case Opcode.BrIf:
                BranchIf((int)instr.Index);
                return;
            case Opcode.BrTable:
                BranchTable(reader.BranchTargets, (int)instr.Index);
                MarkUnreachable();
                return;
            case Opcode.Return:
                EmitReturn();
                MarkUnreachable();
                return;
            case Opcode.Call:
                Call((int)instr.Index);
                return;
            case Opcode.CallIndirect:
                CallIndirect((int)instr.Index, (int)instr.Index2);
                return;
            case Opcode.ReturnCall:
                ReturnCall((int)instr.Index);
                MarkUnreachable();
                return;
            case Opcode.CallRef:
                CallRef((int)instr.Index);
                return;
            case Opcode.ReturnCallRef:
                ReturnCallRef((int)instr.Index);
                MarkUnreachable();
                return;
            case Opcode.RefAsNonNull:
                RefAsNonNull();
                return;
            case Opcode.BrOnNull:
                BranchOnNull((int)instr.Index);
                return;
            case Opcode.BrOnNonNull:
                BranchOnNonNull((int)instr.Index);
                return;
            case Opcode.ReturnCallIndirect:
                ReturnCallIndirect((int)instr.Index, (int)instr.Index2);
                MarkUnreachable();
                return;
            case Opcode.Drop:
                Pop();
                return;
            case Opcode.Select:
            case Opcode.SelectTyped:
            {
                var c = Pop();
                var b = Pop();
                var a = Pop();
                int cs = SlotOf(ref c), bs = SlotOf(ref b), asl = SlotOf(ref a);
                EmitResult(a.Type == ValueType.V128 ? Op.Select128 : Op.Select, a.Home, asl, bs, cs);
                Push(a.Type);
                return;
            }
            case Opcode.LocalGet:
            {
                int index = (int)instr.Index;
                NoteLocalRead(index);
                ref var e = ref PushEntry(LocalType(index));
                e.Kind = EntryKind.Local;
                e.Source = _localSlots[index];
                return;
            }
            case Opcode.LocalSet:
                NoteLocalWrite((int)instr.Index);
                SetLocal((int)instr.Index, tee: false);
                return;
            case Opcode.LocalTee:
                NoteLocalWrite((int)instr.Index);
                SetLocal((int)instr.Index, tee: true);
                return;
            case Opcode.GlobalGet:
            {
                var type = GlobalType((int)instr.Index);
                if (MayHoldGcObject(type)) EmitResult(Op.GlobalGetRef, _nextSlot, (int)instr.Index);
                else EmitResult(type == ValueType.V128 ? Op.GlobalGet128 : Op.GlobalGet, _nextSlot, (int)instr.Index);
                Push(type);
                return;
            }
            case Opcode.GlobalSet:
            {
                var v = Pop();
                int s = SlotOf(ref v);
                if (MayHoldGcObject(GlobalType((int)instr.Index))) Emit(Op.GlobalSetRef, s, (int)instr.Index);
                else Emit(v.Type switch { ValueType.I32 or ValueType.F32 => Op.GlobalSet32, ValueType.V128 => Op.GlobalSet128, _ => Op.GlobalSet64 }, s, (int)instr.Index);
                return;
            }
            case Opcode.TableGet:
            {
                var i = Pop();
                int s = SlotOf(ref i);
                Emit(Op.TableGet, i.Home, (int)instr.Index, s);
                Push(TableElementType((int)instr.Index));
                return;
            }
            case Opcode.TableSet:
            {
                var v = Pop();
                var i = Pop();
                int vs = SlotOf(ref v), @is = SlotOf(ref i);
                Emit(Op.TableSet, (int)instr.Index, @is, vs);
                return;
            }
            case >= Opcode.I32Load and <= Opcode.I64Load32U:
            {
                RequireMemoryZero(instr.Index);
                var addr = Pop();
                if (op == Opcode.I32Load && TryScaledIndexLoad(in addr, (int)(uint)instr.MemoryOffset))
                {
                    Push(ValueType.I32);
                    return;
                }
                int s = AddressOf(ref addr, out int addend);
                EmitResult((Op)(int)op, addr.Home, s, (int)(uint)instr.MemoryOffset, addend);
                Push(LoadType(op));
                return;
            }
            case >= Opcode.I32Store and <= Opcode.I64Store32:
            {
                RequireMemoryZero(instr.Index);
                var v = Pop();
                var addr = Pop();
                if (v.Kind == EntryKind.Const && StoreImmediateForm(op, v.Bits) is { } immOp)
                {
                    // Storing a constant (spec 4.4.7.6): the value rides in the instruction.
                    int baseSlot = AddressOf(ref addr, out int immAddend);
                    Emit(immOp, baseSlot, (int)v.Bits, (int)(uint)instr.MemoryOffset, immAddend);
                    return;
                }
                int vs = SlotOf(ref v), s = AddressOf(ref addr, out int addend);
                Emit((Op)(int)op, s, vs, (int)(uint)instr.MemoryOffset, addend);
                return;
            }
            case Opcode.MemorySize:
                Emit(Op.MemorySize, _nextSlot);
                Push(ValueType.I32);
                return;
            case Opcode.MemoryGrow:
            {
                var d = Pop();
                int s = SlotOf(ref d);
                Emit(Op.MemoryGrow, d.Home, s);
                Push(ValueType.I32);
                return;
            }
            case Opcode.I32Const:
                PushConst(ValueType.I32, instr.Bits);
                return;
            case Opcode.I64Const:
                PushConst(ValueType.I64, instr.Bits);
                return;
            case Opcode.F32Const:
                PushConst(ValueType.F32, instr.Bits);
                return;
            case Opcode.F64Const:
                PushConst(ValueType.F64, instr.Bits);
                return;
            case Opcode.I32Eqz:
            {
                var a = Pop();
                int s = SlotOf(ref a);
                int start = _length;
                EmitResult(Op.I32Eqz, a.Home, s);
                Push(ValueType.I32);
                RememberComparison(start, CompareFamily.I32Eqz, 0, s, 0, a.Home);
                return;
            }
            case >= Opcode.I32Eq and <= Opcode.I32GeU:
                Compare(op, ValueType.I32);
                return;
            case >= Opcode.I64Eq and <= Opcode.I64GeU:
                Compare(op, ValueType.I64);
                return;
            case Opcode.I32WrapI64:
            case Opcode.I32ReinterpretF32:
            case Opcode.I64ReinterpretF64:
            case Opcode.F32ReinterpretI32:
            case Opcode.F64ReinterpretI64:
                // The slot already holds these bits: an i32 is the low half of an i64's slot, and a
                // reinterpretation keeps the bits (spec 4.3.2). Only the type changes.
                _stack[_height - 1].Type = ConversionResultType(op);
                return;
            case Opcode.RefNull:
                PushConst(instr.ValueType, 0);
                return;
            case Opcode.RefIsNull:
            {
                var a = Pop();
                int s = SlotOf(ref a);
                EmitResult(Op.RefIsNull, a.Home, s);
                Push(ValueType.I32);
                return;
            }
            case Opcode.RefFunc:
                EmitResult(Op.RefFunc, _nextSlot, (int)instr.Index);
                Push(ValueType.FuncRef);
                return;
            case >= Opcode.I32TruncSatF32S and <= Opcode.I64TruncSatF64U:
                Unary((Op)((int)Op.I32TruncSatF32S + (int)(op - Opcode.I32TruncSatF32S)),
                    op <= Opcode.I32TruncSatF64U ? ValueType.I32 : ValueType.I64);
                return;
            case Opcode.MemoryInit:
                RequireMemoryZero(instr.Index2);
                PopOperands3(out int d0, out int s0, out int n0);
                Emit(Op.MemoryInit, (int)instr.Index, d0, s0, n0);
                return;
            case Opcode.DataDrop:
                Emit(Op.DataDrop, (int)instr.Index);
                return;
            case Opcode.MemoryCopy:
                PopOperands3(out int d1, out int s1, out int n1);
                if (instr.Index != instr.Index2) Emit(Op.MemoryCopyBetween, (int)instr.Index, (int)instr.Index2, d1, s1, n1);
                else Emit(Op.MemoryCopy, d1, s1, n1);
                return;
            case Opcode.MemoryFill:
                PopOperands3(out int d2, out int v2, out int n2);
                Emit(Op.MemoryFill, d2, v2, n2);
                return;
            case Opcode.TableInit:
                PopOperands3(out int d3, out int s3, out int n3);
                Emit(Op.TableInit, (int)instr.Index, (int)instr.Index2, d3, s3, n3);
                return;
            case Opcode.ElemDrop:
                Emit(Op.ElemDrop, (int)instr.Index);
                return;
            case Opcode.TableCopy:
                PopOperands3(out int d4, out int s4, out int n4);
                Emit(Op.TableCopy, (int)instr.Index, (int)instr.Index2, d4, s4, n4);
                return;
            case Opcode.TableGrow:
            {
                var n = Pop();
                var init = Pop();
                int ns = SlotOf(ref n), @is = SlotOf(ref init);
                Emit(Op.TableGrow, init.Home, (int)instr.Index, @is, ns);
                Push(ValueType.I32);
                return;
            }
            case Opcode.TableSize:
                Emit(Op.TableSize, _nextSlot, (int)instr.Index);
                Push(ValueType.I32);
                return;
            case Opcode.TableFill:
                PopOperands3(out int d5, out int v5, out int n5);
                Emit(Op.TableFill, (int)instr.Index, d5, v5, n5);
                return;
            case >= Opcode.MemoryAtomicNotify and <= Opcode.I64AtomicRmw32CmpxchgU:
                TranslateAtomic(in instr, AtomicOperators.Get(op));
                return;
            default:
                if (op is >= Opcode.I64Eqz and <= Opcode.I64Extend32S)
                {
                    NumericOperator(op);
                    return;
                }
                if (IsGc(op))
                {
                    TranslateGc(in instr);
                    return;
                }
                if (IsSimd(op))
                {
                    TranslateSimd(in instr);
                    return;
                }
                throw new UnsupportedFeatureException($"instruction {InstructionTable.MnemonicOf(op)}");
        }
    }

    // ---- Numeric operators (spec 4.4.1) ----

    private void NumericOperator(Opcode op)
    {
        int code = (int)op;
        switch (code)
        {
            case >= 0x67 and <= 0x69: Unary((Op)code, ValueType.I32); return;
            case >= 0x6A and <= 0x78: Binary(op, ValueType.I32); return;
            case >= 0x79 and <= 0x7B: Unary((Op)code, ValueType.I64); return;
            case >= 0x7C and <= 0x8A: Binary(op, ValueType.I64); return;
            case >= 0x8B and <= 0x91: Unary((Op)code, ValueType.F32); return;
            case >= 0x92 and <= 0x98: Binary(op, ValueType.F32); return;
            case >= 0x99 and <= 0x9F: Unary((Op)code, ValueType.F64); return;
            case >= 0xA0 and <= 0xA6: Binary(op, ValueType.F64); return;
            case 0x50: // i64.eqz
            case >= 0x5B and <= 0x66: // float comparisons
                if (code == 0x50) Unary(Op.I64Eqz, ValueType.I32);
                else Binary(op, ValueType.I32);
                return;
            default: // conversions and sign extensions
                Unary((Op)code, ConversionResultType(op));
                return;
        }
    }

    private static ValueType ConversionResultType(Opcode op) => op switch
    {
        Opcode.I32WrapI64 or (>= Opcode.I32TruncF32S and <= Opcode.I32TruncF64U) or Opcode.I32ReinterpretF32
            or Opcode.I32Extend8S or Opcode.I32Extend16S => ValueType.I32,
        (>= Opcode.I64ExtendI32S and <= Opcode.I64TruncF64U) or Opcode.I64ReinterpretF64
            or (>= Opcode.I64Extend8S and <= Opcode.I64Extend32S) => ValueType.I64,
        (>= Opcode.F32ConvertI32S and <= Opcode.F32DemoteF64) or Opcode.F32ReinterpretI32 => ValueType.F32,
        _ => ValueType.F64,
    };

    private void Unary(Op op, ValueType result)
    {
        var a = Pop();
        int s = SlotOf(ref a);
        EmitResult(op, a.Home, s);
        Push(result);
    }

    private static Op? ImmediateForm(Opcode op) => op switch
    {
        Opcode.I32Add or Opcode.I32Sub => Op.I32AddImm,
        Opcode.I32Mul => Op.I32MulImm,
        Opcode.I32And => Op.I32AndImm,
        Opcode.I32Or => Op.I32OrImm,
        Opcode.I32Xor => Op.I32XorImm,
        Opcode.I32Shl => Op.I32ShlImm,
        Opcode.I32ShrS => Op.I32ShrSImm,
        Opcode.I32ShrU => Op.I32ShrUImm,
        Opcode.I64Add or Opcode.I64Sub => Op.I64AddImm,
        Opcode.I64Mul => Op.I64MulImm,
        Opcode.I64And => Op.I64AndImm,
        Opcode.I64Or => Op.I64OrImm,
        Opcode.I64Xor => Op.I64XorImm,
        Opcode.I64Shl => Op.I64ShlImm,
        Opcode.I64ShrS => Op.I64ShrSImm,
        Opcode.I64ShrU => Op.I64ShrUImm,
        Opcode.I32Rotl or Opcode.I32Rotr => Op.I32RotlImm,
        Opcode.I64Rotl or Opcode.I64Rotr => Op.I64RotlImm,
        _ => null,
    };

    private static bool IsCommutative(Opcode op) => op is Opcode.I32Add or Opcode.I32Mul or Opcode.I32And
        or Opcode.I32Or or Opcode.I32Xor or Opcode.I64Add or Opcode.I64Mul or Opcode.I64And or Opcode.I64Or or Opcode.I64Xor;

    private static bool FitsImmediate(in StackEntry e) =>
        e.Kind == EntryKind.Const && (e.Type == ValueType.I32 || (long)e.Bits == (int)e.Bits);

    private void Binary(Opcode op, ValueType result)
    {
        var b = Pop();
        var a = Pop();
        if (ImmediateForm(op) is { } immOp)
        {
            if (!FitsImmediate(b) && FitsImmediate(a) && IsCommutative(op))
                (a, b) = (b, a);
            if (FitsImmediate(b))
            {
                int imm = (int)b.Bits;
                if (op is Opcode.I32Rotr or Opcode.I64Rotr) imm = unchecked(-imm);
                if (op is Opcode.I32Sub or Opcode.I64Sub)
                {
                    if (op == Opcode.I64Sub && imm == int.MinValue) goto General; // -imm does not fit
                    imm = -imm;
                }
                int source = a.Kind switch { EntryKind.Local or EntryKind.SlotPlusConst => a.Source, _ => a.Home };
                // A pending addition reads its source when it is finally done, so the source must be a local (locals
                // lie below the operand stack) or a slot no later push overwrites: with the constant first (k + x,
                // swapped above), x is in the slot above the result's home, which the next value pushed takes.
                bool sourceSurvives = source <= _nextSlot;
                if (op is Opcode.I32Add or Opcode.I32Sub && a.Kind != EntryKind.Const && sourceSurvives)
                {
                    // Defer the addition: an access or a local.set takes it for free (i32 arithmetic wraps,
                    // so (x + j) + k is x + (j + k) exactly).
                    int addend = a.Kind == EntryKind.SlotPlusConst ? (int)a.Bits + imm : imm;
                    ref var e = ref PushEntry(ValueType.I32);
                    e.Kind = EntryKind.SlotPlusConst;
                    e.Source = source;
                    e.Bits = (ulong)(uint)addend;
                    return;
                }
                int sa = SlotOf(ref a);
                int home = Math.Min(a.Home, b.Home);
                EmitResult(immOp, home, sa, imm);
                Push(result);
                return;
            }
        }
    General:
        if (op == Opcode.I32Add && TryAddAddresses(a, b)) return;
        if (op is Opcode.F32Add or Opcode.F64Add
            && (TryFuseMulAdd(op == Opcode.F32Add, in a, in b) || TryFuseEarlierProduct(op == Opcode.F32Add, in a, in b)))
        {
            Push(result);
            return;
        }
        if (op is Opcode.F32Mul or Opcode.F64Mul && TryFuseLoadsInto(op == Opcode.F32Mul ? Op.F32MulLoads : Op.F64MulLoads, in a, in b))
        {
            Push(result);
            return;
        }
        int s1 = SlotOf(ref a), s2 = SlotOf(ref b);
        int dst = Math.Min(a.Home, b.Home);
        EmitResult((Op)(int)op, dst, s1, s2);
        Push(result);
    }

    private void Compare(Opcode op, ValueType operandType)
    {
        bool is64 = operandType == ValueType.I64;
        int k = (int)op - (is64 ? (int)Opcode.I64Eq : (int)Opcode.I32Eq);
        var b = Pop();
        var a = Pop();
        int dst = Math.Min(a.Home, b.Home);
        if (!FitsImmediate(b) && FitsImmediate(a))
        {
            (a, b) = (b, a);
            k = SwappedComparison[k];
        }
        int start;
        if (FitsImmediate(b))
        {
            int sa = SlotOf(ref a);
            start = _length;
            int imm = (int)b.Bits;
            EmitResult((Op)((int)(is64 ? Op.I64EqImm : Op.I32EqImm) + k), dst, sa, imm);
            RememberComparison(start, is64 ? CompareFamily.I64Imm : CompareFamily.I32Imm, k, sa, imm, dst);
        }
        else
        {
            int sa = SlotOf(ref a), sb = SlotOf(ref b);
            start = _length;
            EmitResult((Op)((int)(is64 ? Opcode.I64Eq : Opcode.I32Eq) + k), dst, sa, sb);
            RememberComparison(start, is64 ? CompareFamily.I64 : CompareFamily.I32, k, sa, sb, dst);
        }
        Push(ValueType.I32);
    }

    private void RememberComparison(int start, CompareFamily family, int k, int a, int b, int dst)
    {
        _cmpStart = start;
        _cmpEnd = _length;
        _cmpFamily = family;
        _cmpIndex = k;
        _cmpA = a;
        _cmpB = b;
        _cmpDst = dst;
    }

    // ---- Locals and constants ----

    private ValueType LocalType(int index) => _localTypes[index];

    private ValueType[] _localTypes = [];

    private void SetLocal(int index, bool tee)
    {
        int target = _localSlots[index];
        var v = Pop();
        if (v.Kind == EntryKind.Local && v.Source == target || v.Kind == EntryKind.Const && _knownConstant[index] == v.Bits)
        {
            // local.set x of local.get x, or of the constant x already holds, changes nothing.
            if (tee) PushAgain(v);
            return;
        }
        _knownConstant[index] = v.Kind == EntryKind.Const ? v.Bits : null;

        bool aliased = PreserveAliases(target);
        if (!aliased && v.Kind == EntryKind.Slot && CanRetargetLastResult(v.Home))
        {
            // The value was just computed: make that instruction write the local directly.
            _code[_resultDstOperand] = target;
            _resultEnd = -1;
            _cmpEnd = -1;
        }
        else if (v.Kind == EntryKind.Const)
        {
            EmitConst(target, v.Type, v.Bits);
        }
        else if (v.Kind == EntryKind.SlotPlusConst)
        {
            EmitResult(Op.I32AddImm, target, v.Source, (int)v.Bits);
        }
        else
        {
            EmitMove(target, v.Kind == EntryKind.Local ? v.Source : v.Home, v.Type);
        }

        if (tee)
        {
            if (v.Kind == EntryKind.Const)
            {
                PushAgain(v);
            }
            else
            {
                ref var e = ref PushEntry(v.Type);
                e.Kind = EntryKind.Local;
                e.Source = target;
            }
        }
    }

    /// <summary>
    /// Before a local changes, stack entries that still alias it get their own copy of the old value.
    /// </summary>
    private bool PreserveAliases(int localSlot)
    {
        bool any = false;
        for (int i = 0; i < _height; i++)
        {
            ref var e = ref _stack[i];
            if (e.Kind is EntryKind.Local or EntryKind.SlotPlusConst && e.Source == localSlot)
            {
                MaterializeAt(i);
                any = true;
            }
        }
        return any;
    }

    private bool CanRetargetLastResult(int home) =>
        _resultEnd == _length && _lastLabel != _length && _code[_resultDstOperand] == home;

    private void PushConst(ValueType type, ulong bits)
    {
        ref var e = ref PushEntry(type);
        e.Kind = EntryKind.Const;
        e.Bits = bits;
    }

    private void EmitConst(int dst, ValueType type, ulong bits)
    {
        if (type is ValueType.I32 or ValueType.F32) Emit(Op.Const32, dst, (int)bits);
        else Emit(Op.Const64, dst, (int)bits, (int)(bits >> 32));
    }

    // ---- The compile-time operand stack ----

    private ref StackEntry PushEntry(ValueType type)
    {
        if (_height == _stack.Length) Array.Resize(ref _stack, _height * 2);
        ref var e = ref _stack[_height++];
        e = default;
        e.Type = type;
        e.Home = _nextSlot;
        _nextSlot += Width(type);
        if (_nextSlot > _maxSlot) _maxSlot = _nextSlot;
        return ref e;
    }

    /// <summary>Pushes a value that lives in its home slot.</summary>
    private void Push(ValueType type) => PushEntry(type);

    private void PushAgain(in StackEntry v)
    {
        var copy = v;
        ref var e = ref PushEntry(v.Type);
        e.Kind = copy.Kind;
        e.Source = copy.Source;
        e.Bits = copy.Bits;
    }

    private StackEntry Pop()
    {
        var e = _stack[--_height];
        _nextSlot = e.Home;
        return e;
    }

    /// <summary>The slot an operand can be read from; a constant is written to its home slot first.</summary>
    private int SlotOf(ref StackEntry e)
    {
        switch (e.Kind)
        {
            case EntryKind.Local:
                return e.Source;
            case EntryKind.Const:
                EmitConst(e.Home, e.Type, e.Bits);
                e.Kind = EntryKind.Slot;
                return e.Home;
            case EntryKind.SlotPlusConst:
                EmitResult(Op.I32AddImm, e.Home, e.Source, (int)e.Bits);
                e.Kind = EntryKind.Slot;
                return e.Home;
            default:
                return e.Home;
        }
    }

    /// <summary>The base slot and addend of a memory access's address operand (the access adds them with i32 wrap-around).</summary>
    private int AddressOf(ref StackEntry e, out int addend)
    {
        if (e.Kind == EntryKind.SlotPlusConst)
        {
            addend = (int)e.Bits;
            return e.Source;
        }
        addend = 0;
        return SlotOf(ref e);
    }

    /// <summary>Makes the entry at stack index <paramref name="i"/> live in its home slot.</summary>
    private void MaterializeAt(int i)
    {
        ref var e = ref _stack[i];
        if (e.Kind == EntryKind.Local) EmitMove(e.Home, e.Source, e.Type);
        else if (e.Kind == EntryKind.Const) EmitConst(e.Home, e.Type, e.Bits);
        else if (e.Kind == EntryKind.SlotPlusConst) Emit(Op.I32AddImm, e.Home, e.Source, (int)e.Bits);
        e.Kind = EntryKind.Slot;
    }

    private void PopOperands3(out int a, out int b, out int c)
    {
        var ec = Pop();
        var eb = Pop();
        var ea = Pop();
        c = SlotOf(ref ec);
        b = SlotOf(ref eb);
        a = SlotOf(ref ea);
    }

    // ---- Structured control (spec 3.3.8, 4.4.8) ----

    private (ValueType[] Parameters, ValueType[] Results) BlockSignature(BlockType blockType)
    {
        switch (blockType.Kind)
        {
            case BlockTypeKind.Empty: return ([], []);
            case BlockTypeKind.Value: return ([], [blockType.ValueType]);
            default:
                var ft = _module.Types[blockType.TypeIndex];
                return (ft.Parameters, ft.Results);
        }
    }

    /// <summary>The frame of a block entered now, whose parameters are on top of the stack in their home slots.</summary>
    private ControlFrame NewBlockFrame(FrameKind kind, ValueType[] parameters, ValueType[] results)
    {
        var frame = new ControlFrame { Kind = kind, Height = _height - parameters.Length, Params = parameters, Results = results };
        frame.BaseSlot = parameters.Length > 0 ? _stack[frame.Height].Home : _nextSlot;
        return frame;
    }

    private void BeginBlock(Opcode op, BlockType blockType)
    {
        var (parameters, results) = BlockSignature(blockType);

        int condition = -1;
        int conditionStart = 0;
        if (op == Opcode.If)
            (condition, conditionStart) = EmitConditionalBranch(whenTrue: false, parameters.Length);
        else
            PrepareBlockEntry(parameters.Length);

        var frame = NewBlockFrame(op switch { Opcode.Loop => FrameKind.Loop, Opcode.If => FrameKind.If, _ => FrameKind.Block }, parameters, results);
        if (op == Opcode.Loop)
        {
            frame.LoopStart = _length;
            BindLabel();
        }
        if (condition >= 0)
        {
            frame.ElseFixup = condition;
            frame.ElseFixupStart = conditionStart;
        }
        _controls.Add(frame);
    }

    /// <summary>
    /// Paths merge at a block's end (and at a loop's start), where an alias of a local set on one path
    /// would be stale: every value below the block gets its own slot. Parameters must be in their home
    /// slots, where branches to a loop put them and where else finds them again.
    /// </summary>
    private void PrepareBlockEntry(int parameterCount)
    {
        for (int i = 0; i < _height; i++)
            if (_stack[i].Kind is EntryKind.Local or EntryKind.SlotPlusConst || i >= _height - parameterCount) MaterializeAt(i);
    }

    private void Else()
    {
        var frame = _controls[^1];
        if (!frame.Unreachable)
        {
            MaterializeTop(frame.Results.Length);
            int start = _length;
            Emit(Op.Br, 0);
            frame.EndFixups.Add((start + 1, start));
        }
        BindLabel();
        Patch(frame.ElseFixup, frame.ElseFixupStart, _length);
        frame.ElseFixup = -1;
        frame.Kind = FrameKind.Else;
        frame.Unreachable = false;
        ResetStack(frame, frame.Params);
    }

    private void End()
    {
        var frame = _controls[^1];
        EndTry(frame);
        switch (frame.Kind)
        {
            case FrameKind.Function:
                if (!frame.Unreachable) EmitReturn();
                _controls.RemoveAt(_controls.Count - 1);
                return;
            case FrameKind.Loop:
                // Nothing branches to a loop's end: the results simply stay where they are.
                if (frame.Unreachable) ResetStack(frame, frame.Results);
                break;
            default:
                bool merges = frame.HasBranches || frame.Kind is FrameKind.If or FrameKind.Else;
                if (merges)
                {
                    if (!frame.Unreachable) MaterializeTop(frame.Results.Length);
                    BindLabel();
                    if (frame.ElseFixup >= 0) Patch(frame.ElseFixup, frame.ElseFixupStart, _length);
                    foreach (var (operand, start) in frame.EndFixups) Patch(operand, start, _length);
                    ResetStack(frame, frame.Results);
                }
                else if (frame.Unreachable)
                {
                    ResetStack(frame, frame.Results);
                }
                break;
        }
        _controls.RemoveAt(_controls.Count - 1);
    }

    private void ResetStack(ControlFrame frame, ValueType[] types)
    {
        _height = frame.Height;
        _nextSlot = frame.BaseSlot;
        foreach (var t in types) Push(t);
    }

    private void MaterializeTop(int count)
    {
        for (int i = _height - count; i < _height; i++) MaterializeAt(i);
    }

    private void MarkUnreachable() => _controls[^1].Unreachable = true;

    private void BindLabel()
    {
        _lastLabel = _length;
        _straightStarts.Clear();
        Array.Clear(_knownConstant);
    }

    private void Patch(int operand, int start, int target) => _code[operand] = target - start;

    private ControlFrame Label(int depth) => _controls[_controls.Count - 1 - depth];

    /// <summary>Whether the top values are already where the label expects them.</summary>
    private bool NeedsMoves(ControlFrame target)
    {
        if (target.Kind == FrameKind.Function) return true; // a branch to the function's label returns
        var types = target.LabelTypes;
        int slot = target.BaseSlot;
        for (int i = 0; i < types.Length; i++)
        {
            ref var e = ref _stack[_height - types.Length + i];
            if (e.Kind != EntryKind.Slot || e.Home != slot) return true;
            slot += Width(types[i]);
        }
        return false;
    }

    /// <summary>
    /// Moves the label's values from the top of the stack into the label's slots, without changing the
    /// compile-time stack: on a conditional branch the fall-through path still sees the values where they were.
    /// </summary>
    private void EmitMoves(int targetSlot, ValueType[] types)
    {
        int n = types.Length;
        // Sources in stack slots never lie below their targets, so moving in order is safe; only a local
        // alias can be overwritten first (a return writes slots 0.., which are locals), so copy those out.
        Span<int> sources = n <= 16 ? stackalloc int[n] : new int[n];
        Span<bool> copied = n <= 16 ? stackalloc bool[n] : new bool[n];
        int end = targetSlot;
        foreach (var t in types) end += Width(t);
        for (int i = 0; i < n; i++)
        {
            ref var e = ref _stack[_height - n + i];
            sources[i] = e.Kind is EntryKind.Local or EntryKind.SlotPlusConst ? e.Source : e.Home;
            if (e.Kind is EntryKind.Local or EntryKind.SlotPlusConst && n > 1 && e.Source < end && e.Source >= targetSlot)
            {
                if (e.Kind == EntryKind.Local) EmitMove(e.Home, e.Source, e.Type);
                else Emit(Op.I32AddImm, e.Home, e.Source, (int)e.Bits);
                sources[i] = e.Home;
                copied[i] = true;
            }
        }
        int slot = targetSlot;
        for (int i = 0; i < n; i++)
        {
            ref var e = ref _stack[_height - n + i];
            if (e.Kind == EntryKind.Const) EmitConst(slot, e.Type, e.Bits);
            else if (e.Kind == EntryKind.SlotPlusConst && !copied[i]) Emit(Op.I32AddImm, slot, e.Source, (int)e.Bits);
            else if (sources[i] != slot) EmitMove(slot, sources[i], types[i]);
            slot += Width(types[i]);
        }
    }

    private void EmitReturn()
    {
        var results = _controls[0].Results;
        if (results.Length == 1)
        {
            ref var e = ref _stack[_height - 1];
            if (e.Kind is EntryKind.Slot or EntryKind.Local && e.Type != ValueType.V128)
            {
                int s = e.Kind == EntryKind.Local ? e.Source : e.Home;
                if (s == 0) Emit(Op.Return);
                else Emit(Op.ReturnMove, s);
                return;
            }
        }
        EmitMoves(0, results);
        Emit(Op.Return);
    }

    /// <summary>An unconditional branch with its moves (spec 4.4.8.6 br).</summary>
    private void Branch(int depth)
    {
        var target = Label(depth);
        if (target.Kind == FrameKind.Function)
        {
            EmitReturn();
            return;
        }
        EmitMoves(target.BaseSlot, target.LabelTypes);
        EmitJump(target, Op.Br);
    }

    /// <summary>Emits [op, rel] to the label, recording a fixup when the label is ahead.</summary>
    private void EmitJump(ControlFrame target, Op op)
    {
        int start = _length;
        Emit(op, 0);
        SetTarget(target, start + 1, start);
    }

    private void SetTarget(ControlFrame target, int operand, int start)
    {
        if (target.Kind == FrameKind.Loop)
        {
            // A back-edge: the op that checks for termination (br_table checks at run time).
            _code[start] = (Op)_code[start] switch
            {
                Op.Br => (int)Op.BrBack,
                Op.BrIfNez => (int)Op.BrIfNezBack,
                Op.BrIfEqz => (int)Op.BrIfEqzBack,
                >= Op.BrI32Eq and <= Op.BrI64GeUImm => _code[start] - (int)Op.BrI32Eq + (int)Op.BrI32EqBack,
                _ => _code[start],
            };
            if (TryFuseInductionUpdate(start)) (operand, start) = (_lastStart + Disassembler.LengthOf(_code, _lastStart) - 1, _lastStart);
            Patch(operand, start, target.LoopStart);
        }
        else
        {
            target.EndFixups.Add((operand, start));
            target.HasBranches = true;
        }
    }

    /// <summary>
    /// Merges an i32 compare-and-branch back-edge at <paramref name="branchStart"/> with the <c>i32.add</c> just
    /// before it when the comparison reads that add's result (<c>i += step; if (i &lt; n) continue</c>):
    /// one dispatch per iteration instead of two. The fused instruction starts where the add did.
    /// </summary>
    private bool TryFuseInductionUpdate(int branchStart)
    {
        int addStart = _previousStart;
        var branch = (Op)_code[branchStart];
        if (branchStart != _lastStart || addStart < 0 || _lastLabel == branchStart) return false;
        var add = (Op)_code[addStart];
        if (add is not (Op.I32AddImm or Op.I32Add) || branchStart - addStart != 4) return false;
        if (_code[addStart + 1] != _code[branchStart + 1]) return false;
        if (branch == Op.BrIfNezBack && add == Op.I32AddImm)
        {
            // Counting up to zero (clang's loops over negative offsets): [dst, a, imm, rel].
            _code[addStart] = (int)Op.I32AddImmBrNezBack;
            ExtendInstruction(addStart, branchStart, 5);
            return true;
        }
        if (branch is < Op.BrI32EqBack or > Op.BrI32GeUImmBack) return false;
        int family = add == Op.I32AddImm ? (int)Op.I32AddImmBrEqBack : (int)Op.I32AddBrEqBack;
        _code[addStart] = family + (branch - Op.BrI32EqBack);
        _code[addStart + 4] = _code[branchStart + 2];
        ExtendInstruction(addStart, branchStart, 6);
        return true;
    }

    /// <summary>Drops the instruction at <paramref name="next"/> (already merged into the one at <paramref name="start"/>), which is now <paramref name="length"/> words.</summary>
    private void ExtendInstruction(int start, int next, int length)
    {
        Rewind(next);
        _length = start + length;
    }

    private void BranchIf(int depth)
    {
        var target = Label(depth);
        if (!NeedsMoves(target))
        {
            var (operand, start) = EmitConditionalBranch(whenTrue: true);
            SetTarget(target, operand, start);
            return;
        }
        // Moves happen only when the branch is taken: jump over them otherwise.
        var (skip, skipStart) = EmitConditionalBranch(whenTrue: false);
        Branch(depth);
        BindLabel();
        Patch(skip, skipStart, _length);
    }

    /// <summary>
    /// Pops an i32 condition and emits a branch taken when it is non-zero (or zero); a comparison just
    /// computed is fused into the branch. Returns the displacement operand's position and the instruction start.
    /// </summary>
    /// <remarks>
    /// With <paramref name="blockParameters"/> set (an <c>if</c>), the block's entry moves are emitted
    /// before the branch, so both paths see them; they never touch the comparison's operands.
    /// </remarks>
    private (int Operand, int Start) EmitConditionalBranch(bool whenTrue, int blockParameters = -1)
    {
        var c = Pop();
        int start;
        if (c.Kind == EntryKind.Slot && _cmpEnd == _length && _lastLabel != _length && _cmpDst == c.Home)
        {
            Rewind(_cmpStart);
            if (blockParameters >= 0) PrepareBlockEntry(blockParameters);
            start = _length;
            int k = whenTrue ? _cmpIndex : NegatedComparison[_cmpIndex];
            switch (_cmpFamily)
            {
                case CompareFamily.I32Eqz:
                    Emit(whenTrue ? Op.BrIfEqz : Op.BrIfNez, _cmpA, 0);
                    return (start + 2, start);
                case CompareFamily.I32: Emit((Op)((int)Op.BrI32Eq + k), _cmpA, _cmpB, 0); break;
                case CompareFamily.I32Imm: Emit((Op)((int)Op.BrI32EqImm + k), _cmpA, _cmpB, 0); break;
                case CompareFamily.I64: Emit((Op)((int)Op.BrI64Eq + k), _cmpA, _cmpB, 0); break;
                default: Emit((Op)((int)Op.BrI64EqImm + k), _cmpA, _cmpB, 0); break;
            }
            _cmpEnd = -1;
            return (start + 3, start);
        }
        int s = SlotOf(ref c);
        if (blockParameters >= 0) PrepareBlockEntry(blockParameters);
        start = _length;
        Emit(whenTrue ? Op.BrIfNez : Op.BrIfEqz, s, 0);
        return (start + 2, start);
    }

    private void BranchTable(ReadOnlySpan<uint> targets, int defaultDepth)
    {
        var index = Pop();
        int s = SlotOf(ref index);
        int start = _length;
        int count = targets.Length;
        Emit(Op.BrTable, s, count);
        int table = _length;
        for (int i = 0; i <= count; i++) EmitWord(0);

        // Targets whose values are in place jump directly; the others go through a stub with the moves,
        // shared by all entries with the same depth.
        var stubs = new Dictionary<int, int>();
        for (int i = 0; i <= count; i++)
        {
            int depth = i < count ? (int)targets[i] : defaultDepth;
            var target = Label(depth);
            if (!NeedsMoves(target))
            {
                SetTarget(target, table + i, start);
                continue;
            }
            if (!stubs.TryGetValue(depth, out int stub))
            {
                BindLabel(); // a jump target: no peephole may merge across it
                stub = _length;
                stubs.Add(depth, stub);
                Branch(depth);
            }
            Patch(table + i, start, stub);
        }
    }

    // ---- Calls (spec 4.4.10) ----

    private void Call(int functionIndex)
    {
        var type = _functionTypes[functionIndex];
        int argBase = PrepareArguments(type.Parameters.Length);
        if (functionIndex >= _importedFunctions) Emit(Op.Call, functionIndex - _importedFunctions, argBase);
        else Emit(Op.CallImport, functionIndex, argBase);
        PushResults(type.Results, argBase);
    }

    private void CallIndirect(int typeIndex, int tableIndex)
    {
        var type = _module.Types[typeIndex];
        var index = Pop();
        int indexSlot = SlotOf(ref index);
        int argBase = PrepareArguments(type.Parameters.Length);
        Emit(Op.CallIndirect, typeIndex, tableIndex, indexSlot, argBase);
        PushResults(type.Results, argBase);
    }

    // Tail calls: the arguments are put in place as for a call; the executor moves them to the frame's first slots.
    private void ReturnCall(int functionIndex)
    {
        var parameters = _functionTypes[functionIndex].Parameters;
        int argBase = PrepareArguments(parameters.Length);
        if (functionIndex >= _importedFunctions) Emit(Op.ReturnCall, functionIndex - _importedFunctions, argBase, Executor.SlotCountOf(parameters));
        else Emit(Op.ReturnCallImport, functionIndex, argBase, Executor.SlotCountOf(parameters));
    }

    private void ReturnCallIndirect(int typeIndex, int tableIndex)
    {
        var parameters = _module.Types[typeIndex].Parameters;
        var index = Pop();
        int indexSlot = SlotOf(ref index);
        int argBase = PrepareArguments(parameters.Length);
        Emit(Op.ReturnCallIndirect, typeIndex, tableIndex, indexSlot, argBase, Executor.SlotCountOf(parameters));
    }

    /// <summary>Puts the arguments in their home slots, which become the callee's first slots.</summary>
    private int PrepareArguments(int count)
    {
        MaterializeTop(count);
        int argBase = count > 0 ? _stack[_height - count].Home : _nextSlot;
        _height -= count;
        _nextSlot = argBase;
        return argBase;
    }

    private void PushResults(ValueType[] results, int argBase)
    {
        _nextSlot = argBase;
        foreach (var r in results) Push(r);
    }

    // ---- Module lookups ----

    private ValueType GlobalType(int index)
    {
        foreach (var import in _module.Imports)
        {
            if (import.Kind != ExternalKind.Global) continue;
            if (index == 0) return import.Global!.ValueType;
            index--;
        }
        return _module.Globals[index].Type.ValueType;
    }

    /// <summary>Whether a global of this type may hold a struct, array or i31 (any's hierarchy, or extern's after extern.convert_any).</summary>
    private bool MayHoldGcObject(ValueType type) =>
        type.IsReference() && ReferenceTypes.StorageOf(type, _module.CanonicalTypes) is ValueType.AnyRef or ValueType.ExternRef;

    private ValueType TableElementType(int index)
    {
        foreach (var import in _module.Imports)
        {
            if (import.Kind != ExternalKind.Table) continue;
            if (index == 0) return import.Table!.ElementType;
            index--;
        }
        return _module.Tables[index].ElementType;
    }

    /// <summary>
    /// The memory an instruction accesses when it is not memory 0 (WebAssembly 3.0's multiple memories), with
    /// <paramref name="onMemoryZero"/> the same instruction on memory 0; 0 for memory 0 and for other instructions.
    /// memory.copy between two memories is not one memory's instruction: 0 too (<see cref="Op.MemoryCopyBetween"/>).
    /// </summary>
    private static int OtherMemory(in Instruction instr, out Instruction onMemoryZero)
    {
        onMemoryZero = instr;
        if (!InstructionTable.TryGet(instr.Opcode, out var info)) return 0;
        switch (info.Immediate)
        {
            case ImmediateKind.MemArg or ImmediateKind.MemArgLane or ImmediateKind.MemoryIndex:
                onMemoryZero.Index = 0;
                return (int)instr.Index;
            case ImmediateKind.MemoryInit:
                onMemoryZero.Index2 = 0;
                return (int)instr.Index2;
            case ImmediateKind.MemoryCopy when instr.Index == instr.Index2:
                onMemoryZero.Index = onMemoryZero.Index2 = 0;
                return (int)instr.Index;
            default:
                return 0;
        }
    }

    /// <summary>
    /// An instruction on memory k > 0: translated as on memory 0, between <see cref="Op.SelectMemory"/> k and
    /// <see cref="Op.SelectMemory"/> 0, so memory 0's instructions keep their single form. The labels bound on both
    /// sides keep peepholes from fusing it with its neighbours or moving it out.
    /// </summary>
    private void TranslateOnOtherMemory(ref InstructionReader reader, in Instruction onMemoryZero, int memory)
    {
        Emit(Op.SelectMemory, memory);
        BindLabel();
        TranslateInstruction(ref reader, in onMemoryZero, spacesResolved: true);
        Emit(Op.SelectMemory, 0);
        BindLabel();
    }

    private static void RequireMemoryZero(uint index)
    {
        if (index != 0) throw new UnsupportedFeatureException("multiple memories");
    }

    /// <summary>The store of a constant by width; an 8-byte one only when the bits are a sign-extended 32-bit value.</summary>
    private static Op? StoreImmediateForm(Opcode op, ulong bits) => op switch
    {
        Opcode.I32Store8 or Opcode.I64Store8 => Op.Store8Imm,
        Opcode.I32Store16 or Opcode.I64Store16 => Op.Store16Imm,
        Opcode.I32Store or Opcode.F32Store or Opcode.I64Store32 => Op.Store32Imm,
        Opcode.I64Store or Opcode.F64Store when (long)bits == (int)bits => Op.Store64Imm,
        _ => null,
    };

    private static ValueType LoadType(Opcode op) => op switch
    {
        Opcode.I32Load or Opcode.I32Load8S or Opcode.I32Load8U or Opcode.I32Load16S or Opcode.I32Load16U => ValueType.I32,
        Opcode.F32Load => ValueType.F32,
        Opcode.F64Load => ValueType.F64,
        _ => ValueType.I64,
    };

    // ---- Code emission ----

    private void EmitWord(int word)
    {
        if (_length == _code.Length) Array.Resize(ref _code, _code.Length * 2);
        _code[_length++] = word;
    }

    // Where the last two instructions start, for peepholes over instruction pairs.
    private int _lastStart = -1, _previousStart = -1;

    // Where each instruction since the last label starts, for peepholes that look further back.
    private readonly List<int> _straightStarts = [];

    private void EmitOp(Op op)
    {
        _previousStart = _lastStart;
        _lastStart = _length;
        _straightStarts.Add(_length);
        EmitWord((int)op);
    }

    /// <summary>Drops the code from <paramref name="position"/> (an instruction start) on, to emit it again fused.</summary>
    private void Rewind(int position)
    {
        _length = position;
        while (_straightStarts.Count > 0 && _straightStarts[^1] >= position) _straightStarts.RemoveAt(_straightStarts.Count - 1);
        // The pair peepholes look at the last two instructions: those before the rewound ones (none across a label).
        _lastStart = _straightStarts.Count > 0 ? _straightStarts[^1] : -1;
        _previousStart = _straightStarts.Count > 1 ? _straightStarts[^2] : -1;
        // The result and comparison a later instruction could take over were among the rewound ones, or are stale.
        _resultEnd = -1;
        _cmpEnd = -1;
    }

    private void Emit(Op op) => EmitOp(op);

    private void Emit(Op op, int a) { EmitOp(op); EmitWord(a); }

    private void Emit(Op op, int a, int b) { EmitOp(op); EmitWord(a); EmitWord(b); }

    private void Emit(Op op, int a, int b, int c) { EmitOp(op); EmitWord(a); EmitWord(b); EmitWord(c); }

    private void Emit(Op op, int a, int b, int c, int d) { Emit(op, a, b, c); EmitWord(d); }

    private void Emit(Op op, int a, int b, int c, int d, int e) { Emit(op, a, b, c, d); EmitWord(e); }

    /// <summary>Emits an instruction whose first operand is the slot it writes its single result to.</summary>
    private void EmitResult(Op op, int dst, params ReadOnlySpan<int> operands)
    {
        EmitOp(op);
        _resultDstOperand = _length;
        EmitWord(dst);
        foreach (var o in operands) EmitWord(o);
        _resultEnd = _length;
    }
}
