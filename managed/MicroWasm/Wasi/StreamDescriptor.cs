namespace MicroWasm.Wasi;

/// <summary>
/// A .NET <see cref="Stream"/> given by the embedder, usually stdin, stdout or stderr. It is not seekable for the guest (even
/// when the stream is), as a terminal or pipe would not be, and it is a character device so that the guest's libc treats it
/// like one.
/// </summary>
internal sealed class StreamDescriptor(Stream stream, bool ownsStream) : FileDescriptor
{
    public Stream Stream { get; } = stream;
    public FdFlags Flags { get; set; }
    public override Filetype Filetype => Filetype.CharacterDevice;

    public override Errno Read(Span<byte> buffer, out int read)
    {
        read = 0;
        if (!Stream.CanRead) return Errno.Badf;
        try
        {
            read = Stream.Read(buffer);
            return Errno.Success;
        }
        catch (IOException)
        {
            return Errno.Io;
        }
    }

    public override Errno Write(ReadOnlySpan<byte> buffer, out int written)
    {
        written = 0;
        if (!Stream.CanWrite) return Errno.Badf;
        try
        {
            Stream.Write(buffer);
            // The guest's libc buffers already; flushing here keeps stdout and stderr in the order the guest wrote them.
            Stream.Flush();
            written = buffer.Length;
            return Errno.Success;
        }
        catch (IOException)
        {
            return Errno.Io;
        }
    }

    public override bool IsReadReady(out ulong available)
    {
        available = Stream.CanSeek ? (ulong)Math.Max(0, Stream.Length - Stream.Position) : 0;
        return true;
    }

    public override void Dispose()
    {
        if (ownsStream) Stream.Dispose();
    }
}
