namespace MicroWasm.Differential;

/// <summary>The command line of the harness.</summary>
internal sealed record DifferentialOptions
{
    public const string Usage = """
        usage: MicroWasm.Differential --modules N [options]
               MicroWasm.Differential replay [options] FILE.wasm...

        Makes N random modules with binaryen's wasm-opt -ttf and runs every export of each on MicroWasm's
        interpreter, on MicroWasm's AOT code and on Wasmtime, comparing results, traps, logged values and
        exported memories and globals. Ends with "differential: N modules, N calls, N divergences"; each
        divergence is saved (module.wasm, divergence.txt) under --out. `replay` runs saved modules again
        (exit 1 if one still diverges: a test command for wasm-reduce).

          --modules N        how many modules (required unless replaying)
          --seed S           the seed of the run (default: from the clock, printed); a seed reproduces a run
          --first I          start at module I of the seed (default 0)
          --out DIR          where divergences are saved (default build/differential)
          --wasm-opt PATH    binaryen's wasm-opt (default: wasm-opt on PATH)
          --reference-types  make modules with reference types too (needs a newer wasm-opt than Debian's 108)
          --aot-cache DIR    the AOT artifact cache (default: the engine's, ~/.cache/microwasm/aot)
          --no-aot           run the interpreter and Wasmtime only
          --fuel N           Wasmtime's fuel per call (default 100000000)
          --time-ms N        MicroWasm's time per call, in milliseconds (default 10000)
          --verbose          print every call's outcome on Wasmtime
          --help             this text
        """;

    public bool Replay { get; init; }
    public List<string> Files { get; init; } = [];
    public int Modules { get; init; }
    public int Seed { get; init; }
    public bool SeedGiven { get; init; }
    public int First { get; init; }
    public string Out { get; init; } = Path.Combine("build", "differential");
    public string WasmOpt { get; init; } = "wasm-opt";
    public string? AotCache { get; init; }
    public bool Aot { get; init; } = true;
    public ulong Fuel { get; init; } = 100_000_000;
    public int TimeMs { get; init; } = 10_000;
    public bool Verbose { get; init; }
    public bool ReferenceTypes { get; init; }

    public static DifferentialOptions Parse(string[] args)
    {
        var options = new DifferentialOptions();
        int i = 0;
        if (args.Length > 0 && args[0] == "replay") { options = options with { Replay = true }; i = 1; }
        for (; i < args.Length; i++)
        {
            string Next() => ++i < args.Length ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value");
            options = args[i] switch
            {
                "--modules" => options with { Modules = int.Parse(Next()) },
                "--seed" => options with { Seed = int.Parse(Next()), SeedGiven = true },
                "--first" => options with { First = int.Parse(Next()) },
                "--out" => options with { Out = Next() },
                "--wasm-opt" => options with { WasmOpt = Next() },
                "--aot-cache" => options with { AotCache = Next() },
                "--no-aot" => options with { Aot = false },
                "--verbose" => options with { Verbose = true },
                "--reference-types" => options with { ReferenceTypes = true },
                "--fuel" => options with { Fuel = ulong.Parse(Next()) },
                "--time-ms" => options with { TimeMs = int.Parse(Next()) },
                var file when options.Replay && !file.StartsWith('-') => options with { Files = [.. options.Files, file] },
                var other => throw new ArgumentException($"unknown argument {other}"),
            };
        }
        if (!options.Replay && options.Modules <= 0) throw new ArgumentException("--modules N is required (a positive number)");
        if (options.Replay && options.Files.Count == 0) throw new ArgumentException("replay needs at least one module");
        if (!options.SeedGiven) options = options with { Seed = Environment.TickCount & int.MaxValue };
        return options;
    }
}
