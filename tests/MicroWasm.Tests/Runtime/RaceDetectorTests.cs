using System.Text.RegularExpressions;
using MicroWasm.Runtime;
using MicroWasm.Tests.Text;

namespace MicroWasm.Tests.Runtime;

/// <summary>
/// The rule that keeps tests/c/drd.sh clean: drd sees a lock only through <see cref="RaceDetector.Holding"/>, so every
/// <c>lock</c> statement in the engine and the C library marks its section with it.
/// </summary>
public class RaceDetectorTests
{
    private static readonly Regex LockStatement = new(@"^\s*(?!//)(.*\W)?lock \((?<gate>[^)]*(\([^)]*\))?[^)]*)\)(?<rest>.*)$", RegexOptions.Compiled);

    [Fact]
    public void EveryLockStatementTellsTheRaceDetector()
    {
        var root = TextTestSupport.RepositoryRoot();
        var missing = new List<string>();
        int seen = 0;
        foreach (var project in new[] { "managed/MicroWasm", "managed/MicroWasm.Native" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, project), "*.cs", SearchOption.AllDirectories))
            {
                if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") || file.EndsWith("RaceDetector.cs")) continue;
                var lines = File.ReadAllLines(file);
                for (int i = 0; i < lines.Length; i++)
                {
                    var match = LockStatement.Match(lines[i]);
                    if (!match.Success) continue;
                    seen++;
                    string expected = $"using var held = RaceDetector.Holding({match.Groups["gate"].Value});";
                    if (match.Groups["rest"].Value.Trim() != "" || i + 2 >= lines.Length || lines[i + 1].Trim() != "{" || lines[i + 2].Trim() != expected)
                        missing.Add($"{Path.GetRelativePath(root, file)}:{i + 1}: {lines[i].Trim()}");
                }
            }
        }
        Assert.True(seen > 50, $"only {seen} lock statements found: the scan is broken");
        Assert.Empty(missing);
    }

    [Fact]
    public void InactiveHintsDoNothing()
    {
        // The unit tests run without the C library, so no detector is attached and the hints are plain no-ops.
        Assert.False(RaceDetector.Active);
        var gate = new object();
        lock (gate)
        {
            using var held = RaceDetector.Holding(gate);
            RaceDetector.Publishing(gate);
            RaceDetector.Observed(gate);
        }
    }
}
