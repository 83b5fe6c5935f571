using System.Net.Sockets;

namespace MicroWasm.Wasi;

/// <summary>
/// What a WASI program is given: arguments, environment, preopened directories and sockets, standard streams, and the
/// sources of time and randomness (replaceable so tests are deterministic). Nothing of the host is visible unless given here.
/// </summary>
/// <example>
/// <code>
/// var config = new WasiConfiguration()
///     .WithArguments("prog.wasm", "--verbose")
///     .WithEnvironment("HOME", "/home")
///     .WithPreopen("/tmp/data", "data")
///     .InheritStandardStreams();
/// </code>
/// </example>
public sealed class WasiConfiguration
{
    /// <summary>argv, the program name first (args_get).</summary>
    public List<string> Arguments { get; } = [];

    /// <summary>The environment (environ_get), in order; names may repeat as in a real environment block.</summary>
    public List<KeyValuePair<string, string>> Environment { get; } = [];

    /// <summary>Directories the guest may use, as descriptors 3, 4, ... in this order.</summary>
    public List<WasiPreopen> Preopens { get; } = [];

    /// <summary>Sockets handed to the guest, numbered after the preopened directories.</summary>
    public List<Socket> PreopenedSockets { get; } = [];

    /// <summary>Descriptor 0; null reads as an empty stream.</summary>
    public Stream? Stdin { get; set; }

    /// <summary>Descriptor 1; null discards.</summary>
    public Stream? Stdout { get; set; }

    /// <summary>Descriptor 2; null discards.</summary>
    public Stream? Stderr { get; set; }

    /// <summary>Nanoseconds since the Unix epoch for clock_time_get(realtime); the host's clock when null.</summary>
    public Func<ulong>? RealtimeClock { get; set; }

    /// <summary>Nanoseconds since an arbitrary start, never decreasing, for clock_time_get(monotonic); the host's when null.</summary>
    public Func<ulong>? MonotonicClock { get; set; }

    /// <summary>Fills random_get's buffer; a cryptographically secure generator when null.</summary>
    public Action<Span<byte>>? RandomSource { get; set; }

    /// <summary>How poll_oneoff waits; <see cref="Thread.Sleep(TimeSpan)"/> when null.</summary>
    public Action<TimeSpan>? Sleep { get; set; }

    /// <summary>For a wasi-threads program: how many spawned threads may run at once (<see cref="WasiThreads.DefaultMaxThreads"/>).</summary>
    public int MaxThreads { get; set; } = WasiThreads.DefaultMaxThreads;

    public WasiConfiguration WithArguments(params IEnumerable<string> arguments)
    {
        Arguments.AddRange(arguments);
        return this;
    }

    public WasiConfiguration WithEnvironment(string name, string value)
    {
        Environment.Add(new(name, value));
        return this;
    }

    /// <summary>Passes the host's environment through (wasmtime's <c>--inherit-env</c>).</summary>
    public WasiConfiguration InheritEnvironment()
    {
        foreach (System.Collections.DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
            Environment.Add(new((string)entry.Key, (string?)entry.Value ?? ""));
        return this;
    }

    /// <summary>Offers the host directory <paramref name="hostPath"/> to the guest as <paramref name="guestPath"/> (default: the same text).</summary>
    public WasiConfiguration WithPreopen(string hostPath, string? guestPath = null)
    {
        Preopens.Add(new(hostPath, guestPath ?? hostPath));
        return this;
    }

    public WasiConfiguration WithSocket(Socket socket)
    {
        PreopenedSockets.Add(socket);
        return this;
    }

    /// <summary>Connects descriptors 0, 1 and 2 to this process's standard streams.</summary>
    public WasiConfiguration InheritStandardStreams()
    {
        Stdin = Console.OpenStandardInput();
        Stdout = Console.OpenStandardOutput();
        Stderr = Console.OpenStandardError();
        return this;
    }
}
