using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using MicroWasm.Instructions;
using MicroWasm.Validation;

namespace MicroWasm.Compiler;

/// <summary>
/// Translates one validated function body to one C function (guide: aot.md). The operand stack is resolved at compile
/// time: the value at depth d of type t lives in the C variable named by t's letter and d (<c>i3</c>, <c>y0</c>, <c>v2</c>), so a
/// block's results are already where its label expects them and only branches move values. Blocks become labels and
/// gotos; the C compiler turns the variables into registers.
/// </summary>
internal sealed partial class FunctionTranslator
{
    private enum FrameKind { Function, Block, Loop, If }

    private sealed class Frame
    {
        public FrameKind Kind;
        public int Label;
        public ValueType[] Params = [];
        public ValueType[] Results = [];
        /// <summary>Stack height below the block's parameters.</summary>
        public int Base;
        public bool EntryReachable;
        public bool Targeted;
        public bool HasElse;
        /// <summary>Whether the end of an if's then branch is reachable (known at its else).</summary>
        public bool ThenFallsThrough;
        public ValueType[] LabelTypes => Kind == FrameKind.Loop ? Params : Results;
    }

    private readonly ModuleInfo _module;
    private readonly int _index;
    private readonly FuncType _type;
    private readonly StringBuilder _body = new();
    private readonly List<ValueType> _stack = [];
    private readonly List<Frame> _frames = [];
    private readonly SortedSet<string> _stackVariables = new(StringComparer.Ordinal);
    private readonly SortedSet<int> _globalsUsed = [];
    private readonly List<string> _extraDeclarations = [];
    private readonly HashSet<uint> _otherMemories = [];
    private ValueType[] _locals = [];
    private int _nextLabel;
    private bool _reachable = true;
    private int _deadNesting;
    private int _maxDepth;
    private int _indent = 1;

    public FunctionTranslator(ModuleInfo module, int functionIndex)
    {
        _module = module;
        _index = functionIndex;
        _type = module.FunctionTypes[functionIndex];
    }

    private string Fn => _index.ToString(CultureInfo.InvariantCulture);

    /// <summary>Whether the function has v128 values or vector instructions: its unit needs the SIMD prelude.</summary>
    public bool UsesSimd { get; private set; }

    /// <summary>The C function's prototype (no trailing semicolon).</summary>
    public static string Prototype(ModuleInfo module, int functionIndex, bool isStatic)
    {
        var type = module.FunctionTypes[functionIndex];
        var p = new StringBuilder();
        p.Append(isStatic ? "static " : "MW_HIDDEN ").Append(CNames.ReturnType(type)).Append(' ').Append(module.FunctionNames[functionIndex]).Append("(mw_ctx* ctx");
        for (int i = 0; i < type.Parameters.Length; i++) p.Append(", ").Append(CNames.Type(type.Parameters[i])).Append(" l").Append(i);
        return p.Append(')').ToString();
    }

    public string Translate(bool isStatic)
    {
        var body = _module.Module.Codes[_index - _module.ImportedFunctionCount];
        var locals = new List<ValueType>(_type.Parameters);
        foreach (var declaration in body.Locals)
        {
            for (uint i = 0; i < declaration.Count; i++) locals.Add(declaration.Type);
        }
        _locals = [.. locals];
        UsesSimd = _locals.Contains(ValueType.V128) || _type.Results.Contains(ValueType.V128);

        _frames.Add(new Frame { Kind = FrameKind.Function, Label = _nextLabel++, Results = _type.Results, Base = 0, EntryReachable = true });
        var reader = new InstructionReader(body.Code.Span, body.CodeOffset);
        while (!reader.AtEnd)
        {
            reader.Read(out var instr);
            if (!_reachable && SkipDead(instr.Opcode)) continue;
            Translate(instr, ref reader);
            if (_frames.Count == 0) break;
        }
        return Assemble(isStatic);
    }

    /// <summary>Code after an unconditional branch is skipped up to the end (or else) of its block; nested blocks are counted.</summary>
    private bool SkipDead(Opcode op)
    {
        switch (op)
        {
            case Opcode.Block or Opcode.Loop or Opcode.If:
                _deadNesting++;
                return true;
            case Opcode.End when _deadNesting > 0:
                _deadNesting--;
                return true;
            case Opcode.Else when _deadNesting > 0:
                return true;
            case Opcode.End or Opcode.Else:
                return false;
            default:
                return true;
        }
    }

    private string Assemble(bool isStatic)
    {
        var c = new StringBuilder();
        var name = _module.Module.FunctionNames.TryGetValue(_index, out var n) ? n : null;
        var body = _module.Module.Codes[_index - _module.ImportedFunctionCount];
        c.Append($"/* function {_index}{(name is null ? "" : " $" + CNames.Comment(name))}, body at module offset 0x{body.CodeOffset:x} */\n");
        c.Append(Prototype(_module, _index, isStatic)).Append(" {\n");
        for (int i = _type.Parameters.Length; i < _locals.Length; i++)
            c.Append($"  {CNames.Type(_locals[i])} l{i} = {CNames.Zero(_locals[i])};\n");
        foreach (var v in _stackVariables) c.Append("  ").Append(v).Append(";\n");
        foreach (var d in _extraDeclarations) c.Append("  ").Append(d).Append(";\n");
        foreach (int g in _globalsUsed) c.Append($"  u64* const g{g} = ctx->globals[{g}];\n");
        // A guarded memory's base never moves (AotFaultHandler): only its size changes, by memory.grow here or in a call.
        if (_module.IsGuarded(0)) c.Append("  u8* const mb = ctx->mem0->base; u64 ms = ctx->mem0->size;\n");
        // The stack check also stops a terminated store: Store.Terminate lowers the limit of every running entry to the top.
        int frameEstimate = 64 + 8 * (CNames.SlotCount(_locals) + _maxDepth);
        c.Append($"  if (MW_UNLIKELY(MW_SP() - {frameEstimate} < ctx->stack_limit)) mw_trap(ctx, MW_TRAP_CallStackExhausted, {Fn});\n");
        c.Append(_body);
        c.Append("}\n\n");
        return c.ToString();
    }

    // ---- the compile-time operand stack ----

    private string Var(int depth) => $"{CNames.Letter(_stack[depth])}{depth}";

    private string Push(ValueType type)
    {
        _stack.Add(type);
        int depth = _stack.Count - 1;
        _maxDepth = Math.Max(_maxDepth, _stack.Count + (type == ValueType.V128 ? 1 : 0));
        if (type == ValueType.V128) UsesSimd = true;
        _stackVariables.Add($"{CNames.Type(type)} {CNames.Letter(type)}{depth}");
        return Var(depth);
    }

    private string Pop()
    {
        string name = Var(_stack.Count - 1);
        _stack.RemoveAt(_stack.Count - 1);
        return name;
    }

    private string Top => Var(_stack.Count - 1);

    private void Line(string text)
    {
        _body.Append(' ', _indent * 2).Append(text).Append('\n');
    }

    /// <summary>After anything that may grow memory 0: the explicit checks (bulk memory, atomics) need its size.</summary>
    private void ReloadMemory()
    {
        if (_module.IsGuarded(0)) Line("ms = ctx->mem0->size;");
    }

    private string Trap(string kind) => $"mw_trap(ctx, MW_TRAP_{kind}, {Fn});";

    // ---- instructions ----

    private void Translate(in Instruction instr, ref InstructionReader reader)
    {
        var op = instr.Opcode;
        if (CNumericOps.TryGet(op, out var numeric))
        {
            EmitNumeric(numeric);
            return;
        }
        if (CNumericOps.TryGetLoad(op, out var load))
        {
            string address = Pop();
            string dst = Push(load.Type);
            string p = Address(address, instr.MemoryOffset, load.Width, instr.Index);
            Line($"{dst} = {load.Template.Replace("$p", p)}; {Keep(dst)}");
            return;
        }
        if (CNumericOps.TryGetStore(op, out var store))
        {
            string value = Pop();
            string address = Pop();
            Line(store.Template.Replace("$p", Address(address, instr.MemoryOffset, store.Width, instr.Index)).Replace("$v", value) + ";");
            return;
        }
        if (((int)op >> 16) == 0xFD)
        {
            TranslateSimd(instr);
            return;
        }
        if (AtomicOperators.TryGet(op, out var atomic))
        {
            TranslateAtomic(in instr, atomic);
            return;
        }
        switch (op)
        {
            case Opcode.Unreachable:
                Line(Trap("Unreachable"));
                _reachable = false;
                break;
            case Opcode.Nop:
                break;
            case Opcode.Block:
            case Opcode.Loop:
                EnterBlock(op == Opcode.Loop ? FrameKind.Loop : FrameKind.Block, instr.Block);
                break;
            case Opcode.If:
                EnterIf(instr.Block);
                break;
            case Opcode.Else:
                Else();
                break;
            case Opcode.End:
                End();
                break;
            case Opcode.Br:
                Branch(FrameAt(instr.Index));
                _reachable = false;
                break;
            case Opcode.BrIf:
            {
                string condition = Pop();
                Line($"if ({condition}) {{");
                _indent++;
                Branch(FrameAt(instr.Index));
                _indent--;
                Line("}");
                break;
            }
            case Opcode.BrTable:
                BranchTable(instr.Index, reader.BranchTargets);
                break;
            case Opcode.Return:
                Return();
                _reachable = false;
                break;
            case Opcode.Call:
                Call((int)instr.Index);
                break;
            case Opcode.CallIndirect:
                CallIndirect((int)instr.Index, (int)instr.Index2);
                break;
            case Opcode.CallRef:
                CallRef((int)instr.Index);
                break;
            case Opcode.RefAsNonNull:
                Line($"if (MW_UNLIKELY({Top} == 0)) {Trap("NullReference")}");
                break;
            case Opcode.BrOnNull:
            {
                // The reference leaves the stack for the branch and stays (in the same variable) when it is not taken.
                var type = _stack[^1];
                string reference = Pop();
                Line($"if ({reference} == 0) {{");
                _indent++;
                Branch(FrameAt(instr.Index));
                _indent--;
                Line("}");
                Push(ReferenceTypes.AsNonNullable(type));
                break;
            }
            case Opcode.BrOnNonNull:
            {
                // The branch carries the reference as its label's last value; a null one is dropped.
                Line($"if ({Top} != 0) {{");
                _indent++;
                Branch(FrameAt(instr.Index));
                _indent--;
                Line("}");
                Pop();
                break;
            }
            case Opcode.Drop:
                Pop();
                break;
            case Opcode.Select:
            case Opcode.SelectTyped:
            {
                string condition = Pop();
                string b = Pop();
                string a = Pop();
                var type = TypeOfVariable(a);
                string dst = Push(type);
                Line($"{dst} = {condition} ? {a} : {b};");
                break;
            }
            case Opcode.LocalGet:
                Line($"{Push(_locals[instr.Index])} = l{instr.Index};");
                break;
            case Opcode.LocalSet:
                Line($"l{instr.Index} = {Pop()};");
                break;
            case Opcode.LocalTee:
                Line($"l{instr.Index} = {Top};");
                break;
            case Opcode.GlobalGet:
            {
                var type = _module.GlobalTypes[instr.Index].ValueType;
                _globalsUsed.Add((int)instr.Index);
                Line($"{Push(type)} = {CNames.FromSlot(type, $"*g{instr.Index}")};");
                break;
            }
            case Opcode.GlobalSet:
            {
                var type = _module.GlobalTypes[instr.Index].ValueType;
                _globalsUsed.Add((int)instr.Index);
                Line($"{CNames.StoreToSlot(type, $"*g{instr.Index}", Pop())};");
                break;
            }
            case Opcode.MemorySize:
                Line($"{Push(AddressType(instr.Index))} = ({CNames.Type(AddressType(instr.Index))})({View(instr.Index)}->size >> 16);");
                break;
            case Opcode.MemoryGrow:
            {
                string delta = Pop();
                var type = AddressType(instr.Index);
                Line($"{Push(type)} = ({CNames.Type(type)})ctx->rt->memory_grow(ctx, {instr.Index}, (u64){delta});");
                ReloadMemory();
                break;
            }
            case Opcode.I32Const:
                Line($"{Push(ValueType.I32)} = {(uint)instr.Bits}u;");
                break;
            case Opcode.I64Const:
                Line($"{Push(ValueType.I64)} = {instr.Bits}ull;");
                break;
            // Float constants are hidden from the C compiler (MW_OPAQUE): knowing one, it folds x * 1.0 or x - 0.0 to x,
            // which keeps a signalling NaN signalling where wasm's arithmetic must return a quiet one (spec 4.3.3).
            case Opcode.F32Const:
                Line($"{Push(ValueType.F32)} = mw_f32_from({(uint)instr.Bits}u); MW_OPAQUE({Top});");
                break;
            case Opcode.F64Const:
                Line($"{Push(ValueType.F64)} = mw_f64_from({instr.Bits}ull); MW_OPAQUE({Top});");
                break;
            case Opcode.RefNull:
                Line($"{Push(instr.ValueType)} = 0;");
                break;
            case Opcode.RefIsNull:
            {
                string r = Pop();
                Line($"{Push(ValueType.I32)} = (u32)({r} == 0);");
                break;
            }
            case Opcode.RefFunc:
                Line($"{Push(ValueType.FuncRef)} = ctx->rt->ref_func(ctx, {instr.Index});");
                break;
            case Opcode.TableGet:
            {
                string index = Pop();
                string dst = Push(_module.TableTypes[instr.Index].ElementType);
                Line($"if (MW_UNLIKELY(ctx->rt->table_get(ctx, {instr.Index}, (u64){index}, &{dst}))) {Trap("PENDING")}");
                break;
            }
            case Opcode.TableSet:
            {
                string value = Pop();
                string index = Pop();
                Line($"if (MW_UNLIKELY(ctx->rt->table_set(ctx, {instr.Index}, (u64){index}, {value}))) {Trap("PENDING")}");
                break;
            }
            case Opcode.TableSize:
                Line($"{Push(TableIndexType(instr.Index))} = ({CNames.Type(TableIndexType(instr.Index))})ctx->rt->table_size(ctx, {instr.Index});");
                break;
            case Opcode.TableGrow:
            {
                string delta = Pop();
                string init = Pop();
                var type = TableIndexType(instr.Index);
                Line($"{Push(type)} = ({CNames.Type(type)})ctx->rt->table_grow(ctx, {instr.Index}, {init}, (u64){delta});");
                break;
            }
            case Opcode.TableFill:
            {
                string count = Pop(), value = Pop(), start = Pop();
                Line($"if (MW_UNLIKELY(ctx->rt->table_fill(ctx, {instr.Index}, (u64){start}, {value}, (u64){count}))) {Trap("PENDING")}");
                break;
            }
            case Opcode.TableCopy:
            {
                string count = Pop(), source = Pop(), destination = Pop();
                Line($"if (MW_UNLIKELY(ctx->rt->table_copy(ctx, {instr.Index}, {instr.Index2}, (u64){destination}, (u64){source}, (u64){count}))) {Trap("PENDING")}");
                break;
            }
            case Opcode.TableInit:
            {
                // Binary order: element index, then table index.
                string count = Pop(), source = Pop(), destination = Pop();
                Line($"if (MW_UNLIKELY(ctx->rt->table_init(ctx, {instr.Index2}, {instr.Index}, (u64){destination}, {source}, {count}))) {Trap("PENDING")}");
                break;
            }
            case Opcode.ElemDrop:
                Line($"ctx->rt->elem_drop(ctx, {instr.Index});");
                break;
            case Opcode.MemoryInit:
            {
                string count = Pop(), source = Pop(), destination = Pop();
                Line($"if (MW_UNLIKELY(ctx->rt->memory_init(ctx, {instr.Index2}, {instr.Index}, (u64){destination}, {source}, {count}))) {Trap("PENDING")}");
                break;
            }
            case Opcode.DataDrop:
                Line($"ctx->rt->data_drop(ctx, {instr.Index});");
                break;
            case Opcode.MemoryCopy:
            {
                // Spec 4.4.7.11: both ranges are checked before anything is copied.
                // Binary order: destination memory, then source memory.
                string count = Pop(), source = Pop(), destination = Pop();
                string to = Base(instr.Index), from = instr.Index2 == instr.Index ? to : Base(instr.Index2);
                Line($"if ({RangeExceeds(destination, count, instr.Index)} || {RangeExceeds(source, count, instr.Index2)}) {Trap("OutOfBoundsMemoryAccess")}");
                Line($"memmove({to} + {destination}, {from} + {source}, {count});");
                break;
            }
            case Opcode.MemoryFill:
            {
                string count = Pop(), value = Pop(), destination = Pop();
                string to = Base(instr.Index);
                Line($"if ({RangeExceeds(destination, count, instr.Index)}) {Trap("OutOfBoundsMemoryAccess")}");
                Line($"memset({to} + {destination}, (int){value}, {count});");
                break;
            }
            default:
                throw new UnsupportedFeatureException($"instruction {InstructionTable.MnemonicOf(op)} in AOT code");
        }
    }

    private static ValueType TypeOfVariable(string name) => CNames.TypeOfLetter(name[0]);

    /// <summary>
    /// A vector instruction (spec 4.4.3; the v128 memory accesses 4.4.7): a call of its operator in the SIMD prelude
    /// (<see cref="CSimdOps"/>), lane indices and memory addresses as its last arguments.
    /// </summary>
    private void TranslateSimd(in Instruction instr)
    {
        UsesSimd = true;
        var op = instr.Opcode;
        // A relaxed instruction whose chosen result is a 2.0 instruction's calls that instruction's operator (RelaxedSimd).
        string fn = CSimdOps.FunctionName(RelaxedSimd.DeterministicEquivalent(op));
        if (OperatorSignatures.TryGet(op, out var signature))
        {
            var operands = new string[signature.ParameterCount];
            for (int i = operands.Length - 1; i >= 0; i--) operands[i] = Pop();
            Line($"{Push(signature.Result)} = {fn}({string.Join(", ", operands)});");
            return;
        }
        if (CSimdOps.TryGetLaneType(op, out var laneType, out bool isReplace))
        {
            if (isReplace)
            {
                string scalar = Pop(), vector = Pop();
                Line($"{Push(ValueType.V128)} = {fn}({vector}, {instr.Lane}, {scalar});");
            }
            else
            {
                string vector = Pop();
                Line($"{Push(laneType)} = {fn}({vector}, {instr.Lane});");
            }
            return;
        }
        if (CSimdOps.TryGetMemoryAccess(op, out var access))
        {
            string value = access.Kind == CSimdOps.AccessKind.Load ? "" : Pop();
            string address = Pop();
            string p = Address(address, instr.MemoryOffset, access.Width, instr.Index);
            switch (access.Kind)
            {
                case CSimdOps.AccessKind.Load: Line($"{Push(ValueType.V128)} = {fn}({p}); {Keep(Top)}"); break;
                case CSimdOps.AccessKind.Store: Line($"{fn}({p}, {value});"); break;
                case CSimdOps.AccessKind.LoadLane: Line($"{Push(ValueType.V128)} = {fn}({p}, {value}, {instr.Lane}); {Keep(Top)}"); break;
                default: Line($"{fn}({p}, {value}, {instr.Lane});"); break;
            }
            return;
        }
        switch (op)
        {
            // Hidden from the C compiler as float constants are (MW_OPAQUE): folding float lane arithmetic with a known
            // operand could keep a signalling NaN signalling.
            case Opcode.V128Const:
            {
                ReadOnlySpan<byte> bytes = instr.V128;
                ulong low = BinaryPrimitives.ReadUInt64LittleEndian(bytes), high = BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]);
                string dst = Push(ValueType.V128);
                Line($"{dst} = (v128){{ 0x{low:x}ull, 0x{high:x}ull }}; MW_OPAQUE({dst});");
                break;
            }
            // Lane i of the result is lane s[i] of a:b (validation keeps s[i] below 32): exactly what shufflevector does.
            case Opcode.I8x16Shuffle:
            {
                string b = Pop(), a = Pop();
                ReadOnlySpan<byte> lanes = instr.V128;
                var list = new StringBuilder();
                foreach (byte lane in lanes) list.Append(", ").Append(lane);
                Line($"{Push(ValueType.V128)} = (v128)__builtin_shufflevector((mw_u8x16){a}, (mw_u8x16){b}{list});");
                break;
            }
            default:
                throw new UnsupportedFeatureException($"instruction {InstructionTable.MnemonicOf(op)} in AOT code");
        }
    }

    private void EmitNumeric(CNumericOps.NumericOp op)
    {
        string b = op.Operands.Length == 2 ? Pop() : "";
        string a = Pop();
        string dst = Push(op.Result);
        Line($"{dst} = {op.Template.Replace("$fn", Fn).Replace("$a", a).Replace("$b", b)};");
    }

    /// <summary>
    /// The native address of a load or store (spec 4.4.7.1). Memory 0 is guarded: an access whose offset and width fit in
    /// the guard region ends inside the memory's reservation, where every byte past its size faults and the fault
    /// handler traps "out of bounds memory access" (AotFaultHandler), so it needs no check; a larger offset is checked.
    /// Other memories (multi-memory) are checked at every access, against the size read there (<see cref="Base"/>).
    /// </summary>
    private string Address(string address, ulong offset, int width, uint memory = 0)
    {
        if (_module.IsGuarded(memory) && offset + (ulong)width <= Aot.AotContextLayout.GuardBytes)
            return offset == 0 ? $"mb + (u64){address}" : $"mb + (u64){address} + {offset}ull";
        string memoryBase = Base(memory);
        return $"{memoryBase} + {BoundsCheck(address, offset, width, memory)}";
    }

    /// <summary>
    /// The C variable holding a memory's base: <c>mb</c> for a guarded memory 0 (its base never moves); for any other,
    /// <c>mbN</c> and <c>msN</c> are read from its view here, since a call or another thread may have grown (and moved) it.
    /// </summary>
    private string Base(uint memory)
    {
        if (_module.IsGuarded(memory)) return "mb";
        if (_otherMemories.Add(memory)) _extraDeclarations.Add($"u8* mb{memory}; u64 ms{memory}");
        Line($"mb{memory} = {View(memory)}->base; ms{memory} = {View(memory)}->size;");
        return $"mb{memory}";
    }

    /// <summary>The type of a table's indices and sizes: i64 for a 64-bit table (table64), else i32.</summary>
    private ValueType TableIndexType(uint table) => _module.TableTypes[table].Is64 ? ValueType.I64 : ValueType.I32;

    /// <summary>The C variable holding a memory's size: <c>ms</c> for a guarded memory 0, <c>msN</c> as <see cref="Base"/> read it.</summary>
    private string SizeVariable(uint memory) => _module.IsGuarded(memory) ? "ms" : $"ms{memory}";

    /// <summary>A memory's live view (base and size) in the context.</summary>
    private static string View(uint memory) => memory == 0 ? "ctx->mem0" : $"ctx->mems[{memory}]";

    /// <summary>The type of a memory's addresses and sizes: i64 for a 64-bit memory (memory64), else i32.</summary>
    private ValueType AddressType(uint memory) => _module.MemoryTypes[memory].Is64 ? ValueType.I64 : ValueType.I32;

    /// <summary>Keeps a loaded value's load (MW_KEEP_I/F): the fault it may take is the access's bounds check.</summary>
    private static string Keep(string variable) => TypeOfVariable(variable) is ValueType.I32 or ValueType.I64
        ? $"MW_KEEP_I({variable});"
        : $"MW_KEEP_F({variable});";

    /// <summary>
    /// The effective address of an access, after checking it explicitly: address + offset + width must not pass the
    /// memory's size. With 32-bit addresses the sum is computed in 64 bits, where it cannot wrap; a 64-bit address is
    /// compared with what lies between it and the size, so nothing wraps either.
    /// </summary>
    private string BoundsCheck(string address, ulong offset, int width, uint memory = 0)
    {
        string ea = offset == 0 ? $"(u64){address}" : $"((u64){address} + {offset}ull)";
        if (AddressType(memory) == ValueType.I64)
        {
            string size = SizeVariable(memory);
            string check = offset > ulong.MaxValue - (ulong)width
                ? "1" // no address is low enough
                : $"MW_UNLIKELY({address} > {size} || {size} - {address} < {offset + (ulong)width}ull)";
            Line($"if ({check}) {Trap("OutOfBoundsMemoryAccess")}");
            return ea;
        }
        Line($"if ({Exceeds($"(u64){address} + {offset + (ulong)width}ull", memory)}) {Trap("OutOfBoundsMemoryAccess")}");
        return ea;
    }

    /// <summary>The condition that <paramref name="count"/> bytes from <paramref name="start"/> pass the memory's end (bulk memory).</summary>
    private string RangeExceeds(string start, string count, uint memory)
    {
        if (AddressType(memory) == ValueType.I32) return Exceeds($"(u64){start} + {count}", memory);
        string size = SizeVariable(memory);
        return $"MW_UNLIKELY((u64){start} > {size} || {size} - (u64){start} < (u64){count})";
    }

    /// <summary>
    /// The condition that an access ending at <paramref name="end"/> is out of bounds. Another thread may grow a shared
    /// memory 0 at any time (its base never moves), so there a failing check reloads the size before it decides; another
    /// memory's size was read just before (<see cref="Base"/>).
    /// </summary>
    private string Exceeds(string end, uint memory = 0) => !_module.IsGuarded(memory)
        ? $"MW_UNLIKELY({end} > {SizeVariable(memory)})"
        : _module.MemoryIsShared
            ? $"(MW_UNLIKELY({end} > ms) && {end} > (ms = ctx->mem0->size))"
            : $"MW_UNLIKELY({end} > ms)";

    // ---- control ----

    private (ValueType[] Params, ValueType[] Results) BlockSignature(BlockType block) => block.Kind switch
    {
        BlockTypeKind.Empty => ([], []),
        BlockTypeKind.Value => ([], [block.ValueType]),
        _ => (_module.Module.Types[block.TypeIndex].Parameters, _module.Module.Types[block.TypeIndex].Results),
    };

    private Frame FrameAt(uint depth) => _frames[_frames.Count - 1 - (int)depth];

    private Frame EnterBlock(FrameKind kind, BlockType block)
    {
        var (parameters, results) = BlockSignature(block);
        var frame = new Frame
        {
            Kind = kind,
            Label = _nextLabel++,
            Params = parameters,
            Results = results,
            Base = _stack.Count - parameters.Length,
            EntryReachable = true,
        };
        _frames.Add(frame);
        if (kind == FrameKind.Loop)
        {
            _body.Append($"L{frame.Label}:;\n");
            // One load and branch on a word of the image, no register: the store's own flag only when it is set.
            Line($"if (MW_UNLIKELY(mw_interrupt) && *ctx->terminate) {Trap("Terminated")}");
        }
        return frame;
    }

    private void EnterIf(BlockType block)
    {
        string condition = Pop();
        var frame = EnterBlock(FrameKind.If, block);
        // The else branch needs the parameters as they were; the then branch may overwrite their variables.
        for (int i = 0; i < frame.Params.Length; i++)
        {
            string saved = $"p{frame.Label}_{i}";
            _extraDeclarations.Add($"{CNames.Type(frame.Params[i])} {saved}");
            Line($"{saved} = {Var(frame.Base + i)};");
        }
        Line($"if ({condition}) {{");
        _indent++;
    }

    private void Else()
    {
        var frame = _frames[^1];
        frame.HasElse = true;
        frame.ThenFallsThrough = _reachable;
        _indent--;
        Line("} else {");
        _indent++;
        _stack.RemoveRange(frame.Base, _stack.Count - frame.Base);
        for (int i = 0; i < frame.Params.Length; i++) Line($"{Push(frame.Params[i])} = p{frame.Label}_{i};");
        _reachable = frame.EntryReachable;
        _deadNesting = 0;
    }

    private void End()
    {
        var frame = _frames[^1];
        _frames.RemoveAt(_frames.Count - 1);
        if (frame.Kind == FrameKind.Function)
        {
            if (_reachable) Return();
            return;
        }
        bool fallsThrough = _reachable || (frame.HasElse && frame.ThenFallsThrough);
        if (frame.Kind == FrameKind.If)
        {
            _indent--;
            Line("}");
        }
        if (frame.Kind != FrameKind.Loop) _body.Append($"L{frame.Label}:;\n");
        _stack.RemoveRange(frame.Base, _stack.Count - frame.Base);
        foreach (var t in frame.Results) Push(t);
        _reachable = frame.Kind == FrameKind.Loop
            ? fallsThrough
            : fallsThrough || frame.Targeted || (frame.Kind == FrameKind.If && !frame.HasElse && frame.EntryReachable);
        _deadNesting = 0;
    }

    /// <summary>A branch to <paramref name="target"/>: its label's values move from the top of the stack to the label's slots.</summary>
    private void Branch(Frame target)
    {
        if (target.Kind == FrameKind.Function)
        {
            Return();
            return;
        }
        target.Targeted = true;
        var types = target.LabelTypes;
        int from = _stack.Count - types.Length;
        for (int i = 0; i < types.Length; i++)
        {
            string source = Var(from + i);
            string destination = $"{CNames.Letter(types[i])}{target.Base + i}";
            if (source != destination)
            {
                _stackVariables.Add($"{CNames.Type(types[i])} {destination}");
                Line($"{destination} = {source};");
            }
        }
        Line($"goto L{target.Label};");
    }

    private void BranchTable(uint defaultLabel, ReadOnlySpan<uint> targets)
    {
        string index = Pop();
        Line($"switch ({index}) {{");
        for (int i = 0; i < targets.Length; i++)
        {
            Line($"case {i}u: {{");
            _indent++;
            Branch(FrameAt(targets[i]));
            _indent--;
            Line("}");
        }
        Line("default: {");
        _indent++;
        Branch(FrameAt(defaultLabel));
        _indent--;
        Line("}");
        Line("}");
        _reachable = false;
    }

    private void Return()
    {
        var results = _type.Results;
        int from = _stack.Count - results.Length;
        switch (results.Length)
        {
            case 0:
                Line("return;");
                break;
            case 1:
                Line($"return {Var(from)};");
                break;
            default:
            {
                var s = new StringBuilder($"{{ {CNames.ResultStruct(results)} r_;");
                for (int i = 0; i < results.Length; i++) s.Append($" r_.v{i} = {Var(from + i)};");
                Line(s.Append(" return r_; }").ToString());
                break;
            }
        }
    }

    private void Call(int functionIndex)
    {
        var type = _module.FunctionTypes[functionIndex];
        if (functionIndex < _module.ImportedFunctionCount)
        {
            CallThroughSlots(type, slots => $"ctx->rt->call_import(ctx, {functionIndex}, {slots})");
            return;
        }
        var arguments = PopArguments(type);
        var results = type.Results.Select(Push).ToArray();
        Line(AssignResults(type, results, $"{_module.FunctionNames[functionIndex]}(ctx{string.Concat(arguments.Select(a => ", " + a))})"));
        ReloadMemory();
    }

    /// <summary>
    /// call_indirect: an element that is a function of this very instance with the expected type (the table's native
    /// mirror says so: AotTableShadow) is called directly, as <c>call</c> would; anything else goes through the runtime,
    /// which calls other instances, interpreted and host functions, and traps on null, a mismatch or out of bounds.
    /// </summary>
    private void CallIndirect(int typeIndex, int tableIndex)
    {
        string element = Pop();
        var type = _module.Module.Types[typeIndex];
        var arguments = PopArguments(type);
        var results = type.Results.Select(Push).ToArray();
        string pointerType = $"{CNames.ReturnType(type)} (*)(mw_ctx*{string.Concat(type.Parameters.Select(p => ", " + CNames.Type(p)))})";
        Line($"{{ const mw_table* t_ = ctx->tables[{tableIndex}]; const mw_table_entry* e_;");
        Line($"if (MW_LIKELY((u64){element} < t_->length && (e_ = &t_->entries[{element}])->owner == ctx->owner && e_->type == {_module.TypeIds[typeIndex]}u)) {{");
        Line(AssignResults(type, results, $"(({pointerType})e_->code)(ctx{string.Concat(arguments.Select(a => ", " + a))})"));
        Line("} else {");
        Line(SlotCall(type, arguments, results, slots => $"ctx->rt->call_indirect(ctx, {tableIndex}, {typeIndex}, (u64){element}, {slots})"));
        Line("} }");
        ReloadMemory();
    }

    /// <summary>call_ref: a null reference traps here; any other is called through the runtime, whatever instance it is of.</summary>
    private void CallRef(int typeIndex)
    {
        string reference = Pop();
        Line($"if (MW_UNLIKELY({reference} == 0)) {Trap("NullFunctionReference")}");
        CallThroughSlots(_module.Module.Types[typeIndex], slots => $"ctx->rt->call_ref(ctx, {reference}, {slots})");
    }

    /// <summary>A call the runtime makes for the code: arguments and results in 64-bit slots on the C stack.</summary>
    private void CallThroughSlots(FuncType type, Func<string, string> helperCall)
    {
        var arguments = PopArguments(type);
        var results = type.Results.Select(Push).ToArray();
        Line(SlotCall(type, arguments, results, helperCall));
        ReloadMemory();
    }

    private string[] PopArguments(FuncType type)
    {
        var arguments = new string[type.Parameters.Length];
        for (int i = arguments.Length - 1; i >= 0; i--) arguments[i] = Pop();
        return arguments;
    }

    /// <summary>Arguments into 64-bit slots, the helper call (trapping if it failed), results out of the slots.</summary>
    private string SlotCall(FuncType type, string[] arguments, string[] results, Func<string, string> helperCall)
    {
        int slots = Math.Max(1, Math.Max(CNames.SlotCount(type.Parameters), CNames.SlotCount(type.Results)));
        var s = new StringBuilder($"{{ u64 s_[{slots}];");
        for (int i = 0, slot = 0; i < arguments.Length; slot += CNames.SlotWidth(type.Parameters[i]), i++)
            s.Append($" {CNames.StoreToSlot(type.Parameters[i], $"s_[{slot}]", arguments[i])};");
        s.Append($" if (MW_UNLIKELY({helperCall("s_")})) {Trap("PENDING")}");
        for (int i = 0, slot = 0; i < results.Length; slot += CNames.SlotWidth(type.Results[i]), i++)
            s.Append($" {results[i]} = {CNames.FromSlot(type.Results[i], $"s_[{slot}]")};");
        return s.Append(" }").ToString();
    }

    /// <summary>A direct call's value(s) into the result variables.</summary>
    private static string AssignResults(FuncType type, string[] results, string call) => results.Length switch
    {
        0 => call + ";",
        1 => $"{results[0]} = {call};",
        _ => $"{{ {CNames.ResultStruct(type.Results)} r_ = {call};{string.Concat(results.Select((r, i) => $" {r} = r_.v{i};"))} }}",
    };
}
