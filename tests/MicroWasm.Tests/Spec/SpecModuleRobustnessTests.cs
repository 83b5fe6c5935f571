using MicroWasm.Text;
using MicroWasm.Validation;

namespace MicroWasm.Tests.Spec;

/// <summary>
/// Truncated and byte-mutated variants of the spec suite's modules only ever produce the library's own
/// malformed or invalid errors: no other exception, no hang, no crash.
/// </summary>
public class SpecModuleRobustnessTests
{
    private const int Seed = 0x5EED;
    private const int VariantCount = 12_000;

    [Fact]
    public void Mutated_spec_modules_fail_only_with_module_errors()
    {
        var modules = SpecModules();
        Assert.True(modules.Count > 500, $"only {modules.Count} modules were collected");

        var random = new Random(Seed);
        int rejected = 0;
        for (int i = 0; i < VariantCount; i++)
        {
            byte[] original = modules[random.Next(modules.Count)];
            byte[] variant = i % 4 == 0 ? Truncate(original, random) : Mutate(original, random);
            try
            {
                ModuleValidator.DecodeAndValidate(variant);
            }
            catch (MalformedModuleException) { rejected++; }
            catch (InvalidModuleException) { rejected++; }
            catch (Exception e)
            {
                Assert.Fail($"variant {i} (seed {Seed}) raised {e.GetType().Name}: {e.Message}\n{Convert.ToHexString(variant)}");
            }
        }
        // Most variants must be rejected, or the mutations are not reaching the decoder.
        Assert.True(rejected > VariantCount / 2, $"only {rejected} of {VariantCount} variants were rejected");
    }

    private static byte[] Truncate(byte[] module, Random random) => module[..random.Next(module.Length)];

    private static byte[] Mutate(byte[] module, Random random)
    {
        byte[] bytes = (byte[])module.Clone();
        int edits = random.Next(1, 5);
        for (int e = 0; e < edits && bytes.Length > 8; e++)
        {
            // Keep the 8-byte header mostly intact so that mutations exercise the sections.
            int at = random.Next(8, bytes.Length);
            bytes[at] = random.Next(4) switch
            {
                0 => (byte)random.Next(256),
                1 => (byte)(bytes[at] ^ (1 << random.Next(8))),
                2 => 0xFF,
                _ => (byte)(bytes[at] + 1),
            };
        }
        return bytes;
    }

    /// <summary>The text and binary modules that the 2.0 scripts define, encoded.</summary>
    private static List<byte[]> SpecModules()
    {
        var modules = new List<byte[]>();
        foreach (var path in Directory.GetFiles(Path.Combine(SpecTestSuite.Root, "wasm-2.0"), "*.wast").Order(StringComparer.Ordinal))
        {
            var script = WastParser.Parse(File.ReadAllText(path), path);
            foreach (var command in script.Commands)
                if (command is ModuleCommand { Module.Kind: not WastModuleKind.Quote } m)
                    modules.Add(m.Module.ToBinary());
        }
        return modules;
    }
}
