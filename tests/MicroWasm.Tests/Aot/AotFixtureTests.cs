using MicroWasm.Runtime;
using MicroWasm.Tests.Wasi;

namespace MicroWasm.Tests.Aot;

/// <summary>
/// The WASI fixture programs (C compiled with wasi-libc) compiled to artifacts: every test of <see cref="FixtureTests"/>
/// again, with the same expected output, exit codes and file effects as on the interpreter.
/// </summary>
public sealed class AotFixtureTests : FixtureTests
{
    protected override CompiledModule Load(string name)
    {
        var module = CompiledModule.FromBytes(AotTestModules.ArtifactOfFile(Fixture(name)));
        Assert.True(module.IsAot);
        return module;
    }
}
