using System.Net.Sockets;

namespace MicroWasm.Wasi;

/// <summary>A socket the embedder handed to the guest (preview1 cannot create sockets), or one accepted from it.</summary>
internal sealed class SocketDescriptor(Socket socket) : FileDescriptor
{
    public Socket Socket { get; } = socket;

    public override Filetype Filetype => Socket.SocketType == SocketType.Dgram ? Filetype.SocketDgram : Filetype.SocketStream;

    public override Errno Read(Span<byte> buffer, out int read) => Receive(buffer, SocketFlags.None, out read);

    public Errno Receive(Span<byte> buffer, SocketFlags flags, out int read)
    {
        read = 0;
        try
        {
            read = Socket.Receive(buffer, flags);
            return Errno.Success;
        }
        catch (SocketException e)
        {
            return ErrnoOf(e);
        }
        catch (ObjectDisposedException)
        {
            return Errno.Badf;
        }
    }

    public override Errno Write(ReadOnlySpan<byte> buffer, out int written)
    {
        written = 0;
        try
        {
            written = Socket.Send(buffer);
            return Errno.Success;
        }
        catch (SocketException e)
        {
            return ErrnoOf(e);
        }
        catch (ObjectDisposedException)
        {
            return Errno.Badf;
        }
    }

    public override bool IsReadReady(out ulong available)
    {
        available = (ulong)Math.Max(0, Socket.Available);
        return Socket.Poll(0, SelectMode.SelectRead);
    }

    public bool IsWriteReady() => Socket.Poll(0, SelectMode.SelectWrite);

    public static Errno ErrnoOf(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.WouldBlock => Errno.Again,
        SocketError.ConnectionReset => Errno.ConnReset,
        SocketError.ConnectionAborted => Errno.ConnAborted,
        SocketError.ConnectionRefused => Errno.ConnRefused,
        SocketError.NotConnected => Errno.NotConn,
        SocketError.Shutdown => Errno.Pipe,
        SocketError.InvalidArgument => Errno.Inval,
        SocketError.TimedOut => Errno.TimedOut,
        SocketError.OperationNotSupported => Errno.NotSup,
        SocketError.MessageSize => Errno.MsgSize,
        SocketError.Interrupted => Errno.Intr,
        _ => Errno.Io,
    };

    public override void Dispose() => Socket.Dispose();
}
