using MicroWasm.Binary;

namespace MicroWasm.Fuzz.Targets;

/// <summary>The binary decoder alone (spec 5): bytes to a module description, or "malformed".</summary>
internal sealed class DecoderTarget : FuzzTarget
{
    public override string Name => "decoder";
    public override string Description => "ModuleDecoder.Decode on mutated spec modules";
    public override SeedKind Seeds => SeedKind.Binary;

    public override void Run(byte[] input)
    {
        try
        {
            ModuleDecoder.Decode(input);
        }
        catch (Exception e) when (Findings.IsDocumented(e)) { }
    }
}
