using System.Net.Sockets;

namespace MicroWasm.Wasi;

// sock_*: preview1 works only on sockets the embedder handed in (it has no socket or connect).
public sealed partial class WasiContext
{
    /// <summary>
    /// A socket: EBADF when there is no such descriptor, ENOTSOCK for any other kind (a file, a directory, stdio) before
    /// its rights are looked at, as Linux and Wasmtime answer; ENOTCAPABLE for a socket that lacks the rights.
    /// </summary>
    private SocketDescriptor GetSocket(uint fd, Rights rights)
    {
        if (!_descriptors.TryGetValue(fd, out var descriptor)) throw new WasiErrnoException(Errno.Badf);
        if (descriptor is not SocketDescriptor) throw new WasiErrnoException(Errno.NotSock);
        return (SocketDescriptor)Get(fd, rights);
    }

    internal Errno SockAccept(uint fd, uint flags, uint fdPointer)
    {
        var listener = GetSocket(fd, Rights.SockAccept);
        if ((flags & ~(uint)FdFlags.NonBlock) != 0) return Errno.Inval;
        GuestMemory.Slice(fdPointer, 4);
        Socket accepted;
        try
        {
            if (!listener.Socket.Blocking && !listener.Socket.Poll(0, SelectMode.SelectRead)) return Errno.Again;
            accepted = listener.Socket.Accept();
        }
        catch (SocketException e)
        {
            return SocketDescriptor.ErrnoOf(e);
        }
        catch (InvalidOperationException)
        {
            return Errno.Inval; // Not listening.
        }
        accepted.Blocking = (flags & (uint)FdFlags.NonBlock) == 0;
        var rights = Rights.Socket & ~Rights.SockAccept;
        GuestMemory.WriteU32(fdPointer, Add(new SocketDescriptor(accepted) { Base = rights, Inheriting = rights }));
        return Errno.Success;
    }

    /// <summary>sock_recv: like fd_read into the iovecs, with MSG_PEEK and MSG_WAITALL; writes the byte count and roflags (0).</summary>
    internal Errno SockRecv(uint fd, uint iovs, uint iovsLength, uint riFlags, uint lengthPointer, uint roFlagsPointer)
    {
        var socket = GetSocket(fd, Rights.FdRead);
        if ((riFlags & ~3u) != 0) return Errno.Inval;
        var flags = (RiFlags)riFlags;
        var memory = GuestMemory;
        var iovecs = memory.ReadIovecs(iovs, iovsLength);
        memory.Slice(lengthPointer, 4);
        memory.Slice(roFlagsPointer, 2);
        var socketFlags = flags.HasFlag(RiFlags.RecvPeek) ? SocketFlags.Peek : SocketFlags.None;
        ulong total = 0;
        foreach (var (address, length) in iovecs)
        {
            if (total + length > uint.MaxValue) break; // The count returned is a u32.
            var buffer = memory.Slice(address, length);
            int filled = 0;
            do
            {
                var error = socket.Receive(buffer[filled..], socketFlags, out int read);
                if (error != Errno.Success)
                {
                    if (total + (ulong)filled > 0) break;
                    return error;
                }
                filled += read;
                if (read == 0) break; // The peer shut down.
            } while (flags.HasFlag(RiFlags.RecvWaitall) && filled < buffer.Length && !flags.HasFlag(RiFlags.RecvPeek));
            total += (ulong)filled;
            if (filled < buffer.Length) break;
        }
        memory.WriteU32(lengthPointer, (uint)total);
        memory.WriteU16(roFlagsPointer, 0);
        return Errno.Success;
    }

    internal Errno SockSend(uint fd, uint iovs, uint iovsLength, uint siFlags, uint lengthPointer)
    {
        var socket = GetSocket(fd, Rights.FdWrite);
        if (siFlags != 0) return Errno.Inval; // witx $siflags defines no flags.
        var memory = GuestMemory;
        var iovecs = memory.ReadIovecs(iovs, iovsLength);
        memory.Slice(lengthPointer, 4);
        ulong total = 0;
        foreach (var (address, length) in iovecs)
        {
            if (total + length > uint.MaxValue) break; // The count returned is a u32.
            var error = socket.Write(memory.Slice(address, length), out int written);
            if (error != Errno.Success)
            {
                if (total > 0) break;
                return error;
            }
            total += (uint)written;
            if (written < length) break;
        }
        memory.WriteU32(lengthPointer, (uint)total);
        return Errno.Success;
    }

    internal Errno SockShutdown(uint fd, uint how)
    {
        var socket = GetSocket(fd, Rights.SockShutdown);
        var mode = (SdFlags)how switch
        {
            SdFlags.Rd => SocketShutdown.Receive,
            SdFlags.Wr => SocketShutdown.Send,
            SdFlags.Rd | SdFlags.Wr => SocketShutdown.Both,
            _ => (SocketShutdown?)null,
        };
        if (mode is null) return Errno.Inval;
        try
        {
            socket.Socket.Shutdown(mode.Value);
            return Errno.Success;
        }
        catch (SocketException e)
        {
            return SocketDescriptor.ErrnoOf(e);
        }
    }
}
