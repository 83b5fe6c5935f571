using MicroWasm.Runtime;

namespace MicroWasm.Native.Wamr;

/// <summary>
/// A thread made by wasm_runtime_spawn_thread: it runs the host's callback with a spawned exec env, and keeps the
/// callback's return value until wasm_runtime_join_thread takes it. Its handle is the wasm_thread_t C holds.
/// </summary>
internal sealed unsafe class SpawnedThread
{
    /// <summary>The native stack of the thread: AOT code runs on it (the interpreter keeps its own stacks).</summary>
    private const int StackSize = 8 << 20;

    private readonly Thread _thread;
    private int _joined;

    public SpawnedThread(ExecEnv env, delegate* unmanaged<nint, void*, void*> callback, void* argument)
    {
        Env = env;
        _thread = new Thread(() => Run(callback, argument), StackSize) { Name = "wasm_runtime_spawn_thread" };
    }

    public ExecEnv Env { get; }
    public nint Handle;

    /// <summary>What the callback returned, once it has.</summary>
    public nint Result { get; private set; }

    public void Start() => _thread.Start();

    public bool IsCurrentThread => Thread.CurrentThread == _thread;

    /// <summary>Claims the right to join: false when another join took it first (joining twice is an error, as in POSIX).</summary>
    public bool TryClaimJoin() => Interlocked.Exchange(ref _joined, 1) == 0;

    public void Join()
    {
        _thread.Join();
        // .NET's join waits on an event of its own, which drd does not see (RaceDetector).
        RaceDetector.Observed(this);
    }

    private void Run(delegate* unmanaged<nint, void*, void*> callback, void* argument)
    {
        try
        {
            Api.RuntimeApi.MarkThreadEnv(true);
            Result = (nint)callback(Env.Handle, argument);
            Api.RuntimeApi.MarkThreadEnv(false);
            Env.Owner.ReleaseSpawned(Env);
        }
        catch (Exception e)
        {
            // Nothing may escape a thread (it would end the process); C code cannot throw, so this is our own failure.
            Api.Errors.Fail(e);
        }
        finally
        {
            RaceDetector.Publishing(this);
        }
    }
}
