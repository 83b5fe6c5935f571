using MicroWasm.Instructions;

namespace MicroWasm.Validation;

/// <summary>
/// Type-checks a function body one instruction at a time (spec 3.3, with the algorithm of appendix
/// 7.3): an operand stack of value types and a stack of control frames, both explicit arrays, so
/// that nesting depth costs memory, not native stack, and checking is linear in the code size.
/// </summary>
/// <remarks>
/// The state between instructions can be queried (<see cref="OperandCount"/>,
/// <see cref="PeekOperand"/>, <see cref="ControlDepth"/>, <see cref="GetFrame"/>), so that a
/// compiler can drive the validator and learn the operand types it needs while it translates.
/// One validator can check many functions of the same module: <see cref="Begin"/> resets it.
/// Errors throw <see cref="InvalidModuleException"/> with the reference interpreter's message and
/// the offset of the offending instruction.
/// </remarks>
public sealed partial class FunctionValidator
{
    /// <summary>
    /// The type of an operand that unreachable code pops from an empty stack (spec 7.3: "Unknown"):
    /// it matches every type.
    /// </summary>
    public const ValueType Unknown = 0;

    private static readonly ValueType[][] SingleTypes = BuildSingleTypes();

    private readonly ModuleContext _context;
    private ValueType[] _operands = new ValueType[64];
    private int _operandCount;
    private ControlFrame[] _frames = new ControlFrame[16];
    private int _frameCount;
    private ValueType[] _scratch = new ValueType[16];

    // Locals: the parameters, then the declared runs. Small functions get a flat array; large ones
    // are looked up by binary search over the runs, so a body declaring 2^32-1 locals costs nothing.
    private ValueType[] _parameters = [];
    private ValueType[] _flatLocals = [];
    private bool _localsAreFlat;
    private LocalDeclaration[] _runs = [];
    private ulong[] _runEnds = [];
    private ulong _localCount;
    private ValueType[] _results = [];
    private bool _finished;

    public FunctionValidator(ModuleContext context)
    {
        _context = context;
    }

    public ModuleContext Context => _context;

    /// <summary>The number of operands on the stack (all frames).</summary>
    public int OperandCount => _operandCount;

    /// <summary>The type of the operand <paramref name="depth"/> places below the top (0 = top), or <see cref="Unknown"/> when unreachable code left it unknown.</summary>
    public ValueType PeekOperand(int depth)
    {
        int i = _operandCount - 1 - depth;
        if (i < 0) return Unknown;
        return _operands[i];
    }

    /// <summary>The number of open control frames, including the function's own.</summary>
    public int ControlDepth => _frameCount;

    /// <summary>The control frame <paramref name="depth"/> levels out (0 = innermost), as a branch label counts.</summary>
    public ref readonly ControlFrame GetFrame(int depth) => ref _frames[_frameCount - 1 - depth];

    /// <summary>Whether the current position is unreachable (after <c>br</c>, <c>return</c>, <c>unreachable</c>...).</summary>
    public bool IsUnreachable => _frameCount > 0 && _frames[_frameCount - 1].Unreachable;

    /// <summary>Whether the function's final <c>end</c> has been validated.</summary>
    public bool IsFinished => _finished;

    /// <summary>The number of locals, parameters included.</summary>
    public ulong LocalCount => (ulong)_parameters.Length + _localCount;

    /// <summary>Starts a function of type <paramref name="type"/> with the given declared locals (spec 3.4.1).</summary>
    /// <param name="type">The function's type.</param>
    /// <param name="locals">The declared locals, parameters not included.</param>
    /// <param name="offset">Where the body starts in the module, for messages.</param>
    public void Begin(FuncType type, ReadOnlySpan<LocalDeclaration> locals, int offset = -1)
    {
        _operandCount = 0;
        _frameCount = 0;
        _finished = false;
        _parameters = type.Parameters;
        _results = type.Results;

        _localCount = 0;
        foreach (var run in locals)
        {
            _localCount += run.Count;
            _context.CheckValueType(run.Type, offset);
        }
        ResetLocalInitialization();
        _localsAreFlat = _localCount <= 1024;
        if (_localsAreFlat)
        {
            int n = _parameters.Length + (int)_localCount;
            if (_flatLocals.Length < n) _flatLocals = new ValueType[Math.Max(n, 2 * _flatLocals.Length)];
            _parameters.CopyTo(_flatLocals, 0);
            int at = _parameters.Length;
            foreach (var run in locals)
                for (uint i = 0; i < run.Count; i++) _flatLocals[at++] = run.Type;
            _runs = [];
        }
        else
        {
            _runs = locals.ToArray();
            _runEnds = new ulong[_runs.Length];
            ulong end = 0;
            for (int i = 0; i < _runs.Length; i++) _runEnds[i] = end += _runs[i].Count;
        }

        PushFrame(Opcode.Block, [], _results, offset);
    }

    /// <summary>The type of local <paramref name="index"/>.</summary>
    public bool TryGetLocalType(uint index, out ValueType type)
    {
        type = Unknown;
        if (_localsAreFlat)
        {
            if (index >= (ulong)_parameters.Length + _localCount) return false;
            type = _flatLocals[index];
            return true;
        }
        if (index < (uint)_parameters.Length)
        {
            type = _parameters[index];
            return true;
        }
        ulong rest = index - (ulong)_parameters.Length;
        if (rest >= _localCount) return false;
        // The first run whose end lies beyond the index.
        int lo = 0, hi = _runEnds.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_runEnds[mid] > rest) hi = mid; else lo = mid + 1;
        }
        type = _runs[lo].Type;
        return true;
    }

    /// <summary>Checks that the body ended with its final <c>end</c> (spec 3.4.1).</summary>
    public void Finish(int offset)
    {
        if (!_finished)
            throw Invalid("unexpected end of function: missing end", offset);
    }

    /// <summary>Decodes and validates a whole function body.</summary>
    public void ValidateBody(FuncType type, FunctionBody body) =>
        ValidateExpression(type, body.Locals, body.Code.Span, body.CodeOffset);

    /// <summary>Decodes and validates an expression that ends with its final <c>end</c>, as a function of type <paramref name="type"/> would.</summary>
    public void ValidateExpression(FuncType type, ReadOnlySpan<LocalDeclaration> locals, ReadOnlySpan<byte> code, int offset)
    {
        Begin(type, locals, offset);
        var reader = new InstructionReader(code, offset);
        while (!reader.AtEnd)
        {
            reader.Read(out var instr);
            Validate(in instr, reader.BranchTargets, reader.CatchClauses);
        }
        Finish(reader.Offset);
    }

    /// <summary>Validates one instruction (spec 3.3) and updates the stacks.</summary>
    /// <param name="instr">The instruction, as <see cref="InstructionReader"/> read it.</param>
    /// <param name="branchTargets">For <c>br_table</c>: the explicit targets (the default is <see cref="Instruction.Index"/>).</param>
    /// <param name="catchClauses">For <c>try_table</c>: its catch clauses.</param>
    public void Validate(in Instruction instr, ReadOnlySpan<uint> branchTargets, ReadOnlySpan<CatchClause> catchClauses = default)
    {
        int at = instr.Offset;
        if (_finished)
            throw Invalid("operators remaining after end of function", at);

        if (OperatorSignatures.TryGet(instr.Opcode, out var signature))
        {
            for (int i = signature.ParameterCount - 1; i >= 0; i--)
                PopOperand(signature.Parameter(i), at);
            if (signature.Result != Unknown) PushOperand(signature.Result);
            return;
        }

        switch (instr.Opcode)
        {
            // Spec 3.3.8: control instructions.
            case Opcode.Unreachable:
                SetUnreachable();
                break;
            case Opcode.Nop:
                break;
            case Opcode.Block:
            case Opcode.Loop:
            {
                var (start, end) = BlockTypes(instr.Block, at);
                PopOperands(start, at);
                PushFrame(instr.Opcode, start, end, at);
                break;
            }
            case Opcode.If:
            {
                var (start, end) = BlockTypes(instr.Block, at);
                PopOperand(ValueType.I32, at);
                PopOperands(start, at);
                PushFrame(Opcode.If, start, end, at);
                break;
            }
            case Opcode.Else:
            {
                if (_frameCount == 0 || _frames[_frameCount - 1].Kind != Opcode.If)
                    throw Invalid("else without matching if", at);
                var frame = PopFrame(at);
                PushFrame(Opcode.Else, frame.StartTypes, frame.EndTypes, frame.Offset);
                break;
            }
            case Opcode.End:
            {
                var frame = PopFrame(at);
                // An `if` without `else` has an implicit empty else branch, which passes the
                // parameters through: they must be the results (spec 3.3.8.7).
                if (frame.Kind == Opcode.If && !AllMatch(frame.StartTypes, frame.EndTypes))
                    throw TypeMismatch(frame.EndTypes, frame.StartTypes, at);
                PushOperands(frame.EndTypes);
                if (_frameCount == 0) _finished = true;
                break;
            }
            case Opcode.Br:
                PopOperands(Label(instr.Index, at).LabelTypes, at);
                SetUnreachable();
                break;

            // Exception handling (WebAssembly 3.0).
            case Opcode.Throw:
                PopOperands(Tag(instr.Index, at).Parameters, at);
                SetUnreachable();
                break;
            case Opcode.ThrowRef:
                PopOperand(ValueType.ExnRef, at);
                SetUnreachable();
                break;
            case Opcode.TryTable:
            {
                // The clauses' labels are the enclosing ones: the try_table's own label is not yet in scope.
                var (start, end) = BlockTypes(instr.Block, at);
                foreach (var clause in catchClauses) ValidateCatchClause(clause, at);
                PopOperands(start, at);
                PushFrame(Opcode.TryTable, start, end, at);
                break;
            }
            // The legacy instructions: a try block continues with catch and catch_all bodies, or ends with delegate.
            case Opcode.Try:
            {
                var (start, end) = BlockTypes(instr.Block, at);
                PopOperands(start, at);
                PushFrame(Opcode.Try, start, end, at);
                break;
            }
            case Opcode.Catch:
            case Opcode.CatchAll:
            {
                if (_frameCount == 0 || _frames[_frameCount - 1].Kind is not (Opcode.Try or Opcode.Catch))
                    throw Invalid($"{InstructionTable.MnemonicOf(instr.Opcode)} without matching try", at);
                var frame = PopFrame(at);
                var caught = instr.Opcode == Opcode.Catch ? Tag(instr.Index, at).Parameters : [];
                PushFrame(instr.Opcode, caught, frame.EndTypes, frame.Offset);
                break;
            }
            case Opcode.Delegate:
            {
                if (_frameCount == 0 || _frames[_frameCount - 1].Kind != Opcode.Try)
                    throw Invalid("delegate without matching try", at);
                var frame = PopFrame(at);
                Label(instr.Index, at); // counted from outside the try
                PushOperands(frame.EndTypes);
                break;
            }
            case Opcode.Rethrow:
                if (Label(instr.Index, at).Kind is not (Opcode.Catch or Opcode.CatchAll))
                    throw Invalid("invalid rethrow label", at);
                SetUnreachable();
                break;
            case Opcode.BrIf:
            {
                var types = Label(instr.Index, at).LabelTypes;
                PopOperand(ValueType.I32, at);
                PopOperands(types, at);
                PushOperands(types);
                break;
            }
            case Opcode.BrTable:
                ValidateBranchTable(instr.Index, branchTargets, at);
                break;
            case Opcode.Return:
                PopOperands(_results, at);
                SetUnreachable();
                break;
            case Opcode.Call:
            {
                var type = Function(instr.Index, at);
                PopOperands(type.Parameters, at);
                PushOperands(type.Results);
                break;
            }
            case Opcode.CallIndirect:
            {
                var type = IndirectCallType(in instr, at);
                PopOperands(type.Parameters, at);
                PushOperands(type.Results);
                break;
            }
            // Tail calls (WebAssembly 3.0): the callee's results are the caller's, and nothing follows.
            case Opcode.ReturnCall:
            {
                var type = Function(instr.Index, at);
                ReturnCall(type, at);
                break;
            }
            case Opcode.ReturnCallIndirect:
                ReturnCall(IndirectCallType(in instr, at), at);
                break;
            case Opcode.CallRef:
            {
                var type = ReferencedCallType(in instr, at);
                PopOperands(type.Parameters, at);
                PushOperands(type.Results);
                break;
            }
            case Opcode.ReturnCallRef:
                ReturnCall(ReferencedCallType(in instr, at), at);
                break;
            case Opcode.RefAsNonNull:
                PushOperand(NonNullable(PopReference(at)));
                break;
            case Opcode.BrOnNull:
                ValidateBranchOnNull(instr.Index, at);
                break;
            case Opcode.BrOnNonNull:
                ValidateBranchOnNonNull(instr.Index, at);
                break;

            // Spec 3.3.5: reference instructions.
            case Opcode.RefNull:
                _context.CheckValueType(instr.ValueType, at);
                PushOperand(instr.ValueType);
                break;
            case Opcode.RefIsNull:
            {
                var t = PopOperand(at);
                if (t != Unknown && !t.IsReference())
                    throw Invalid($"type mismatch: instruction requires reference type but stack has {t.ToText()}", at);
                PushOperand(ValueType.I32);
                break;
            }
            case Opcode.RefFunc:
                Function(instr.Index, at);
                if (!_context.DeclaredFunctions[instr.Index])
                    throw Invalid($"undeclared function reference {instr.Index}", at);
                PushOperand(_context.FunctionReferenceType((int)instr.Index));
                break;

            // Spec 3.3.6: parametric instructions.
            case Opcode.Drop:
                PopOperand(at);
                break;
            case Opcode.Select:
                ValidateUntypedSelect(at);
                break;
            case Opcode.SelectTyped:
                if (instr.Index != 1)
                    throw Invalid("invalid result arity", at);
                _context.CheckValueType(instr.ValueType, at);
                PopOperand(ValueType.I32, at);
                PopOperand(instr.ValueType, at);
                PopOperand(instr.ValueType, at);
                PushOperand(instr.ValueType);
                break;

            // Spec 3.3.7: variable instructions.
            case Opcode.LocalGet:
            {
                var t = Local(instr.Index, at);
                if (!ReferenceTypes.IsNullable(t)) RequireInitialized(instr.Index, at);
                PushOperand(t);
                break;
            }
            case Opcode.LocalSet:
            {
                var t = Local(instr.Index, at);
                PopOperand(t, at);
                if (!ReferenceTypes.IsNullable(t)) MarkInitialized(instr.Index);
                break;
            }
            case Opcode.LocalTee:
            {
                var t = Local(instr.Index, at);
                PopOperand(t, at);
                if (!ReferenceTypes.IsNullable(t)) MarkInitialized(instr.Index);
                PushOperand(t);
                break;
            }
            case Opcode.GlobalGet:
                PushOperand(Global(instr.Index, at).ValueType);
                break;
            case Opcode.GlobalSet:
            {
                var global = Global(instr.Index, at);
                if (!global.Mutable)
                    throw Invalid($"global is immutable (immutable global {instr.Index})", at);
                PopOperand(global.ValueType, at);
                break;
            }

            // Spec 3.3.4: table instructions.
            case Opcode.TableGet:
            {
                var table = Table(instr.Index, at);
                PopOperand(table.AddressType, at);
                PushOperand(table.ElementType);
                break;
            }
            case Opcode.TableSet:
            {
                var table = Table(instr.Index, at);
                PopOperand(table.ElementType, at);
                PopOperand(table.AddressType, at);
                break;
            }
            case Opcode.TableSize:
                PushOperand(Table(instr.Index, at).AddressType);
                break;
            case Opcode.TableGrow:
            {
                var table = Table(instr.Index, at);
                PopOperand(table.AddressType, at);
                PopOperand(table.ElementType, at);
                PushOperand(table.AddressType);
                break;
            }
            case Opcode.TableFill:
            {
                var table = Table(instr.Index, at);
                PopOperand(table.AddressType, at);
                PopOperand(table.ElementType, at);
                PopOperand(table.AddressType, at);
                break;
            }
            case Opcode.TableCopy:
            {
                var destination = Table(instr.Index, at);
                var source = Table(instr.Index2, at);
                if (!Matches(source.ElementType, destination.ElementType))
                    throw Invalid($"type mismatch: table.copy from {source.ElementType.ToText()} to {destination.ElementType.ToText()}", at);
                PopRangeOperands(destination.AddressType, source.AddressType, at);
                break;
            }
            case Opcode.TableInit:
            {
                // Binary order: element index, then table index.
                var table = Table(instr.Index2, at);
                var elementType = Element(instr.Index, at);
                if (!Matches(elementType, table.ElementType))
                    throw Invalid($"type mismatch: table.init of {elementType.ToText()} into a table of {table.ElementType.ToText()}", at);
                PopI32s(2, at);
                PopOperand(table.AddressType, at);
                break;
            }
            case Opcode.ElemDrop:
                Element(instr.Index, at);
                break;

            // Spec 3.3.9: memory instructions.
            case Opcode.I32Load: Load(in instr, 2, ValueType.I32); break;
            case Opcode.I64Load: Load(in instr, 3, ValueType.I64); break;
            case Opcode.F32Load: Load(in instr, 2, ValueType.F32); break;
            case Opcode.F64Load: Load(in instr, 3, ValueType.F64); break;
            case Opcode.I32Load8S: case Opcode.I32Load8U: Load(in instr, 0, ValueType.I32); break;
            case Opcode.I32Load16S: case Opcode.I32Load16U: Load(in instr, 1, ValueType.I32); break;
            case Opcode.I64Load8S: case Opcode.I64Load8U: Load(in instr, 0, ValueType.I64); break;
            case Opcode.I64Load16S: case Opcode.I64Load16U: Load(in instr, 1, ValueType.I64); break;
            case Opcode.I64Load32S: case Opcode.I64Load32U: Load(in instr, 2, ValueType.I64); break;
            case Opcode.I32Store: Store(in instr, 2, ValueType.I32); break;
            case Opcode.I64Store: Store(in instr, 3, ValueType.I64); break;
            case Opcode.F32Store: Store(in instr, 2, ValueType.F32); break;
            case Opcode.F64Store: Store(in instr, 3, ValueType.F64); break;
            case Opcode.I32Store8: Store(in instr, 0, ValueType.I32); break;
            case Opcode.I32Store16: Store(in instr, 1, ValueType.I32); break;
            case Opcode.I64Store8: Store(in instr, 0, ValueType.I64); break;
            case Opcode.I64Store16: Store(in instr, 1, ValueType.I64); break;
            case Opcode.I64Store32: Store(in instr, 2, ValueType.I64); break;
            case Opcode.MemorySize:
                PushOperand(Memory(instr.Index, at).AddressType);
                break;
            case Opcode.MemoryGrow:
            {
                var addressType = Memory(instr.Index, at).AddressType;
                PopOperand(addressType, at);
                PushOperand(addressType);
                break;
            }
            case Opcode.MemoryFill:
            {
                var addressType = Memory(instr.Index, at).AddressType;
                PopOperand(addressType, at);
                PopOperand(ValueType.I32, at);
                PopOperand(addressType, at);
                break;
            }
            case Opcode.MemoryCopy:
            {
                var destination = Memory(instr.Index, at);
                var source = Memory(instr.Index2, at);
                PopRangeOperands(destination.AddressType, source.AddressType, at);
                break;
            }
            case Opcode.MemoryInit:
            {
                var memory = Memory(instr.Index2, at);
                Data(instr.Index, at);
                PopI32s(2, at);
                PopOperand(memory.AddressType, at);
                break;
            }
            case Opcode.DataDrop:
                Data(instr.Index, at);
                break;

            // Spec 3.3.1: constants.
            case Opcode.I32Const: PushOperand(ValueType.I32); break;
            case Opcode.I64Const: PushOperand(ValueType.I64); break;
            case Opcode.F32Const: PushOperand(ValueType.F32); break;
            case Opcode.F64Const: PushOperand(ValueType.F64); break;

            // Spec 3.3.2: vector instructions with immediates.
            case Opcode.V128Const: PushOperand(ValueType.V128); break;
            case Opcode.V128Load: Load(in instr, 4, ValueType.V128); break;
            case Opcode.V128Load8x8S: case Opcode.V128Load8x8U:
            case Opcode.V128Load16x4S: case Opcode.V128Load16x4U:
            case Opcode.V128Load32x2S: case Opcode.V128Load32x2U:
                Load(in instr, 3, ValueType.V128);
                break;
            case Opcode.V128Load8Splat: Load(in instr, 0, ValueType.V128); break;
            case Opcode.V128Load16Splat: Load(in instr, 1, ValueType.V128); break;
            case Opcode.V128Load32Splat: case Opcode.V128Load32Zero: Load(in instr, 2, ValueType.V128); break;
            case Opcode.V128Load64Splat: case Opcode.V128Load64Zero: Load(in instr, 3, ValueType.V128); break;
            case Opcode.V128Store: Store(in instr, 4, ValueType.V128); break;
            case Opcode.V128Load8Lane: LoadLane(in instr, 0); break;
            case Opcode.V128Load16Lane: LoadLane(in instr, 1); break;
            case Opcode.V128Load32Lane: LoadLane(in instr, 2); break;
            case Opcode.V128Load64Lane: LoadLane(in instr, 3); break;
            case Opcode.V128Store8Lane: StoreLane(in instr, 0); break;
            case Opcode.V128Store16Lane: StoreLane(in instr, 1); break;
            case Opcode.V128Store32Lane: StoreLane(in instr, 2); break;
            case Opcode.V128Store64Lane: StoreLane(in instr, 3); break;
            case Opcode.I8x16Shuffle:
                for (int i = 0; i < 16; i++)
                    if (instr.V128[i] >= 32) throw Invalid("invalid lane index", at);
                PopOperand(ValueType.V128, at);
                PopOperand(ValueType.V128, at);
                PushOperand(ValueType.V128);
                break;
            case Opcode.I8x16ExtractLaneS: case Opcode.I8x16ExtractLaneU: ExtractLane(in instr, 16, ValueType.I32); break;
            case Opcode.I16x8ExtractLaneS: case Opcode.I16x8ExtractLaneU: ExtractLane(in instr, 8, ValueType.I32); break;
            case Opcode.I32x4ExtractLane: ExtractLane(in instr, 4, ValueType.I32); break;
            case Opcode.I64x2ExtractLane: ExtractLane(in instr, 2, ValueType.I64); break;
            case Opcode.F32x4ExtractLane: ExtractLane(in instr, 4, ValueType.F32); break;
            case Opcode.F64x2ExtractLane: ExtractLane(in instr, 2, ValueType.F64); break;
            case Opcode.I8x16ReplaceLane: ReplaceLane(in instr, 16, ValueType.I32); break;
            case Opcode.I16x8ReplaceLane: ReplaceLane(in instr, 8, ValueType.I32); break;
            case Opcode.I32x4ReplaceLane: ReplaceLane(in instr, 4, ValueType.I32); break;
            case Opcode.I64x2ReplaceLane: ReplaceLane(in instr, 2, ValueType.I64); break;
            case Opcode.F32x4ReplaceLane: ReplaceLane(in instr, 4, ValueType.F32); break;
            case Opcode.F64x2ReplaceLane: ReplaceLane(in instr, 2, ValueType.F64); break;

            default:
                if (TryValidateGc(in instr)) break;
                if (AtomicOperators.TryGet(instr.Opcode, out var atomic))
                {
                    Atomic(in instr, atomic);
                    break;
                }
                throw Invalid($"unsupported instruction {InstructionTable.MnemonicOf(instr.Opcode)}", at);
        }
    }

    // Threads proposal: atomics need a memory (shared or not) and exactly natural alignment.
    private void Atomic(in Instruction instr, AtomicOperator atomic)
    {
        int at = instr.Offset;
        if (atomic.Kind == AtomicKind.Fence) return;
        Memory(instr.Index, at);
        if (instr.Align != (uint)atomic.AlignmentExponent)
            throw Invalid("atomic alignment must be natural", at);
        var addressType = CheckOffset(in instr);
        var operands = atomic.Operands;
        for (int i = operands.Length - 1; i >= 1; i--)
            PopOperand(operands[i], at);
        PopOperand(addressType, at); // operand 0, the address, has the memory's address type
        if (atomic.Result is { } result) PushOperand(result);
    }

    // Spec 3.3.8.11 with appendix 7.3: every target must carry as many values as the default one,
    // and the operands must match each target's label types.
    private void ValidateBranchTable(uint defaultLabel, ReadOnlySpan<uint> targets, int at)
    {
        PopOperand(ValueType.I32, at);
        var defaultTypes = Label(defaultLabel, at).LabelTypes;
        int arity = defaultTypes.Length;
        foreach (uint target in targets)
        {
            if (Label(target, at).LabelTypes.Length != arity)
                throw Invalid("type mismatch: br_table targets have different arities", at);
        }
        if (_scratch.Length < arity) _scratch = new ValueType[arity];
        foreach (uint target in targets)
        {
            // Pop the target's types and push back what was found, so that each target sees the
            // same operands (unknown ones stay unknown).
            var types = Label(target, at).LabelTypes;
            for (int i = arity - 1; i >= 0; i--)
                _scratch[i] = PopOperand(types[i], at);
            for (int i = 0; i < arity; i++)
                PushOperand(_scratch[i]);
        }
        PopOperands(defaultTypes, at);
        SetUnreachable();
    }

    // Spec 3.3.6.2: without a type annotation, select takes two operands of one numeric or vector type.
    private void ValidateUntypedSelect(int at)
    {
        PopOperand(ValueType.I32, at);
        var t1 = PopOperand(at);
        var t2 = PopOperand(at);
        bool numericOrVector1 = t1 == Unknown || t1.IsNumeric() || t1 == ValueType.V128;
        bool numericOrVector2 = t2 == Unknown || t2.IsNumeric() || t2 == ValueType.V128;
        if (!numericOrVector1 || !numericOrVector2)
            throw Invalid($"type mismatch: select without a type requires numeric or vector operands, found {(t1.IsReference() ? t1 : t2).ToText()}", at);
        if (t1 != t2 && t1 != Unknown && t2 != Unknown)
            throw Invalid($"type mismatch: select operands {t2.ToText()} and {t1.ToText()} differ", at);
        PushOperand(t1 == Unknown ? t2 : t1);
    }

    private void Load(in Instruction instr, int naturalAlignment, ValueType result)
    {
        PopOperand(CheckMemArg(in instr, naturalAlignment), instr.Offset);
        PushOperand(result);
    }

    private void Store(in Instruction instr, int naturalAlignment, ValueType operand)
    {
        var addressType = CheckMemArg(in instr, naturalAlignment);
        PopOperand(operand, instr.Offset);
        PopOperand(addressType, instr.Offset);
    }

    private void LoadLane(in Instruction instr, int naturalAlignment)
    {
        var addressType = CheckMemArg(in instr, naturalAlignment);
        CheckLane(instr.Lane, 16 >> naturalAlignment, instr.Offset);
        PopOperand(ValueType.V128, instr.Offset);
        PopOperand(addressType, instr.Offset);
        PushOperand(ValueType.V128);
    }

    private void StoreLane(in Instruction instr, int naturalAlignment)
    {
        var addressType = CheckMemArg(in instr, naturalAlignment);
        CheckLane(instr.Lane, 16 >> naturalAlignment, instr.Offset);
        PopOperand(ValueType.V128, instr.Offset);
        PopOperand(addressType, instr.Offset);
    }

    private void ExtractLane(in Instruction instr, int lanes, ValueType result)
    {
        CheckLane(instr.Lane, lanes, instr.Offset);
        PopOperand(ValueType.V128, instr.Offset);
        PushOperand(result);
    }

    private void ReplaceLane(in Instruction instr, int lanes, ValueType operand)
    {
        CheckLane(instr.Lane, lanes, instr.Offset);
        PopOperand(operand, instr.Offset);
        PopOperand(ValueType.V128, instr.Offset);
        PushOperand(ValueType.V128);
    }

    // Spec 3.3.9: the memory must exist and the alignment must not exceed the access size; returns the address type.
    private ValueType CheckMemArg(in Instruction instr, int naturalAlignment)
    {
        Memory(instr.Index, instr.Offset);
        if (instr.Align > (uint)naturalAlignment)
            throw Invalid("alignment must not be larger than natural", instr.Offset);
        return CheckOffset(in instr);
    }

    // WebAssembly 3.0 (memory64): offsets are read as u64; a 32-bit memory's must fit its address type.
    private ValueType CheckOffset(in Instruction instr)
    {
        var memory = Memory(instr.Index, instr.Offset);
        if (!memory.Is64 && instr.MemoryOffset > uint.MaxValue)
            throw Invalid("offset out of range", instr.Offset);
        return memory.AddressType;
    }

    // memory.copy and table.copy between a 32- and a 64-bit one (memory64): each address has its own space's type and
    // the length the smaller of the two (spec 3.3.4, 3.3.9).
    private void PopRangeOperands(ValueType destination, ValueType source, int at)
    {
        PopOperand(destination == ValueType.I64 && source == ValueType.I64 ? ValueType.I64 : ValueType.I32, at);
        PopOperand(source, at);
        PopOperand(destination, at);
    }

    private static void CheckLane(byte lane, int lanes, int at)
    {
        if (lane >= lanes)
            throw Invalid("invalid lane index", at);
    }

    private void PopI32s(int count, int at)
    {
        for (int i = 0; i < count; i++) PopOperand(ValueType.I32, at);
    }

    // Lookups in the context (spec 3.1.1); a missing index is "unknown <space> <index>".

    // Spec 3.2.1: a block type is empty, one result type, or a function type by index.
    private (ValueType[] Start, ValueType[] End) BlockTypes(BlockType block, int at)
    {
        switch (block.Kind)
        {
            case BlockTypeKind.Empty: return ([], []);
            case BlockTypeKind.Value:
                if (!ReferenceTypes.IsTyped(block.ValueType)) return ([], SingleTypes[(byte)block.ValueType]);
                _context.CheckValueType(block.ValueType, at);
                return ([], [block.ValueType]);
            default:
                var type = Type(block.TypeIndex, at);
                return (type.Parameters, type.Results);
        }
    }

    private FuncType Tag(uint index, int at) =>
        index < (uint)_context.Tags.Length ? _context.Tags[index] : throw Invalid($"unknown tag {index}", at);

    // WebAssembly 3.0 (3.3.8, try_table): a clause branches to its label with the tag's values, then the exnref for the
    // _ref forms; catch_all carries no values.
    private void ValidateCatchClause(CatchClause clause, int at)
    {
        var values = clause.HasTag ? Tag(clause.Tag, at).Parameters : [];
        var labelTypes = Label(clause.Label, at).LabelTypes;
        ValueType[] carried = clause.PassesReference ? [.. values, ReferenceTypes.Reference(HeapType.Exn, nullable: false)] : values;
        if (!AllMatch(carried, labelTypes))
            throw TypeMismatch(labelTypes, carried, at);
    }

    private FuncType Type(uint index, int at) =>
        !_context.TryGetType(index, out var type) ? throw Invalid($"unknown type {index}", at)
        : _context.Module.IsFunctionType((int)index) ? type
        : throw Invalid($"type mismatch: type {index} is not a function type", at);

    private FuncType Function(uint index, int at) =>
        index < (uint)_context.Functions.Length ? _context.Functions[index] : throw Invalid($"unknown function {index}", at);

    private TableType Table(uint index, int at) =>
        index < (uint)_context.Tables.Length ? _context.Tables[index] : throw Invalid($"unknown table {index}", at);

    private MemoryType Memory(uint index, int at) =>
        index < (uint)_context.Memories.Length ? _context.Memories[index] : throw Invalid($"unknown memory {index}", at);

    private GlobalType Global(uint index, int at) =>
        index < (uint)_context.Globals.Length ? _context.Globals[index] : throw Invalid($"unknown global {index}", at);

    private ValueType Element(uint index, int at) =>
        index < (uint)_context.Elements.Length ? _context.Elements[index] : throw Invalid($"unknown elem segment {index}", at);

    private void Data(uint index, int at)
    {
        if (index >= (uint)_context.DataCount)
            throw Invalid($"unknown data segment {index}", at);
    }

    private ValueType Local(uint index, int at) =>
        TryGetLocalType(index, out var type) ? type : throw Invalid($"unknown local {index}", at);

    private ref ControlFrame Label(uint depth, int at)
    {
        if (depth >= (uint)_frameCount)
            throw Invalid($"unknown label {depth}", at);
        return ref _frames[_frameCount - 1 - (int)depth];
    }

    // The operand and control stacks (spec appendix 7.3).

    private void PushOperand(ValueType type)
    {
        if (_operandCount == _operands.Length)
            Array.Resize(ref _operands, _operands.Length * 2);
        _operands[_operandCount++] = type;
    }

    private void PushOperands(ValueType[] types)
    {
        foreach (var t in types) PushOperand(t);
    }

    // The pops are on the hot path: they stay small enough to inline, and the messages are built
    // out of line.
    private ValueType PopOperand(int at)
    {
        ref var frame = ref _frames[_frameCount - 1];
        if (_operandCount == frame.Height)
        {
            if (frame.Unreachable) return Unknown;
            ThrowOperandMissing(Unknown, at);
        }
        return _operands[--_operandCount];
    }

    private ValueType PopOperand(ValueType expected, int at)
    {
        ref var frame = ref _frames[_frameCount - 1];
        if (_operandCount == frame.Height)
        {
            if (frame.Unreachable) return Unknown;
            ThrowOperandMissing(expected, at);
        }
        var actual = _operands[--_operandCount];
        if (actual != expected && actual != Unknown && expected != Unknown && !Matches(actual, expected))
            ThrowTypeMismatch(expected, actual, at);
        return actual;
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowOperandMissing(ValueType expected, int at) =>
        throw Invalid(expected == Unknown
            ? "type mismatch: instruction requires an operand but the stack is empty"
            : $"type mismatch: instruction requires [{expected.ToText()}] but stack has []", at);

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowTypeMismatch(ValueType expected, ValueType actual, int at) =>
        throw Invalid($"type mismatch: instruction requires [{expected.ToText()}] but stack has [{actual.ToText()}]", at);

    private void PopOperands(ValueType[] types, int at)
    {
        for (int i = types.Length - 1; i >= 0; i--) PopOperand(types[i], at);
    }

    // call_indirect and return_call_indirect (spec 3.3.8): the table holds functions; pops the element index and
    // returns the type the call expects.
    private FuncType IndirectCallType(in Instruction instr, int at)
    {
        var table = Table(instr.Index2, at);
        var type = Type(instr.Index, at);
        if (!Matches(table.ElementType, ValueType.FuncRef))
            throw Invalid($"type mismatch: {InstructionTable.MnemonicOf(instr.Opcode)} requires a table of funcref", at);
        PopOperand(table.AddressType, at);
        return type;
    }

    // return_call and return_call_indirect (WebAssembly 3.0, 3.3.8): the arguments are popped, and the callee's results
    // become the function's, so they must be the same types; the rest of the block is unreachable.
    private void ReturnCall(FuncType callee, int at)
    {
        if (!AllMatch(callee.Results, _results))
            throw Invalid("type mismatch: the callee's results differ from the function's", at);
        PopOperands(callee.Parameters, at);
        SetUnreachable();
    }

    private void PushFrame(Opcode kind, ValueType[] start, ValueType[] end, int offset)
    {
        if (_frameCount == _frames.Length)
            Array.Resize(ref _frames, _frames.Length * 2);
        _frames[_frameCount++] = new ControlFrame
        {
            Kind = kind,
            StartTypes = start,
            EndTypes = end,
            Height = _operandCount,
            InitializedHeight = _initializedLog.Count,
            Unreachable = false,
            Offset = offset,
        };
        PushOperands(start);
    }

    private ControlFrame PopFrame(int at)
    {
        if (_frameCount == 0)
            throw Invalid("unexpected end", at);
        var frame = _frames[_frameCount - 1];
        PopOperands(frame.EndTypes, at);
        if (_operandCount != frame.Height)
        {
            var left = _operands.AsSpan(frame.Height, _operandCount - frame.Height).ToArray();
            throw Invalid($"type mismatch: block requires {TypesText(frame.EndTypes)} but stack has {TypesText([.. left, .. frame.EndTypes])}", at);
        }
        _frameCount--;
        ForgetInitializations(frame.InitializedHeight);
        return frame;
    }

    private void SetUnreachable()
    {
        ref var frame = ref _frames[_frameCount - 1];
        _operandCount = frame.Height;
        frame.Unreachable = true;
    }

    private static InvalidModuleException TypeMismatch(ValueType[] expected, ValueType[] actual, int at) =>
        Invalid($"type mismatch: expected {TypesText(expected)} but found {TypesText(actual)}", at);

    private static string TypesText(ValueType[] types) => FuncType.ListText(types);

    private static InvalidModuleException Invalid(string message, int at) => new(message, at);

    private static ValueType[][] BuildSingleTypes()
    {
        var single = new ValueType[256][];
        for (int b = 0; b < 256; b++)
            if (ReferenceTypes.IsAbstractHeapTypeByte((byte)b) || ((ValueType)b).IsNumeric() || b == (int)ValueType.V128) single[b] = [(ValueType)b];
        return single;
    }
}
