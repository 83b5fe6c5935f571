using MicroWasm.Runtime;
using static MicroWasm.Tests.Runtime.TestModules;

namespace MicroWasm.Tests.Runtime;

public class MemoryInstanceTests
{
    private const int Page = MemoryType.PageSize;

    [Fact]
    public void A_reserved_memory_keeps_its_base_address_across_grows()
    {
        using var store = new Store();
        var memory = store.CreateMemory(Memory(1, 1000));
        Assert.True(memory.BaseIsStable, "64-bit hosts reserve the maximum up front");
        nint baseAddress = memory.BaseAddress;
        memory.Write(Page - 4, 0x11223344);

        for (int i = 0; i < 50; i++) Assert.Equal(1 + i * 10, memory.Grow(10));

        Assert.Equal(baseAddress, memory.BaseAddress);
        Assert.Equal(501UL, memory.PageCount);
        Assert.Equal(0x11223344, memory.Read<int>(Page - 4));
    }

    [Fact]
    public void A_memory_without_maximum_reserves_4_GiB_and_keeps_its_base_too()
    {
        using var store = new Store();
        var memory = store.CreateMemory(Memory(0));
        nint baseAddress = memory.BaseAddress;
        Assert.Equal(0, memory.Grow(100));
        Assert.Equal(100, memory.Grow(1000));
        Assert.Equal(baseAddress, memory.BaseAddress);
        memory.Write(1100UL * Page - 8, -1L);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Grown_pages_read_as_zero_and_old_bytes_are_kept(bool reserve)
    {
        using var store = new Store(new RuntimeOptions { ReserveMemory = reserve });
        var memory = store.CreateMemory(Memory(1));
        Assert.Equal(reserve, memory.BaseIsStable);
        memory.GetSpan(0, Page).Fill(0xAB);

        Assert.Equal(1, memory.Grow(3));

        Assert.Equal(4UL * Page, memory.SizeInBytes);
        Assert.True(memory.GetSpan(0, Page).IndexOfAnyExcept((byte)0xAB) < 0);
        Assert.True(memory.GetSpan(Page, 3 * Page).IndexOfAnyExcept((byte)0) < 0);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Grow_past_the_maximum_returns_minus_one_and_leaves_the_memory_unchanged(bool reserve)
    {
        using var store = new Store(new RuntimeOptions { ReserveMemory = reserve });
        var memory = store.CreateMemory(Memory(1, 2));
        memory.Write(10, (byte)7);
        nint baseAddress = memory.BaseAddress;

        Assert.Equal(-1, memory.Grow(2));
        Assert.Equal(-1, memory.Grow(ulong.MaxValue));

        Assert.Equal(1UL, memory.PageCount);
        Assert.Equal(baseAddress, memory.BaseAddress);
        Assert.Equal(7, memory.Read<byte>(10));
        Assert.Equal(1, memory.Grow(1));
        Assert.Equal(-1, memory.Grow(1));
    }

    [Fact]
    public void Grow_by_zero_returns_the_size_even_at_the_maximum()
    {
        using var store = new Store();
        var memory = store.CreateMemory(Memory(2, 2));
        Assert.Equal(2, memory.Grow(0));
    }

    [Fact]
    public void A_memory_without_maximum_may_grow_to_65536_pages_by_type()
    {
        using var store = new Store();
        var memory = store.CreateMemory(Memory(0));
        Assert.Equal(MemoryType.MaxPages32, memory.MaxPages);
        Assert.Equal(-1, memory.Grow(MemoryType.MaxPages32 + 1));
        Assert.Equal(0UL, memory.PageCount);
    }

    [Fact]
    public void A_memory_without_maximum_is_capped_by_the_host_limit()
    {
        using var store = new Store(new RuntimeOptions { MaxMemoryPages = 10 });
        var memory = store.CreateMemory(Memory(0));

        Assert.Equal(10UL, memory.MaxPages);
        Assert.Equal(0, memory.Grow(10));
        Assert.Equal(-1, memory.Grow(1));
        Assert.Equal(10UL, memory.PageCount);
    }

    [Fact]
    public void A_host_limit_above_the_declared_maximum_does_not_raise_it()
    {
        using var store = new Store(new RuntimeOptions { MaxMemoryPages = 100 });
        Assert.Equal(3UL, store.CreateMemory(Memory(1, 3)).MaxPages);
    }

    [Fact]
    public void A_memory_whose_minimum_passes_the_host_limit_cannot_be_created()
    {
        using var store = new Store(new RuntimeOptions { MaxMemoryPages = 4 });
        Assert.Throws<ResourceExhaustedException>(() => store.CreateMemory(Memory(5)));
    }

    [Fact]
    public void An_empty_memory_has_a_base_address_and_traps_on_any_access()
    {
        using var store = new Store();
        var memory = store.CreateMemory(Memory(0, 0));
        Assert.NotEqual(0, memory.BaseAddress);
        Assert.Equal(0UL, memory.SizeInBytes);
        Assert.Equal(0, memory.GetSpan(0, 0).Length);
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Assert.Throws<TrapException>(() => memory.Read<byte>(0)).Kind);
    }

    [Theory]
    [InlineData(Page - 4, 4, true)]
    [InlineData(Page - 3, 4, false)]
    [InlineData(Page, 0, true)]
    [InlineData(Page + 1, 0, false)]
    [InlineData(ulong.MaxValue, 1, false)]
    public void Accesses_are_checked_against_the_current_size(ulong offset, int length, bool inBounds)
    {
        using var store = new Store();
        var memory = store.CreateMemory(Memory(1));
        if (inBounds)
            Assert.Equal(length, memory.GetSpan(offset, length).Length);
        else
            Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, Assert.Throws<TrapException>(() => memory.GetSpan(offset, length)).Kind);
    }

    [Fact]
    public void Typed_reads_and_writes_are_little_endian_and_unaligned()
    {
        using var store = new Store();
        var memory = store.CreateMemory(Memory(1));
        memory.Write(1, 0x0102030405060708L);
        Assert.Equal(0x08, memory.Read<byte>(1));
        Assert.Equal(0x0102030405060708L, memory.Read<long>(1));
        memory.Write(100, "hé"u8);
        Assert.Equal("hé", memory.ReadUtf8(100, 3));
        Span<byte> copy = stackalloc byte[3];
        memory.Read(100, copy);
        Assert.True(copy.SequenceEqual("hé"u8));
    }

    [Fact]
    public void A_disposed_memory_is_empty_so_late_accesses_trap()
    {
        var store = new Store();
        var memory = store.CreateMemory(Memory(1));
        store.Dispose();
        Assert.Equal(0UL, memory.SizeInBytes);
        Assert.Throws<TrapException>(() => memory.Read<int>(0));
        Assert.Equal(-1, memory.Grow(1));
        Assert.Throws<ObjectDisposedException>(() => store.CreateMemory(Memory(1)));
    }

    [Fact]
    public void A_standalone_memory_belongs_to_no_store_and_is_disposed_by_its_creator()
    {
        using var memory = new MemoryInstance(Memory(1, 2));
        Assert.Null(memory.Owner);
        Assert.Equal(ExternalKind.Memory, memory.Kind);
        Assert.Equal(1, memory.Grow(0));
    }

    [Fact]
    public void The_extern_type_of_a_memory_has_its_current_size_as_minimum()
    {
        using var store = new Store();
        var memory = store.CreateMemory(Memory(1, 5));
        memory.Grow(2);
        Assert.Equal(new Limits(3, 5), memory.ExternType.Memory!.Limits);
    }

    [Fact]
    public void Many_reserved_memories_can_be_created_and_freed()
    {
        // 4 GiB of address space each: cheap, and given back on disposal.
        for (int round = 0; round < 3; round++)
        {
            using var store = new Store();
            for (int i = 0; i < 200; i++) store.CreateMemory(Memory(1));
        }
    }

    [Fact]
    public void An_undisposed_store_gives_its_address_space_back_when_collected()
    {
        if (!OperatingSystem.IsLinux()) return; // VmSize is Linux's

        long before = VirtualSizeInKiB();
        CreateAndForget();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        long after = VirtualSizeInKiB();

        // 16 memories of 4 GiB each were reserved; well over half of that must be gone again.
        Assert.True(after - before < 32L * 1024 * 1024, $"VmSize grew by {(after - before) / 1024} MiB");

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        static void CreateAndForget()
        {
            var store = new Store();
            for (int i = 0; i < 16; i++) store.CreateMemory(Memory(1));
            Assert.True(VirtualSizeInKiB() > 60L * 1024 * 1024);
        }

        static long VirtualSizeInKiB() =>
            long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmSize:"))["VmSize:".Length..].Trim().Split(' ')[0]);
    }
}
