using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MicroWasm.Runtime;

namespace MicroWasm.Interpreter;

internal static unsafe partial class Executor
{
    /// <summary>
    /// The dispatch loop (spec 4.4): runs <paramref name="entry"/>, whose frame is at <paramref name="fp"/>
    /// with its arguments in place, until it returns (<see cref="Completed"/>) or traps (a <see cref="TrapKind"/>).
    /// </summary>
    /// <remarks>
    /// Invariants that make the raw pointer accesses safe: every slot operand was computed by the translator
    /// to lie inside the frame (below <see cref="CompiledFunction.FrameSlots"/>), and a call only enters a frame
    /// after checking that it fits below the stack limit; every memory access checks
    /// <c>address + offset + width &lt;= size</c> in 64-bit arithmetic first; branch displacements were
    /// resolved by the translator to instruction starts within the same code array.
    /// A WebAssembly call pushes a <see cref="CallFrame"/> and continues in this loop: it is never a C# call.
    /// </remarks>
    // Fully optimized from the first call: the loop runs long, and tiering would run it as OSR code.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Run(ExecutionContext ctx, ModuleInstance entryInstance, CompiledFunction entry, ulong* fp)
    {
        int* ip = entry.Entry;
        ModuleInstance inst = entryInstance;
        MemoryInstance mem = inst.Memories.Length > 0 ? inst.Memories[0] : NoMemory;
        // The memory's base and size are read from the instance at each access, never cached: growth
        // (by memory.grow, a callee or the host) may move the base. The object stays in a register.
        // Each global's value storage (GlobalInstance.Data): global.get/set is one load of the address, then the access.
        ulong*[] globals = inst.GlobalData;
        // Never null after the module's first translation (untranslated functions have stubs), so a call
        // indexes it without a bounds or null check: the translator validated every function index.
        CompiledFunction?[] codes = inst.Compiled.FunctionCode;
        ulong* stackLimit = ctx.StackLimit;
        // The store's termination flag (set by Store.Terminate from any thread), read at calls and back-edges
        // when the global count of requests says some store has one.
        int* stop = inst.Store.TerminationFlag;
        // The entry frame returns to Op.Exit, so a return never compares frames.
        CallFrame* frame = ctx.Frames + ctx.FrameCount;
        frame->ReturnIp = ExecutionContext.ExitCode;
        frame->Fp = fp;
        frame++;
        FunctionInstance target;
        int disp;
        ulong* calleeFp;
        int* returnIp;
        TrapKind trap;

        while (true)
        {
            switch ((Op)(*ip))
            {
#if DISPATCH_PADDING
                // Never executed (the translator emits no such op): only code size, which moves the dispatch block at
                // the end of this method, for scripts/publish-cli.sh when neither method placement keeps it inside one
                // 64-byte line.
                case (Op)0x1FF:
                    ip += 2;
                    break;
#endif
                case Op.Unreachable:
                    trap = TrapKind.Unreachable;
                    goto Trapped;
                // Forward branches (the translator gives a loop's back-edges the *Back ops): no termination check.
                case Op.Br:
                    ip += ip[1];
                    break;
                case Op.BrIfNez:
                    ip += *(int*)(fp + ip[1]) != 0 ? ip[2] : 3;
                    break;
                case Op.BrIfEqz:
                    ip += *(int*)(fp + ip[1]) == 0 ? ip[2] : 3;
                    break;
                case Op.BrBack:
                    disp = ip[1];
                    goto JumpBack;
                case Op.BrIfNezBack:
                    if (*(int*)(fp + ip[1]) != 0) goto TakenBack2;
                    ip += 3;
                    break;
                case Op.BrIfEqzBack:
                    if (*(int*)(fp + ip[1]) == 0) goto TakenBack2;
                    ip += 3;
                    break;
                case Op.BrTable:
                {
                    uint index = *(uint*)(fp + ip[1]);
                    uint count = (uint)ip[2];
                    disp = ip[3 + (int)(index < count ? index : count)];
                    goto Jump;
                }
                case Op.Move:
                    fp[ip[1]] = fp[ip[2]];
                    ip += 3;
                    break;
                case Op.Move2:
                    fp[ip[1]] = fp[ip[2]];
                    fp[ip[3]] = fp[ip[4]];
                    ip += 5;
                    break;
                case Op.Const32:
                    *(int*)(fp + ip[1]) = ip[2];
                    ip += 3;
                    break;
                case Op.Const64:
                    fp[ip[1]] = (uint)ip[2] | ((ulong)(uint)ip[3] << 32);
                    ip += 4;
                    break;
                case Op.Select:
                    fp[ip[1]] = *(int*)(fp + ip[4]) != 0 ? fp[ip[2]] : fp[ip[3]];
                    ip += 5;
                    break;
                case Op.ZeroLocals:
                {
                    // Usually a handful of slots: a loop beats a call to a general clear.
                    ulong* p = fp + ip[1];
                    ulong* end = p + ip[2];
                    do *p++ = 0; while (p < end);
                    ip += 3;
                    break;
                }

                case Op.Call:
                {
                    // A direct call: the callee (or its stub) is in this instance, so no instance state changes.
                    CompiledFunction callee = Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(codes), ip[1])!;
                    calleeFp = fp + ip[2];
                    if (calleeFp + callee.FrameSlots > stackLimit || frame >= ctx.FrameLimit) goto StackExhausted;
                    if (Volatile.Read(ref Store.s_pendingTerminations) != 0 && Volatile.Read(ref *stop) != 0) goto Terminated;
                    frame->ReturnIp = ip + 3;
                    frame->Fp = fp;
                    frame++;
                    fp = calleeFp;
                    ip = callee.Entry;
                    break;
                }
                case Op.Lazy:
                {
                    // The first call of a function through its stub: the frame is pushed, fp is the callee's.
                    CompiledFunction callee = Translate(inst.Compiled, ip[1]);
                    if (fp + callee.FrameSlots > stackLimit)
                    {
                        frame--;
                        ip = frame->ReturnIp - 3; // the call instruction, for the trace
                        fp = frame->Fp;
                        goto StackExhausted;
                    }
                    codes = inst.Compiled.FunctionCode;
                    ip = callee.Entry;
                    break;
                }
                case Op.CallImport:
                    target = inst.Functions[ip[1]];
                    calleeFp = fp + ip[2];
                    returnIp = ip + 3;
                    goto CallFunction;
                case Op.CallIndirect:
                {
                    // call_indirect (spec 4.4.10.2): the element must exist, be non-null and have the type.
                    var table = inst.Tables[ip[2]];
                    uint index = *(uint*)(fp + ip[3]);
                    if (index >= (uint)table.Length) { trap = TrapKind.UndefinedElement; goto Trapped; }
                    if (table.Elements[index] is not FunctionInstance function)
                    {
                        // The reference interpreter names the element ("uninitialized element 2"); the spec tests compare it.
                        ctx.PendingException = TrapException.WithIndex(TrapKind.UninitializedElement, index);
                        trap = TrapKind.UninitializedElement;
                        goto Trapped;
                    }
                    // 3.0: the function's canonical type is the expected one or a declared subtype of it.
                    if (!ReferenceEquals(function.KnownDefinedType, inst.CanonicalTypes[ip[1]]) && !IndirectTypeMatches(inst, function, ip[1]))
                    {
                        trap = TrapKind.IndirectCallTypeMismatch;
                        goto Trapped;
                    }
                    target = function;
                    calleeFp = fp + ip[4];
                    returnIp = ip + 5;
                    goto CallFunction;
                }
                // Tail calls (WebAssembly 3.0): the callee takes over this frame and its return address.
                case Op.ReturnCall:
                {
                    if (Volatile.Read(ref Store.s_pendingTerminations) != 0 && Volatile.Read(ref *stop) != 0) goto Terminated;
                    var callee = EnterTailCall(inst, ip[1], fp, ip[2], ip[3], stackLimit);
                    if (callee is null) goto StackExhausted;
                    codes = inst.Compiled.FunctionCode;
                    ip = callee.Entry;
                    break;
                }
                case Op.ReturnCallImport:
                    target = inst.Functions[ip[1]];
                    calleeFp = fp + ip[2];
                    disp = ip[3];
                    goto TailCallFunction;
                case Op.ReturnCallIndirect:
                    target = IndirectCallTarget(inst, ip[1], ip[2], *(uint*)(fp + ip[3]))!;
                    if (target is null)
                    {
                        trap = IndirectCallFailure(ctx, inst, ip[2], *(uint*)(fp + ip[3]));
                        goto Trapped;
                    }
                    calleeFp = fp + ip[4];
                    disp = ip[5];
                    goto TailCallFunction;

                case Op.ReturnMove:
                    fp[0] = fp[ip[1]];
                    goto case Op.Return;
                case Op.Return:
                    frame--;
                    ip = frame->ReturnIp;
                    fp = frame->Fp;
                    break;
                case Op.Exit:
                    return Completed;
                case Op.Throw:
                    ctx.InFlight = NewException(inst, ip[1], fp + ip[2]);
                    goto Throwing;
                case Op.CallRef:
                    target = ReferencedFunction(inst, fp[ip[1]])!;
                    if (target is null) { trap = TrapKind.NullFunctionReference; goto Trapped; }
                    calleeFp = fp + ip[2];
                    returnIp = ip + 3;
                    goto CallFunction;
                case Op.ReturnCallRef:
                    target = ReferencedFunction(inst, fp[ip[1]])!;
                    if (target is null) { trap = TrapKind.NullFunctionReference; goto Trapped; }
                    calleeFp = fp + ip[2];
                    disp = ip[3];
                    goto TailCallFunction;
                case Op.RefAsNonNull:
                    if (fp[ip[1]] == 0) { trap = TrapKind.NullReference; goto Trapped; }
                    ip += 2;
                    break;
                case Op.Gc:
                {
                    int outcome = GcOperations.Run(ctx, inst, fp, ip);
                    if (outcome != GcOperations.Completed) { trap = (TrapKind)outcome; goto Trapped; }
                    ip += GcOperations.Length;
                    break;
                }
                case Op.GlobalGetRef:
                    fp[ip[1]] = ReferenceSlots.ToSlot(ctx, inst.Store, inst.Globals[ip[2]].Reference);
                    ip += 3;
                    break;
                case Op.GlobalSetRef:
                    inst.Globals[ip[2]].SetReference(inst.Store.FromHandle(fp[ip[1]]));
                    ip += 3;
                    break;
                case Op.ThrowRef:
                    if (!ThrowReference(ctx, inst.Store, fp[ip[1]]))
                    {
                        trap = TrapKind.NullExceptionReference;
                        goto Trapped;
                    }
                    goto Throwing;
                case Op.RestoreInstance:
                    // The callee of a cross-instance call returned here; the frame below holds the real return address.
                    inst = ctx.Instances[--ctx.InstanceCount];
                    ctx.Instances[ctx.InstanceCount] = null!;
                    mem = inst.Memories.Length > 0 ? inst.Memories[0] : NoMemory;
                    globals = inst.GlobalData;
                    codes = inst.Compiled.FunctionCode;
                    frame--;
                    ip = frame->ReturnIp;
                    fp = frame->Fp;
                    break;

                case Op.GlobalGet:
                    fp[ip[1]] = *globals[ip[2]];
                    ip += 3;
                    break;
                case Op.GlobalSet32:
                    *globals[ip[2]] = *(uint*)(fp + ip[1]);
                    ip += 3;
                    break;
                case Op.GlobalSet64:
                    *globals[ip[2]] = fp[ip[1]];
                    ip += 3;
                    break;

                case Op.RefIsNull:
                    *(int*)(fp + ip[1]) = fp[ip[2]] == 0 ? 1 : 0;
                    ip += 3;
                    break;
                case Op.RefFunc:
                    fp[ip[1]] = inst.Store.ToHandle(inst.Functions[ip[2]]);
                    ip += 3;
                    break;

                case Op.TableGet:
                {
                    var table = inst.Tables[ip[2]];
                    uint index = *(uint*)(fp + ip[3]);
                    if (index >= (uint)table.Length) goto OutOfBoundsTable;
                    fp[ip[1]] = ReferenceSlots.ToSlot(ctx, inst.Store, table.Elements[index]);
                    ip += 4;
                    break;
                }
                case Op.TableSet:
                {
                    var table = inst.Tables[ip[1]];
                    uint index = *(uint*)(fp + ip[2]);
                    if (index >= (uint)table.Length) goto OutOfBoundsTable;
                    table.Elements[index] = inst.Store.FromHandle(fp[ip[3]]);
                    table.ElementsChanged((int)index, 1);
                    ip += 4;
                    break;
                }
                case Op.TableSize:
                    *(int*)(fp + ip[1]) = inst.Tables[ip[2]].Length;
                    ip += 3;
                    break;
                case Op.TableGrow:
                {
                    var table = inst.Tables[ip[2]];
                    *(int*)(fp + ip[1]) = (int)table.Grow(*(uint*)(fp + ip[4]), inst.Store.FromHandle(fp[ip[3]]));
                    ip += 5;
                    break;
                }
                case Op.TableFill:
                    if (!BulkOperations.TableFill(inst, ip[1], *(uint*)(fp + ip[2]), fp[ip[3]], *(uint*)(fp + ip[4]))) goto OutOfBoundsTable;
                    ip += 5;
                    break;
                case Op.TableCopy:
                    if (!BulkOperations.TableCopy(inst, ip[1], ip[2], *(uint*)(fp + ip[3]), *(uint*)(fp + ip[4]), *(uint*)(fp + ip[5]))) goto OutOfBoundsTable;
                    ip += 6;
                    break;
                case Op.TableInit:
                    if (!BulkOperations.TableInit(inst, ip[1], ip[2], *(uint*)(fp + ip[3]), *(uint*)(fp + ip[4]), *(uint*)(fp + ip[5]))) goto OutOfBoundsTable;
                    ip += 6;
                    break;
                case Op.ElemDrop:
                    inst.ElementSegments[ip[1]] = [];
                    ip += 2;
                    break;

                case Op.MemorySize:
                    *(int*)(fp + ip[1]) = (int)(mem.Size / MemoryType.PageSize);
                    ip += 2;
                    break;
                case Op.Atomic:
                {
                    int outcome = AtomicExecution.Execute(ip, fp, mem, inst.Store);
                    if (outcome != AtomicExecution.Completed)
                    {
                        trap = (TrapKind)outcome;
                        goto Trapped;
                    }
                    ip += 7;
                    break;
                }
                case Op.AtomicFence:
                    Interlocked.MemoryBarrier();
                    ip += 1;
                    break;
                case Op.MemoryGrow:
                    *(int*)(fp + ip[1]) = mem == NoMemory ? -1 : (int)mem.Grow(*(uint*)(fp + ip[2]));
                    ip += 3;
                    break;
                case Op.MemoryInit:
                    if (!BulkOperations.MemoryInit(inst, ip[1], mem.Base, mem.Size, *(uint*)(fp + ip[2]), *(uint*)(fp + ip[3]), *(uint*)(fp + ip[4]))) goto OutOfBoundsMemory;
                    ip += 5;
                    break;
                case Op.DataDrop:
                    inst.DataSegments[ip[1]] = ReadOnlyMemory<byte>.Empty;
                    ip += 2;
                    break;
                case Op.MemoryCopy:
                {
                    // memory.copy (spec 4.4.7.7): both ranges are checked before any byte moves; overlap is allowed.
                    ulong d = *(uint*)(fp + ip[1]), s = *(uint*)(fp + ip[2]), n = *(uint*)(fp + ip[3]);
                    if (d + n > mem.Size || s + n > mem.Size) goto OutOfBoundsMemory;
                    Buffer.MemoryCopy(mem.Base + s, mem.Base + d, n, n);
                    ip += 4;
                    break;
                }
                case Op.SelectMemory:
                    // Only around an instruction on memory k > 0 (the translator never emits one on its own).
                    mem = inst.Memories[ip[1]];
                    ip += 2;
                    break;
                case Op.Address64:
                {
                    var selected = Memory64Operations.Address(ctx, inst.Memories[ip[1]], fp, ip);
                    if (selected is null) goto OutOfBoundsMemory;
                    mem = selected;
                    ip += 6;
                    break;
                }
                case Op.MemorySize64:
                    fp[ip[1]] = inst.Memories[ip[2]].PageCount;
                    ip += 3;
                    break;
                case Op.MemoryGrow64:
                    fp[ip[1]] = Memory64Operations.Grow(inst.Memories[ip[2]], fp[ip[3]]);
                    ip += 4;
                    break;
                case Op.MemoryFill64:
                    if (!Memory64Operations.Fill(inst.Memories[ip[1]], fp[ip[2]], *(byte*)(fp + ip[3]), fp[ip[4]])) goto OutOfBoundsMemory;
                    ip += 5;
                    break;
                case Op.MemoryInit64:
                    if (!Memory64Operations.Init(inst, ip[1], inst.Memories[ip[2]], fp[ip[3]], *(uint*)(fp + ip[4]), *(uint*)(fp + ip[5]))) goto OutOfBoundsMemory;
                    ip += 6;
                    break;
                case Op.MemoryCopy64:
                    if (!Memory64Operations.Copy(inst.Memories[ip[1]], inst.Memories[ip[2]], fp, ip)) goto OutOfBoundsMemory;
                    ip += 7;
                    break;
                case Op.TableIndex64:
                    fp[ip[1]] = Math.Min(fp[ip[2]], uint.MaxValue);
                    ip += 3;
                    break;
                case Op.MemoryCopyBetween:
                    if (!BulkOperations.MemoryCopy(inst.Memories[ip[1]], inst.Memories[ip[2]], *(uint*)(fp + ip[3]), *(uint*)(fp + ip[4]), *(uint*)(fp + ip[5]))) goto OutOfBoundsMemory;
                    ip += 6;
                    break;
                case Op.MemoryFill:
                {
                    ulong d = *(uint*)(fp + ip[1]), n = *(uint*)(fp + ip[3]);
                    if (d + n > mem.Size) goto OutOfBoundsMemory;
                    System.Runtime.InteropServices.NativeMemory.Fill(mem.Base + d, (nuint)n, *(byte*)(fp + ip[2]));
                    ip += 4;
                    break;
                }

                // Integer division (spec 4.3.2 idiv/irem): traps on zero and on the one overflowing quotient.
                case Op.I32DivS:
                {
                    int b = *(int*)(fp + ip[3]), a = *(int*)(fp + ip[2]);
                    if (b == 0) goto DivideByZero;
                    if (b == -1 && a == int.MinValue) goto IntegerOverflow;
                    *(int*)(fp + ip[1]) = a / b;
                    ip += 4;
                    break;
                }
                case Op.I32DivU:
                {
                    uint b = *(uint*)(fp + ip[3]);
                    if (b == 0) goto DivideByZero;
                    *(uint*)(fp + ip[1]) = *(uint*)(fp + ip[2]) / b;
                    ip += 4;
                    break;
                }
                case Op.I32RemS:
                {
                    int b = *(int*)(fp + ip[3]), a = *(int*)(fp + ip[2]);
                    if (b == 0) goto DivideByZero;
                    *(int*)(fp + ip[1]) = b == -1 ? 0 : a % b; // int.MinValue % -1 throws in C#; the result is 0
                    ip += 4;
                    break;
                }
                case Op.I32RemU:
                {
                    uint b = *(uint*)(fp + ip[3]);
                    if (b == 0) goto DivideByZero;
                    *(uint*)(fp + ip[1]) = *(uint*)(fp + ip[2]) % b;
                    ip += 4;
                    break;
                }
                case Op.I64DivS:
                {
                    long b = *(long*)(fp + ip[3]), a = *(long*)(fp + ip[2]);
                    if (b == 0) goto DivideByZero;
                    if (b == -1 && a == long.MinValue) goto IntegerOverflow;
                    *(long*)(fp + ip[1]) = a / b;
                    ip += 4;
                    break;
                }
                case Op.I64DivU:
                {
                    ulong b = *(ulong*)(fp + ip[3]);
                    if (b == 0) goto DivideByZero;
                    *(ulong*)(fp + ip[1]) = *(ulong*)(fp + ip[2]) / b;
                    ip += 4;
                    break;
                }
                case Op.I64RemS:
                {
                    long b = *(long*)(fp + ip[3]), a = *(long*)(fp + ip[2]);
                    if (b == 0) goto DivideByZero;
                    *(long*)(fp + ip[1]) = b == -1 ? 0 : a % b;
                    ip += 4;
                    break;
                }
                case Op.I64RemU:
                {
                    ulong b = *(ulong*)(fp + ip[3]);
                    if (b == 0) goto DivideByZero;
                    *(ulong*)(fp + ip[1]) = *(ulong*)(fp + ip[2]) % b;
                    ip += 4;
                    break;
                }

                // Trapping truncation (spec 4.3.3 trunc): NaN is an invalid conversion, out of range an overflow.
                case Op.I32TruncF32S:
                case Op.I32TruncF64S:
                {
                    double x = *ip == (int)Op.I32TruncF32S ? *(float*)(fp + ip[2]) : *(double*)(fp + ip[2]);
                    if (!NumericOps.TryTruncI32(x, out int r)) goto TruncationFailed;
                    *(int*)(fp + ip[1]) = r;
                    ip += 3;
                    break;
                }
                case Op.I32TruncF32U:
                case Op.I32TruncF64U:
                {
                    double x = *ip == (int)Op.I32TruncF32U ? *(float*)(fp + ip[2]) : *(double*)(fp + ip[2]);
                    if (!NumericOps.TryTruncU32(x, out uint r)) goto TruncationFailed;
                    *(uint*)(fp + ip[1]) = r;
                    ip += 3;
                    break;
                }
                case Op.I64TruncF32S:
                case Op.I64TruncF64S:
                {
                    double x = *ip == (int)Op.I64TruncF32S ? *(float*)(fp + ip[2]) : *(double*)(fp + ip[2]);
                    if (!NumericOps.TryTruncI64(x, out long r)) goto TruncationFailed;
                    *(long*)(fp + ip[1]) = r;
                    ip += 3;
                    break;
                }
                case Op.I64TruncF32U:
                case Op.I64TruncF64U:
                {
                    double x = *ip == (int)Op.I64TruncF32U ? *(float*)(fp + ip[2]) : *(double*)(fp + ip[2]);
                    if (!NumericOps.TryTruncU64(x, out ulong r)) goto TruncationFailed;
                    *(ulong*)(fp + ip[1]) = r;
                    ip += 3;
                    break;
                }

                // Generated-style table of the plain numeric, memory and fused instructions.
                case Op.I32Eqz: *(int*)(fp + ip[1]) = (*(int*)(fp + ip[2]) == 0 ? 1 : 0); ip += 3; break;
                case Op.I32Eq: *(int*)(fp + ip[1]) = (*(int*)(fp + ip[2]) == *(int*)(fp + ip[3]) ? 1 : 0); ip += 4; break;
                case Op.I32Ne: *(int*)(fp + ip[1]) = (*(int*)(fp + ip[2]) != *(int*)(fp + ip[3]) ? 1 : 0); ip += 4; break;
                case Op.I32LtS: *(int*)(fp + ip[1]) = (*(int*)(fp + ip[2]) < *(int*)(fp + ip[3]) ? 1 : 0); ip += 4; break;
                case Op.I32LtU: *(int*)(fp + ip[1]) = (*(uint*)(fp + ip[2]) < *(uint*)(fp + ip[3]) ? 1 : 0); ip += 4; break;
                case Op.I32GtS: *(int*)(fp + ip[1]) = (*(int*)(fp + ip[2]) > *(int*)(fp + ip[3]) ? 1 : 0); ip += 4; break;
                case Op.I32GtU: *(int*)(fp + ip[1]) = (*(uint*)(fp + ip[2]) > *(uint*)(fp + ip[3]) ? 1 : 0); ip += 4; break;
                case Op.I32LeS: *(int*)(fp + ip[1]) = (*(int*)(fp + ip[2]) <= *(int*)(fp + ip[3]) ? 1 : 0); ip += 4; break;
                case Op.I32LeU: *(int*)(fp + ip[1]) = (*(uint*)(fp + ip[2]) <= *(uint*)(fp + ip[3]) ? 1 : 0); ip += 4; break;
                case Op.I32GeS: *(int*)(fp + ip[1]) = (*(int*)(fp + ip[2]) >= *(int*)(fp + ip[3]) ? 1 : 0); ip += 4; break;
                case Op.I32GeU: *(int*)(fp + ip[1]) = (*(uint*)(fp + ip[2]) >= *(uint*)(fp + ip[3]) ? 1 : 0); ip += 4; break;
                case Op.I64Eqz: *(int*)(fp + ip[1]) = (*(long*)(fp + ip[2]) == 0 ? 1 : 0); ip += 3; break;
                case Op.I64Eq: *(int*)(fp + ip[1]) = (*(long*)(fp + ip[2]) == *(long*)(fp + ip[3]) ? 1 : 0); ip += 4; break;
                case Op.I64Ne: *(int*)(fp + ip[1]) = (*(long*)(fp + ip[2]) != *(long*)(fp + ip[3]) ? 1 : 0); ip += 4; break;
                case Op.I64LtS: *(int*)(fp + ip[1]) = (*(long*)(fp + ip[2]) < *(long*)(fp + ip[3]) ? 1 : 0); ip += 4; break;
                case Op.I64LtU: *(int*)(fp + ip[1]) = (*(ulong*)(fp + ip[2]) < *(ulong*)(fp + ip[3]) ? 1 : 0); ip += 4; break;
                case Op.I64GtS: *(int*)(fp + ip[1]) = (*(long*)(fp + ip[2]) > *(long*)(fp + ip[3]) ? 1 : 0); ip += 4; break;
                case Op.I64GtU: *(int*)(fp + ip[1]) = (*(ulong*)(fp + ip[2]) > *(ulong*)(fp + ip[3]) ? 1 : 0); ip += 4; break;
                case Op.I64LeS: *(int*)(fp + ip[1]) = (*(long*)(fp + ip[2]) <= *(long*)(fp + ip[3]) ? 1 : 0); ip += 4; break;
                case Op.I64LeU: *(int*)(fp + ip[1]) = (*(ulong*)(fp + ip[2]) <= *(ulong*)(fp + ip[3]) ? 1 : 0); ip += 4; break;
                case Op.I64GeS: *(int*)(fp + ip[1]) = (*(long*)(fp + ip[2]) >= *(long*)(fp + ip[3]) ? 1 : 0); ip += 4; break;
                case Op.I64GeU: *(int*)(fp + ip[1]) = (*(ulong*)(fp + ip[2]) >= *(ulong*)(fp + ip[3]) ? 1 : 0); ip += 4; break;
                case Op.F32Eq: *(int*)(fp + ip[1]) = (*(float*)(fp + ip[2]) == *(float*)(fp + ip[3]) ? 1 : 0); ip += 4; break;
                case Op.F32Ne: *(int*)(fp + ip[1]) = (*(float*)(fp + ip[2]) != *(float*)(fp + ip[3]) ? 1 : 0); ip += 4; break;
                case Op.F32Lt: *(int*)(fp + ip[1]) = (*(float*)(fp + ip[2]) < *(float*)(fp + ip[3]) ? 1 : 0); ip += 4; break;
                case Op.F32Gt: *(int*)(fp + ip[1]) = (*(float*)(fp + ip[2]) > *(float*)(fp + ip[3]) ? 1 : 0); ip += 4; break;
                case Op.F32Le: *(int*)(fp + ip[1]) = (*(float*)(fp + ip[2]) <= *(float*)(fp + ip[3]) ? 1 : 0); ip += 4; break;
                case Op.F32Ge: *(int*)(fp + ip[1]) = (*(float*)(fp + ip[2]) >= *(float*)(fp + ip[3]) ? 1 : 0); ip += 4; break;
                case Op.F64Eq: *(int*)(fp + ip[1]) = (*(double*)(fp + ip[2]) == *(double*)(fp + ip[3]) ? 1 : 0); ip += 4; break;
                case Op.F64Ne: *(int*)(fp + ip[1]) = (*(double*)(fp + ip[2]) != *(double*)(fp + ip[3]) ? 1 : 0); ip += 4; break;
                case Op.F64Lt: *(int*)(fp + ip[1]) = (*(double*)(fp + ip[2]) < *(double*)(fp + ip[3]) ? 1 : 0); ip += 4; break;
                case Op.F64Gt: *(int*)(fp + ip[1]) = (*(double*)(fp + ip[2]) > *(double*)(fp + ip[3]) ? 1 : 0); ip += 4; break;
                case Op.F64Le: *(int*)(fp + ip[1]) = (*(double*)(fp + ip[2]) <= *(double*)(fp + ip[3]) ? 1 : 0); ip += 4; break;
                case Op.F64Ge: *(int*)(fp + ip[1]) = (*(double*)(fp + ip[2]) >= *(double*)(fp + ip[3]) ? 1 : 0); ip += 4; break;
                case Op.I32Clz: *(int*)(fp + ip[1]) = BitOperations.LeadingZeroCount(*(uint*)(fp + ip[2])); ip += 3; break;
                case Op.I32Ctz: *(int*)(fp + ip[1]) = BitOperations.TrailingZeroCount(*(uint*)(fp + ip[2])); ip += 3; break;
                case Op.I32Popcnt: *(int*)(fp + ip[1]) = BitOperations.PopCount(*(uint*)(fp + ip[2])); ip += 3; break;
                case Op.I32Add: *(int*)(fp + ip[1]) = *(int*)(fp + ip[2]) + *(int*)(fp + ip[3]); ip += 4; break;
                case Op.I32Sub: *(int*)(fp + ip[1]) = *(int*)(fp + ip[2]) - *(int*)(fp + ip[3]); ip += 4; break;
                case Op.I32Mul: *(int*)(fp + ip[1]) = *(int*)(fp + ip[2]) * *(int*)(fp + ip[3]); ip += 4; break;
                case Op.I32And: *(int*)(fp + ip[1]) = *(int*)(fp + ip[2]) & *(int*)(fp + ip[3]); ip += 4; break;
                case Op.I32Or: *(int*)(fp + ip[1]) = *(int*)(fp + ip[2]) | *(int*)(fp + ip[3]); ip += 4; break;
                case Op.I32Xor: *(int*)(fp + ip[1]) = *(int*)(fp + ip[2]) ^ *(int*)(fp + ip[3]); ip += 4; break;
                case Op.I32Shl: *(int*)(fp + ip[1]) = *(int*)(fp + ip[2]) << *(int*)(fp + ip[3]); ip += 4; break;
                case Op.I32ShrS: *(int*)(fp + ip[1]) = *(int*)(fp + ip[2]) >> *(int*)(fp + ip[3]); ip += 4; break;
                case Op.I32ShrU: *(int*)(fp + ip[1]) = (int)(*(uint*)(fp + ip[2]) >> *(int*)(fp + ip[3])); ip += 4; break;
                case Op.I32Rotl: *(uint*)(fp + ip[1]) = BitOperations.RotateLeft(*(uint*)(fp + ip[2]), *(int*)(fp + ip[3])); ip += 4; break;
                case Op.I32Rotr: *(uint*)(fp + ip[1]) = BitOperations.RotateRight(*(uint*)(fp + ip[2]), *(int*)(fp + ip[3])); ip += 4; break;
                case Op.I64Clz: *(long*)(fp + ip[1]) = BitOperations.LeadingZeroCount(*(ulong*)(fp + ip[2])); ip += 3; break;
                case Op.I64Ctz: *(long*)(fp + ip[1]) = BitOperations.TrailingZeroCount(*(ulong*)(fp + ip[2])); ip += 3; break;
                case Op.I64Popcnt: *(long*)(fp + ip[1]) = BitOperations.PopCount(*(ulong*)(fp + ip[2])); ip += 3; break;
                case Op.I64Add: *(long*)(fp + ip[1]) = *(long*)(fp + ip[2]) + *(long*)(fp + ip[3]); ip += 4; break;
                case Op.I64Sub: *(long*)(fp + ip[1]) = *(long*)(fp + ip[2]) - *(long*)(fp + ip[3]); ip += 4; break;
                case Op.I64Mul: *(long*)(fp + ip[1]) = *(long*)(fp + ip[2]) * *(long*)(fp + ip[3]); ip += 4; break;
                case Op.I64And: *(long*)(fp + ip[1]) = *(long*)(fp + ip[2]) & *(long*)(fp + ip[3]); ip += 4; break;
                case Op.I64Or: *(long*)(fp + ip[1]) = *(long*)(fp + ip[2]) | *(long*)(fp + ip[3]); ip += 4; break;
                case Op.I64Xor: *(long*)(fp + ip[1]) = *(long*)(fp + ip[2]) ^ *(long*)(fp + ip[3]); ip += 4; break;
                case Op.I64Shl: *(long*)(fp + ip[1]) = *(long*)(fp + ip[2]) << (int)*(long*)(fp + ip[3]); ip += 4; break;
                case Op.I64ShrS: *(long*)(fp + ip[1]) = *(long*)(fp + ip[2]) >> (int)*(long*)(fp + ip[3]); ip += 4; break;
                case Op.I64ShrU: *(ulong*)(fp + ip[1]) = *(ulong*)(fp + ip[2]) >> (int)*(long*)(fp + ip[3]); ip += 4; break;
                case Op.I64Rotl: *(ulong*)(fp + ip[1]) = BitOperations.RotateLeft(*(ulong*)(fp + ip[2]), (int)*(long*)(fp + ip[3])); ip += 4; break;
                case Op.I64Rotr: *(ulong*)(fp + ip[1]) = BitOperations.RotateRight(*(ulong*)(fp + ip[2]), (int)*(long*)(fp + ip[3])); ip += 4; break;
                case Op.I32LoadShl:
                {
                    ulong ea = (ulong)(uint)((*(int*)(fp + ip[2]) << ip[3]) + ip[5]) + (uint)ip[4];
                    if (ea + 4 > mem.Size) goto OutOfBoundsMemory;
                    *(int*)(fp + ip[1]) = Unsafe.ReadUnaligned<int>(mem.Base + ea);
                    ip += 6;
                    break;
                }
                case Op.I32AddShlImm: *(int*)(fp + ip[1]) = *(int*)(fp + ip[2]) + (*(int*)(fp + ip[3]) << ip[4]); ip += 5; break;
                case Op.I32RotlImm: *(uint*)(fp + ip[1]) = BitOperations.RotateLeft(*(uint*)(fp + ip[2]), ip[3]); ip += 4; break;
                case Op.I64RotlImm: *(ulong*)(fp + ip[1]) = BitOperations.RotateLeft(*(ulong*)(fp + ip[2]), ip[3]); ip += 4; break;
                case Op.F32Abs: *(uint*)(fp + ip[1]) = *(uint*)(fp + ip[2]) & ~0x8000_0000u; ip += 3; break;
                case Op.F32Neg: *(uint*)(fp + ip[1]) = *(uint*)(fp + ip[2]) ^ 0x8000_0000u; ip += 3; break;
                case Op.F32Ceil: *(float*)(fp + ip[1]) = NumericOps.Ceil(*(float*)(fp + ip[2])); ip += 3; break;
                case Op.F32Floor: *(float*)(fp + ip[1]) = NumericOps.Floor(*(float*)(fp + ip[2])); ip += 3; break;
                case Op.F32Trunc: *(float*)(fp + ip[1]) = NumericOps.Trunc(*(float*)(fp + ip[2])); ip += 3; break;
                case Op.F32Nearest: *(float*)(fp + ip[1]) = NumericOps.Nearest(*(float*)(fp + ip[2])); ip += 3; break;
                case Op.F32Sqrt: *(float*)(fp + ip[1]) = MathF.Sqrt(*(float*)(fp + ip[2])); ip += 3; break;
                case Op.F32Add: *(float*)(fp + ip[1]) = *(float*)(fp + ip[2]) + *(float*)(fp + ip[3]); ip += 4; break;
                case Op.F32Sub: *(float*)(fp + ip[1]) = *(float*)(fp + ip[2]) - *(float*)(fp + ip[3]); ip += 4; break;
                case Op.F32Mul: *(float*)(fp + ip[1]) = *(float*)(fp + ip[2]) * *(float*)(fp + ip[3]); ip += 4; break;
                case Op.F32Div: *(float*)(fp + ip[1]) = *(float*)(fp + ip[2]) / *(float*)(fp + ip[3]); ip += 4; break;
                case Op.F32Min: *(float*)(fp + ip[1]) = NumericOps.Min(*(float*)(fp + ip[2]), *(float*)(fp + ip[3])); ip += 4; break;
                case Op.F32Max: *(float*)(fp + ip[1]) = NumericOps.Max(*(float*)(fp + ip[2]), *(float*)(fp + ip[3])); ip += 4; break;
                case Op.F32Copysign: *(uint*)(fp + ip[1]) = (*(uint*)(fp + ip[2]) & ~0x8000_0000u) | (*(uint*)(fp + ip[3]) & 0x8000_0000u); ip += 4; break;
                case Op.F64Abs: *(ulong*)(fp + ip[1]) = *(ulong*)(fp + ip[2]) & ~0x8000_0000_0000_0000UL; ip += 3; break;
                case Op.F64Neg: *(ulong*)(fp + ip[1]) = *(ulong*)(fp + ip[2]) ^ 0x8000_0000_0000_0000UL; ip += 3; break;
                case Op.F64Ceil: *(double*)(fp + ip[1]) = NumericOps.Ceil(*(double*)(fp + ip[2])); ip += 3; break;
                case Op.F64Floor: *(double*)(fp + ip[1]) = NumericOps.Floor(*(double*)(fp + ip[2])); ip += 3; break;
                case Op.F64Trunc: *(double*)(fp + ip[1]) = NumericOps.Trunc(*(double*)(fp + ip[2])); ip += 3; break;
                case Op.F64Nearest: *(double*)(fp + ip[1]) = NumericOps.Nearest(*(double*)(fp + ip[2])); ip += 3; break;
                case Op.F64Sqrt: *(double*)(fp + ip[1]) = Math.Sqrt(*(double*)(fp + ip[2])); ip += 3; break;
                case Op.F64Add: *(double*)(fp + ip[1]) = *(double*)(fp + ip[2]) + *(double*)(fp + ip[3]); ip += 4; break;
                case Op.F64Sub: *(double*)(fp + ip[1]) = *(double*)(fp + ip[2]) - *(double*)(fp + ip[3]); ip += 4; break;
                case Op.F64Mul: *(double*)(fp + ip[1]) = *(double*)(fp + ip[2]) * *(double*)(fp + ip[3]); ip += 4; break;
                case Op.F64Div: *(double*)(fp + ip[1]) = *(double*)(fp + ip[2]) / *(double*)(fp + ip[3]); ip += 4; break;
                case Op.F64Min: *(double*)(fp + ip[1]) = NumericOps.Min(*(double*)(fp + ip[2]), *(double*)(fp + ip[3])); ip += 4; break;
                case Op.F64Max: *(double*)(fp + ip[1]) = NumericOps.Max(*(double*)(fp + ip[2]), *(double*)(fp + ip[3])); ip += 4; break;
                case Op.F64Copysign: *(ulong*)(fp + ip[1]) = (*(ulong*)(fp + ip[2]) & ~0x8000_0000_0000_0000UL) | (*(ulong*)(fp + ip[3]) & 0x8000_0000_0000_0000UL); ip += 4; break;
                case Op.I64ExtendI32S: *(long*)(fp + ip[1]) = *(int*)(fp + ip[2]); ip += 3; break;
                case Op.I64ExtendI32U: *(ulong*)(fp + ip[1]) = *(uint*)(fp + ip[2]); ip += 3; break;
                case Op.F32ConvertI32S: *(float*)(fp + ip[1]) = *(int*)(fp + ip[2]); ip += 3; break;
                case Op.F32ConvertI32U: *(float*)(fp + ip[1]) = (long)*(uint*)(fp + ip[2]); ip += 3; break;
                case Op.F32ConvertI64S: *(float*)(fp + ip[1]) = NumericOps.ConvertI64ToF32(*(long*)(fp + ip[2])); ip += 3; break;
                case Op.F32ConvertI64U: *(float*)(fp + ip[1]) = NumericOps.ConvertU64ToF32(*(ulong*)(fp + ip[2])); ip += 3; break;
                case Op.F32DemoteF64: *(float*)(fp + ip[1]) = (float)*(double*)(fp + ip[2]); ip += 3; break;
                case Op.F64ConvertI32S: *(double*)(fp + ip[1]) = *(int*)(fp + ip[2]); ip += 3; break;
                case Op.F64ConvertI32U: *(double*)(fp + ip[1]) = *(uint*)(fp + ip[2]); ip += 3; break;
                case Op.F64ConvertI64S: *(double*)(fp + ip[1]) = *(long*)(fp + ip[2]); ip += 3; break;
                case Op.F64ConvertI64U: *(double*)(fp + ip[1]) = NumericOps.ConvertU64ToF64(*(ulong*)(fp + ip[2])); ip += 3; break;
                case Op.F64PromoteF32: *(double*)(fp + ip[1]) = *(float*)(fp + ip[2]); ip += 3; break;
                case Op.I32Extend8S: *(int*)(fp + ip[1]) = (sbyte)*(int*)(fp + ip[2]); ip += 3; break;
                case Op.I32Extend16S: *(int*)(fp + ip[1]) = (short)*(int*)(fp + ip[2]); ip += 3; break;
                case Op.I64Extend8S: *(long*)(fp + ip[1]) = (sbyte)*(long*)(fp + ip[2]); ip += 3; break;
                case Op.I64Extend16S: *(long*)(fp + ip[1]) = (short)*(long*)(fp + ip[2]); ip += 3; break;
                case Op.I64Extend32S: *(long*)(fp + ip[1]) = (int)*(long*)(fp + ip[2]); ip += 3; break;
                case Op.I32TruncSatF32S: *(int*)(fp + ip[1]) = NumericOps.TruncSatI32(*(float*)(fp + ip[2])); ip += 3; break;
                case Op.I32TruncSatF32U: *(uint*)(fp + ip[1]) = NumericOps.TruncSatU32(*(float*)(fp + ip[2])); ip += 3; break;
                case Op.I32TruncSatF64S: *(int*)(fp + ip[1]) = NumericOps.TruncSatI32(*(double*)(fp + ip[2])); ip += 3; break;
                case Op.I32TruncSatF64U: *(uint*)(fp + ip[1]) = NumericOps.TruncSatU32(*(double*)(fp + ip[2])); ip += 3; break;
                case Op.I64TruncSatF32S: *(long*)(fp + ip[1]) = NumericOps.TruncSatI64(*(float*)(fp + ip[2])); ip += 3; break;
                case Op.I64TruncSatF32U: *(ulong*)(fp + ip[1]) = NumericOps.TruncSatU64(*(float*)(fp + ip[2])); ip += 3; break;
                case Op.I64TruncSatF64S: *(long*)(fp + ip[1]) = NumericOps.TruncSatI64(*(double*)(fp + ip[2])); ip += 3; break;
                case Op.I64TruncSatF64U: *(ulong*)(fp + ip[1]) = NumericOps.TruncSatU64(*(double*)(fp + ip[2])); ip += 3; break;
                case Op.I32AddImm: *(int*)(fp + ip[1]) = *(int*)(fp + ip[2]) + ip[3]; ip += 4; break;
                case Op.I32MulImm: *(int*)(fp + ip[1]) = *(int*)(fp + ip[2]) * ip[3]; ip += 4; break;
                case Op.I32AndImm: *(int*)(fp + ip[1]) = *(int*)(fp + ip[2]) & ip[3]; ip += 4; break;
                case Op.I32OrImm: *(int*)(fp + ip[1]) = *(int*)(fp + ip[2]) | ip[3]; ip += 4; break;
                case Op.I32XorImm: *(int*)(fp + ip[1]) = *(int*)(fp + ip[2]) ^ ip[3]; ip += 4; break;
                case Op.I32ShlImm: *(int*)(fp + ip[1]) = *(int*)(fp + ip[2]) << ip[3]; ip += 4; break;
                case Op.I32ShrSImm: *(int*)(fp + ip[1]) = *(int*)(fp + ip[2]) >> ip[3]; ip += 4; break;
                case Op.I32ShrUImm: *(int*)(fp + ip[1]) = (int)(*(uint*)(fp + ip[2]) >> ip[3]); ip += 4; break;
                case Op.I32EqImm: *(int*)(fp + ip[1]) = (*(int*)(fp + ip[2]) == ip[3] ? 1 : 0); ip += 4; break;
                case Op.I32NeImm: *(int*)(fp + ip[1]) = (*(int*)(fp + ip[2]) != ip[3] ? 1 : 0); ip += 4; break;
                case Op.I32LtSImm: *(int*)(fp + ip[1]) = (*(int*)(fp + ip[2]) < ip[3] ? 1 : 0); ip += 4; break;
                case Op.I32LtUImm: *(int*)(fp + ip[1]) = (*(uint*)(fp + ip[2]) < (uint)ip[3] ? 1 : 0); ip += 4; break;
                case Op.I32GtSImm: *(int*)(fp + ip[1]) = (*(int*)(fp + ip[2]) > ip[3] ? 1 : 0); ip += 4; break;
                case Op.I32GtUImm: *(int*)(fp + ip[1]) = (*(uint*)(fp + ip[2]) > (uint)ip[3] ? 1 : 0); ip += 4; break;
                case Op.I32LeSImm: *(int*)(fp + ip[1]) = (*(int*)(fp + ip[2]) <= ip[3] ? 1 : 0); ip += 4; break;
                case Op.I32LeUImm: *(int*)(fp + ip[1]) = (*(uint*)(fp + ip[2]) <= (uint)ip[3] ? 1 : 0); ip += 4; break;
                case Op.I32GeSImm: *(int*)(fp + ip[1]) = (*(int*)(fp + ip[2]) >= ip[3] ? 1 : 0); ip += 4; break;
                case Op.I32GeUImm: *(int*)(fp + ip[1]) = (*(uint*)(fp + ip[2]) >= (uint)ip[3] ? 1 : 0); ip += 4; break;
                case Op.I64AddImm: *(long*)(fp + ip[1]) = *(long*)(fp + ip[2]) + (long)ip[3]; ip += 4; break;
                case Op.I64MulImm: *(long*)(fp + ip[1]) = *(long*)(fp + ip[2]) * (long)ip[3]; ip += 4; break;
                case Op.I64AndImm: *(long*)(fp + ip[1]) = *(long*)(fp + ip[2]) & (long)ip[3]; ip += 4; break;
                case Op.I64OrImm: *(long*)(fp + ip[1]) = *(long*)(fp + ip[2]) | (long)ip[3]; ip += 4; break;
                case Op.I64XorImm: *(long*)(fp + ip[1]) = *(long*)(fp + ip[2]) ^ (long)ip[3]; ip += 4; break;
                case Op.I64ShlImm: *(long*)(fp + ip[1]) = *(long*)(fp + ip[2]) << ip[3]; ip += 4; break;
                case Op.I64ShrSImm: *(long*)(fp + ip[1]) = *(long*)(fp + ip[2]) >> ip[3]; ip += 4; break;
                case Op.I64ShrUImm: *(ulong*)(fp + ip[1]) = *(ulong*)(fp + ip[2]) >> ip[3]; ip += 4; break;
                case Op.I64EqImm: *(int*)(fp + ip[1]) = (*(long*)(fp + ip[2]) == (long)ip[3] ? 1 : 0); ip += 4; break;
                case Op.I64NeImm: *(int*)(fp + ip[1]) = (*(long*)(fp + ip[2]) != (long)ip[3] ? 1 : 0); ip += 4; break;
                case Op.I64LtSImm: *(int*)(fp + ip[1]) = (*(long*)(fp + ip[2]) < (long)ip[3] ? 1 : 0); ip += 4; break;
                case Op.I64LtUImm: *(int*)(fp + ip[1]) = (*(ulong*)(fp + ip[2]) < (ulong)(long)ip[3] ? 1 : 0); ip += 4; break;
                case Op.I64GtSImm: *(int*)(fp + ip[1]) = (*(long*)(fp + ip[2]) > (long)ip[3] ? 1 : 0); ip += 4; break;
                case Op.I64GtUImm: *(int*)(fp + ip[1]) = (*(ulong*)(fp + ip[2]) > (ulong)(long)ip[3] ? 1 : 0); ip += 4; break;
                case Op.I64LeSImm: *(int*)(fp + ip[1]) = (*(long*)(fp + ip[2]) <= (long)ip[3] ? 1 : 0); ip += 4; break;
                case Op.I64LeUImm: *(int*)(fp + ip[1]) = (*(ulong*)(fp + ip[2]) <= (ulong)(long)ip[3] ? 1 : 0); ip += 4; break;
                case Op.I64GeSImm: *(int*)(fp + ip[1]) = (*(long*)(fp + ip[2]) >= (long)ip[3] ? 1 : 0); ip += 4; break;
                case Op.I64GeUImm: *(int*)(fp + ip[1]) = (*(ulong*)(fp + ip[2]) >= (ulong)(long)ip[3] ? 1 : 0); ip += 4; break;
                case Op.BrI32Eq: ip += *(int*)(fp + ip[1]) == *(int*)(fp + ip[2]) ? ip[3] : 4; break;
                case Op.BrI32Ne: ip += *(int*)(fp + ip[1]) != *(int*)(fp + ip[2]) ? ip[3] : 4; break;
                case Op.BrI32LtS: ip += *(int*)(fp + ip[1]) < *(int*)(fp + ip[2]) ? ip[3] : 4; break;
                case Op.BrI32LtU: ip += *(uint*)(fp + ip[1]) < *(uint*)(fp + ip[2]) ? ip[3] : 4; break;
                case Op.BrI32GtS: ip += *(int*)(fp + ip[1]) > *(int*)(fp + ip[2]) ? ip[3] : 4; break;
                case Op.BrI32GtU: ip += *(uint*)(fp + ip[1]) > *(uint*)(fp + ip[2]) ? ip[3] : 4; break;
                case Op.BrI32LeS: ip += *(int*)(fp + ip[1]) <= *(int*)(fp + ip[2]) ? ip[3] : 4; break;
                case Op.BrI32LeU: ip += *(uint*)(fp + ip[1]) <= *(uint*)(fp + ip[2]) ? ip[3] : 4; break;
                case Op.BrI32GeS: ip += *(int*)(fp + ip[1]) >= *(int*)(fp + ip[2]) ? ip[3] : 4; break;
                case Op.BrI32GeU: ip += *(uint*)(fp + ip[1]) >= *(uint*)(fp + ip[2]) ? ip[3] : 4; break;
                case Op.BrI32EqImm: ip += *(int*)(fp + ip[1]) == ip[2] ? ip[3] : 4; break;
                case Op.BrI32NeImm: ip += *(int*)(fp + ip[1]) != ip[2] ? ip[3] : 4; break;
                case Op.BrI32LtSImm: ip += *(int*)(fp + ip[1]) < ip[2] ? ip[3] : 4; break;
                case Op.BrI32LtUImm: ip += *(uint*)(fp + ip[1]) < (uint)ip[2] ? ip[3] : 4; break;
                case Op.BrI32GtSImm: ip += *(int*)(fp + ip[1]) > ip[2] ? ip[3] : 4; break;
                case Op.BrI32GtUImm: ip += *(uint*)(fp + ip[1]) > (uint)ip[2] ? ip[3] : 4; break;
                case Op.BrI32LeSImm: ip += *(int*)(fp + ip[1]) <= ip[2] ? ip[3] : 4; break;
                case Op.BrI32LeUImm: ip += *(uint*)(fp + ip[1]) <= (uint)ip[2] ? ip[3] : 4; break;
                case Op.BrI32GeSImm: ip += *(int*)(fp + ip[1]) >= ip[2] ? ip[3] : 4; break;
                case Op.BrI32GeUImm: ip += *(uint*)(fp + ip[1]) >= (uint)ip[2] ? ip[3] : 4; break;
                case Op.BrI64Eq: ip += *(long*)(fp + ip[1]) == *(long*)(fp + ip[2]) ? ip[3] : 4; break;
                case Op.BrI64Ne: ip += *(long*)(fp + ip[1]) != *(long*)(fp + ip[2]) ? ip[3] : 4; break;
                case Op.BrI64LtS: ip += *(long*)(fp + ip[1]) < *(long*)(fp + ip[2]) ? ip[3] : 4; break;
                case Op.BrI64LtU: ip += *(ulong*)(fp + ip[1]) < *(ulong*)(fp + ip[2]) ? ip[3] : 4; break;
                case Op.BrI64GtS: ip += *(long*)(fp + ip[1]) > *(long*)(fp + ip[2]) ? ip[3] : 4; break;
                case Op.BrI64GtU: ip += *(ulong*)(fp + ip[1]) > *(ulong*)(fp + ip[2]) ? ip[3] : 4; break;
                case Op.BrI64LeS: ip += *(long*)(fp + ip[1]) <= *(long*)(fp + ip[2]) ? ip[3] : 4; break;
                case Op.BrI64LeU: ip += *(ulong*)(fp + ip[1]) <= *(ulong*)(fp + ip[2]) ? ip[3] : 4; break;
                case Op.BrI64GeS: ip += *(long*)(fp + ip[1]) >= *(long*)(fp + ip[2]) ? ip[3] : 4; break;
                case Op.BrI64GeU: ip += *(ulong*)(fp + ip[1]) >= *(ulong*)(fp + ip[2]) ? ip[3] : 4; break;
                case Op.BrI64EqImm: ip += *(long*)(fp + ip[1]) == (long)ip[2] ? ip[3] : 4; break;
                case Op.BrI64NeImm: ip += *(long*)(fp + ip[1]) != (long)ip[2] ? ip[3] : 4; break;
                case Op.BrI64LtSImm: ip += *(long*)(fp + ip[1]) < (long)ip[2] ? ip[3] : 4; break;
                case Op.BrI64LtUImm: ip += *(ulong*)(fp + ip[1]) < (ulong)(long)ip[2] ? ip[3] : 4; break;
                case Op.BrI64GtSImm: ip += *(long*)(fp + ip[1]) > (long)ip[2] ? ip[3] : 4; break;
                case Op.BrI64GtUImm: ip += *(ulong*)(fp + ip[1]) > (ulong)(long)ip[2] ? ip[3] : 4; break;
                case Op.BrI64LeSImm: ip += *(long*)(fp + ip[1]) <= (long)ip[2] ? ip[3] : 4; break;
                case Op.BrI64LeUImm: ip += *(ulong*)(fp + ip[1]) <= (ulong)(long)ip[2] ? ip[3] : 4; break;
                case Op.BrI64GeSImm: ip += *(long*)(fp + ip[1]) >= (long)ip[2] ? ip[3] : 4; break;
                case Op.BrI64GeUImm: ip += *(ulong*)(fp + ip[1]) >= (ulong)(long)ip[2] ? ip[3] : 4; break;
                case Op.BrI32EqBack: if (*(int*)(fp + ip[1]) == *(int*)(fp + ip[2])) goto TakenBack3; ip += 4; break;
                case Op.BrI32NeBack: if (*(int*)(fp + ip[1]) != *(int*)(fp + ip[2])) goto TakenBack3; ip += 4; break;
                case Op.BrI32LtSBack: if (*(int*)(fp + ip[1]) < *(int*)(fp + ip[2])) goto TakenBack3; ip += 4; break;
                case Op.BrI32LtUBack: if (*(uint*)(fp + ip[1]) < *(uint*)(fp + ip[2])) goto TakenBack3; ip += 4; break;
                case Op.BrI32GtSBack: if (*(int*)(fp + ip[1]) > *(int*)(fp + ip[2])) goto TakenBack3; ip += 4; break;
                case Op.BrI32GtUBack: if (*(uint*)(fp + ip[1]) > *(uint*)(fp + ip[2])) goto TakenBack3; ip += 4; break;
                case Op.BrI32LeSBack: if (*(int*)(fp + ip[1]) <= *(int*)(fp + ip[2])) goto TakenBack3; ip += 4; break;
                case Op.BrI32LeUBack: if (*(uint*)(fp + ip[1]) <= *(uint*)(fp + ip[2])) goto TakenBack3; ip += 4; break;
                case Op.BrI32GeSBack: if (*(int*)(fp + ip[1]) >= *(int*)(fp + ip[2])) goto TakenBack3; ip += 4; break;
                case Op.BrI32GeUBack: if (*(uint*)(fp + ip[1]) >= *(uint*)(fp + ip[2])) goto TakenBack3; ip += 4; break;
                case Op.BrI32EqImmBack: if (*(int*)(fp + ip[1]) == ip[2]) goto TakenBack3; ip += 4; break;
                case Op.BrI32NeImmBack: if (*(int*)(fp + ip[1]) != ip[2]) goto TakenBack3; ip += 4; break;
                case Op.BrI32LtSImmBack: if (*(int*)(fp + ip[1]) < ip[2]) goto TakenBack3; ip += 4; break;
                case Op.BrI32LtUImmBack: if (*(uint*)(fp + ip[1]) < (uint)ip[2]) goto TakenBack3; ip += 4; break;
                case Op.BrI32GtSImmBack: if (*(int*)(fp + ip[1]) > ip[2]) goto TakenBack3; ip += 4; break;
                case Op.BrI32GtUImmBack: if (*(uint*)(fp + ip[1]) > (uint)ip[2]) goto TakenBack3; ip += 4; break;
                case Op.BrI32LeSImmBack: if (*(int*)(fp + ip[1]) <= ip[2]) goto TakenBack3; ip += 4; break;
                case Op.BrI32LeUImmBack: if (*(uint*)(fp + ip[1]) <= (uint)ip[2]) goto TakenBack3; ip += 4; break;
                case Op.BrI32GeSImmBack: if (*(int*)(fp + ip[1]) >= ip[2]) goto TakenBack3; ip += 4; break;
                case Op.BrI32GeUImmBack: if (*(uint*)(fp + ip[1]) >= (uint)ip[2]) goto TakenBack3; ip += 4; break;
                case Op.BrI64EqBack: if (*(long*)(fp + ip[1]) == *(long*)(fp + ip[2])) goto TakenBack3; ip += 4; break;
                case Op.BrI64NeBack: if (*(long*)(fp + ip[1]) != *(long*)(fp + ip[2])) goto TakenBack3; ip += 4; break;
                case Op.BrI64LtSBack: if (*(long*)(fp + ip[1]) < *(long*)(fp + ip[2])) goto TakenBack3; ip += 4; break;
                case Op.BrI64LtUBack: if (*(ulong*)(fp + ip[1]) < *(ulong*)(fp + ip[2])) goto TakenBack3; ip += 4; break;
                case Op.BrI64GtSBack: if (*(long*)(fp + ip[1]) > *(long*)(fp + ip[2])) goto TakenBack3; ip += 4; break;
                case Op.BrI64GtUBack: if (*(ulong*)(fp + ip[1]) > *(ulong*)(fp + ip[2])) goto TakenBack3; ip += 4; break;
                case Op.BrI64LeSBack: if (*(long*)(fp + ip[1]) <= *(long*)(fp + ip[2])) goto TakenBack3; ip += 4; break;
                case Op.BrI64LeUBack: if (*(ulong*)(fp + ip[1]) <= *(ulong*)(fp + ip[2])) goto TakenBack3; ip += 4; break;
                case Op.BrI64GeSBack: if (*(long*)(fp + ip[1]) >= *(long*)(fp + ip[2])) goto TakenBack3; ip += 4; break;
                case Op.BrI64GeUBack: if (*(ulong*)(fp + ip[1]) >= *(ulong*)(fp + ip[2])) goto TakenBack3; ip += 4; break;
                // Induction-variable update and back-edge test in one dispatch.
                case Op.I32AddImmBrNezBack: { int v = *(int*)(fp + ip[2]) + ip[3]; *(int*)(fp + ip[1]) = v; if (v != 0) { disp = ip[4]; goto JumpBack; } ip += 5; break; }
                case Op.I32AddImmBrEqBack: { int v = (*(int*)(fp + ip[2]) + ip[3]); *(int*)(fp + ip[1]) = v; if (v == *(int*)(fp + ip[4])) goto TakenBack5; ip += 6; break; }
                case Op.I32AddImmBrNeBack: { int v = (*(int*)(fp + ip[2]) + ip[3]); *(int*)(fp + ip[1]) = v; if (v != *(int*)(fp + ip[4])) goto TakenBack5; ip += 6; break; }
                case Op.I32AddImmBrLtSBack: { int v = (*(int*)(fp + ip[2]) + ip[3]); *(int*)(fp + ip[1]) = v; if (v < *(int*)(fp + ip[4])) goto TakenBack5; ip += 6; break; }
                case Op.I32AddImmBrLtUBack: { uint v = (uint)(*(int*)(fp + ip[2]) + ip[3]); *(uint*)(fp + ip[1]) = v; if (v < *(uint*)(fp + ip[4])) goto TakenBack5; ip += 6; break; }
                case Op.I32AddImmBrGtSBack: { int v = (*(int*)(fp + ip[2]) + ip[3]); *(int*)(fp + ip[1]) = v; if (v > *(int*)(fp + ip[4])) goto TakenBack5; ip += 6; break; }
                case Op.I32AddImmBrGtUBack: { uint v = (uint)(*(int*)(fp + ip[2]) + ip[3]); *(uint*)(fp + ip[1]) = v; if (v > *(uint*)(fp + ip[4])) goto TakenBack5; ip += 6; break; }
                case Op.I32AddImmBrLeSBack: { int v = (*(int*)(fp + ip[2]) + ip[3]); *(int*)(fp + ip[1]) = v; if (v <= *(int*)(fp + ip[4])) goto TakenBack5; ip += 6; break; }
                case Op.I32AddImmBrLeUBack: { uint v = (uint)(*(int*)(fp + ip[2]) + ip[3]); *(uint*)(fp + ip[1]) = v; if (v <= *(uint*)(fp + ip[4])) goto TakenBack5; ip += 6; break; }
                case Op.I32AddImmBrGeSBack: { int v = (*(int*)(fp + ip[2]) + ip[3]); *(int*)(fp + ip[1]) = v; if (v >= *(int*)(fp + ip[4])) goto TakenBack5; ip += 6; break; }
                case Op.I32AddImmBrGeUBack: { uint v = (uint)(*(int*)(fp + ip[2]) + ip[3]); *(uint*)(fp + ip[1]) = v; if (v >= *(uint*)(fp + ip[4])) goto TakenBack5; ip += 6; break; }
                case Op.I32AddImmBrEqImmBack: { int v = (*(int*)(fp + ip[2]) + ip[3]); *(int*)(fp + ip[1]) = v; if (v == ip[4]) goto TakenBack5; ip += 6; break; }
                case Op.I32AddImmBrNeImmBack: { int v = (*(int*)(fp + ip[2]) + ip[3]); *(int*)(fp + ip[1]) = v; if (v != ip[4]) goto TakenBack5; ip += 6; break; }
                case Op.I32AddImmBrLtSImmBack: { int v = (*(int*)(fp + ip[2]) + ip[3]); *(int*)(fp + ip[1]) = v; if (v < ip[4]) goto TakenBack5; ip += 6; break; }
                case Op.I32AddImmBrLtUImmBack: { uint v = (uint)(*(int*)(fp + ip[2]) + ip[3]); *(uint*)(fp + ip[1]) = v; if (v < (uint)ip[4]) goto TakenBack5; ip += 6; break; }
                case Op.I32AddImmBrGtSImmBack: { int v = (*(int*)(fp + ip[2]) + ip[3]); *(int*)(fp + ip[1]) = v; if (v > ip[4]) goto TakenBack5; ip += 6; break; }
                case Op.I32AddImmBrGtUImmBack: { uint v = (uint)(*(int*)(fp + ip[2]) + ip[3]); *(uint*)(fp + ip[1]) = v; if (v > (uint)ip[4]) goto TakenBack5; ip += 6; break; }
                case Op.I32AddImmBrLeSImmBack: { int v = (*(int*)(fp + ip[2]) + ip[3]); *(int*)(fp + ip[1]) = v; if (v <= ip[4]) goto TakenBack5; ip += 6; break; }
                case Op.I32AddImmBrLeUImmBack: { uint v = (uint)(*(int*)(fp + ip[2]) + ip[3]); *(uint*)(fp + ip[1]) = v; if (v <= (uint)ip[4]) goto TakenBack5; ip += 6; break; }
                case Op.I32AddImmBrGeSImmBack: { int v = (*(int*)(fp + ip[2]) + ip[3]); *(int*)(fp + ip[1]) = v; if (v >= ip[4]) goto TakenBack5; ip += 6; break; }
                case Op.I32AddImmBrGeUImmBack: { uint v = (uint)(*(int*)(fp + ip[2]) + ip[3]); *(uint*)(fp + ip[1]) = v; if (v >= (uint)ip[4]) goto TakenBack5; ip += 6; break; }
                case Op.I32AddBrEqBack: { int v = (*(int*)(fp + ip[2]) + *(int*)(fp + ip[3])); *(int*)(fp + ip[1]) = v; if (v == *(int*)(fp + ip[4])) goto TakenBack5; ip += 6; break; }
                case Op.I32AddBrNeBack: { int v = (*(int*)(fp + ip[2]) + *(int*)(fp + ip[3])); *(int*)(fp + ip[1]) = v; if (v != *(int*)(fp + ip[4])) goto TakenBack5; ip += 6; break; }
                case Op.I32AddBrLtSBack: { int v = (*(int*)(fp + ip[2]) + *(int*)(fp + ip[3])); *(int*)(fp + ip[1]) = v; if (v < *(int*)(fp + ip[4])) goto TakenBack5; ip += 6; break; }
                case Op.I32AddBrLtUBack: { uint v = (uint)(*(int*)(fp + ip[2]) + *(int*)(fp + ip[3])); *(uint*)(fp + ip[1]) = v; if (v < *(uint*)(fp + ip[4])) goto TakenBack5; ip += 6; break; }
                case Op.I32AddBrGtSBack: { int v = (*(int*)(fp + ip[2]) + *(int*)(fp + ip[3])); *(int*)(fp + ip[1]) = v; if (v > *(int*)(fp + ip[4])) goto TakenBack5; ip += 6; break; }
                case Op.I32AddBrGtUBack: { uint v = (uint)(*(int*)(fp + ip[2]) + *(int*)(fp + ip[3])); *(uint*)(fp + ip[1]) = v; if (v > *(uint*)(fp + ip[4])) goto TakenBack5; ip += 6; break; }
                case Op.I32AddBrLeSBack: { int v = (*(int*)(fp + ip[2]) + *(int*)(fp + ip[3])); *(int*)(fp + ip[1]) = v; if (v <= *(int*)(fp + ip[4])) goto TakenBack5; ip += 6; break; }
                case Op.I32AddBrLeUBack: { uint v = (uint)(*(int*)(fp + ip[2]) + *(int*)(fp + ip[3])); *(uint*)(fp + ip[1]) = v; if (v <= *(uint*)(fp + ip[4])) goto TakenBack5; ip += 6; break; }
                case Op.I32AddBrGeSBack: { int v = (*(int*)(fp + ip[2]) + *(int*)(fp + ip[3])); *(int*)(fp + ip[1]) = v; if (v >= *(int*)(fp + ip[4])) goto TakenBack5; ip += 6; break; }
                case Op.I32AddBrGeUBack: { uint v = (uint)(*(int*)(fp + ip[2]) + *(int*)(fp + ip[3])); *(uint*)(fp + ip[1]) = v; if (v >= *(uint*)(fp + ip[4])) goto TakenBack5; ip += 6; break; }
                case Op.I32AddBrEqImmBack: { int v = (*(int*)(fp + ip[2]) + *(int*)(fp + ip[3])); *(int*)(fp + ip[1]) = v; if (v == ip[4]) goto TakenBack5; ip += 6; break; }
                case Op.I32AddBrNeImmBack: { int v = (*(int*)(fp + ip[2]) + *(int*)(fp + ip[3])); *(int*)(fp + ip[1]) = v; if (v != ip[4]) goto TakenBack5; ip += 6; break; }
                case Op.I32AddBrLtSImmBack: { int v = (*(int*)(fp + ip[2]) + *(int*)(fp + ip[3])); *(int*)(fp + ip[1]) = v; if (v < ip[4]) goto TakenBack5; ip += 6; break; }
                case Op.I32AddBrLtUImmBack: { uint v = (uint)(*(int*)(fp + ip[2]) + *(int*)(fp + ip[3])); *(uint*)(fp + ip[1]) = v; if (v < (uint)ip[4]) goto TakenBack5; ip += 6; break; }
                case Op.I32AddBrGtSImmBack: { int v = (*(int*)(fp + ip[2]) + *(int*)(fp + ip[3])); *(int*)(fp + ip[1]) = v; if (v > ip[4]) goto TakenBack5; ip += 6; break; }
                case Op.I32AddBrGtUImmBack: { uint v = (uint)(*(int*)(fp + ip[2]) + *(int*)(fp + ip[3])); *(uint*)(fp + ip[1]) = v; if (v > (uint)ip[4]) goto TakenBack5; ip += 6; break; }
                case Op.I32AddBrLeSImmBack: { int v = (*(int*)(fp + ip[2]) + *(int*)(fp + ip[3])); *(int*)(fp + ip[1]) = v; if (v <= ip[4]) goto TakenBack5; ip += 6; break; }
                case Op.I32AddBrLeUImmBack: { uint v = (uint)(*(int*)(fp + ip[2]) + *(int*)(fp + ip[3])); *(uint*)(fp + ip[1]) = v; if (v <= (uint)ip[4]) goto TakenBack5; ip += 6; break; }
                case Op.I32AddBrGeSImmBack: { int v = (*(int*)(fp + ip[2]) + *(int*)(fp + ip[3])); *(int*)(fp + ip[1]) = v; if (v >= ip[4]) goto TakenBack5; ip += 6; break; }
                case Op.I32AddBrGeUImmBack: { uint v = (uint)(*(int*)(fp + ip[2]) + *(int*)(fp + ip[3])); *(uint*)(fp + ip[1]) = v; if (v >= (uint)ip[4]) goto TakenBack5; ip += 6; break; }
                case Op.BrI64EqImmBack: if (*(long*)(fp + ip[1]) == (long)ip[2]) goto TakenBack3; ip += 4; break;
                case Op.BrI64NeImmBack: if (*(long*)(fp + ip[1]) != (long)ip[2]) goto TakenBack3; ip += 4; break;
                case Op.BrI64LtSImmBack: if (*(long*)(fp + ip[1]) < (long)ip[2]) goto TakenBack3; ip += 4; break;
                case Op.BrI64LtUImmBack: if (*(ulong*)(fp + ip[1]) < (ulong)(long)ip[2]) goto TakenBack3; ip += 4; break;
                case Op.BrI64GtSImmBack: if (*(long*)(fp + ip[1]) > (long)ip[2]) goto TakenBack3; ip += 4; break;
                case Op.BrI64GtUImmBack: if (*(ulong*)(fp + ip[1]) > (ulong)(long)ip[2]) goto TakenBack3; ip += 4; break;
                case Op.BrI64LeSImmBack: if (*(long*)(fp + ip[1]) <= (long)ip[2]) goto TakenBack3; ip += 4; break;
                case Op.BrI64LeUImmBack: if (*(ulong*)(fp + ip[1]) <= (ulong)(long)ip[2]) goto TakenBack3; ip += 4; break;
                case Op.BrI64GeSImmBack: if (*(long*)(fp + ip[1]) >= (long)ip[2]) goto TakenBack3; ip += 4; break;
                case Op.BrI64GeUImmBack: if (*(ulong*)(fp + ip[1]) >= (ulong)(long)ip[2]) goto TakenBack3; ip += 4; break;
                case Op.I32Load:
                {
                    ulong ea = (ulong)(uint)(*(int*)(fp + ip[2]) + ip[4]) + (uint)ip[3];
                    if (ea + 4 > mem.Size) goto OutOfBoundsMemory;
                    *(int*)(fp + ip[1]) = Unsafe.ReadUnaligned<int>(mem.Base + ea);
                    ip += 5;
                    break;
                }
                case Op.I64Load:
                {
                    ulong ea = (ulong)(uint)(*(int*)(fp + ip[2]) + ip[4]) + (uint)ip[3];
                    if (ea + 8 > mem.Size) goto OutOfBoundsMemory;
                    *(long*)(fp + ip[1]) = Unsafe.ReadUnaligned<long>(mem.Base + ea);
                    ip += 5;
                    break;
                }
                case Op.F32Load:
                {
                    ulong ea = (ulong)(uint)(*(int*)(fp + ip[2]) + ip[4]) + (uint)ip[3];
                    if (ea + 4 > mem.Size) goto OutOfBoundsMemory;
                    *(int*)(fp + ip[1]) = Unsafe.ReadUnaligned<int>(mem.Base + ea);
                    ip += 5;
                    break;
                }
                case Op.F64Load:
                {
                    ulong ea = (ulong)(uint)(*(int*)(fp + ip[2]) + ip[4]) + (uint)ip[3];
                    if (ea + 8 > mem.Size) goto OutOfBoundsMemory;
                    *(long*)(fp + ip[1]) = Unsafe.ReadUnaligned<long>(mem.Base + ea);
                    ip += 5;
                    break;
                }
                case Op.I32Load8S:
                {
                    ulong ea = (ulong)(uint)(*(int*)(fp + ip[2]) + ip[4]) + (uint)ip[3];
                    if (ea + 1 > mem.Size) goto OutOfBoundsMemory;
                    *(int*)(fp + ip[1]) = Unsafe.ReadUnaligned<sbyte>(mem.Base + ea);
                    ip += 5;
                    break;
                }
                case Op.I32Load8U:
                {
                    ulong ea = (ulong)(uint)(*(int*)(fp + ip[2]) + ip[4]) + (uint)ip[3];
                    if (ea + 1 > mem.Size) goto OutOfBoundsMemory;
                    *(int*)(fp + ip[1]) = Unsafe.ReadUnaligned<byte>(mem.Base + ea);
                    ip += 5;
                    break;
                }
                case Op.I32Load16S:
                {
                    ulong ea = (ulong)(uint)(*(int*)(fp + ip[2]) + ip[4]) + (uint)ip[3];
                    if (ea + 2 > mem.Size) goto OutOfBoundsMemory;
                    *(int*)(fp + ip[1]) = Unsafe.ReadUnaligned<short>(mem.Base + ea);
                    ip += 5;
                    break;
                }
                case Op.I32Load16U:
                {
                    ulong ea = (ulong)(uint)(*(int*)(fp + ip[2]) + ip[4]) + (uint)ip[3];
                    if (ea + 2 > mem.Size) goto OutOfBoundsMemory;
                    *(int*)(fp + ip[1]) = Unsafe.ReadUnaligned<ushort>(mem.Base + ea);
                    ip += 5;
                    break;
                }
                case Op.I64Load8S:
                {
                    ulong ea = (ulong)(uint)(*(int*)(fp + ip[2]) + ip[4]) + (uint)ip[3];
                    if (ea + 1 > mem.Size) goto OutOfBoundsMemory;
                    *(long*)(fp + ip[1]) = Unsafe.ReadUnaligned<sbyte>(mem.Base + ea);
                    ip += 5;
                    break;
                }
                case Op.I64Load8U:
                {
                    ulong ea = (ulong)(uint)(*(int*)(fp + ip[2]) + ip[4]) + (uint)ip[3];
                    if (ea + 1 > mem.Size) goto OutOfBoundsMemory;
                    *(long*)(fp + ip[1]) = Unsafe.ReadUnaligned<byte>(mem.Base + ea);
                    ip += 5;
                    break;
                }
                case Op.I64Load16S:
                {
                    ulong ea = (ulong)(uint)(*(int*)(fp + ip[2]) + ip[4]) + (uint)ip[3];
                    if (ea + 2 > mem.Size) goto OutOfBoundsMemory;
                    *(long*)(fp + ip[1]) = Unsafe.ReadUnaligned<short>(mem.Base + ea);
                    ip += 5;
                    break;
                }
                case Op.I64Load16U:
                {
                    ulong ea = (ulong)(uint)(*(int*)(fp + ip[2]) + ip[4]) + (uint)ip[3];
                    if (ea + 2 > mem.Size) goto OutOfBoundsMemory;
                    *(long*)(fp + ip[1]) = Unsafe.ReadUnaligned<ushort>(mem.Base + ea);
                    ip += 5;
                    break;
                }
                case Op.I64Load32S:
                {
                    ulong ea = (ulong)(uint)(*(int*)(fp + ip[2]) + ip[4]) + (uint)ip[3];
                    if (ea + 4 > mem.Size) goto OutOfBoundsMemory;
                    *(long*)(fp + ip[1]) = Unsafe.ReadUnaligned<int>(mem.Base + ea);
                    ip += 5;
                    break;
                }
                case Op.I64Load32U:
                {
                    ulong ea = (ulong)(uint)(*(int*)(fp + ip[2]) + ip[4]) + (uint)ip[3];
                    if (ea + 4 > mem.Size) goto OutOfBoundsMemory;
                    *(long*)(fp + ip[1]) = Unsafe.ReadUnaligned<uint>(mem.Base + ea);
                    ip += 5;
                    break;
                }
                case Op.I32Store:
                {
                    ulong ea = (ulong)(uint)(*(int*)(fp + ip[1]) + ip[4]) + (uint)ip[3];
                    if (ea + 4 > mem.Size) goto OutOfBoundsMemory;
                    Unsafe.WriteUnaligned(mem.Base + ea, *(int*)(fp + ip[2]));
                    ip += 5;
                    break;
                }
                case Op.I64Store:
                {
                    ulong ea = (ulong)(uint)(*(int*)(fp + ip[1]) + ip[4]) + (uint)ip[3];
                    if (ea + 8 > mem.Size) goto OutOfBoundsMemory;
                    Unsafe.WriteUnaligned(mem.Base + ea, *(long*)(fp + ip[2]));
                    ip += 5;
                    break;
                }
                case Op.F32Store:
                {
                    ulong ea = (ulong)(uint)(*(int*)(fp + ip[1]) + ip[4]) + (uint)ip[3];
                    if (ea + 4 > mem.Size) goto OutOfBoundsMemory;
                    Unsafe.WriteUnaligned(mem.Base + ea, *(int*)(fp + ip[2]));
                    ip += 5;
                    break;
                }
                case Op.F64Store:
                {
                    ulong ea = (ulong)(uint)(*(int*)(fp + ip[1]) + ip[4]) + (uint)ip[3];
                    if (ea + 8 > mem.Size) goto OutOfBoundsMemory;
                    Unsafe.WriteUnaligned(mem.Base + ea, *(long*)(fp + ip[2]));
                    ip += 5;
                    break;
                }
                case Op.I32Store8:
                {
                    ulong ea = (ulong)(uint)(*(int*)(fp + ip[1]) + ip[4]) + (uint)ip[3];
                    if (ea + 1 > mem.Size) goto OutOfBoundsMemory;
                    Unsafe.WriteUnaligned(mem.Base + ea, *(byte*)(fp + ip[2]));
                    ip += 5;
                    break;
                }
                case Op.I32Store16:
                {
                    ulong ea = (ulong)(uint)(*(int*)(fp + ip[1]) + ip[4]) + (uint)ip[3];
                    if (ea + 2 > mem.Size) goto OutOfBoundsMemory;
                    Unsafe.WriteUnaligned(mem.Base + ea, *(short*)(fp + ip[2]));
                    ip += 5;
                    break;
                }
                case Op.I64Store8:
                {
                    ulong ea = (ulong)(uint)(*(int*)(fp + ip[1]) + ip[4]) + (uint)ip[3];
                    if (ea + 1 > mem.Size) goto OutOfBoundsMemory;
                    Unsafe.WriteUnaligned(mem.Base + ea, *(byte*)(fp + ip[2]));
                    ip += 5;
                    break;
                }
                case Op.I64Store16:
                {
                    ulong ea = (ulong)(uint)(*(int*)(fp + ip[1]) + ip[4]) + (uint)ip[3];
                    if (ea + 2 > mem.Size) goto OutOfBoundsMemory;
                    Unsafe.WriteUnaligned(mem.Base + ea, *(short*)(fp + ip[2]));
                    ip += 5;
                    break;
                }
                case Op.I64Store32:
                {
                    ulong ea = (ulong)(uint)(*(int*)(fp + ip[1]) + ip[4]) + (uint)ip[3];
                    if (ea + 4 > mem.Size) goto OutOfBoundsMemory;
                    Unsafe.WriteUnaligned(mem.Base + ea, *(int*)(fp + ip[2]));
                    ip += 5;
                    break;
                }
                // Products of two loads (dot products): each operand address is (slot, offset, addend) as in a load;
                // A is checked before B so a trap is the one the unfused loads would give. The product is rounded to
                // its type before any addition: WebAssembly has no fused multiply-add.
                case Op.F32MulLoads:
                {
                    ulong eaA = EffectiveAddress(fp, ip + 2), eaB = EffectiveAddress(fp, ip + 5);
                    if (eaA + 4 > mem.Size || eaB + 4 > mem.Size) goto OutOfBoundsMemory;
                    byte* a = mem.Base + eaA, b = mem.Base + eaB;
                    *(float*)(fp + ip[1]) = Unsafe.ReadUnaligned<float>(a) * Unsafe.ReadUnaligned<float>(b);
                    ip += 8;
                    break;
                }
                case Op.F64MulLoads:
                {
                    ulong eaA = EffectiveAddress(fp, ip + 2), eaB = EffectiveAddress(fp, ip + 5);
                    if (eaA + 8 > mem.Size || eaB + 8 > mem.Size) goto OutOfBoundsMemory;
                    byte* a = mem.Base + eaA, b = mem.Base + eaB;
                    *(double*)(fp + ip[1]) = Unsafe.ReadUnaligned<double>(a) * Unsafe.ReadUnaligned<double>(b);
                    ip += 8;
                    break;
                }
                case Op.F32MulLoadsAdd:
                {
                    ulong eaA = EffectiveAddress(fp, ip + 3), eaB = EffectiveAddress(fp, ip + 6);
                    if (eaA + 4 > mem.Size || eaB + 4 > mem.Size) goto OutOfBoundsMemory;
                    byte* a = mem.Base + eaA, b = mem.Base + eaB;
                    float product = Unsafe.ReadUnaligned<float>(a) * Unsafe.ReadUnaligned<float>(b);
                    *(float*)(fp + ip[1]) = *(float*)(fp + ip[2]) + product;
                    ip += 9;
                    break;
                }
                case Op.F64MulLoadsAdd:
                {
                    ulong eaA = EffectiveAddress(fp, ip + 3), eaB = EffectiveAddress(fp, ip + 6);
                    if (eaA + 8 > mem.Size || eaB + 8 > mem.Size) goto OutOfBoundsMemory;
                    byte* a = mem.Base + eaA, b = mem.Base + eaB;
                    double product = Unsafe.ReadUnaligned<double>(a) * Unsafe.ReadUnaligned<double>(b);
                    *(double*)(fp + ip[1]) = *(double*)(fp + ip[2]) + product;
                    ip += 9;
                    break;
                }
                case Op.F32MulLoadsAddR:
                {
                    // The addition keeps wasm's operand order, which decides the NaN when both are NaNs.
                    ulong eaA = EffectiveAddress(fp, ip + 3), eaB = EffectiveAddress(fp, ip + 6);
                    if (eaA + 4 > mem.Size || eaB + 4 > mem.Size) goto OutOfBoundsMemory;
                    byte* a = mem.Base + eaA, b = mem.Base + eaB;
                    float product = Unsafe.ReadUnaligned<float>(a) * Unsafe.ReadUnaligned<float>(b);
                    *(float*)(fp + ip[1]) = product + *(float*)(fp + ip[2]);
                    ip += 9;
                    break;
                }
                case Op.F64MulLoadsAddR:
                {
                    ulong eaA = EffectiveAddress(fp, ip + 3), eaB = EffectiveAddress(fp, ip + 6);
                    if (eaA + 8 > mem.Size || eaB + 8 > mem.Size) goto OutOfBoundsMemory;
                    byte* a = mem.Base + eaA, b = mem.Base + eaB;
                    double product = Unsafe.ReadUnaligned<double>(a) * Unsafe.ReadUnaligned<double>(b);
                    *(double*)(fp + ip[1]) = product + *(double*)(fp + ip[2]);
                    ip += 9;
                    break;
                }
                // Two multiply-adds in a row, the second adding to the first's sum (an unrolled dot product).
                case Op.F32MulLoadsAddAddLL: if (!MultiplyAddTwice<float>(fp, ip, mem, false, false)) goto OutOfBoundsMemory; ip += 15; break;
                case Op.F32MulLoadsAddAddLR: if (!MultiplyAddTwice<float>(fp, ip, mem, false, true)) goto OutOfBoundsMemory; ip += 15; break;
                case Op.F32MulLoadsAddAddRL: if (!MultiplyAddTwice<float>(fp, ip, mem, true, false)) goto OutOfBoundsMemory; ip += 15; break;
                case Op.F32MulLoadsAddAddRR: if (!MultiplyAddTwice<float>(fp, ip, mem, true, true)) goto OutOfBoundsMemory; ip += 15; break;
                case Op.F64MulLoadsAddAddLL: if (!MultiplyAddTwice<double>(fp, ip, mem, false, false)) goto OutOfBoundsMemory; ip += 15; break;
                case Op.F64MulLoadsAddAddLR: if (!MultiplyAddTwice<double>(fp, ip, mem, false, true)) goto OutOfBoundsMemory; ip += 15; break;
                case Op.F64MulLoadsAddAddRL: if (!MultiplyAddTwice<double>(fp, ip, mem, true, false)) goto OutOfBoundsMemory; ip += 15; break;
                case Op.F64MulLoadsAddAddRR: if (!MultiplyAddTwice<double>(fp, ip, mem, true, true)) goto OutOfBoundsMemory; ip += 15; break;
                case Op.Store8Imm:
                {
                    ulong ea = (ulong)(uint)(*(int*)(fp + ip[1]) + ip[4]) + (uint)ip[3];
                    if (ea + 1 > mem.Size) goto OutOfBoundsMemory;
                    Unsafe.WriteUnaligned(mem.Base + ea, (byte)ip[2]);
                    ip += 5;
                    break;
                }
                case Op.Store16Imm:
                {
                    ulong ea = (ulong)(uint)(*(int*)(fp + ip[1]) + ip[4]) + (uint)ip[3];
                    if (ea + 2 > mem.Size) goto OutOfBoundsMemory;
                    Unsafe.WriteUnaligned(mem.Base + ea, (short)ip[2]);
                    ip += 5;
                    break;
                }
                case Op.Store32Imm:
                {
                    ulong ea = (ulong)(uint)(*(int*)(fp + ip[1]) + ip[4]) + (uint)ip[3];
                    if (ea + 4 > mem.Size) goto OutOfBoundsMemory;
                    Unsafe.WriteUnaligned(mem.Base + ea, ip[2]);
                    ip += 5;
                    break;
                }
                case Op.Store64Imm:
                {
                    ulong ea = (ulong)(uint)(*(int*)(fp + ip[1]) + ip[4]) + (uint)ip[3];
                    if (ea + 8 > mem.Size) goto OutOfBoundsMemory;
                    Unsafe.WriteUnaligned(mem.Base + ea, (long)ip[2]);
                    ip += 5;
                    break;
                }
                case Op.Move128:
                    Move128(fp, ip[1], ip[2]);
                    ip += 3;
                    break;
                case Op.Select128:
                    Move128(fp, ip[1], *(int*)(fp + ip[4]) != 0 ? ip[2] : ip[3]);
                    ip += 5;
                    break;
                case Op.GlobalGet128:
                {
                    ulong* global = globals[ip[2]];
                    fp[ip[1]] = global[0];
                    fp[ip[1] + 1] = global[1];
                    ip += 3;
                    break;
                }
                case Op.GlobalSet128:
                {
                    ulong* global = globals[ip[2]];
                    global[0] = fp[ip[1]];
                    global[1] = fp[ip[1] + 1];
                    ip += 3;
                    break;
                }
                default:
                    if ((uint)(*ip - (int)Op.SimdBase) <= Op.SimdLast - Op.SimdBase)
                    {
                        // SIMD (Executor.Simd.cs): its only trap is an out-of-bounds access.
                        int* next = RunSimd(ip, fp, mem);
                        if (next == null) goto OutOfBoundsMemory; // ip stays on the instruction, for the trace
                        ip = next;
                        break;
                    }
                    throw new InvalidOperationException($"interpreter: unknown op {*ip}");
            }
            continue;

        CallFunction:
            // A call through an import or a table (spec 4.4.10.1): the target may be in this instance,
            // in another one, or a host function.
            if (Volatile.Read(ref Store.s_pendingTerminations) != 0 && Volatile.Read(ref *stop) != 0) goto Terminated;
            if (target is WasmFunction { Instance.AotInstance: null } wasm)
            {
                var calleeInstance = wasm.Instance;
                CompiledFunction callee = CodeOf(calleeInstance, wasm.DefinedIndex);
                if (calleeFp + callee.FrameSlots > stackLimit || frame + 1 >= ctx.FrameLimit) goto StackExhausted;
                frame->ReturnIp = returnIp;
                frame->Fp = fp;
                frame++;
                if (calleeInstance != inst)
                {
                    // A second frame returns through Op.RestoreInstance, which pops the instance stack.
                    frame->ReturnIp = ExecutionContext.RestoreInstanceCode;
                    frame->Fp = fp;
                    frame++;
                    ctx.PushInstance(inst);
                    inst = calleeInstance;
                    mem = inst.Memories.Length > 0 ? inst.Memories[0] : NoMemory;
                    globals = inst.GlobalData;
                    codes = inst.Compiled.FunctionCode;
                }
                fp = calleeFp;
                ip = callee.Entry;
            }
            else
            {
                var type = target.Type;
                if (calleeFp + Math.Max(SlotCount(type.Parameters), SlotCount(type.Results)) > stackLimit) goto StackExhausted;
                ctx.FrameCount = (int)(frame - ctx.Frames);
                if (!CallExternal(ctx, target, calleeFp, inst.Store))
                {
                    if (HostThrewException(ctx)) goto Throwing;
                    trap = TrapKind.HostError;
                    goto Trapped;
                }
                ip = returnIp;
            }
            continue;

        // Exception handling: the exception in flight goes to the nearest handler, whose code continues in its frame.
        Throwing:
        {
            int* handler = Unwind(ctx, inst, ip, frame, fp);
            if (handler == null)
            {
                trap = TrapKind.UncaughtException;
                goto Trapped;
            }
            frame = ctx.UnwoundFrame;
            fp = ctx.UnwoundFp;
            inst = ctx.UnwoundInstance!;
            ctx.UnwoundInstance = null;
            mem = inst.Memories.Length > 0 ? inst.Memories[0] : NoMemory;
            globals = inst.GlobalData;
            codes = inst.Compiled.FunctionCode;
            ip = handler;
            continue;
        }

        // A tail call through an import or a table to calleeFp's disp argument slots: as CallFunction, but the callee's
        // frame is this one. Into another instance, a frame that restores the caller's instance is pushed unless the
        // frame below already does (this function was entered by a cross-instance call): a chain stays bounded.
        TailCallFunction:
            if (Volatile.Read(ref Store.s_pendingTerminations) != 0 && Volatile.Read(ref *stop) != 0) goto Terminated;
            if (target is WasmFunction { Instance.AotInstance: null } tailWasm)
            {
                var calleeInstance = tailWasm.Instance;
                var callee = EnterTailCall(calleeInstance, tailWasm.DefinedIndex, fp, (int)(calleeFp - fp), disp, stackLimit);
                if (callee is null) goto StackExhausted;
                if (calleeInstance != inst)
                {
                    if (frame[-1].ReturnIp != ExecutionContext.RestoreInstanceCode)
                    {
                        if (frame >= ctx.FrameLimit) goto StackExhausted;
                        frame->ReturnIp = ExecutionContext.RestoreInstanceCode;
                        frame->Fp = fp;
                        frame++;
                        ctx.PushInstance(inst);
                    }
                    inst = calleeInstance;
                    mem = inst.Memories.Length > 0 ? inst.Memories[0] : NoMemory;
                    globals = inst.GlobalData;
                }
                codes = inst.Compiled.FunctionCode;
                ip = callee.Entry;
            }
            else
            {
                // A host function or AOT code: called with this frame's slots, then this frame returns its results.
                var type = target.Type;
                if (fp + Math.Max(SlotCount(type.Parameters), SlotCount(type.Results)) > stackLimit) goto StackExhausted;
                MoveArguments(fp, (int)(calleeFp - fp), disp);
                ctx.FrameCount = (int)(frame - ctx.Frames);
                if (!CallExternal(ctx, target, fp, inst.Store))
                {
                    if (HostThrewException(ctx))
                    {
                        // The tail call replaced this frame: its handlers no longer apply, so the search starts outside it.
                        ip = ExecutionContext.ExitCode;
                        goto Throwing;
                    }
                    trap = TrapKind.HostError;
                    goto Trapped;
                }
                frame--;
                ip = frame->ReturnIp;
                fp = frame->Fp;
            }
            continue;

        // Taken backward branches (a loop's back-edge; zero for a loop that is one branch) check the termination
        // flag; br_table, whose targets may go either way, checks when its displacement is not positive.
        Jump:
            ip += disp;
            if (disp <= 0 && Volatile.Read(ref Store.s_pendingTerminations) != 0 && Volatile.Read(ref *stop) != 0) goto Terminated;
            continue;
        TakenBack2:
            disp = ip[2];
            goto JumpBack;
        TakenBack3:
            disp = ip[3];
            goto JumpBack;
        TakenBack5:
            disp = ip[5];
        JumpBack:
            ip += disp;
            if (Volatile.Read(ref Store.s_pendingTerminations) != 0 && Volatile.Read(ref *stop) != 0) goto Terminated;
        }

    StackExhausted:
        trap = TrapKind.CallStackExhausted;
        goto Trapped;
    OutOfBoundsMemory:
        trap = TrapKind.OutOfBoundsMemoryAccess;
        goto Trapped;
    OutOfBoundsTable:
        trap = TrapKind.OutOfBoundsTableAccess;
        goto Trapped;
    DivideByZero:
        trap = TrapKind.IntegerDivideByZero;
        goto Trapped;
    IntegerOverflow:
        trap = TrapKind.IntegerOverflow;
        goto Trapped;
    TruncationFailed:
    {
        // The operand is still in its slot: NaN is "invalid conversion", anything else "integer overflow".
        bool isF32 = *ip is (int)Op.I32TruncF32S or (int)Op.I32TruncF32U or (int)Op.I64TruncF32S or (int)Op.I64TruncF32U;
        bool nan = isF32 ? float.IsNaN(*(float*)(fp + ip[2])) : double.IsNaN(*(double*)(fp + ip[2]));
        trap = nan ? TrapKind.InvalidConversionToInteger : TrapKind.IntegerOverflow;
        goto Trapped;
    }
    Terminated:
        trap = TrapKind.Terminated;
        goto Trapped;
    Trapped:
        // Cheap enough here, and the frames are gone once the loop returns.
        (ctx.PendingTrace, ctx.PendingFrames) = StackTrace(ctx, inst, ip, frame);
        return (int)trap;
    }

    /// <summary>The effective address (spec 4.4.7) of an operand triple [slot, offset, addend]: the slot's i32 plus the
    /// translator's folded constant (with i32 wrap-around), plus the memarg offset in 64 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong EffectiveAddress(ulong* fp, int* operands) =>
        (ulong)(uint)(*(int*)(fp + operands[0]) + operands[2]) + (uint)operands[1];

    /// <summary>
    /// The <c>*MulLoadsAddAdd*</c> instructions, [dst, acc, loads of p0, loads of p1]: t = acc + p0, dst = t + p1, each
    /// p a product of two loads and each addition in the given operand order; false (nothing written) when a load is
    /// out of bounds. Inlined with constant orders, so each op gets straight-line code.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool MultiplyAddTwice<T>(ulong* fp, int* ip, MemoryInstance mem, bool firstProductLeft, bool secondProductLeft)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Each product is loaded as soon as its two addresses are checked (in the unfused loads' order), so only two
        // addresses are live at a time: Run's register allocation spilled one when all four were computed first.
        ulong size = mem.Size, width = (ulong)sizeof(T);
        byte* m = mem.Base;
        ulong a0 = EffectiveAddress(fp, ip + 3), b0 = EffectiveAddress(fp, ip + 6);
        if (a0 + width > size || b0 + width > size) return false;
        T p0 = Unsafe.ReadUnaligned<T>(m + a0) * Unsafe.ReadUnaligned<T>(m + b0);
        ulong a1 = EffectiveAddress(fp, ip + 9), b1 = EffectiveAddress(fp, ip + 12);
        if (a1 + width > size || b1 + width > size) return false;
        T p1 = Unsafe.ReadUnaligned<T>(m + a1) * Unsafe.ReadUnaligned<T>(m + b1);
        T acc = *(T*)(fp + ip[2]);
        T t = firstProductLeft ? p0 + acc : acc + p0;
        *(T*)(fp + ip[1]) = secondProductLeft ? p1 + t : t + p1;
        return true;
    }
}
