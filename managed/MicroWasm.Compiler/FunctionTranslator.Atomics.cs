using MicroWasm.Instructions;

namespace MicroWasm.Compiler;

internal sealed partial class FunctionTranslator
{
    /// <summary>
    /// An atomic instruction (threads proposal) as a GCC/Clang <c>__atomic</c> builtin, sequentially consistent as the
    /// proposal requires; they compile inline on x86-64 and AArch64 for every width up to 8 bytes. The address is checked
    /// against the bounds, then against the access's alignment ("unaligned atomic"). wait and notify call the runtime.
    /// </summary>
    private void TranslateAtomic(in Instruction instr, AtomicOperator atomic)
    {
        if (atomic.Kind == AtomicKind.Fence)
        {
            Line("__atomic_thread_fence(__ATOMIC_SEQ_CST);");
            return;
        }
        // wait and notify find their waiters on memory 0 (AotHelpers), and its size is what a failed check reloads.
        if (instr.Index != 0)
            throw new UnsupportedFeatureException($"atomics on memory {instr.Index} (multi-memory with threads) in AOT code; the interpreter runs this module");
        if (!_module.IsGuarded(0))
            throw new UnsupportedFeatureException("atomics on a 64-bit memory (memory64 with threads) in AOT code; the interpreter runs this module");
        // Operands after the address: a is the value (or expected value, or notify count), b the replacement or timeout.
        int operands = atomic.Operands.Length;
        string b = operands > 2 ? Pop() : "";
        string a = operands > 1 ? Pop() : "";
        string address = Pop();
        string ea = BoundsCheck(address, instr.MemoryOffset, atomic.Width);
        Line($"if (MW_UNLIKELY({ea} & {atomic.Width - 1}u)) {Trap("UnalignedAtomic")}");
        string cType = atomic.Width switch { 1 => "u8", 2 => "u16", 4 => "u32", _ => "u64" };
        string p = $"({cType}*)(mb + {ea})";
        string result = atomic.Type == ValueType.I32 ? "u32" : "u64";
        const string Order = "__ATOMIC_SEQ_CST";
        switch (atomic.Kind)
        {
            case AtomicKind.Load:
                Line($"{Push(atomic.Type)} = ({result})__atomic_load_n({p}, {Order});");
                break;
            case AtomicKind.Store:
                Line($"__atomic_store_n({p}, ({cType}){a}, {Order});");
                break;
            case AtomicKind.Rmw:
                string builtin = atomic.Rmw switch
                {
                    AtomicRmwOp.Add => "__atomic_fetch_add",
                    AtomicRmwOp.Sub => "__atomic_fetch_sub",
                    AtomicRmwOp.And => "__atomic_fetch_and",
                    AtomicRmwOp.Or => "__atomic_fetch_or",
                    AtomicRmwOp.Xor => "__atomic_fetch_xor",
                    _ => "__atomic_exchange_n",
                };
                Line($"{Push(atomic.Type)} = ({result}){builtin}({p}, ({cType}){a}, {Order});");
                break;
            case AtomicKind.Cmpxchg:
            {
                // The expected value is wrapped to the width (proposal: cmpxchg compares the loaded value with the
                // truncated expected one); on failure the builtin writes what it found into it.
                Line($"{{ {cType} seen = ({cType}){a}; __atomic_compare_exchange_n({p}, &seen, ({cType}){b}, 0, {Order}, {Order}); {Push(atomic.Type)} = ({result})seen; }}");
                break;
            }
            case AtomicKind.Notify:
                Line($"{Push(atomic.Result!.Value)} = ctx->rt->atomic_notify(ctx, {ea}, {a});");
                break;
            case AtomicKind.Wait:
            {
                string dst = Push(ValueType.I32);
                Line($"{{ s32 r = ctx->rt->atomic_wait(ctx, {ea}, (u64){a}, (s64){b}, {atomic.Width}); if (MW_UNLIKELY(r < 0)) {Trap("PENDING")} {dst} = (u32)r; }}");
                break;
            }
        }
    }
}
