using System.Diagnostics;
using System.Text;

namespace MicroWasm.Compiler;

/// <summary>
/// The system's C compiler, run freestanding (guide: aot.md): clang (with lld, which links any target without a
/// sysroot) or gcc (natively, or as a cross compiler such as aarch64-linux-gnu-gcc).
/// </summary>
internal sealed class CCompiler
{
    private CCompiler(string path, bool isClang, string version, AotTarget target, string optimization)
    {
        Path = path;
        IsClang = isClang;
        Version = version;
        Target = target;
        Optimization = optimization;
    }

    public string Path { get; }
    public bool IsClang { get; }
    public string Version { get; }
    public AotTarget Target { get; }
    public string Optimization { get; }

    /// <summary>What made the code, recorded in the artifact and part of the cache key.</summary>
    public string Description => $"{System.IO.Path.GetFileName(Path)} ({Version}) {string.Join(' ', CompileFlags)}";

    /// <summary>
    /// Flags from the guide: no libc, no builtins, wrapping integers, no FMA contraction (results must be the spec's), no
    /// stack protector or unwind tables (the image has no runtime for them).
    /// </summary>
    public IEnumerable<string> CompileFlags
    {
        get
        {
            if (IsClang) yield return $"--target={Target.Triple}";
            yield return $"-O{Optimization}";
            foreach (var f in new[] { "-fPIC", "-ffreestanding", "-fno-builtin", "-nostdlib", "-fvisibility=hidden", "-fno-plt", "-fwrapv",
                "-fno-strict-aliasing", "-fno-math-errno", "-ffp-contract=off", "-fno-stack-protector", "-fno-asynchronous-unwind-tables",
                "-fno-exceptions", "-w",
                // Without tail calls in wasm 2.0, recursion must use stack: the C compiler may not turn it into a loop
                // (the spec's assert_exhaustion tests would run forever, or finish).
                "-fno-optimize-sibling-calls",
                // A trap walks the frame-pointer chain for its call stack (mw_trap).
                "-fno-omit-frame-pointer" })
                yield return f;
            // gcc turns copy loops into calls of memcpy and friends, which would make our own memcpy call itself.
            if (!IsClang) yield return "-fno-tree-loop-distribute-patterns";
            // Every function carries a stack check and a trap path, which make a small function look bigger to gcc's -O2
            // inliner than its native twin: -O3's limit for inlining it restores parity (fib: 0.96 s -> 0.53 s, native
            // gcc -O2 0.39 s; no other bench kernel changed, 2026-12-06).
            if (!IsClang) yield return "--param=max-inline-insns-auto=30";
            if (Target.Architecture == AotArchitecture.X86_64)
            {
                yield return "-march=x86-64-v2";
                // Every loop head on 16 bytes (gcc's default pads only up to 10 bytes). A hot loop straddling a 64-byte line
                // costs this kind of core (AMD EPYC) dearly, and where loops fall is partly luck of the layout: measured
                // side by side (2026-12-07), the interp kernel's dispatch block then fits one line (0.70 of native with the
                // default, 0.94 with this, 0.79 with 32-byte heads, 0.91 with 64-byte heads, which cost sieve 0.94 -> 0.86);
                // the other kernels within noise.
                yield return "-falign-loops=16";
            }
            else
            {
                yield return "-march=armv8-a";
                // gcc's AArch64 default may take x29 as a scratch register in leaf functions; the fault handler walks
                // the frame chain from the faulting instruction (CFaultHandler), so it must hold a frame record there too.
                if (!IsClang) yield return "-mno-omit-leaf-frame-pointer";
                // gcc's default on AArch64 calls libgcc's __aarch64_ld* helpers for atomics; the image links no library.
                yield return "-mno-outline-atomics";
            }
        }
    }

    private IEnumerable<string> LinkFlags
    {
        get
        {
            if (IsClang)
            {
                yield return $"--target={Target.Triple}";
                yield return "-fuse-ld=lld";
            }
            foreach (var f in new[] { "-shared", "-nostdlib", "-Wl,-z,defs", "-Wl,--build-id=none", "-Wl,--hash-style=sysv" })
                yield return f;
            // Pages of 64 KiB exist on AArch64 Linux: keep segments apart at that granularity so any kernel can protect them.
            if (Target.Architecture == AotArchitecture.AArch64) yield return "-Wl,-z,max-page-size=65536";
        }
    }

    /// <summary>
    /// Finds a compiler for <paramref name="target"/>: the one given, else gcc for the host's own target or the Debian
    /// cross gcc for another, else clang-14 or clang (with lld, which needs no sysroot for any target).
    /// </summary>
    public static CCompiler Find(AotTarget target, string? requested, string optimization)
    {
        var key = (target, requested, optimization);
        lock (s_found)
        {
            if (!s_found.TryGetValue(key, out var found)) s_found[key] = found = Search(target, requested, optimization);
            return found;
        }
    }

    // Looking a compiler up runs it (--version): once per process is enough.
    private static readonly Dictionary<(AotTarget, string?, string), CCompiler> s_found = [];

    private static CCompiler Search(AotTarget target, string? requested, string optimization)
    {
        var candidates = new List<string>();
        if (requested is not null) candidates.Add(requested);
        else
        {
            // gcc first: on the spec suite's modules it compiled 2.8 times faster than clang-14 (186 modules: 14.5 s
            // against 40 s), and its code was as fast or faster on every bench kernel (2026-12-06).
            if (target == AotTarget.Host) candidates.AddRange(["gcc", "cc"]);
            candidates.Add($"{target.Triple}-gcc");
            candidates.AddRange(["clang-14", "clang"]);
        }
        var tried = new List<string>();
        foreach (var candidate in candidates)
        {
            string? path = Resolve(candidate);
            if (path is null)
            {
                tried.Add($"{candidate} (not found)");
                continue;
            }
            var (exit, output) = Run(path, ["--version"]);
            if (exit != 0)
            {
                tried.Add($"{candidate} (does not run)");
                continue;
            }
            bool isClang = output.Contains("clang", StringComparison.OrdinalIgnoreCase);
            string version = output.Split('\n')[0].Trim();
            if (isClang && Resolve("ld.lld") is null && Resolve("ld.lld-14") is null && !File.Exists("/usr/lib/llvm-14/bin/ld.lld"))
            {
                tried.Add($"{candidate} (no lld linker: install lld-14)");
                continue;
            }
            if (!isClang && requested is null)
            {
                // A gcc makes code for one machine only: "gcc" on PATH may not be this process's (an aarch64 microwasm
                // under qemu finds the x86-64 host's), and a cross gcc is named after its target.
                var (_, machine) = Run(path, ["-dumpmachine"]);
                string architecture = target.Triple[..target.Triple.IndexOf('-')];
                if (!machine.TrimStart().StartsWith(architecture, StringComparison.Ordinal))
                {
                    tried.Add($"{candidate} (makes code for {machine.Trim()})");
                    continue;
                }
            }
            return new CCompiler(path, isClang, version, target, optimization);
        }
        throw new CompileException(
            $"no C compiler for {target.Triple} found (tried {string.Join(", ", tried)}); install gcc, or clang-14 and " +
            "lld-14 (scripts/lib/setup.sh installs both), or name one with --cc");
    }

    private static string? Resolve(string name)
    {
        if (name.Contains('/')) return File.Exists(name) ? name : null;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':'))
        {
            if (dir.Length == 0) continue;
            string full = System.IO.Path.Combine(dir, name);
            if (File.Exists(full)) return full;
        }
        return null;
    }

    /// <summary>Compiles each C file to an object, in parallel, then links them into one position-independent image.</summary>
    public void Build(IReadOnlyList<string> sources, string image, Action<string>? progress)
    {
        if (sources.Count == 1)
        {
            // One unit: compile and link in one run of the compiler (starting it is most of a small module's time).
            var (exit, output) = Run(Path, [.. CompileFlags, .. LinkFlags, sources[0], "-o", image]);
            if (exit != 0) throw new CompileException($"the C compiler failed ({System.IO.Path.GetFileName(Path)}):\n{Trim(output)}");
            return;
        }
        var objects = sources.Select(s => System.IO.Path.ChangeExtension(s, ".o")).ToArray();
        var errors = new string?[sources.Count];
        int done = 0;
        Parallel.For(0, sources.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var (exit, output) = Run(Path, [.. CompileFlags, "-c", sources[i], "-o", objects[i]]);
            if (exit != 0) errors[i] = output;
            int n = Interlocked.Increment(ref done);
            if (sources.Count > 1) progress?.Invoke($"compiled {n}/{sources.Count} C units");
        });
        if (errors.FirstOrDefault(e => e is not null) is { } error)
            throw new CompileException($"the C compiler failed ({System.IO.Path.GetFileName(Path)}):\n{Trim(error)}");
        var (linkExit, linkOutput) = Run(Path, [.. LinkFlags, "-o", image, .. objects]);
        if (linkExit != 0)
            throw new CompileException($"linking the image failed ({System.IO.Path.GetFileName(Path)}):\n{Trim(linkOutput)}");
    }

    private static string Trim(string output) => output.Length > 4000 ? output[..4000] + "\n..." : output;

    private static (int Exit, string Output) Run(string file, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            var all = new StringBuilder(stdout).Append(stderr.Result);
            return (process.ExitCode, all.ToString());
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }
}
