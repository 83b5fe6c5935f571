using MicroWasm.Wasi;

namespace MicroWasm.Tests.Wasi;

/// <summary>
/// The Windows port's name rules (<see cref="WindowsPath"/>), checked here as a pure function: a component the sandbox's
/// walk hands over must name a plain file in its directory, never a path, a drive, a stream or a device.
/// </summary>
public class WindowsPathTests
{
    [Theory]
    [InlineData("file.txt")]
    [InlineData(".")]
    [InlineData(".hidden")]
    [InlineData("a.b.c")]
    [InlineData("console")]
    [InlineData("COM10")]
    [InlineData("NULL")]
    [InlineData("LPTX")]
    [InlineData("con_file")]
    [InlineData("données")]
    public void Plain_names_are_accepted(string name) => Assert.Equal(Errno.Success, WindowsPath.CheckName(name));

    [Theory]
    [InlineData("..")]
    [InlineData(@"a\b")]
    [InlineData(@"..\..\secret")]
    [InlineData(@"\\?\C:\Windows")]
    [InlineData(@"\\.\pipe\x")]
    [InlineData(@"\\server\share")]
    [InlineData("C:")]
    [InlineData("C:secret")]
    [InlineData("file:stream")]
    [InlineData("file::$DATA")]
    public void Separators_drives_and_streams_are_not_capable(string name) =>
        Assert.Equal(Errno.NotCapable, WindowsPath.CheckName(name));

    [Theory]
    [InlineData("CON")]
    [InlineData("con")]
    [InlineData("Prn")]
    [InlineData("AUX")]
    [InlineData("NUL")]
    [InlineData("nul.txt")]
    [InlineData("NUL .txt")]
    [InlineData("nul.tar.gz")]
    [InlineData("COM1")]
    [InlineData("com9.log")]
    [InlineData("COM0")]
    [InlineData("LPT1")]
    [InlineData("LPT\u00b9")]
    [InlineData("COM\u00b3")]
    [InlineData("CONIN$")]
    [InlineData("conout$")]
    [InlineData("nul.")]
    public void Reserved_device_names_are_not_capable_whatever_their_case_or_extension(string name) =>
        Assert.Equal(Errno.NotCapable, WindowsPath.CheckName(name));

    [Theory]
    [InlineData("a.")]
    [InlineData("a ")]
    [InlineData("...")]
    [InlineData(". ")]
    [InlineData("a*b")]
    [InlineData("a?b")]
    [InlineData("a<b")]
    [InlineData("a>b")]
    [InlineData("a|b")]
    [InlineData("a\"b")]
    [InlineData("a\u0001b")]
    [InlineData("a\0b")]
    public void Characters_Win32_forbids_and_trailing_dots_or_spaces_are_invalid(string name) =>
        Assert.Equal(Errno.Inval, WindowsPath.CheckName(name));

    [Fact]
    public void An_empty_name_does_not_exist() => Assert.Equal(Errno.NoEnt, WindowsPath.CheckName(""));

    [Fact]
    public void Names_longer_than_255_UTF16_units_are_too_long()
    {
        Assert.Equal(Errno.Success, WindowsPath.CheckName(new string('a', 255)));
        Assert.Equal(Errno.NameTooLong, WindowsPath.CheckName(new string('a', 256)));
    }

    [Theory]
    [InlineData(@"\\?\C:\data", "f", @"\\?\C:\data\f")]
    [InlineData(@"\\?\C:\", "f", @"\\?\C:\f")]
    [InlineData(@"\\?\UNC\server\share\dir", "f", @"\\?\UNC\server\share\dir\f")]
    [InlineData(@"\\?\C:\data", ".", @"\\?\C:\data")]
    public void Names_are_joined_under_the_directory_path(string directory, string name, string expected) =>
        Assert.Equal(expected, WindowsPath.Join(directory, name));

    [Theory]
    [InlineData("a/b", @"a\b")]
    [InlineData("../x", @"..\x")]
    [InlineData("./f", @".\f")]
    [InlineData("a//b/", @"a\b")]
    [InlineData(".", ".")]
    [InlineData("./", ".")]
    public void Link_targets_get_their_Windows_form(string target, string expected)
    {
        Assert.Equal(Errno.Success, WindowsPath.CheckLinkTarget(target, out string windows));
        Assert.Equal(expected, windows);
    }

    [Theory]
    [InlineData("/etc/passwd", Errno.NotCapable)]
    [InlineData("C:/Windows", Errno.NotCapable)]
    [InlineData("C:", Errno.NotCapable)]
    [InlineData(@"a\..\..\x", Errno.NotCapable)]
    [InlineData("dir/nul", Errno.NotCapable)]
    [InlineData("f:stream", Errno.NotCapable)]
    [InlineData("a*", Errno.Inval)]
    [InlineData("", Errno.NoEnt)]
    public void Link_targets_Windows_would_read_as_more_than_names_are_refused(string target, Errno expected) =>
        Assert.Equal(expected, WindowsPath.CheckLinkTarget(target, out _));

    [Theory]
    [InlineData(OFlags.None, 3u)]                                 // OPEN_EXISTING
    [InlineData(OFlags.Directory, 3u)]
    [InlineData(OFlags.Trunc, 3u)]                                // truncated after the checks, not by TRUNCATE_EXISTING
    [InlineData(OFlags.Creat, 4u)]                                // OPEN_ALWAYS
    [InlineData(OFlags.Creat | OFlags.Trunc, 4u)]                 // not CREATE_ALWAYS, which would overwrite a link
    [InlineData(OFlags.Creat | OFlags.Excl, 1u)]                  // CREATE_NEW
    [InlineData(OFlags.Creat | OFlags.Excl | OFlags.Trunc, 1u)]
    public void Open_flags_map_to_a_CreateFile_disposition(OFlags oflags, uint disposition) =>
        Assert.Equal(disposition, WindowsFileSystem.DispositionOf(oflags));
}
