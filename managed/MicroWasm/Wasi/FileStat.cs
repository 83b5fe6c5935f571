namespace MicroWasm.Wasi;

/// <summary>witx <c>$filestat</c>: what fd_filestat_get and path_filestat_get report. Times are nanoseconds since the Unix epoch.</summary>
public readonly record struct FileStat(
    ulong Device, ulong Inode, Filetype Filetype, ulong LinkCount, ulong Size,
    ulong AccessTime, ulong ModificationTime, ulong StatusChangeTime)
{
    /// <summary>The size of witx <c>$filestat</c> in guest memory.</summary>
    public const int Size32 = 64;

    internal void WriteTo(GuestMemory memory, uint address)
    {
        var bytes = memory.Slice(address, Size32);
        bytes.Clear();
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes, Device);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes[8..], Inode);
        bytes[16] = (byte)Filetype;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes[24..], LinkCount);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes[32..], Size);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes[40..], AccessTime);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes[48..], ModificationTime);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes[56..], StatusChangeTime);
    }
}

/// <summary>One entry of a directory listing, before it becomes a witx <c>$dirent</c>.</summary>
internal readonly record struct DirectoryEntry(string Name, ulong Inode, Filetype Filetype);
