namespace MicroWasm.Wast;

/// <summary>What a spec script run counted. Every command is exactly one of passed, failed or skipped.</summary>
public sealed class WastResult
{
    public int Passed { get; internal set; }
    public int Failed { get; internal set; }
    public int Skipped { get; internal set; }

    /// <summary>One line per failure: <c>file:line: expected ..., got ...</c>.</summary>
    public List<string> Failures { get; } = [];

    /// <summary>One line per skipped command, with the reason.</summary>
    public List<string> Skips { get; } = [];

    public void Add(WastResult other)
    {
        Passed += other.Passed;
        Failed += other.Failed;
        Skipped += other.Skipped;
        Failures.AddRange(other.Failures);
        Skips.AddRange(other.Skips);
    }

    /// <summary>The closing line CI reads: "wast: N passed, N failed, N skipped".</summary>
    public string Summary => $"wast: {Passed} passed, {Failed} failed, {Skipped} skipped";
}
