using MicroWasm.Text;
using static MicroWasm.Tests.Text.TextTestSupport;

namespace MicroWasm.Tests.Text;

/// <summary>Every script of the WebAssembly 2.0 spec suite, as far as the text format goes.</summary>
public class SpecSuiteTextTests
{
    public static TheoryData<string> Scripts()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(TestSuiteDirectory(), "wasm-2.0"), "*.wast").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(file));
        return data;
    }

    /// <summary>
    /// The script parses; every text and quoted module encodes to a binary with a well-formed preamble;
    /// and every quoted module that an <c>assert_malformed</c> expects to fail fails to parse, with a
    /// reason that starts with the expected message (in the 2.0 suite all of them fail in the text parser).
    /// </summary>
    [Theory]
    [MemberData(nameof(Scripts))]
    public void Script_parses_and_its_modules_encode(string fileName)
    {
        var path = Path.Combine(TestSuiteDirectory(), "wasm-2.0", fileName);
        var script = WastParser.Parse(File.ReadAllText(path), fileName, WasmFeatures.Wasm20);
        Assert.NotEmpty(script.Commands);
        foreach (var command in script.Commands)
        {
            switch (command)
            {
                case AssertMalformedCommand { Module.Kind: WastModuleKind.Quote } malformed:
                {
                    var error = Assert.Throws<MalformedModuleException>(() => malformed.Module.ToBinary());
                    Assert.True(error.Reason.StartsWith(malformed.Message, StringComparison.Ordinal),
                        $"{fileName}:{command.Line}: expected \"{malformed.Message}\", got \"{error.Reason}\"");
                    break;
                }
                case AssertMalformedCommand:
                    break;
                default:
                    foreach (var module in ModulesOf(command))
                        Assert.Equal(Preamble, module.ToBinary()[..8]);
                    break;
            }
        }
    }

    private static IEnumerable<WastModule> ModulesOf(WastCommand command) => command switch
    {
        ModuleCommand c => [c.Module],
        AssertTrapCommand { Module: not null } c => [c.Module],
        AssertInvalidCommand c => [c.Module],
        AssertUnlinkableCommand c => [c.Module],
        AssertUninstantiableCommand c => [c.Module],
        _ => [],
    };
}
