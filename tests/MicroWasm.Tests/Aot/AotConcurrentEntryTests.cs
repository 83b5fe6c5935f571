using MicroWasm.Runtime;
using static MicroWasm.Tests.Runtime.ConcurrentInstanceTests;

namespace MicroWasm.Tests.Aot;

/// <summary>
/// Several threads inside one AOT instance at once: each entry has its own stack limit, landing pad and trap record
/// (AotContext), so a thread never checks its stack against another's limit or lands in another's entry, and
/// <see cref="Store.Terminate"/> still reaches every one of them.
/// </summary>
public class AotConcurrentEntryTests
{
    private const string Module = """
        (module
          (import "host" "pause" (func $pause))
          (import "host" "call_back" (func $call_back))
          (func $fib (param $n i32) (result i32)
            (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
              (then (local.get $n))
              (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                             (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
          (func (export "pause_then_fib") (param $n i32) (result i32)
            (call $pause)
            (call $fib (local.get $n)))
          (func (export "call_back_then_fib") (param $n i32) (result i32)
            (call $call_back)
            (call $fib (local.get $n)))
          (func (export "pause_then_trap")
            (call $pause)
            (unreachable)))
        """;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>An instance whose imports <c>host.pause</c> and <c>host.call_back</c> run these on the calling thread.</summary>
    private static ModuleInstance Instantiate(Store store, Action pause, Action? callBack = null) =>
        store.Instantiate(AotTestModules.Load(Module),
            new Imports().DefineFunction("host", "pause", pause).DefineFunction("host", "call_back", callBack ?? (() => { })));

    private static unsafe nint StackAddress()
    {
        byte here;
        return (nint)(&here);
    }

    [Fact]
    public void A_thread_paused_in_the_instance_keeps_its_own_stack_limit_while_another_enters()
    {
        // Two threads' stacks are separate mappings, so the limit of the thread whose stack is higher lies above all of
        // the other's stack. That thread visits the instance while the other (the resident) is paused inside it; with
        // one limit per instance, the resident's next call would see the visitor's limit and trap "call stack exhausted".
        using var store = new Store();
        var stacks = new nint[2];
        using var addressesKnown = new Barrier(2);
        using var residentPaused = new ManualResetEventSlim();
        using var visitorDone = new ManualResetEventSlim();
        int resident = -1;
        var instance = Instantiate(store, () =>
        {
            if (Environment.CurrentManagedThreadId != resident) return;
            residentPaused.Set();
            Assert.True(visitorDone.Wait(Patience));
        });
        var fib = instance.GetFunction("pause_then_fib");
        var results = new int[2];
        OnThreads(2, i =>
        {
            stacks[i] = StackAddress();
            Assert.True(addressesKnown.SignalAndWait(Patience));
            bool visitor = stacks[i] > stacks[1 - i];
            if (!visitor)
            {
                resident = Environment.CurrentManagedThreadId;
                results[i] = fib.Invoke(Value.I32(15))[0].AsI32();
                return;
            }
            try
            {
                Assert.True(residentPaused.Wait(Patience));
                results[i] = fib.Invoke(Value.I32(15))[0].AsI32();
            }
            finally { visitorDone.Set(); }
        });
        Assert.Equal([610, 610], results);
    }

    [Fact]
    public void A_trap_lands_in_its_own_threads_entry_while_a_later_entry_of_another_thread_is_inside()
    {
        // Thread 0 enters first and traps while thread 1, which entered after it, is still inside: each entry has its own
        // landing pad, so the trap returns to thread 0's caller and thread 1 carries on.
        using var store = new Store();
        using var secondInside = new ManualResetEventSlim();
        using var firstDone = new ManualResetEventSlim();
        using var firstInside = new ManualResetEventSlim();
        int first = -1;
        var instance = Instantiate(store, () =>
        {
            if (Environment.CurrentManagedThreadId == first)
            {
                firstInside.Set();
                Assert.True(secondInside.Wait(Patience));
            }
            else
            {
                secondInside.Set();
                Assert.True(firstDone.Wait(Patience));
            }
        });
        int second = 0;
        TrapException? trap = null;
        OnThreads(2, i =>
        {
            if (i == 0)
            {
                first = Environment.CurrentManagedThreadId;
                try { trap = Assert.Throws<TrapException>(() => instance.GetFunction("pause_then_trap").Invoke()); }
                finally { firstDone.Set(); }
            }
            else
            {
                Assert.True(firstInside.Wait(Patience));
                second = instance.GetFunction("pause_then_fib").Invoke(Value.I32(15))[0].AsI32();
            }
        });
        Assert.Equal(TrapKind.Unreachable, trap!.Kind);
        Assert.Equal(610, second);
    }

    [Fact]
    public void Terminate_reaches_every_thread_inside_the_instance()
    {
        // The code after the pause has no loop: only the check at each function entry can stop it.
        const int threads = 3;
        using var store = new Store();
        using var allPaused = new CountdownEvent(threads);
        using var terminated = new ManualResetEventSlim();
        var instance = Instantiate(store, () =>
        {
            allPaused.Signal();
            Assert.True(terminated.Wait(Patience));
        });
        var fib = instance.GetFunction("pause_then_fib");
        var kinds = new TrapKind?[threads];
        var stopper = new Thread(() =>
        {
            if (allPaused.Wait(Patience)) store.Terminate();
            terminated.Set();
        });
        stopper.Start();
        OnThreads(threads, i =>
        {
            try { fib.Invoke(Value.I32(25)); }
            catch (TrapException e) { kinds[i] = e.Kind; }
        });
        stopper.Join();
        Assert.All(kinds, kind => Assert.Equal(TrapKind.Terminated, kind));

        // Cleared, the instance runs again on any thread.
        store.ClearTermination();
        allPaused.Reset(1);
        Assert.Equal(75025, fib.Invoke(Value.I32(25))[0].AsI32());
    }

    [Fact]
    public void Terminate_reaches_an_entry_nested_in_a_host_call_and_the_entry_around_it()
    {
        // The outer entry calls the host, which enters the instance again; the inner entry terminates the store and
        // traps, the host swallows that trap, and the outer entry's next call stops at its own lowered limit.
        using var store = new Store();
        ModuleInstance? instance = null;
        TrapException? inner = null;
        instance = Instantiate(store, pause: store.Terminate, callBack: () =>
            inner = Assert.Throws<TrapException>(() => instance!.GetFunction("pause_then_fib").Invoke(Value.I32(25))));
        var outer = Assert.Throws<TrapException>(() => instance.GetFunction("call_back_then_fib").Invoke(Value.I32(25)));
        Assert.Equal(TrapKind.Terminated, inner!.Kind);
        Assert.Equal(TrapKind.Terminated, outer.Kind);
    }

    private const string Callee = """(module (func (export "inc") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1))))""";

    // f(n) = n through n nested calls, each adding one through the import: n + 1 entries a call, and no loop.
    private const string Caller = """
        (module
          (import "callee" "inc" (func $inc (param i32) (result i32)))
          (func $f (export "f") (param $n i32) (result i32)
            (if (result i32) (i32.eqz (local.get $n))
              (then (i32.const 0))
              (else (call $inc (call $f (i32.sub (local.get $n) (i32.const 1))))))))
        """;

    [Fact]
    public void Terminations_racing_with_entries_on_other_threads_stop_only_their_own_store()
    {
        // Entries start and end all the time on four threads while a fifth terminates and clears one store again and
        // again: a call of that store returns its value or traps "terminated"; the other store is never stopped.
        using var stopped = new Store();
        using var running = new Store();
        FunctionInstance CallerIn(Store store) => store.Instantiate(AotTestModules.Load(Caller),
            new Imports().DefineInstance("callee", store.Instantiate(AotTestModules.Load(Callee)))).GetFunction("f");
        var functions = new[] { CallerIn(stopped), CallerIn(running) };
        bool done = false;
        OnThreads(5, i =>
        {
            if (i == 4)
            {
                for (int round = 0; round < 100; round++)
                {
                    stopped.Terminate();
                    Thread.Yield();
                    stopped.ClearTermination();
                    Thread.Yield();
                }
                Volatile.Write(ref done, true);
                return;
            }
            var f = functions[i % 2];
            while (!Volatile.Read(ref done))
            {
                try { Assert.Equal(20, f.Invoke(Value.I32(20))[0].AsI32()); }
                catch (TrapException e) when (f == functions[0] && e.Kind == TrapKind.Terminated) { }
            }
        });
    }
}
