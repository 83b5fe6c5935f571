using System.Runtime.ExceptionServices;

namespace MicroWasm.Fuzz;

/// <summary>
/// Runs a target's inputs on one worker thread with a small stack. Unbounded recursion in the engine is a process kill
/// (architecture note 1), but on a main thread's 8 MiB it needs inputs far larger than AFL++ grows; on
/// <see cref="StackSize"/> it shows up with inputs of a few kilobytes. Hosts run the engine on threads of their own,
/// often with less stack than a main thread, so this is also the more realistic setting.
/// </summary>
internal sealed class SmallStackRunner
{
    /// <summary>The worker's stack: a quarter of a megabyte.</summary>
    public const int StackSize = 256 * 1024;

    private readonly FuzzTarget _target;
    private readonly SemaphoreSlim _start = new(0), _done = new(0);
    private byte[] _input = [];
    private ExceptionDispatchInfo? _failure;

    public SmallStackRunner(FuzzTarget target)
    {
        _target = target;
        new Thread(Work, StackSize) { IsBackground = true, Name = $"fuzz {target.Name}" }.Start();
    }

    /// <summary>Runs one input and rethrows, on the calling thread, whatever escaped the target.</summary>
    public void Run(byte[] input)
    {
        _input = input;
        _start.Release();
        _done.Wait();
        var failure = _failure;
        _failure = null;
        failure?.Throw();
    }

    private void Work()
    {
        while (true)
        {
            _start.Wait();
            try
            {
                _target.Run(_input);
            }
            catch (Exception e)
            {
                _failure = ExceptionDispatchInfo.Capture(e);
            }
            _done.Release();
        }
    }
}
