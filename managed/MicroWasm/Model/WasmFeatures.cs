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
    public static readonly WasmFeatures Wasm20 = new() { Threads = false, RelaxedSimd = false };

    /// <summary>
    /// The threads proposal as its own scripts (<c>proposals/threads</c>) test it: they were written on the MVP, before
    /// 2.0's reference types allowed a module several tables, and expect such a module to be invalid.
    /// </summary>
    public static readonly WasmFeatures ThreadsProposal = new() { MultipleTables = false };

    /// <summary>The threads proposal: shared memories (limits flags 2 and 3) and the atomic instructions (prefix 0xFE).</summary>
    public bool Threads { get; init; } = true;

    /// <summary>Relaxed SIMD (WebAssembly 3.0): the 20 instructions 0xFD 0x100-0x113, with the results <see cref="Instructions.RelaxedSimd"/> chooses.</summary>
    public bool RelaxedSimd { get; init; } = true;

    /// <summary>More than one table in a module (2.0, from the reference types proposal); off only in <see cref="ThreadsProposal"/>.</summary>
    public bool MultipleTables { get; init; } = true;

    /// <summary>The names <see cref="FromName"/> knows.</summary>
    public const string Names = "all, 2.0 or threads";

    /// <summary>A feature set by name, as the command line gives it: <c>all</c>, <c>2.0</c> or <c>threads</c>.</summary>
    public static WasmFeatures? FromName(string name) => name switch
    {
        "all" => All,
        "2.0" => Wasm20,
        "threads" => ThreadsProposal,
        _ => null,
    };
}
