namespace MicroWasm.Tests.Spec;

/// <summary>
/// Finds the official spec scripts: <c>../shared/testsuite</c> beside the repository root, or the folder
/// named by the environment variable <c>MICROWASM_SPEC_TESTSUITE</c> (for checkouts elsewhere, e.g. git worktrees).
/// </summary>
internal static class SpecTestSuite
{
    public static readonly string Root = Locate();

    /// <summary>The scripts of one folder (e.g. "wasm-2.0"), by file name, for xunit theories.</summary>
    public static TheoryData<string> Scripts(string folder, Func<string, bool> include)
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(Path.Combine(Root, folder), "*.wast").Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(path);
            if (include(name)) data.Add(name);
        }
        return data;
    }

    public static string PathOf(string folder, string script) => Path.Combine(Root, folder, script);

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable("MICROWASM_SPEC_TESTSUITE") is { Length: > 0 } configured)
            return Directory.Exists(configured)
                ? Path.GetFullPath(configured)
                : throw new DirectoryNotFoundException($"MICROWASM_SPEC_TESTSUITE names {configured}, which does not exist");
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Runtime.sln")))
            {
                string suite = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "testsuite"));
                return Directory.Exists(suite)
                    ? suite
                    : throw new DirectoryNotFoundException($"the spec test suite is expected at {suite}");
            }
        }
        throw new DirectoryNotFoundException("the repository root (with Runtime.sln) was not found above the test binaries");
    }
}
