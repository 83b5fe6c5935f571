using System.Buffers.Binary;
using System.Text;

namespace MicroWasm.Wasi;

// fd_*: operations on a descriptor the guest holds.
public sealed partial class WasiContext
{
    internal Errno FdAdvise(uint fd, ulong offset, ulong length, uint advice)
    {
        var file = GetHost(fd, Rights.FdAdvise);
        if (advice > (uint)Advice.NoReuse) return Errno.Inval;
        if (file.IsDirectory) return Errno.Success; // Advice is a hint; a directory has no data to advise on.
        return file.FileSystem.Advise(file.Handle, offset, length, (Advice)advice);
    }

    internal Errno FdAllocate(uint fd, ulong offset, ulong length)
    {
        var file = GetHost(fd, Rights.FdAllocate);
        if (offset > long.MaxValue || length > long.MaxValue || offset + length > long.MaxValue) return Errno.Fbig;
        if (length == 0) return Errno.Inval;
        return file.FileSystem.Allocate(file.Handle, offset, length);
    }

    internal Errno FdClose(uint fd)
    {
        var descriptor = Get(fd, Rights.None);
        _descriptors.Remove(fd);
        descriptor.Dispose();
        return Errno.Success;
    }

    internal Errno FdDatasync(uint fd)
    {
        var file = GetHost(fd, Rights.FdDatasync);
        return file.FileSystem.DataSync(file.Handle);
    }

    internal Errno FdSync(uint fd)
    {
        var file = GetHost(fd, Rights.FdSync);
        return file.FileSystem.Sync(file.Handle);
    }

    /// <summary>fd_fdstat_get writes witx <c>$fdstat</c>: filetype u8 @0, flags u16 @2, rights u64 @8, inheriting u64 @16.</summary>
    internal Errno FdFdstatGet(uint fd, uint statPointer)
    {
        var descriptor = Get(fd, Rights.None);
        FdFlags flags = FdFlags.None;
        switch (descriptor)
        {
            case HostDescriptor host:
                Check(host.FileSystem.GetFlags(host.Handle, out flags));
                break;
            case StreamDescriptor stream:
                flags = stream.Flags;
                break;
            case SocketDescriptor socket:
                flags = socket.Socket.Blocking ? FdFlags.None : FdFlags.NonBlock;
                break;
        }
        var bytes = GuestMemory.Slice(statPointer, 24);
        bytes.Clear();
        bytes[0] = (byte)descriptor.Filetype;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes[2..], (ushort)flags);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[8..], (ulong)descriptor.Base);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[16..], (ulong)descriptor.Inheriting);
        return Errno.Success;
    }

    internal Errno FdFdstatSetFlags(uint fd, uint flags)
    {
        var descriptor = Get(fd, Rights.FdFdstatSetFlags);
        if (flags > 0x1f) return Errno.Inval;
        var fdflags = (FdFlags)flags;
        switch (descriptor)
        {
            case HostDescriptor host:
                return host.FileSystem.SetFlags(host.Handle, fdflags);
            case StreamDescriptor stream:
                // A stream's writes go to its end already, and it never blocks the guest longer than the host's stream does.
                if ((fdflags & ~(FdFlags.Append | FdFlags.NonBlock)) != 0) return Errno.NotSup;
                stream.Flags = fdflags;
                return Errno.Success;
            case SocketDescriptor socket:
                if ((fdflags & ~FdFlags.NonBlock) != 0) return Errno.NotSup;
                socket.Socket.Blocking = !fdflags.HasFlag(FdFlags.NonBlock);
                return Errno.Success;
            default:
                return Errno.Badf;
        }
    }

    /// <summary>fd_fdstat_set_rights can only take rights away (witx: "can only be used to reduce").</summary>
    internal Errno FdFdstatSetRights(uint fd, ulong rightsBase, ulong rightsInheriting)
    {
        var descriptor = Get(fd, Rights.None);
        var newBase = (Rights)rightsBase;
        var newInheriting = (Rights)rightsInheriting;
        if ((newBase & ~descriptor.Base) != 0 || (newInheriting & ~descriptor.Inheriting) != 0) return Errno.NotCapable;
        descriptor.Base = newBase;
        descriptor.Inheriting = newInheriting;
        return Errno.Success;
    }

    internal Errno FdFilestatGet(uint fd, uint statPointer)
    {
        var descriptor = Get(fd, Rights.FdFilestatGet);
        FileStat stat;
        if (descriptor is HostDescriptor host) Check(host.FileSystem.Stat(host.Handle, out stat));
        else stat = new FileStat(0, 0, descriptor.Filetype, 1, 0, 0, 0, 0);
        stat.WriteTo(GuestMemory, statPointer);
        return Errno.Success;
    }

    internal Errno FdFilestatSetSize(uint fd, ulong size)
    {
        var file = GetHost(fd, Rights.FdFilestatSetSize);
        if (size > long.MaxValue) return Errno.Fbig;
        return file.FileSystem.SetSize(file.Handle, size);
    }

    internal Errno FdFilestatSetTimes(uint fd, ulong accessTime, ulong modificationTime, uint flags)
    {
        var file = GetHost(fd, Rights.FdFilestatSetTimes);
        if (!ValidTimeFlags(flags)) return Errno.Inval;
        return file.FileSystem.SetTimes(file.Handle, accessTime, modificationTime, (FstFlags)flags);
    }

    /// <summary>A time may be set to a value or to now, not both (witx <c>$fstflags</c>).</summary>
    private static bool ValidTimeFlags(uint flags)
    {
        var f = (FstFlags)flags;
        return flags <= 0xf
            && !(f.HasFlag(FstFlags.Atim) && f.HasFlag(FstFlags.AtimNow))
            && !(f.HasFlag(FstFlags.Mtim) && f.HasFlag(FstFlags.MtimNow));
    }

    internal Errno FdRead(uint fd, uint iovs, uint iovsLength, uint readPointer)
    {
        var descriptor = Get(fd, Rights.FdRead);
        if (descriptor is HostDescriptor { IsDirectory: true }) return Errno.IsDir;
        return TransferIovecs(iovs, iovsLength, readPointer,
            (Span<byte> buffer, ulong _, out int read) => descriptor.Read(buffer, out read));
    }

    internal Errno FdWrite(uint fd, uint iovs, uint iovsLength, uint writtenPointer)
    {
        var descriptor = Get(fd, Rights.FdWrite);
        if (descriptor is HostDescriptor { IsDirectory: true }) return Errno.IsDir;
        return TransferIovecs(iovs, iovsLength, writtenPointer,
            (Span<byte> buffer, ulong _, out int written) => descriptor.Write(buffer, out written));
    }

    internal Errno FdPread(uint fd, uint iovs, uint iovsLength, ulong offset, uint readPointer)
    {
        var descriptor = Get(fd, Rights.FdRead | Rights.FdSeek);
        if (descriptor is not HostDescriptor file) return Errno.Spipe;
        if (file.IsDirectory) return Errno.IsDir;
        if (offset > long.MaxValue) return Errno.Inval;
        return TransferIovecs(iovs, iovsLength, readPointer,
            (Span<byte> buffer, ulong done, out int read) => file.FileSystem.ReadAt(file.Handle, buffer, offset + done, out read));
    }

    internal Errno FdPwrite(uint fd, uint iovs, uint iovsLength, ulong offset, uint writtenPointer)
    {
        var descriptor = Get(fd, Rights.FdWrite | Rights.FdSeek);
        if (descriptor is not HostDescriptor file) return Errno.Spipe;
        if (file.IsDirectory) return Errno.IsDir;
        if (offset > long.MaxValue) return Errno.Inval;
        return TransferIovecs(iovs, iovsLength, writtenPointer,
            (Span<byte> buffer, ulong done, out int written) => file.FileSystem.WriteAt(file.Handle, buffer, offset + done, out written));
    }

    /// <summary>One transfer of a scatter/gather call: <paramref name="done"/> bytes were moved before this buffer.</summary>
    private delegate Errno IovecTransfer(Span<byte> buffer, ulong done, out int transferred);

    /// <summary>
    /// The loop of fd_read, fd_write, fd_pread and fd_pwrite over the guest's iovecs: it stops at the first short
    /// transfer (end of data, or more would block), reports the bytes moved before an error (the error recurs on the
    /// next call), and never counts past u32, the type of the count it writes to <paramref name="countPointer"/>.
    /// </summary>
    private Errno TransferIovecs(uint iovs, uint iovsLength, uint countPointer, IovecTransfer transfer)
    {
        var memory = GuestMemory;
        var iovecs = memory.ReadIovecs(iovs, iovsLength);
        memory.Slice(countPointer, 4); // EFAULT before any transfer, not after.
        ulong total = 0;
        foreach (var (address, length) in iovecs)
        {
            if (total + length > uint.MaxValue) break;
            var error = transfer(memory.Slice(address, length), total, out int transferred);
            if (error != Errno.Success)
            {
                if (total > 0) break;
                return error;
            }
            total += (uint)transferred;
            if (transferred < length) break;
        }
        memory.WriteU32(countPointer, (uint)total);
        return Errno.Success;
    }

    /// <summary>fd_prestat_get writes witx <c>$prestat</c>: tag u8 @0 (0 = dir), name length u32 @4.</summary>
    internal Errno FdPrestatGet(uint fd, uint prestatPointer)
    {
        if (!_descriptors.TryGetValue(fd, out var descriptor) || descriptor is not HostDescriptor { PreopenName: { } name })
            return Errno.Badf; // wasi-libc enumerates preopens from fd 3 until EBADF.
        var bytes = GuestMemory.Slice(prestatPointer, 8);
        bytes.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[4..], (uint)Encoding.UTF8.GetByteCount(name));
        return Errno.Success;
    }

    internal Errno FdPrestatDirName(uint fd, uint pathPointer, uint pathLength)
    {
        if (!_descriptors.TryGetValue(fd, out var descriptor) || descriptor is not HostDescriptor { PreopenName: { } name })
            return Errno.Badf;
        var bytes = Encoding.UTF8.GetBytes(name);
        if (pathLength < bytes.Length) return Errno.NameTooLong;
        bytes.CopyTo(GuestMemory.Slice(pathPointer, (uint)bytes.Length));
        return Errno.Success;
    }

    /// <summary>
    /// fd_readdir fills the buffer with witx <c>$dirent</c> headers (next cookie u64 @0, inode u64 @8, name length u32 @16,
    /// type u8 @20; 24 bytes) each followed by its name, starting after <paramref name="cookie"/> entries. The last entry may be
    /// cut off: a full buffer tells the guest to call again with a larger one or a later cookie.
    /// </summary>
    internal Errno FdReaddir(uint fd, uint buffer, uint bufferLength, ulong cookie, uint usedPointer)
    {
        var directory = GetHost(fd, Rights.FdReaddir);
        if (!directory.IsDirectory) return Errno.NotDir;
        var memory = GuestMemory;
        var destination = memory.Slice(buffer, bufferLength);
        memory.Slice(usedPointer, 4);
        var entries = new List<DirectoryEntry>();
        Check(directory.FileSystem.ReadDirectory(directory.Handle, entries));

        int used = 0;
        Span<byte> header = stackalloc byte[24];
        for (ulong index = cookie; index < (ulong)entries.Count && used < destination.Length; index++)
        {
            var entry = entries[(int)index];
            var name = Encoding.UTF8.GetBytes(entry.Name);
            header.Clear();
            BinaryPrimitives.WriteUInt64LittleEndian(header, index + 1);
            BinaryPrimitives.WriteUInt64LittleEndian(header[8..], entry.Inode);
            BinaryPrimitives.WriteUInt32LittleEndian(header[16..], (uint)name.Length);
            header[20] = (byte)entry.Filetype;
            used += CopyTruncated(header, destination[used..]);
            used += CopyTruncated(name, destination[used..]);
        }
        memory.WriteU32(usedPointer, (uint)used);
        return Errno.Success;
    }

    private static int CopyTruncated(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int n = Math.Min(source.Length, destination.Length);
        source[..n].CopyTo(destination);
        return n;
    }

    /// <summary>fd_renumber: <paramref name="to"/> is closed and replaced by <paramref name="fd"/>; both must be open.</summary>
    internal Errno FdRenumber(uint fd, uint to)
    {
        var descriptor = Get(fd, Rights.None);
        var target = Get(to, Rights.None);
        if (fd == to) return Errno.Success;
        target.Dispose();
        _descriptors[to] = descriptor;
        _descriptors.Remove(fd);
        return Errno.Success;
    }

    internal Errno FdSeek(uint fd, long offset, uint whence, uint newOffsetPointer)
    {
        // Asking where we are is fd_tell's right; moving is fd_seek's.
        var rights = offset == 0 && whence == (uint)Whence.Cur ? Rights.FdTell : Rights.FdSeek;
        var descriptor = Get(fd, rights);
        if (whence > (uint)Whence.End) return Errno.Inval;
        if (descriptor is not HostDescriptor file) return Errno.Spipe;
        if (file.IsDirectory) return Errno.IsDir;
        GuestMemory.Slice(newOffsetPointer, 8);
        Check(file.FileSystem.Seek(file.Handle, offset, (Whence)whence, out ulong position));
        GuestMemory.WriteU64(newOffsetPointer, position);
        return Errno.Success;
    }

    internal Errno FdTell(uint fd, uint offsetPointer)
    {
        var descriptor = Get(fd, Rights.FdTell);
        if (descriptor is not HostDescriptor file) return Errno.Spipe;
        GuestMemory.Slice(offsetPointer, 8);
        Check(file.FileSystem.Seek(file.Handle, 0, Whence.Cur, out ulong position));
        GuestMemory.WriteU64(offsetPointer, position);
        return Errno.Success;
    }
}
