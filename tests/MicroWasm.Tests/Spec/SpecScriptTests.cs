using MicroWasm.Compiler;
using MicroWasm.Runtime;
using MicroWasm.Wast;

namespace MicroWasm.Tests.Spec;

/// <summary>
/// Every official WebAssembly 2.0 script passes in full, the 57 SIMD ones included: no command fails and none is skipped
/// (with the 2.0 feature set: the scripts test as malformed encodings that the threads proposal defines). The threads
/// proposal's four scripts pass in full too, and the seven relaxed SIMD scripts of WebAssembly 3.0, interpreted and
/// compiled to native code.
/// </summary>
public class SpecScriptTests
{
    public static TheoryData<string> Wasm20Scripts => SpecTestSuite.Scripts("wasm-2.0", _ => true);

    [Theory]
    [MemberData(nameof(Wasm20Scripts))]
    public void Wasm_2_0_script_passes_every_command(string script)
    {
        AssertPasses(new WastRunner(features: WasmFeatures.Wasm20).RunFile(SpecTestSuite.PathOf("wasm-2.0", script)));
    }

    public static TheoryData<string> ThreadsScripts => SpecTestSuite.Scripts("proposals/threads", _ => true);

    [Theory]
    [MemberData(nameof(ThreadsScripts))]
    public void Threads_proposal_script_passes_every_command(string script) =>
        AssertPasses(new WastRunner(features: WasmFeatures.ThreadsProposal).RunFile(SpecTestSuite.PathOf("proposals/threads", script)));

    public static TheoryData<string> RelaxedSimdScripts => SpecTestSuite.Scripts("wasm-3.0", name => name.Contains("relaxed"));

    [Theory]
    [MemberData(nameof(RelaxedSimdScripts))]
    public void Relaxed_simd_script_passes_every_command(string script) =>
        AssertPasses(new WastRunner().RunFile(SpecTestSuite.PathOf("wasm-3.0", script)));

    [Theory]
    [MemberData(nameof(RelaxedSimdScripts))]
    public void Relaxed_simd_script_passes_every_command_in_AOT_code(string script) =>
        AssertPasses(new WastRunner(load: bytes => CompiledModule.FromBytes(AotCompiler.Compile(bytes, new AotCompileOptions())))
            .RunFile(SpecTestSuite.PathOf("wasm-3.0", script)));

    private static void AssertPasses(WastResult result)
    {
        Assert.True(result.Failures.Count == 0, string.Join("\n", result.Failures.Take(20)));
        Assert.True(result.Skips.Count == 0, string.Join("\n", result.Skips.Take(20)));
        Assert.Equal(0, result.Failed);
        Assert.True(result.Passed > 0, "the script ran no command");
    }
}
