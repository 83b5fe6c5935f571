namespace MicroWasm;

/// <summary>
/// Which proposals beyond WebAssembly 2.0 the decoder accepts (architecture note 8: configuration is data). Everything
/// the engine supports is on by default; <see cref="Wasm20"/> is the 2.0 standard alone, where some encodings that
/// later proposals give a meaning are malformed (a memory limits flag of 2 is "integer too large" in 2.0 and a shared
/// memory with threads), which is how the official 2.0 scripts test them.
/// </summary>
public sealed record WasmFeatures
{
    /// <summary>Every feature the engine supports.</summary>
    public static readonly WasmFeatures All = new();

    /// <summary>WebAssembly 2.0 only.</summary>
    public static readonly WasmFeatures Wasm20 = new() { Threads = false, RelaxedSimd = false, ExtendedConstants = false, TailCalls = false, MultiMemory = false, ExceptionHandling = false, Memory64 = false, FunctionReferences = false, Gc = false };

    /// <summary>
    /// The threads proposal as its own scripts (<c>proposals/threads</c>) test it: they were written on the MVP, before
    /// 2.0's reference types allowed a module several tables, and expect such a module to be invalid.
    /// </summary>
    public static readonly WasmFeatures ThreadsProposal = Wasm20 with { Threads = true, MultipleTables = false };

    /// <summary>The threads proposal: shared memories (limits flags 2 and 3) and the atomic instructions (prefix 0xFE).</summary>
    public bool Threads { get; init; } = true;

    /// <summary>Relaxed SIMD (WebAssembly 3.0): the 20 instructions 0xFD 0x100-0x113, with the results <see cref="Instructions.RelaxedSimd"/> chooses.</summary>
    public bool RelaxedSimd { get; init; } = true;

    /// <summary>More than one table in a module (2.0, from the reference types proposal); off only in <see cref="ThreadsProposal"/>.</summary>
    public bool MultipleTables { get; init; } = true;

    /// <summary>WebAssembly 3.0's extended constant expressions: <c>i32</c>/<c>i64</c> <c>add</c>, <c>sub</c>, <c>mul</c> and <c>global.get</c> of earlier immutable globals.</summary>
    public bool ExtendedConstants { get; init; } = true;

    /// <summary>WebAssembly 3.0's tail calls: <c>return_call</c> and <c>return_call_indirect</c> (opcodes 0x12, 0x13).</summary>
    public bool TailCalls { get; init; } = true;

    /// <summary>WebAssembly 3.0's multiple memories: memory indices on memory instructions, several memories per module.</summary>
    public bool MultiMemory { get; init; } = true;

    /// <summary>
    /// WebAssembly 3.0's exception handling: the tag section, tag imports and exports, <c>exnref</c>, <c>throw</c>,
    /// <c>throw_ref</c> and <c>try_table</c>, and the legacy instructions toolchains still emit (<c>try</c>, <c>catch</c>,
    /// <c>catch_all</c>, <c>delegate</c>, <c>rethrow</c>): one flag, since the legacy ones share the tags and the runtime.
    /// </summary>
    public bool ExceptionHandling { get; init; } = true;

    /// <summary>
    /// WebAssembly 3.0's 64-bit address types: memories and tables indexed by i64 (limits flag bit 2), u64 limits and
    /// memarg offsets in the binary format.
    /// </summary>
    public bool Memory64 { get; init; } = true;

    /// <summary>
    /// WebAssembly 3.0's typed function references: reference types <c>(ref null? ht)</c> (0x63/0x64 with a heap type),
    /// non-nullable locals, <c>call_ref</c>, <c>return_call_ref</c>, <c>ref.as_non_null</c>, <c>br_on_null</c>,
    /// <c>br_on_non_null</c>, and table initializer expressions.
    /// </summary>
    public bool FunctionReferences { get; init; } = true;

    /// <summary>
    /// WebAssembly 3.0's garbage collection: recursive type groups, declared subtypes, struct and array types (the type
    /// section's 0x4E, 0x50, 0x4F, 0x5F and 0x5E forms), with typed references.
    /// </summary>
    public bool Gc { get; init; } = true;

    /// <summary>The names <see cref="FromName"/> knows.</summary>
    public const string Names = "all, 2.0 or threads, then any of ,+FEATURE or ,-FEATURE (extended-const, tail-call, multi-memory, memory64, relaxed-simd, threads, exceptions, function-references, gc)";

    /// <summary>
    /// A feature set by name, as the command line gives it: <c>all</c>, <c>2.0</c> or <c>threads</c>, then any number of
    /// <c>,+feature</c> or <c>,-feature</c> (e.g. <c>2.0,+tail-call</c>); null for an unknown name.
    /// </summary>
    public static WasmFeatures? FromName(string name)
    {
        var parts = name.Split(',');
        WasmFeatures? set = parts[0] switch
        {
            "all" => All,
            "2.0" => Wasm20,
            "threads" => ThreadsProposal,
            _ => null,
        };
        foreach (string part in parts.AsSpan(1))
        {
            if (set is null || part.Length < 2 || part[0] is not ('+' or '-')) return null;
            bool on = part[0] == '+';
            set = part[1..] switch
            {
                "extended-const" => set with { ExtendedConstants = on },
                "tail-call" => set with { TailCalls = on },
                "multi-memory" => set with { MultiMemory = on },
                "memory64" => set with { Memory64 = on },
                "relaxed-simd" => set with { RelaxedSimd = on },
                "threads" => set with { Threads = on },
                "exceptions" => set with { ExceptionHandling = on },
                "function-references" => set with { FunctionReferences = on },
                "gc" => set with { Gc = on },
                _ => null,
            };
        }
        return set;
    }
}
