using System.Buffers.Binary;
using System.Text;
using MicroWasm.Runtime;

namespace MicroWasm.Wasi;

/// <summary>
/// The guest's linear memory as WASI functions see it: every pointer and length the guest passes is checked here, and
/// one out of bounds becomes <see cref="Errno.Fault"/> (through <see cref="GuestFaultException"/>), never a host crash.
/// </summary>
/// <remarks>Pointers are wasm32 addresses (u32). Spans are valid until the memory grows, which no WASI call does.</remarks>
internal readonly struct GuestMemory
{
    private readonly MemoryInstance _memory;

    public GuestMemory(MemoryInstance memory) => _memory = memory;

    public Span<byte> Slice(uint address, uint length)
    {
        ulong size = _memory.SizeInBytes;
        if ((ulong)address + length > size || length > int.MaxValue) throw new GuestFaultException();
        return _memory.GetSpan(address, (int)length);
    }

    public byte ReadU8(uint address) => Slice(address, 1)[0];
    public ushort ReadU16(uint address) => BinaryPrimitives.ReadUInt16LittleEndian(Slice(address, 2));
    public uint ReadU32(uint address) => BinaryPrimitives.ReadUInt32LittleEndian(Slice(address, 4));
    public ulong ReadU64(uint address) => BinaryPrimitives.ReadUInt64LittleEndian(Slice(address, 8));

    public void WriteU8(uint address, byte value) => Slice(address, 1)[0] = value;
    public void WriteU16(uint address, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Slice(address, 2), value);
    public void WriteU32(uint address, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Slice(address, 4), value);
    public void WriteU64(uint address, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Slice(address, 8), value);

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// A path or name the guest passes: UTF-8 (WASI strings are), without NUL (the host's calls could not carry it).
    /// </summary>
    /// <exception cref="WasiErrnoException">EILSEQ for invalid UTF-8, EINVAL for an embedded NUL.</exception>
    public string ReadString(uint address, uint length)
    {
        var bytes = Slice(address, length);
        if (bytes.IndexOf((byte)0) >= 0) throw new WasiErrnoException(Errno.Inval);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new WasiErrnoException(Errno.Ilseq);
        }
    }

    /// <summary>
    /// The guest's scatter/gather list (witx <c>$iovec_array</c>/<c>$ciovec_array</c>: pairs of u32 pointer and length),
    /// checked in full before any byte moves, so a bad entry fails the call without a partial transfer.
    /// </summary>
    public (uint Address, uint Length)[] ReadIovecs(uint address, uint count)
    {
        if (count > int.MaxValue / 8) throw new GuestFaultException();
        var table = Slice(address, count * 8u);
        var iovecs = new (uint, uint)[count];
        for (int i = 0; i < iovecs.Length; i++)
        {
            uint buf = BinaryPrimitives.ReadUInt32LittleEndian(table[(i * 8)..]);
            uint len = BinaryPrimitives.ReadUInt32LittleEndian(table[(i * 8 + 4)..]);
            Slice(buf, len);
            iovecs[i] = (buf, len);
        }
        return iovecs;
    }
}

/// <summary>A guest pointer or length reached outside its memory; the WASI call returns EFAULT.</summary>
internal sealed class GuestFaultException() : WasiErrnoException(Errno.Fault);

/// <summary>Ends a WASI call early with an errno; the binding returns it to the guest. Never escapes to the embedder.</summary>
internal class WasiErrnoException(Errno errno) : Exception($"WASI error {errno}")
{
    public Errno Errno { get; } = errno;
}
