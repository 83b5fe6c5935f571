using System.Text;
using MicroWasm.Text;
using MicroWasm.Validation;

namespace MicroWasm.Fuzz.Targets;

/// <summary>
/// The text format (spec 6): the input, read as UTF-8, is parsed as a .wast script (every module it writes, quoted ones
/// included, is encoded, decoded and validated) and as a .wat module.
/// </summary>
internal sealed class TextTarget : FuzzTarget
{
    public override string Name => "text";
    public override string Description => "WastParser.Parse and WatParser.ParseModule on mutated spec script forms";
    public override SeedKind Seeds => SeedKind.Text;

    public override void Run(byte[] input)
    {
        string text = Encoding.UTF8.GetString(input);
        try
        {
            var script = WastParser.Parse(text, "fuzz.wast");
            foreach (var command in script.Commands)
                if (ModuleOf(command) is { } module) EncodeAndValidate(module);
        }
        catch (Exception e) when (Findings.IsDocumented(e)) { }

        try
        {
            ModuleValidator.DecodeAndValidate(WatParser.ParseModule(text));
        }
        catch (Exception e) when (Findings.IsDocumented(e)) { }
    }

    private static void EncodeAndValidate(WastModule module)
    {
        try
        {
            ModuleValidator.DecodeAndValidate(module.ToBinary());
        }
        catch (Exception e) when (Findings.IsDocumented(e)) { }
    }

    private static WastModule? ModuleOf(WastCommand command) => command switch
    {
        ModuleCommand c => c.Module,
        AssertTrapCommand c => c.Module,
        AssertMalformedCommand c => c.Module,
        AssertInvalidCommand c => c.Module,
        AssertUnlinkableCommand c => c.Module,
        AssertUninstantiableCommand c => c.Module,
        _ => null,
    };
}
