using System.Security.Cryptography;
using MicroWasm.Aot;
using MicroWasm.Runtime;
using MicroWasm.Validation;

namespace MicroWasm.Fuzz.Targets;

/// <summary>
/// The AOT artifact loader, on mutated artifacts of <c>microwasm compile</c>. Each input is tried twice:
/// <list type="number">
/// <item>as it is, through <see cref="CompiledModule.FromBytes"/>: the header checks and the SHA-256 check, which refuses
/// every changed byte;</item>
/// <item>with its checksum recomputed, through <see cref="AotArtifactFormat.Read"/> and the embedded module's
/// validation: the reader of segments, fix-ups and function entries and the image checks behind the checksum.</item>
/// </list>
/// A re-hashed artifact is never mapped: the loader runs the image's trampoline at load time, and the checksum is the
/// artifact's integrity check, so mutated machine code that passes it is outside what the loader promises to refuse.
/// </summary>
internal sealed class AotLoaderTarget : FuzzTarget
{
    private const int HashSize = 32;

    public override string Name => "aot";
    public override string Description => "CompiledModule.FromBytes on mutated artifacts, and AotArtifactFormat.Read behind a recomputed checksum";
    public override SeedKind Seeds => SeedKind.Aot;

    public override void Run(byte[] input)
    {
        try
        {
            CompiledModule.FromBytes(input);
        }
        catch (Exception e) when (Findings.IsDocumented(e)) { }

        if (input.Length < 12 + HashSize || !AotArtifactFormat.LooksLikeArtifact(input)) return;
        var rehashed = (byte[])input.Clone();
        SHA256.HashData(rehashed.AsSpan(0, rehashed.Length - HashSize), rehashed.AsSpan(rehashed.Length - HashSize));
        try
        {
            var artifact = AotArtifactFormat.Read(rehashed);
            ModuleValidator.DecodeAndValidate(artifact.WasmBytes);
        }
        catch (Exception e) when (Findings.IsDocumented(e)) { }
    }
}
