using System.Runtime.InteropServices;

namespace MicroWasm.Native.Wamr;

/// <summary>
/// One of the host's standard descriptors (0, 1, 2) as a <see cref="Stream"/> for WASI: read(2) and write(2) on the
/// descriptor, at its own offset, unbuffered, without owning it. It stands in for <c>Console.OpenStandardInput</c> and
/// the like, which behave the same here but keep System.Console's terminal code in the library (about 150 KB with
/// what it uses of CoreLib, issue 15). Unix only (libc); Windows keeps the console streams.
/// </summary>
/// <remarks>As the console streams do, a write to a closed pipe (EPIPE) is dropped rather than failed.</remarks>
internal sealed unsafe partial class DescriptorStream(int descriptor, FileAccess access) : Stream
{
    private const int Eintr = 4;
    private const int Epipe = 32;

    public override bool CanRead => access == FileAccess.Read;
    public override bool CanWrite => access == FileAccess.Write;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (!CanRead) throw new NotSupportedException();
        fixed (byte* p = buffer)
        {
            while (true)
            {
                nint n = read(descriptor, p, buffer.Length);
                if (n >= 0) return (int)n;
                int errno = Marshal.GetLastPInvokeError();
                if (errno != Eintr) throw new IOException($"read from descriptor {descriptor} failed (errno {errno})");
            }
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (!CanWrite) throw new NotSupportedException();
        fixed (byte* p = buffer)
        {
            int done = 0;
            while (done < buffer.Length)
            {
                nint n = write(descriptor, p + done, buffer.Length - done);
                if (n >= 0)
                {
                    done += (int)n;
                    continue;
                }
                int errno = Marshal.GetLastPInvokeError();
                if (errno == Epipe) return;
                if (errno != Eintr) throw new IOException($"write to descriptor {descriptor} failed (errno {errno})");
            }
        }
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint read(int fd, byte* buffer, nint count);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint write(int fd, byte* buffer, nint count);
}
