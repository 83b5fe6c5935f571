namespace MicroWasm.Fuzz;

/// <summary>
/// One stage of the module's path under fuzzing. <see cref="Run"/> feeds it one input and returns normally when the
/// engine either accepted the input or refused it with one of its documented errors (<see cref="Findings.IsDocumented"/>);
/// any other exception escapes and is a finding (SharpFuzz reports it to AFL++ as a crash), and so is a process death
/// or a run longer than AFL++'s time limit (a hang).
/// </summary>
internal abstract class FuzzTarget
{
    /// <summary>The name given to <c>scripts/fuzz.sh --target</c>.</summary>
    public abstract string Name { get; }

    /// <summary>One line for <c>--help</c>.</summary>
    public abstract string Description { get; }

    /// <summary>Which seed folder of <c>MicroWasm.Fuzz seeds</c> starts its corpus.</summary>
    public abstract SeedKind Seeds { get; }

    public abstract void Run(byte[] input);

    /// <summary>Every target, in the order scripts/fuzz.sh runs them.</summary>
    public static readonly FuzzTarget[] All =
    [
        new Targets.DecoderTarget(),
        new Targets.ValidatorTarget(),
        new Targets.TextTarget(),
        new Targets.ExecutionTarget(),
        new Targets.CApiLoadTarget(),
        new Targets.AotLoaderTarget(),
    ];

    public static FuzzTarget? Find(string name) => Array.Find(All, t => t.Name == name);
}

/// <summary>The kinds of seed that <see cref="SeedCorpus"/> writes, one folder each.</summary>
internal enum SeedKind
{
    /// <summary>Binary modules (.wasm) of the spec scripts.</summary>
    Binary,
    /// <summary>Top-level forms of the spec scripts as text (modules, assertions).</summary>
    Text,
    /// <summary>AOT artifacts of a few small spec modules, made by the AOT compiler at seeding time.</summary>
    Aot,
}
