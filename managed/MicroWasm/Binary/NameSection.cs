namespace MicroWasm.Binary;

/// <summary>
/// The <c>name</c> custom section (spec 7.4): the module's name and function names. Debug
/// information only: per the spec, an implementation must not reject a module because this
/// section is malformed, so a bad section is ignored as a whole.
/// </summary>
internal static class NameSection
{
    private const byte ModuleNameId = 0;
    private const byte FunctionNamesId = 1;

    public static bool TryRead(ReadOnlySpan<byte> contents, out string? moduleName, out Dictionary<int, string>? functionNames)
    {
        moduleName = null;
        functionNames = null;
        try
        {
            var r = new ByteReader(contents);
            int lastId = -1;
            while (!r.AtEnd)
            {
                // Subsections appear at most once, in order of their ids (spec 7.4.1).
                byte id = r.ReadByte();
                if (id <= lastId) return Fail(out moduleName, out functionNames);
                lastId = id;
                int size = r.ReadLength();
                var sub = new ByteReader(r.ReadBytes(size));
                switch (id)
                {
                    case ModuleNameId:
                        moduleName = sub.ReadName();
                        break;
                    case FunctionNamesId:
                        functionNames = ReadNameMap(ref sub);
                        break;
                    default:
                        // Local names and the names of later proposals are not kept.
                        sub.Advance(sub.Remaining);
                        break;
                }
                if (!sub.AtEnd) return Fail(out moduleName, out functionNames);
            }
            return true;
        }
        catch (MalformedModuleException)
        {
            return Fail(out moduleName, out functionNames);
        }
    }

    // Spec 7.4.1: a name map is a vector of (index, name), indices in increasing order.
    private static Dictionary<int, string> ReadNameMap(ref ByteReader r)
    {
        int count = r.ReadLength();
        var names = new Dictionary<int, string>(count);
        long last = -1;
        for (int i = 0; i < count; i++)
        {
            uint index = r.ReadU32();
            if (index <= last)
                throw new MalformedModuleException("malformed name map", r.Position);
            last = index;
            string name = r.ReadName();
            if (index <= int.MaxValue)
                names[(int)index] = name;
        }
        return names;
    }

    private static bool Fail(out string? moduleName, out Dictionary<int, string>? functionNames)
    {
        moduleName = null;
        functionNames = null;
        return false;
    }
}
