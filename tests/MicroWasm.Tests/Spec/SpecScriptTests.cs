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

    /// <summary>
    /// The WebAssembly 3.0 scripts of the features implemented so far (tail calls, extended constants, multiple memories,
    /// exception handling),
    /// which pass whole with every feature on. scripts/spec-3.0.sh measures the whole 3.0 suite.
    /// </summary>
    public static TheoryData<string> Wasm30FeatureScripts => new(
        "return_call.wast", "return_call_indirect.wast",
        "data.wast", "data0.wast", "data1.wast", "data_drop0.wast",
        "address0.wast", "address1.wast", "align0.wast", "binary0.wast", "exports0.wast", "float_exprs0.wast", "float_exprs1.wast",
        "float_memory0.wast", "imports0.wast", "imports1.wast", "imports2.wast", "imports3.wast", "imports4.wast",
        "linking0.wast", "linking1.wast", "linking2.wast", "linking3.wast", "load0.wast", "load1.wast", "load2.wast",
        "memory-multi.wast", "simd_memory-multi.wast", "memory_copy0.wast", "memory_copy1.wast", "memory_fill0.wast",
        "memory_grow.wast", "memory_init0.wast", "memory_size0.wast", "memory_size1.wast", "memory_size2.wast",
        "memory_size3.wast", "memory_size_import.wast", "memory_trap0.wast", "memory_trap1.wast", "start0.wast",
        "store0.wast", "store1.wast", "store2.wast", "traps0.wast",
        "throw.wast", "throw_ref.wast", "exports.wast", "imports.wast", "legacy/throw.wast", "legacy/rethrow.wast", "legacy/try_catch.wast", "legacy/try_delegate.wast");

    /// <summary>The WebAssembly 3.0 scripts of memory64 and table64, and the 3.0 scripts they changed (u64 offsets and limits).</summary>
    public static TheoryData<string> Memory64Scripts => new(
        "address.wast", "address64.wast", "align.wast", "align64.wast", "binary-leb128.wast", "binary_leb128_64.wast",
        "bulk64.wast", "call_indirect64.wast", "endianness64.wast", "float_memory64.wast", "load64.wast", "memory.wast",
        "memory64-imports.wast", "memory64.wast", "memory_copy64.wast", "memory_fill64.wast", "memory_grow64.wast",
        "memory_init64.wast", "memory_redundancy64.wast", "memory_trap64.wast", "simd_address.wast", "table64.wast",
        "table_copy64.wast", "table_copy_mixed.wast", "table_fill64.wast", "table_get64.wast", "table_grow64.wast",
        "table_set64.wast", "table_size64.wast");

    [Theory]
    [MemberData(nameof(Memory64Scripts))]
    public void Memory64_script_passes_every_command(string script) =>
        AssertPasses(new WastRunner().RunFile(SpecTestSuite.PathOf("wasm-3.0", script)));

    /// <summary>The WebAssembly 3.0 scripts of the text format's annotations (custom sections, names, branch hints) and string identifiers.</summary>
    public static TheoryData<string> AnnotationScripts => new(
        "annotations.wast", "id.wast", "custom/custom_annot.wast", "custom/name_annot.wast", "custom/branch_hint.wast");

    [Theory]
    [MemberData(nameof(Wasm30FeatureScripts))]
    [MemberData(nameof(AnnotationScripts))]
    public void Wasm_3_0_script_of_an_implemented_feature_passes_every_command(string script) =>
        AssertPasses(new WastRunner().RunFile(SpecTestSuite.PathOf("wasm-3.0", script)));

    private static void AssertPasses(WastResult result)
    {
        Assert.True(result.Failures.Count == 0, string.Join("\n", result.Failures.Take(20)));
        Assert.True(result.Skips.Count == 0, string.Join("\n", result.Skips.Take(20)));
        Assert.Equal(0, result.Failed);
        Assert.True(result.Passed > 0, "the script ran no command");
    }
}
