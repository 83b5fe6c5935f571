namespace MicroWasm.Wasi;

/// <summary>
/// An entry of the guest's descriptor table: what a WASI <c>$fd</c> number stands for, with its rights and flags.
/// Subclasses are the kinds of things a guest can hold: host files and directories, host-given streams, sockets.
/// </summary>
internal abstract class FileDescriptor : IDisposable
{
    /// <summary>The operations allowed on this descriptor.</summary>
    public Rights Base { get; set; }

    /// <summary>The most that descriptors opened through this one may be allowed.</summary>
    public Rights Inheriting { get; set; }

    public abstract Filetype Filetype { get; }

    /// <summary>Reads once, returning fewer bytes than asked only at the end of data or when more would block.</summary>
    public abstract Errno Read(Span<byte> buffer, out int read);

    public abstract Errno Write(ReadOnlySpan<byte> buffer, out int written);

    /// <summary>Whether a read would not block, and how many bytes are known to be available (poll_oneoff).</summary>
    public abstract bool IsReadReady(out ulong available);

    public abstract void Dispose();
}
