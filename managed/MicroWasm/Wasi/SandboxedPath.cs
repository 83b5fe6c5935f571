using System.Text;

namespace MicroWasm.Wasi;

/// <summary>
/// Resolves a guest path inside a directory descriptor, one component at a time, so that it never leaves that directory:
/// <list type="bullet">
/// <item>absolute paths are refused with <see cref="Errno.NotCapable"/> (as are absolute symbolic link targets): a guest
/// names files only relative to a descriptor it holds;</item>
/// <item>".." pops a directory this walk entered; at the starting directory it is <see cref="Errno.NotCapable"/>;</item>
/// <item>a symbolic link is expanded here, in place, under the same rules, so a link whose target climbs out fails
/// like the path would; the last component is expanded only when the caller follows links (lookupflags SYMLINK_FOLLOW);</item>
/// <item>every directory is opened relative to the previous one without following links (see <see cref="IHostFileSystem"/>),
/// so a link swapped in after the check makes the walk fail rather than escape.</item>
/// </list>
/// </summary>
internal static class SandboxedPath
{
    /// <summary>Links expanded in one walk before it fails with ELOOP, as Linux's limit.</summary>
    private const int MaxSymlinkExpansions = 40;

    /// <summary>
    /// Walks <paramref name="path"/> from <paramref name="root"/> to the directory holding its last component.
    /// On success <paramref name="parent"/> is a new host handle the caller must close, and <paramref name="name"/> a single
    /// component ("." when the path names the directory itself), without the trailing slashes.
    /// </summary>
    /// Out <c>mustBeDirectory</c> is set when the path (or the link its last component expands to) ends with '/', which
    /// asks for a directory: the caller fails with ENOTDIR when the name is something else.
    public static Errno Resolve(IHostFileSystem fs, long root, string path, bool followLast,
        out long parent, out string name, out bool mustBeDirectory)
    {
        parent = -1;
        name = ".";
        mustBeDirectory = path.EndsWith('/');
        if (path.Length == 0) return Errno.NoEnt;
        if (path[0] == '/') return Errno.NotCapable;

        var pending = new Stack<string>();
        // "name/" is "name" asking for a directory (POSIX pathname resolution): the last component is the name itself, so that
        // rename("a/", "b/") renames a, and each operation checks mustBeDirectory.
        PushComponents(pending, path.TrimEnd('/'));
        var opened = new List<long>();
        int expansions = 0;
        try
        {
            while (pending.Count > 0)
            {
                string component = pending.Pop();
                bool isLast = pending.Count == 0;
                long current = opened.Count == 0 ? root : opened[^1];
                if (component == ".")
                {
                    if (isLast) name = ".";
                    continue;
                }
                if (component == "..")
                {
                    if (opened.Count == 0) return Errno.NotCapable;
                    fs.Close(opened[^1]);
                    opened.RemoveAt(opened.Count - 1);
                    if (isLast) name = ".";
                    continue;
                }
                if (!isLast || followLast || mustBeDirectory)
                {
                    if (fs.ReadLinkAt(current, component, out byte[] target) == Errno.Success)
                    {
                        if (++expansions > MaxSymlinkExpansions) return Errno.Loop;
                        string text;
                        try
                        {
                            text = new UTF8Encoding(false, true).GetString(target);
                        }
                        catch (DecoderFallbackException)
                        {
                            return Errno.Ilseq;
                        }
                        if (text.Length == 0) return Errno.NoEnt;
                        if (text[0] == '/') return Errno.NotCapable;
                        if (isLast && text.EndsWith('/')) mustBeDirectory = true;
                        PushComponents(pending, text.TrimEnd('/'));
                        continue;
                    }
                }
                if (isLast)
                {
                    name = component;
                    break;
                }
                var error = fs.OpenDirectoryForLookup(current, component, out long next);
                if (error != Errno.Success) return error == Errno.Loop ? Errno.NotDir : error;
                opened.Add(next);
            }

            if (opened.Count == 0)
            {
                var error = fs.Duplicate(root, out parent);
                if (error != Errno.Success) return error;
            }
            else
            {
                parent = opened[^1];
                opened.RemoveAt(opened.Count - 1);
            }
            return Errno.Success;
        }
        finally
        {
            foreach (long handle in opened) fs.Close(handle);
        }
    }

    /// <summary>Pushes the components of <paramref name="path"/> so that the first is popped first; empty ones mean ".".</summary>
    private static void PushComponents(Stack<string> pending, string path)
    {
        var parts = path.Split('/');
        for (int i = parts.Length - 1; i >= 0; i--) pending.Push(parts[i].Length == 0 ? "." : parts[i]);
    }
}
