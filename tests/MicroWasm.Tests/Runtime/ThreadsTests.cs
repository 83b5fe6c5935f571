using MicroWasm.Runtime;
using MicroWasm.Tests.Aot;
using MicroWasm.Text;

namespace MicroWasm.Tests.Runtime;

/// <summary>
/// The threads proposal from the embedding API: a shared memory used by instances on several host threads, atomic
/// read-modify-writes that add up exactly, and wait/notify between threads, in the interpreter and in AOT code.
/// </summary>
public class ThreadsTests
{
    private const string Worker = """
        (module
          (import "env" "memory" (memory 1 1 shared))
          (func (export "add_many") (param $n i32)
            (loop $again
              (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
              (drop (i64.atomic.rmw.add (i32.const 8) (i64.const 3)))
              (drop (i32.atomic.rmw8.add_u (i32.const 16) (i32.const 1)))
              (br_if $again (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
          (func (export "count") (result i32) (i32.atomic.load (i32.const 0)))
          (func (export "count64") (result i64) (i64.atomic.load (i32.const 8)))
          (func (export "count8") (result i32) (i32.atomic.load8_u (i32.const 16)))
          (func (export "wait") (param $expected i32) (param $timeout i64) (result i32)
            (memory.atomic.wait32 (i32.const 32) (local.get $expected) (local.get $timeout)))
          (func (export "notify") (param $count i32) (result i32)
            (memory.atomic.notify (i32.const 32) (local.get $count)))
          (func (export "unaligned") (result i32) (i32.atomic.load (i32.const 2))))
        """;

    public static TheoryData<bool> Tiers => new() { false, true };

    private static CompiledModule Compile(bool aot) => aot ? AotTestModules.Load(Worker) : CompiledModule.FromText(Worker);

    private static (Store Store, ModuleInstance Instance) Instantiate(CompiledModule module, MemoryInstance memory)
    {
        var store = new Store();
        var imports = new Imports().Define("env", "memory", memory);
        return (store, store.Instantiate(module, imports));
    }

    private static MemoryInstance SharedMemory() => new(new MemoryType(new Limits(1, 1), Shared: true));

    [Theory]
    [MemberData(nameof(Tiers))]
    public void Atomic_adds_from_four_threads_add_up_exactly(bool aot)
    {
        var module = Compile(aot);
        using var memory = SharedMemory();
        const int Threads = 4, PerThread = 20_000;
        var workers = Enumerable.Range(0, Threads).Select(_ => new Thread(() =>
        {
            var (store, instance) = Instantiate(module, memory);
            using (store) instance.GetFunction("add_many").Invoke(Value.I32(PerThread));
        })).ToList();
        workers.ForEach(t => t.Start());
        workers.ForEach(t => t.Join());

        var (check, reader) = Instantiate(module, memory);
        using (check)
        {
            Assert.Equal(Threads * PerThread, reader.GetFunction("count").Invoke()[0].AsI32());
            Assert.Equal(3L * Threads * PerThread, reader.GetFunction("count64").Invoke()[0].AsI64());
            Assert.Equal(Threads * PerThread % 256, reader.GetFunction("count8").Invoke()[0].AsI32());
        }
    }

    [Theory]
    [MemberData(nameof(Tiers))]
    public void A_waiting_thread_is_woken_by_notify_from_another(bool aot)
    {
        var module = Compile(aot);
        using var memory = SharedMemory();
        int waitResult = -1;
        var waiter = new Thread(() =>
        {
            var (store, instance) = Instantiate(module, memory);
            using (store) waitResult = instance.GetFunction("wait").Invoke(Value.I32(0), Value.I64(-1))[0].AsI32();
        });
        waiter.Start();

        var (notifierStore, notifier) = Instantiate(module, memory);
        using (notifierStore)
        {
            // notify returns how many it woke: 0 until the waiter is queued.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            int woken = 0;
            while (woken == 0 && DateTime.UtcNow < deadline)
            {
                woken = notifier.GetFunction("notify").Invoke(Value.I32(1))[0].AsI32();
                if (woken == 0) Thread.Sleep(1);
            }
            Assert.Equal(1, woken);
        }
        Assert.True(waiter.Join(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, waitResult);
    }

    [Theory]
    [MemberData(nameof(Tiers))]
    public void Wait_returns_not_equal_or_timed_out_and_unaligned_accesses_trap(bool aot)
    {
        var module = Compile(aot);
        using var memory = SharedMemory();
        var (store, instance) = Instantiate(module, memory);
        using (store)
        {
            Assert.Equal(1, instance.GetFunction("wait").Invoke(Value.I32(7), Value.I64(-1))[0].AsI32());
            Assert.Equal(2, instance.GetFunction("wait").Invoke(Value.I32(0), Value.I64(1_000_000))[0].AsI32());
            Assert.Equal(0, instance.GetFunction("notify").Invoke(Value.I32(5))[0].AsI32());
            var trap = Assert.Throws<TrapException>(() => instance.GetFunction("unaligned").Invoke());
            Assert.Equal(TrapKind.UnalignedAtomic, trap.Kind);
        }
    }

    [Theory]
    [MemberData(nameof(Tiers))]
    public void Terminating_the_store_ends_a_wait_without_timeout(bool aot)
    {
        var module = Compile(aot);
        using var memory = SharedMemory();
        var (store, instance) = Instantiate(module, memory);
        using (store)
        {
            TrapException? trap = null;
            var waiter = new Thread(() => trap = Assert.Throws<TrapException>(() => instance.GetFunction("wait").Invoke(Value.I32(0), Value.I64(-1))));
            waiter.Start();
            Thread.Sleep(100);
            store.Terminate();
            Assert.True(waiter.Join(TimeSpan.FromSeconds(30)));
            Assert.Equal(TrapKind.Terminated, trap!.Kind);
        }
    }

    [Fact]
    public void Wait_on_an_unshared_memory_traps_and_notify_wakes_none()
    {
        var module = CompiledModule.FromText("""
            (module (memory 1)
              (func (export "wait") (result i32) (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const 0)))
              (func (export "notify") (result i32) (memory.atomic.notify (i32.const 0) (i32.const 1))))
            """);
        using var store = new Store();
        var instance = store.Instantiate(module);
        Assert.Equal(0, instance.GetFunction("notify").Invoke()[0].AsI32());
        var trap = Assert.Throws<TrapException>(() => instance.GetFunction("wait").Invoke());
        Assert.Equal(TrapKind.ExpectedSharedMemory, trap.Kind);
        Assert.Equal("expected shared memory", trap.Kind.Message());
    }

    [Fact]
    public void A_shared_memory_flag_is_malformed_in_2_0_and_a_shared_memory_without_maximum_is_invalid()
    {
        byte[] sharedWithMax = WatParser.ParseModule("(module (memory 1 2 shared))");
        Assert.True(CompiledModule.FromBytes(sharedWithMax).Module.Memories[0].Shared);
        var malformed = Assert.Throws<MalformedModuleException>(() => CompiledModule.FromBytes(sharedWithMax, WasmFeatures.Wasm20));
        Assert.Equal("integer too large", malformed.Reason);

        var invalid = Assert.Throws<InvalidModuleException>(() => CompiledModule.FromText("(module (memory 1 shared))"));
        Assert.Equal("shared memory must have maximum", invalid.Reason);

        byte[] atomics = WatParser.ParseModule("(module (memory 1 1 shared) (func (drop (i32.atomic.load (i32.const 0)))))");
        Assert.Throws<MalformedModuleException>(() => CompiledModule.FromBytes(atomics, WasmFeatures.Wasm20));
        var misaligned = Assert.Throws<InvalidModuleException>(() =>
            CompiledModule.FromText("(module (memory 1 1 shared) (func (drop (i32.atomic.load align=2 (i32.const 0)))))"));
        Assert.Equal("atomic alignment must be natural", misaligned.Reason);
    }

    [Fact]
    public void A_shared_memory_never_moves_when_it_grows()
    {
        using var memory = new MemoryInstance(new MemoryType(new Limits(1, 64), Shared: true));
        nint before = memory.BaseAddress;
        Assert.True(memory.BaseIsStable);
        Assert.Equal(1, memory.Grow(40));
        Assert.Equal(before, memory.BaseAddress);
    }
}
