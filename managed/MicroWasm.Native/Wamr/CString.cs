using System.Runtime.InteropServices;
using System.Text;

namespace MicroWasm.Native.Wamr;

/// <summary>UTF-8 C strings in and out.</summary>
internal static unsafe class CString
{
    public static string? Read(byte* text) => text is null ? null : Marshal.PtrToStringUTF8((nint)text);

    /// <summary>Fills WAMR's <c>error_buf</c>: as much of <paramref name="message"/> as fits, always NUL-terminated.</summary>
    public static void WriteError(byte* buffer, uint size, string message)
    {
        if (buffer is null || size == 0) return;
        Copy(message, buffer, size);
    }

    /// <summary>Copies <paramref name="text"/> into <paramref name="buffer"/>, truncated to <paramref name="size"/> - 1 bytes
    /// on a character boundary, NUL-terminated. Returns the bytes written without the NUL.</summary>
    public static int Copy(string text, byte* buffer, uint size)
    {
        if (size == 0) return 0;
        var destination = new Span<byte>(buffer, (int)Math.Min(size - 1, int.MaxValue));
        int written = 0;
        var encoder = Encoding.UTF8.GetEncoder();
        encoder.Convert(text, destination, flush: true, out _, out written, out _);
        buffer[written] = 0;
        return written;
    }

    /// <summary>A NUL-terminated copy in native memory, freed with <see cref="Free"/>.</summary>
    public static byte* Allocate(string text)
    {
        int length = Encoding.UTF8.GetByteCount(text);
        var copy = (byte*)NativeMemory.Alloc((nuint)length + 1);
        Encoding.UTF8.GetBytes(text, new Span<byte>(copy, length));
        copy[length] = 0;
        return copy;
    }

    public static void Free(byte* text) => NativeMemory.Free(text);
}
