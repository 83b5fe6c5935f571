using System.Text;

namespace MicroWasm.Wasi;

/// <summary>
/// The rules that keep a guest's path component a plain name in its directory on Windows, and the joining of one to a
/// directory's path. <see cref="SandboxedPath"/> splits guest paths at '/' and handles ".", ".." and links; on Windows a
/// component it hands over can still mean something else than a name in that directory:
/// <list type="bullet">
/// <item>'\' is a separator too ("..\..\x" would be one component to the walk): <see cref="Errno.NotCapable"/>;</item>
/// <item>':' names a drive ("C:x" is relative to C:'s current directory) or an alternate data stream ("f:s",
/// "f::$DATA"): <see cref="Errno.NotCapable"/>;</item>
/// <item>the reserved device names (CON, PRN, AUX, NUL, COM0-9, LPT0-9, COM¹²³, LPT¹²³, CONIN$, CONOUT$), with any
/// extension and any case ("nul.txt" is NUL to Win32): <see cref="Errno.NotCapable"/>;</item>
/// <item>"..": never given by the walk, refused anyway: <see cref="Errno.NotCapable"/>;</item>
/// <item>the characters Win32 forbids in names (&lt; &gt; " | ? * and U+0000-U+001F) and a trailing '.' or ' ', which
/// Win32 strips, so that "a." would open "a": <see cref="Errno.Inval"/>, as Windows itself answers (ERROR_INVALID_NAME);</item>
/// <item>more than 255 UTF-16 units: <see cref="Errno.NameTooLong"/>.</item>
/// </list>
/// Paths are joined under the directory's final path, which has the <c>\\?\</c> prefix, so Win32 parses nothing
/// further in them: no '/' conversion, no "." or ".." folding, no trailing-dot stripping, no device names.
/// </summary>
internal static class WindowsPath
{
    /// <summary>The longest name NTFS, ReFS and FAT (long names) store, in UTF-16 units.</summary>
    public const int MaxNameLength = 255;

    private static readonly string[] ReservedNames =
    [
        "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
        "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "COM\u00b9", "COM\u00b2", "COM\u00b3",
        "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT\u00b9", "LPT\u00b2", "LPT\u00b3",
    ];

    /// <summary>Whether <paramref name="name"/> (one component from <see cref="SandboxedPath"/>) is a plain name; "." is the directory itself.</summary>
    public static Errno CheckName(string name)
    {
        if (name == ".") return Errno.Success;
        if (name.Length == 0) return Errno.NoEnt;
        if (name == "..") return Errno.NotCapable;
        foreach (char c in name)
        {
            if (c is '\\' or '/' or ':') return Errno.NotCapable;
            if (c < 0x20 || c is '<' or '>' or '"' or '|' or '?' or '*') return Errno.Inval;
        }
        if (IsReservedDeviceName(name)) return Errno.NotCapable;
        if (name[^1] is '.' or ' ') return Errno.Inval;
        if (name.Length > MaxNameLength) return Errno.NameTooLong;
        return Errno.Success;
    }

    /// <summary>Whether Win32 would take <paramref name="name"/> for a device: the part before the first '.', trailing spaces ignored.</summary>
    public static bool IsReservedDeviceName(string name)
    {
        int dot = name.IndexOf('.');
        var stem = (dot < 0 ? name : name[..dot]).TrimEnd(' ');
        foreach (string reserved in ReservedNames)
            if (stem.Equals(reserved, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    /// <summary><paramref name="name"/> in <paramref name="directory"/>; "." is the directory itself.</summary>
    public static string Join(string directory, string name) =>
        name == "." ? directory
        : directory.EndsWith('\\') ? directory + name
        : directory + "\\" + name;

    /// <summary>
    /// Checks a symbolic link's target as path_symlink gives it (relative, '/'-separated; absolute ones are refused before
    /// this) and gives its Windows form: every component a plain name, "." or "..", joined with '\'. A target that Windows
    /// would read as absolute or as something other than names (a drive, a stream, a device) is <see cref="Errno.NotCapable"/>:
    /// whoever follows the link later, the guest or a host program, must not be sent there.
    /// </summary>
    public static Errno CheckLinkTarget(string target, out string windowsTarget)
    {
        windowsTarget = "";
        if (target.Length == 0) return Errno.NoEnt;
        if (target[0] == '/') return Errno.NotCapable;
        var result = new StringBuilder(target.Length);
        foreach (string component in target.Split('/'))
        {
            if (component.Length == 0) continue; // "a//b" is "a/b".
            if (component is not ("." or ".."))
            {
                var error = CheckName(component);
                if (error != Errno.Success) return error;
            }
            if (result.Length > 0) result.Append('\\');
            result.Append(component);
        }
        if (result.Length == 0) result.Append('.');
        windowsTarget = result.ToString();
        return Errno.Success;
    }
}
