namespace MicroWasm.Differential;

internal enum OutcomeKind
{
    Returned,
    Trapped,
    /// <summary>The engine's own bound stopped the call: fuel, time or stack depth. Engines count these differently.</summary>
    LimitReached,
}

/// <summary>A value a host import received, with the import's name.</summary>
internal readonly record struct LogEntry(string Import, ObservedValue Value)
{
    public override string ToString() => $"{Import}({Value})";
}

/// <summary>What one call of an export did on one engine: its results or its trap, and what it logged.</summary>
internal sealed record CallOutcome(OutcomeKind Kind, IReadOnlyList<ObservedValue> Results, string? Trap, IReadOnlyList<LogEntry> Logs)
{
    public static CallOutcome Returned(IReadOnlyList<ObservedValue> results, IReadOnlyList<LogEntry> logs) =>
        new(OutcomeKind.Returned, results, null, logs);

    public static CallOutcome Trapped(string trap, IReadOnlyList<LogEntry> logs) => new(OutcomeKind.Trapped, [], trap, logs);

    public static CallOutcome Limit(string reason, IReadOnlyList<LogEntry> logs) => new(OutcomeKind.LimitReached, [], reason, logs);

    public override string ToString()
    {
        string what = Kind switch
        {
            OutcomeKind.Returned => $"returned [{string.Join(", ", Results)}]",
            OutcomeKind.Trapped => $"trapped: {Trap}",
            _ => $"limit reached: {Trap}",
        };
        return Logs.Count == 0 ? what : $"{what}; logged {string.Join(" ", Logs)}";
    }
}
