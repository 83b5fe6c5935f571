namespace MicroWasm.Wasi;

// args_* and environ_*: the guest first asks the sizes, allocates, then asks for a table of pointers plus the strings.
public sealed partial class WasiContext
{
    internal Errno ArgsSizesGet(uint countPointer, uint bufferSizePointer) => SizesGet(_arguments, countPointer, bufferSizePointer);

    internal Errno ArgsGet(uint pointers, uint buffer) => StringsGet(_arguments, pointers, buffer);

    internal Errno EnvironSizesGet(uint countPointer, uint bufferSizePointer) => SizesGet(_environment, countPointer, bufferSizePointer);

    internal Errno EnvironGet(uint pointers, uint buffer) => StringsGet(_environment, pointers, buffer);

    private Errno SizesGet(byte[][] strings, uint countPointer, uint bufferSizePointer)
    {
        var memory = GuestMemory;
        long total = 0;
        foreach (var s in strings) total += s.Length;
        memory.WriteU32(countPointer, (uint)strings.Length);
        memory.WriteU32(bufferSizePointer, (uint)total);
        return Errno.Success;
    }

    private Errno StringsGet(byte[][] strings, uint pointers, uint buffer)
    {
        var memory = GuestMemory;
        // Check the whole destination first, so a bad pointer writes nothing.
        long total = 0;
        foreach (var s in strings) total += s.Length;
        if (total > uint.MaxValue) return Errno.Fault;
        memory.Slice(pointers, (uint)strings.Length * 4u);
        memory.Slice(buffer, (uint)total);
        uint address = buffer;
        for (int i = 0; i < strings.Length; i++)
        {
            memory.WriteU32(pointers + (uint)i * 4, address);
            strings[i].CopyTo(memory.Slice(address, (uint)strings[i].Length));
            address += (uint)strings[i].Length;
        }
        return Errno.Success;
    }
}
