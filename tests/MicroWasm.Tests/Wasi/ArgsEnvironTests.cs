using System.Text;
using MicroWasm.Wasi;

namespace MicroWasm.Tests.Wasi;

public class ArgsEnvironTests
{
    [Fact]
    public void Args_sizes_and_strings_are_nul_terminated_utf8()
    {
        using var h = new WasiHarness(c => c.WithArguments("prog", "héllo", ""));
        uint count = h.Alloc(4), size = h.Alloc(4);
        Assert.Equal(Errno.Success, h.Call("args_sizes_get", count, size));
        Assert.Equal(3u, h.U32(count));
        Assert.Equal((uint)("prog".Length + 1 + Encoding.UTF8.GetByteCount("héllo") + 1 + 1), h.U32(size));

        uint argv = h.Alloc(12), buffer = h.Alloc(h.U32(size));
        Assert.Equal(Errno.Success, h.Call("args_get", argv, buffer));
        Assert.Equal(buffer, h.U32(argv));
        Assert.Equal("prog\0héllo\0\0", Encoding.UTF8.GetString(h.Bytes(buffer, (int)h.U32(size))));
        Assert.Equal(buffer + 5, h.U32(argv + 4));
        Assert.Equal(buffer + 12, h.U32(argv + 8));
    }

    [Fact]
    public void Environ_gives_name_equals_value_entries()
    {
        using var h = new WasiHarness(c => c.WithEnvironment("A", "1").WithEnvironment("PATH", "/bin"));
        uint count = h.Alloc(4), size = h.Alloc(4);
        Assert.Equal(Errno.Success, h.Call("environ_sizes_get", count, size));
        Assert.Equal(2u, h.U32(count));
        Assert.Equal(14u, h.U32(size));
        uint env = h.Alloc(8), buffer = h.Alloc(14);
        Assert.Equal(Errno.Success, h.Call("environ_get", env, buffer));
        Assert.Equal("A=1\0PATH=/bin\0", Encoding.UTF8.GetString(h.Bytes(buffer, 14)));
        Assert.Equal(buffer + 4, h.U32(env + 4));
    }

    [Theory]
    [InlineData("args_sizes_get")]
    [InlineData("args_get")]
    [InlineData("environ_sizes_get")]
    [InlineData("environ_get")]
    public void Pointers_outside_memory_are_efault(string function)
    {
        using var h = new WasiHarness(c => c.WithArguments("prog").WithEnvironment("A", "1"));
        Assert.Equal(Errno.Fault, h.Call(function, 2 * 65536 - 2, 16));
        Assert.Equal(Errno.Fault, h.Call(function, 16, -1));
    }
}
