using MicroWasm.Text;

namespace MicroWasm.Tests.Text;

/// <summary>Helpers that let tests state expected binaries section by section.</summary>
internal static class TextTestSupport
{
    public static readonly byte[] Preamble = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00];

    /// <summary>The module's non-custom sections as (id, contents), in order.</summary>
    public static List<(byte Id, byte[] Contents)> Sections(byte[] module, bool includeCustom = false)
    {
        Assert.Equal(Preamble, module[..8]);
        var sections = new List<(byte, byte[])>();
        int pos = 8;
        while (pos < module.Length)
        {
            byte id = module[pos++];
            uint size = 0;
            for (int shift = 0; ; shift += 7)
            {
                byte b = module[pos++];
                size |= (uint)(b & 0x7F) << shift;
                if ((b & 0x80) == 0) break;
            }
            if (id != 0 || includeCustom) sections.Add((id, module[pos..(pos + (int)size)]));
            pos += (int)size;
        }
        return sections;
    }

    /// <summary>The contents of one section, failing if it is absent.</summary>
    public static byte[] Section(string wat, byte id)
    {
        var sections = Sections(WatParser.ParseModule(wat));
        foreach (var (sid, contents) in sections)
            if (sid == id) return contents;
        Assert.Fail($"no section {id}");
        return [];
    }

    /// <summary>The text does not parse, and the reason starts with <paramref name="reason"/>.</summary>
    public static void AssertMalformedText(string wat, string reason)
    {
        var error = Assert.Throws<MalformedModuleException>(() => WatParser.ParseModule(wat));
        Assert.StartsWith(reason, error.Reason);
    }

    /// <summary>The instruction bytes of the only function's body, without locals and the final end.</summary>
    public static byte[] Body(string wat)
    {
        var code = Section(wat, 10);
        // count=1, body size, local declaration count (0), ..., end
        Assert.Equal(1, code[0]);
        int pos = 1;
        while ((code[pos] & 0x80) != 0) pos++;
        pos++;
        Assert.Equal(0, code[pos]);
        return code[(pos + 1)..^1];
    }

    /// <summary>
    /// The shared spec test suite: <c>../shared/testsuite</c> next to the repository root (for a worktree
    /// nested deeper, the nearest such folder further up).
    /// </summary>
    public static string TestSuiteDirectory()
    {
        for (var dir = Directory.GetParent(RepositoryRoot()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "testsuite");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new InvalidOperationException("shared/testsuite not found next to " + RepositoryRoot());
    }

    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    /// <summary>The repository root: the first directory upwards that holds Runtime.sln.</summary>
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Runtime.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Runtime.sln not found above " + AppContext.BaseDirectory);
    }
}
