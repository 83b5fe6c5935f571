using System.Runtime.InteropServices;
using System.Text;
using MicroWasm.Aot;
using MicroWasm.Compiler;
using MicroWasm.Runtime;

namespace MicroWasm.Tests.Aot;

/// <summary>The artifact is checked, not trusted (guide: aot.md): every damaged, foreign or stale artifact is refused with a clear error.</summary>
public class AotArtifactTests
{
    private const string Small = """
        (module (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))
        """;

    [Fact]
    public void Changing_any_single_byte_is_refused()
    {
        var artifact = AotTestModules.Artifact(Small);
        Assert.Equal(5, Run(artifact));
        for (int i = 0; i < artifact.Length; i++)
        {
            var damaged = (byte[])artifact.Clone();
            damaged[i] ^= 0x20;
            var e = Assert.ThrowsAny<WasmException>(() => CompiledModule.FromBytes(damaged));
            Assert.False(string.IsNullOrEmpty(e.Message));
        }
    }

    [Fact]
    public void A_truncated_artifact_is_refused()
    {
        var artifact = AotTestModules.Artifact(Small);
        for (int length = 4; length < artifact.Length; length += Math.Max(1, length / 7))
        {
            var e = Assert.Throws<AotArtifactException>(() => CompiledModule.FromBytes(artifact.AsMemory(0, length)));
            Assert.Matches("truncated|corrupted", e.Message);
        }
    }

    [Fact]
    public void An_artifact_for_another_architecture_is_refused()
    {
        var other = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? AotTarget.AArch64Linux : AotTarget.X86_64Linux;
        var artifact = AotTestModules.Artifact(Small, other);
        var e = Assert.Throws<AotArtifactException>(() => CompiledModule.FromBytes(artifact));
        Assert.Contains($"compiled for {AotTarget.Describe(other.Architecture)}", e.Message);
    }

    [Fact]
    public void A_WAMR_aot_file_and_other_versions_are_refused_by_name()
    {
        var wamr = new byte[64];
        "\0aot"u8.CopyTo(wamr);
        wamr[4] = 5;
        Assert.Contains("WAMR AOT file (version 5)", Assert.Throws<AotArtifactException>(() => CompiledModule.FromBytes(wamr)).Message);

        var artifact = (byte[])AotTestModules.Artifact(Small).Clone();
        artifact[8] = 99; // the format version
        Assert.Contains("format version 99 is not supported", Assert.Throws<AotArtifactException>(() => CompiledModule.FromBytes(artifact)).Message);
    }

    [Fact]
    public void An_artifact_for_an_earlier_runtime_ABI_is_refused_even_with_a_valid_checksum()
    {
        // ABI 4 kept one context per instance, which generated code of ABI 5 would misread (AotContextLayout.AbiVersion).
        var artifact = (byte[])AotTestModules.Artifact(Small).Clone();
        Assert.Equal(AotContextLayout.AbiVersion, BitConverter.ToUInt32(artifact, 12));
        BitConverter.TryWriteBytes(artifact.AsSpan(12), AotContextLayout.AbiVersion - 1);
        Sha256.Hash(artifact.AsSpan(0, artifact.Length - Sha256.HashSize)).CopyTo(artifact, artifact.Length - Sha256.HashSize);
        var e = Assert.Throws<AotArtifactException>(() => CompiledModule.FromBytes(artifact));
        Assert.Equal($"artifact was made for runtime ABI {AotContextLayout.AbiVersion - 1}, this runtime has ABI {AotContextLayout.AbiVersion}; compile the module again", e.Message);
    }

    [Fact]
    public void Segments_and_fix_ups_outside_the_image_are_refused_even_with_a_valid_checksum()
    {
        var artifact = AotArtifactFormat.Read(AotTestModules.Artifact(Small));
        var outside = artifact with { Fixups = [new AotFixup(artifact.ImageSize + 8, 0)] };
        Assert.Contains("fix-up", Assert.Throws<AotArtifactException>(() => AotArtifactFormat.Read(AotArtifactFormat.Write(outside))).Message);

        var writableCode = artifact with { Segments = [.. artifact.Segments.Select(s => s with { Protection = s.Protection | AotProtection.Write })] };
        Assert.Contains("protection", Assert.Throws<AotArtifactException>(() => AotArtifactFormat.Read(AotArtifactFormat.Write(writableCode))).Message);
    }

    [Fact]
    public void The_words_the_runtime_writes_must_be_writable_and_the_fault_handler_must_be_code()
    {
        var artifact = AotArtifactFormat.Read(AotTestModules.Artifact(Small));
        var interruptInCode = artifact with { InterruptOffset = artifact.EntryOffset };
        Assert.Contains("interrupt word", Assert.Throws<AotArtifactException>(() => AotArtifactFormat.Read(AotArtifactFormat.Write(interruptInCode))).Message);
        var handlerInData = artifact with { FaultHandlerOffset = artifact.InterruptOffset };
        Assert.Contains("fault handler", Assert.Throws<AotArtifactException>(() => AotArtifactFormat.Read(AotArtifactFormat.Write(handlerInData))).Message);
    }

    [Fact]
    public void An_artifact_whose_module_does_not_match_its_code_is_refused()
    {
        var artifact = AotArtifactFormat.Read(AotTestModules.Artifact(Small));
        var swapped = artifact with { WasmBytes = [.. artifact.WasmBytes.Take(8)] }; // a module with no functions
        var e = Assert.Throws<AotArtifactException>(() => CompiledModule.FromBytes(AotArtifactFormat.Write(swapped)));
        Assert.Contains("defines 0", e.Message);
    }

    [Fact]
    public void A_missing_compiler_is_a_clear_error()
    {
        var e = Assert.Throws<CompileException>(() =>
            AotCompiler.Compile(MicroWasm.Text.WatParser.ParseModule(Small), new AotCompileOptions { Compiler = "/nonexistent/cc" }));
        Assert.Contains("no C compiler", e.Message);
    }

    [Theory]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    public void Sha256_matches_the_FIPS_examples(string text, string hex) =>
        Assert.Equal(hex, Sha256.HashHex(Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void Sha256_handles_every_padding_length() =>
        // 55, 56 and 64 bytes straddle the padding boundaries; the 1,000,000 'a' example is FIPS 180-2's third.
        Assert.Equal("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", Sha256.HashHex(Encoding.ASCII.GetBytes(new string('a', 1_000_000))));

    [Fact]
    public unsafe void The_context_layout_given_to_the_compiler_is_the_struct_s()
    {
        // C name (or array declaration) -> the C# field it mirrors ("Instance." for the copy of the instance's part); the
        // C side's reserved words have none.
        var mirrors = new Dictionary<string, string>
        {
            ["mem0"] = "Instance.Memory0", ["globals"] = "Instance.Globals", ["rt"] = "Instance.Helpers",
            ["tables"] = "Instance.Tables", ["terminate"] = "Instance.TerminationFlag", ["instance"] = "Instance.InstanceHandle",
            ["owner"] = "Owner", ["parent"] = "Parent", ["stack_limit"] = "StackLimit", ["trap_kind"] = "TrapKind", ["trap_function"] = "TrapFunction",
            ["trap_frame_count"] = "TrapFrameCount", ["entry_frame"] = "EntryFrame", ["jb"] = "JumpBuffer",
            ["trap_frames"] = "TrapFrames",
        };
        int checkedFields = 0;
        foreach (var field in AotContextLayout.Fields)
        {
            string name = field.Name.Length > 0 ? field.Name : field.CType.Split(' ', '[')[1];
            if (!mirrors.TryGetValue(name, out var csharp)) continue;
            int offset = csharp.StartsWith("Instance.", StringComparison.Ordinal)
                ? (int)Marshal.OffsetOf<AotContext>("Instance") + (int)Marshal.OffsetOf<AotInstanceContext>(csharp["Instance.".Length..])
                : (int)Marshal.OffsetOf<AotContext>(csharp);
            Assert.Equal(offset, field.Offset);
            checkedFields++;
        }
        Assert.Equal(mirrors.Count, checkedFields);
        Assert.Equal(AotContext.Size, sizeof(AotContext));
        Assert.Equal(AotContext.Size, AotContextLayout.Fields[^1].Offset + 8 * AotContext.MaxTrapFrames);
        Assert.Equal(AotContextLayout.Helpers.Length * sizeof(nint), sizeof(AotHelperTable));
        // mw_table_entry and mw_table in CPrelude.
        Assert.Equal(24, sizeof(AotTableEntry));
        Assert.Equal(8, (int)Marshal.OffsetOf<AotTableEntry>(nameof(AotTableEntry.Owner)));
        Assert.Equal(16, sizeof(AotTableView));
    }

    private static int Run(byte[] artifact)
    {
        using var store = new Store();
        return store.Instantiate(CompiledModule.FromBytes(artifact)).GetFunction("add").Invoke(Value.I32(2), Value.I32(3))[0].AsI32();
    }
}
