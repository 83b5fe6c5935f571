using System.Diagnostics;
using SharpFuzz;

namespace MicroWasm.Fuzz;

/// <summary>
/// The fuzzing harness's command line. scripts/fuzz.sh drives it: <c>seeds</c> makes the corpora, <c>run</c> replays
/// inputs (the seeds before fuzzing, the findings after), and <c>fuzz</c> is what AFL++ starts.
/// </summary>
internal static class Program
{
    private const string Usage = """
        usage: MicroWasm.Fuzz COMMAND ...

          fuzz TARGET                      the AFL++ entry point (run by afl-fuzz through SharpFuzz; reads stdin)
          run [--timeout MS] TARGET PATH...
                                           replays files (or every file of a folder) through TARGET in this process;
                                           prints each crash and hang, then "replay: N inputs, N crashes, N hangs";
                                           exits 1 on a crash, 3 on a hang
          seeds --suite DIR --out DIR [--max N] [--aot N]
                                           writes starting corpora from the spec scripts in DIR: OUT/binary, OUT/text
                                           (at most N each, default 200) and, with --aot N, N artifacts in OUT/aot
          dictionary TARGET                writes TARGET's AFL++ dictionary (afl-fuzz -x) to stdout; empty if it has none
          targets                          lists the targets
          --help                           this text

        targets:
        """;

    public static int Main(string[] args)
    {
        try
        {
            return args switch
            {
                ["fuzz", var name] => Fuzz(Target(name)),
                ["run", .. var rest] => Replay(rest),
                ["seeds", .. var rest] => Seeds(rest),
                ["targets"] => ListTargets(),
                ["dictionary", var name] => WriteDictionary(Target(name)),
                ["--help" or "-h" or "help"] => Help(Console.Out, 0),
                _ => Help(Console.Error, 2),
            };
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
    }

    private static int Help(TextWriter writer, int code)
    {
        writer.WriteLine(Usage);
        foreach (var t in FuzzTarget.All) writer.WriteLine($"  {t.Name,-12} {t.Description}");
        return code;
    }

    private static int ListTargets()
    {
        foreach (var t in FuzzTarget.All) Console.WriteLine($"{t.Name} {t.Seeds.ToString().ToLowerInvariant()}");
        return 0;
    }

    private static int WriteDictionary(FuzzTarget target)
    {
        FuzzDictionary.Write(target.Seeds, Console.Out);
        return 0;
    }

    private static FuzzTarget Target(string name) =>
        FuzzTarget.Find(name) ?? throw new UsageException($"unknown target {name} (known: {string.Join(", ", FuzzTarget.All.Select(t => t.Name))})");

    /// <summary>
    /// Out of process: SharpFuzz's fork server stays in this process and runs the inputs in a child, which it restarts
    /// when the child dies (a process kill is then reported as a crash) or AFL++ kills it on a time-out (a hang).
    /// </summary>
    private static int Fuzz(FuzzTarget target)
    {
        var buffer = new MemoryStream();
        var runner = new SmallStackRunner(target);
        // AFL++ keeps the crashing input but not the exception: scripts/fuzz.sh names a file for them here, so that a
        // crash that does not replay (one that depends on the process's history) still says what it was.
        string? exceptionLog = Environment.GetEnvironmentVariable("MICROWASM_FUZZ_EXCEPTIONS");
        Fuzzer.OutOfProcess.Run(stream =>
        {
            buffer.SetLength(0);
            stream.CopyTo(buffer);
            try
            {
                runner.Run(buffer.ToArray());
            }
            catch (Exception e) when (exceptionLog is not null && LogException(exceptionLog, buffer, e)) { }
        });
        return 0;
    }

    /// <summary>Appends the exception and the input (hex) to <paramref name="path"/>; false, so the exception goes on to SharpFuzz.</summary>
    private static bool LogException(string path, MemoryStream input, Exception e)
    {
        try
        {
            File.AppendAllText(path, $"{DateTime.UtcNow:O} {e}\ninput: {Convert.ToHexString(input.GetBuffer(), 0, (int)input.Length)}\n\n");
        }
        catch (IOException) { }
        return false;
    }

    private static int Replay(string[] args)
    {
        int timeoutMs = 5000;
        if (args is ["--timeout", var t, .. var rest])
        {
            timeoutMs = int.TryParse(t, out var ms) && ms > 0 ? ms : throw new UsageException($"--timeout needs milliseconds, not {t}");
            args = rest;
        }
        if (args.Length < 2) throw new UsageException("run needs a target and at least one file or folder");
        var target = Target(args[0]);
        var files = args[1..].SelectMany(Inputs).ToArray();

        int crashes = 0;
        string? current = null;
        long started = 0;
        // The inputs run on a thread with the small stack they have under AFL++ (SmallStackRunner); this thread watches the clock.
        var worker = new Thread(() =>
        {
            foreach (var file in files)
            {
                var input = File.ReadAllBytes(file);
                Volatile.Write(ref started, Stopwatch.GetTimestamp());
                Volatile.Write(ref current, file);
                try
                {
                    target.Run(input);
                }
                catch (Exception e)
                {
                    crashes++;
                    Console.WriteLine($"crash: {file}: {e.GetType().FullName}: {e.Message}");
                    foreach (var line in (e.StackTrace ?? "").Split('\n').Take(12)) Console.WriteLine($"    {line.Trim()}");
                }
            }
            Volatile.Write(ref current, null);
        }, maxStackSize: SmallStackRunner.StackSize);
        worker.Start();
        while (!worker.Join(50))
        {
            if (Volatile.Read(ref current) is { } file && Stopwatch.GetElapsedTime(Volatile.Read(ref started)).TotalMilliseconds > timeoutMs)
            {
                Console.WriteLine($"hang: {file}: still running after {timeoutMs} ms");
                Console.WriteLine($"replay: {files.Length} inputs, {crashes} crashes, 1 hangs");
                Console.Out.Flush();
                Environment.Exit(3);
            }
        }
        Console.WriteLine($"replay: {files.Length} inputs, {crashes} crashes, 0 hangs");
        return crashes > 0 ? 1 : 0;
    }

    /// <summary>A file, or the files of a folder (without AFL++'s README).</summary>
    private static IEnumerable<string> Inputs(string path) =>
        Directory.Exists(path)
            ? Directory.GetFiles(path).Where(f => !Path.GetFileName(f).StartsWith("README", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            : File.Exists(path) ? [path] : throw new UsageException($"{path} does not exist");

    private static int Seeds(string[] args)
    {
        string? suite = null, output = null;
        int max = 200, aot = 0;
        for (int i = 0; i < args.Length; i++)
        {
            string value = i + 1 < args.Length ? args[i + 1] : throw new UsageException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--suite": suite = value; break;
                case "--out": output = value; break;
                case "--max": max = int.TryParse(value, out var m) && m > 0 ? m : throw new UsageException($"--max needs a count, not {value}"); break;
                case "--aot": aot = int.TryParse(value, out var a) && a >= 0 ? a : throw new UsageException($"--aot needs a count, not {value}"); break;
                default: throw new UsageException($"unknown option {args[i]}");
            }
            i++;
        }
        if (suite is null || output is null) throw new UsageException("seeds needs --suite and --out");
        new SeedCorpus(suite).Write(output, max, aot, Console.Out);
        return 0;
    }

    private sealed class UsageException(string message) : Exception(message);
}
