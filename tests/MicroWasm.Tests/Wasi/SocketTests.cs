using System.Net;
using System.Net.Sockets;
using System.Text;
using MicroWasm.Wasi;

namespace MicroWasm.Tests.Wasi;

/// <summary>sock_* on a listening socket the host hands in (descriptor 4, after the preopen).</summary>
public class SocketTests
{
    private const uint Listener = 4;

    private static (WasiHarness H, Socket Client, uint Connection) Accept()
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var h = new WasiHarness(c => c.WithSocket(listener));
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(listener.LocalEndPoint!);
        uint fd = h.Alloc(4);
        Assert.Equal(Errno.Success, h.Call("sock_accept", Listener, 0, fd));
        return (h, client, h.U32(fd));
    }

    [Fact]
    public void Sock_accept_gives_a_connected_stream_socket()
    {
        var (h, client, connection) = Accept();
        using var _ = h;
        using var __ = client;
        uint stat = h.Alloc(24);
        Assert.Equal(Errno.Success, h.Call("fd_fdstat_get", connection, stat));
        Assert.Equal((byte)Filetype.SocketStream, h.Bytes(stat, 1)[0]);
        Assert.Equal(Errno.Inval, h.Call("sock_accept", Listener, 0x10, h.Alloc(4)));
    }

    [Fact]
    public void Sock_send_and_sock_recv_move_bytes()
    {
        var (h, client, connection) = Accept();
        using var _ = h;
        using var __ = client;
        uint sent = h.Alloc(4);
        Assert.Equal(Errno.Success, h.Call("sock_send", connection, h.Iovec("ping"u8.ToArray()), 1, 0, sent));
        Assert.Equal(4u, h.U32(sent));
        var buffer = new byte[4];
        Assert.Equal(4, client.Receive(buffer));
        Assert.Equal("ping", Encoding.UTF8.GetString(buffer));

        client.Send("pong"u8);
        uint data = h.Alloc(4), received = h.Alloc(4), roflags = h.Alloc(2);
        Assert.Equal(Errno.Success, h.Call("sock_recv", connection, h.Iovec(data, 4), 1, (long)(RiFlags.RecvPeek | RiFlags.RecvWaitall), received, roflags));
        Assert.Equal(Errno.Success, h.Call("sock_recv", connection, h.Iovec(data, 4), 1, (long)RiFlags.RecvWaitall, received, roflags));
        Assert.Equal("pong", Encoding.UTF8.GetString(h.Bytes(data, (int)h.U32(received))));
        Assert.Equal(0, h.Memory.Read<ushort>(roflags));
    }

    [Fact]
    public void Sock_shutdown_ends_the_stream_for_the_peer()
    {
        var (h, client, connection) = Accept();
        using var _ = h;
        using var __ = client;
        Assert.Equal(Errno.Inval, h.Call("sock_shutdown", connection, 0));
        Assert.Equal(Errno.Success, h.Call("sock_shutdown", connection, (long)SdFlags.Wr));
        Assert.Equal(0, client.Receive(new byte[1]));
    }

    [Fact]
    public void Sock_functions_on_other_descriptors_are_enotsock()
    {
        using var h = new WasiHarness();
        Assert.Equal(Errno.NotSock, h.Call("sock_recv", 0, h.Iovec(h.Alloc(4), 4), 1, 0, h.Alloc(4), h.Alloc(2)));
        Assert.Equal(Errno.NotSock, h.Call("sock_send", 1, h.Iovec(h.Alloc(4), 4), 1, 0, h.Alloc(4)));
        Assert.Equal(Errno.Badf, h.Call("sock_shutdown", 9, 3));
        // Not a socket comes before the rights, which files and stdio lack anyway.
        Assert.Equal(Errno.NotSock, h.Call("sock_shutdown", 1, 3));
        Assert.Equal(Errno.NotSock, h.Call("sock_shutdown", 3, 3));
        File.WriteAllText(Path.Combine(h.SandboxPath, "f"), "");
        Assert.Equal(Errno.NotSock, h.Call("sock_shutdown", h.Open("f").Fd, 3));
        Assert.Equal(Errno.NotSock, h.Call("sock_accept", 3, 0, h.Alloc(4)));
    }
}
