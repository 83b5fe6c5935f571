using MicroWasm.Wast;

namespace MicroWasm.Tests.Spec;

/// <summary>
/// Every official WebAssembly 2.0 script passes in full, the 57 SIMD ones included: no command fails and none is skipped.
/// </summary>
public class SpecScriptTests
{
    public static TheoryData<string> Wasm20Scripts => SpecTestSuite.Scripts("wasm-2.0", _ => true);

    [Theory]
    [MemberData(nameof(Wasm20Scripts))]
    public void Wasm_2_0_script_passes_every_command(string script)
    {
        var result = new WastRunner().RunFile(SpecTestSuite.PathOf("wasm-2.0", script));

        Assert.True(result.Failures.Count == 0, string.Join("\n", result.Failures.Take(20)));
        Assert.True(result.Skips.Count == 0, string.Join("\n", result.Skips.Take(20)));
        Assert.Equal(0, result.Failed);
        Assert.True(result.Passed > 0, "the script ran no command");
    }
}
