using MicroWasm.Runtime;
using MicroWasm.Tests.Aot;

namespace MicroWasm.Tests.Runtime;

/// <summary>
/// One instance called from several threads at once (what WAMR's spawned exec envs do): the instance's shared state
/// (reference handles of its store, table growth, memory growth) neither loses updates nor tears, in both tiers.
/// </summary>
public class ConcurrentInstanceTests
{
    private const string Module = """
        (module
          (memory (export "memory") 1 1000)
          (table $t (export "table") 0 100000 funcref)
          (func $self (export "self") (param $x externref) (result externref) (local.get $x))
          (func (export "grow_table") (param $n i32)
            (loop $again
              (drop (table.grow $t (ref.func $self) (i32.const 1)))
              (br_if $again (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
          (func (export "table_size") (result i32) (table.size $t))
          (func (export "grow_memory") (param $n i32) (result i32) (memory.grow (local.get $n))))
        """;

    public static TheoryData<bool> Tiers => new() { false, true };

    private static ModuleInstance Instantiate(Store store, bool aot) =>
        store.Instantiate(aot ? AotTestModules.Load(Module) : CompiledModule.FromText(Module));

    /// <summary>Runs <paramref name="body"/> on each of <paramref name="count"/> threads and fails with what any threw.</summary>
    internal static void OnThreads(int count, Action<int> body)
    {
        var errors = new List<Exception>();
        var threads = Enumerable.Range(0, count).Select(i => new Thread(() =>
        {
            try { body(i); }
            catch (Exception e) { lock (errors) errors.Add(e); }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Empty(errors);
    }

    [Theory]
    [MemberData(nameof(Tiers))]
    public void References_passed_from_four_threads_come_back_as_the_same_objects(bool aot)
    {
        using var store = new Store();
        var self = Instantiate(store, aot).GetFunction("self");
        // Each call makes a store handle for a new object: four threads make them at once.
        OnThreads(4, _ =>
        {
            for (int i = 0; i < 2_000; i++)
            {
                var sent = new object();
                Assert.Same(sent, self.Invoke(Value.ExternRef(sent))[0].Reference);
            }
        });
    }

    [Theory]
    [MemberData(nameof(Tiers))]
    public void Table_growth_from_four_threads_adds_every_element(bool aot)
    {
        using var store = new Store();
        var instance = Instantiate(store, aot);
        var grow = instance.GetFunction("grow_table");
        OnThreads(4, _ =>
        {
            for (int i = 0; i < 50; i++) grow.Invoke(Value.I32(100));
        });
        Assert.Equal(4 * 50 * 100, instance.GetFunction("table_size").Invoke()[0].AsI32());
        var table = instance.GetTable("table");
        Assert.All(Enumerable.Range(0, table.Size), i => Assert.Same(instance.GetFunction("self"), table.Get((uint)i)));
    }

    [Theory]
    [MemberData(nameof(Tiers))]
    public void Memory_growth_from_four_threads_is_whole_each_time(bool aot)
    {
        using var store = new Store();
        var instance = Instantiate(store, aot);
        var grow = instance.GetFunction("grow_memory");
        var oldSizes = new List<int>();
        OnThreads(4, _ =>
        {
            for (int i = 0; i < 100; i++)
            {
                int old = grow.Invoke(Value.I32(2))[0].AsI32();
                lock (oldSizes) oldSizes.Add(old);
            }
        });
        // Each growth saw the size the previous one left: 1, 3, 5, ... 799 once each, and the memory has 801 pages.
        Assert.Equal(Enumerable.Range(0, 400).Select(i => 1 + 2 * i), oldSizes.Order());
        Assert.Equal(801ul, instance.GetMemory("memory").PageCount);
    }
}
