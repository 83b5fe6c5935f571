namespace MicroWasm.Wasi;

/// <summary>
/// Thrown by proc_exit to end the program: it unwinds the interpreter like any host exception, and the embedder
/// (<see cref="WasiRunner"/>) turns it into the exit code. It is not an error of the module.
/// </summary>
/// <remarks>
/// The runtime wraps exceptions of host functions in a <see cref="TrapException"/> of kind <see cref="TrapKind.HostError"/>;
/// <see cref="TryGetExitCode"/> finds this exception through such wrappers.
/// </remarks>
public sealed class WasiExitException : Exception
{
    public WasiExitException(int exitCode) : base($"the program exited with code {exitCode}") => ExitCode = exitCode;

    /// <summary>The value given to proc_exit.</summary>
    public int ExitCode { get; }

    /// <summary>The exit code if <paramref name="exception"/> is, or wraps, a <see cref="WasiExitException"/>.</summary>
    public static bool TryGetExitCode(Exception exception, out int exitCode)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is WasiExitException exit)
            {
                exitCode = exit.ExitCode;
                return true;
            }
        }
        exitCode = 0;
        return false;
    }
}
