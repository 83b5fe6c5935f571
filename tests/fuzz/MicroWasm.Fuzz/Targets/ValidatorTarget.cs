using MicroWasm.Validation;

namespace MicroWasm.Fuzz.Targets;

/// <summary>Decoding then validation (spec 3): the validator sees every module the decoder accepts.</summary>
internal sealed class ValidatorTarget : FuzzTarget
{
    public override string Name => "validator";
    public override string Description => "ModuleValidator.DecodeAndValidate on mutated spec modules";
    public override SeedKind Seeds => SeedKind.Binary;

    public override void Run(byte[] input)
    {
        try
        {
            ModuleValidator.DecodeAndValidate(input);
        }
        catch (Exception e) when (Findings.IsDocumented(e)) { }
    }
}
