using System.Security.Cryptography;
using System.Text;
using MicroWasm.Compiler;

namespace MicroWasm.Differential;

/// <summary>What running one module on every engine gave.</summary>
internal sealed record ModuleReport(int Calls, string? Divergence, string? Skipped, string? LimitReached);

/// <summary>
/// Runs one module on MicroWasm's interpreter, on MicroWasm's AOT code and on Wasmtime, in lockstep: every exported
/// function in export order, called with zeros, each call preceded by binaryen's <c>hangLimitInitializer</c> (which
/// resets the counter its modules decrement at loops and calls, trapping at zero, so they cannot run forever). After
/// every call the outcomes (results or trap, logged values) and the state (every exported memory and global) of each
/// MicroWasm tier are compared with Wasmtime's. The first divergence ends the module. So does any engine's limit
/// (fuel for Wasmtime, time and stack depth for MicroWasm): the engines do not count alike, so the state after a
/// limit is not comparable.
/// </summary>
internal sealed class ModuleComparison(Wasmtime.Engine wasmtime, CallLimits limits, TextWriter? trace)
{
    private const string HangLimitInitializer = "hangLimitInitializer";

    public ModuleReport Run(byte[] wasm, Func<CompiledModule>? loadAot)
    {
        CompiledModule? module = null;
        string? microWasmError = null, wasmtimeError = null;
        try { module = CompiledModule.FromBytes(wasm); }
        catch (WasmException e) { microWasmError = e.Message; }
        Wasmtime.Module? reference = null;
        try { reference = Wasmtime.Module.FromBytes(wasmtime, "module", wasm); }
        catch (Wasmtime.WasmtimeException e) { wasmtimeError = e.Message; }
        using var _ = reference;
        if (module is null && reference is null)
            return new ModuleReport(0, null, $"both engines reject it (MicroWasm: {microWasmError})", null);
        if (module is null || reference is null)
            return new ModuleReport(0, $"validation: MicroWasm {(module is null ? $"rejects it: {microWasmError}" : "accepts it")}, " +
                $"Wasmtime {(reference is null ? $"rejects it: {wasmtimeError}" : "accepts it")}", null, null);
        try { FuzzingSupport.CheckImports(module); }
        catch (UnsupportedModuleException e) { return new ModuleReport(0, null, e.Message, null); }

        var tiers = new List<(string Name, Func<CompiledModule> Load)> { ("interpreter", () => module) };
        if (loadAot is not null) tiers.Add(("aot", loadAot));
        var subjects = new List<ISubject>();
        try
        {
            var instantiation = new List<(string Name, string Outcome)>();
            var reached = Instantiate("wasmtime", () => new WasmtimeSubject(wasmtime, reference, module, limits.Fuel), subjects, instantiation);
            foreach (var (name, load) in tiers)
                Instantiate(name, () => new MicroWasmSubject(name, load(), limits.Time), subjects, instantiation);
            if (instantiation.Select(i => i.Outcome).Distinct().Count() > 1)
                return new ModuleReport(0, "instantiation: " + string.Join("; ", instantiation.Select(i => $"{i.Name} {i.Outcome}")), null, null);
            if (!reached) return new ModuleReport(0, null, null, null);
            return CallExports(module, subjects);
        }
        finally
        {
            foreach (var subject in subjects) subject.Dispose();
        }
    }

    private static bool Instantiate(string name, Func<ISubject> create, List<ISubject> subjects, List<(string, string)> outcomes)
    {
        try
        {
            subjects.Add(create());
            outcomes.Add((name, "instantiated"));
            return true;
        }
        catch (TrapException e) { outcomes.Add((name, $"trapped: {TrapClass.Of(e.Kind) ?? e.Kind.Message()}")); }
        catch (Wasmtime.TrapException e) { outcomes.Add((name, $"trapped: {TrapClass.Of(e.Type) ?? e.Type.ToString()}")); }
        catch (Exception e) when (e is WasmException or CompileException or Wasmtime.WasmtimeException)
        {
            outcomes.Add((name, $"failed: {e.GetType().Name}: {e.Message}"));
        }
        return false;
    }

    private ModuleReport CallExports(CompiledModule module, List<ISubject> subjects)
    {
        var exports = module.Exports;
        var functions = exports.Where(e => e.Type.Function is not null).ToList();
        bool hasInitializer = functions.Any(e => e.Name == HangLimitInitializer && e.Type.Function!.Parameters.Length == 0);
        var history = new List<string>();
        int calls = 0;
        foreach (var export in functions)
        {
            if (export.Name == HangLimitInitializer) continue;
            if (hasInitializer)
            {
                var reset = Compare(subjects, HangLimitInitializer, FuncType.Empty, exports, history, out _);
                if (reset is not null) return new ModuleReport(calls, reset, null, null);
            }
            calls++;
            var divergence = Compare(subjects, export.Name, export.Type.Function!, exports, history, out string? limit);
            if (divergence is not null) return new ModuleReport(calls, divergence, null, null);
            if (limit is not null) return new ModuleReport(calls, null, null, limit);
            history.Add(export.Name);
        }
        return new ModuleReport(calls, null, null, null);
    }

    /// <summary>Calls the export on every subject and compares each with the first (Wasmtime); null when all agree.</summary>
    private string? Compare(List<ISubject> subjects, string export, FuncType type, IReadOnlyList<ExportType> exports,
        List<string> history, out string? limit)
    {
        limit = null;
        var outcomes = subjects.Select(s => s.Call(export, type)).ToList();
        trace?.WriteLine($"  {export}: {outcomes[0]}");
        if (outcomes.Any(o => o.Kind == OutcomeKind.LimitReached))
        {
            limit = string.Join("; ", subjects.Select((s, i) => $"{s.Name} {outcomes[i]}"));
            return null;
        }
        var reference = outcomes[0];
        for (int i = 1; i < subjects.Count; i++)
        {
            string? difference = Difference(reference, outcomes[i]) ?? StateDifference(subjects[0], subjects[i], exports);
            if (difference is null) continue;
            var text = new StringBuilder();
            text.AppendLine($"call of \"{export}\" ({type}): {subjects[i].Name} differs from {subjects[0].Name}: {difference}");
            for (int j = 0; j < subjects.Count; j++) text.AppendLine($"  {subjects[j].Name}: {outcomes[j]}");
            foreach (var memory in exports.Where(e => e.Type.Memory is not null))
                text.AppendLine($"  memory \"{memory.Name}\" SHA-256: " +
                    string.Join(", ", subjects.Select(s => $"{s.Name} {Convert.ToHexString(SHA256.HashData(s.Memory(memory.Name)))[..16]}")));
            text.AppendLine($"  exports called before, in order (each after {HangLimitInitializer} when the module has it): " +
                (history.Count == 0 ? "none" : string.Join(", ", history)));
            return text.ToString();
        }
        return null;
    }

    private static string? Difference(CallOutcome expected, CallOutcome actual)
    {
        if (expected.Kind != actual.Kind) return "one returned, the other trapped";
        if (expected.Trap != actual.Trap) return "different traps";
        if (expected.Results.Count != actual.Results.Count) return "different result counts";
        for (int i = 0; i < expected.Results.Count; i++)
            if (!expected.Results[i].Matches(actual.Results[i])) return $"result {i}";
        if (expected.Logs.Count != actual.Logs.Count) return "different numbers of logged values";
        for (int i = 0; i < expected.Logs.Count; i++)
            if (expected.Logs[i].Import != actual.Logs[i].Import || !expected.Logs[i].Value.Matches(actual.Logs[i].Value))
                return $"logged value {i}";
        return null;
    }

    private static string? StateDifference(ISubject expected, ISubject actual, IReadOnlyList<ExportType> exports)
    {
        foreach (var export in exports)
        {
            if (export.Type.Memory is not null
                && !NanBits.MemoryMatch(expected.Memory(export.Name), actual.Memory(export.Name), out long at))
                return $"memory \"{export.Name}\" (size {expected.Memory(export.Name).Length} and {actual.Memory(export.Name).Length} bytes) first differs at byte {at}";
            if (export.Type.Global is { } global)
            {
                var a = expected.Global(export.Name, global.ValueType);
                var b = actual.Global(export.Name, global.ValueType);
                if (!a.Matches(b)) return $"global \"{export.Name}\": {a} and {b}";
            }
        }
        return null;
    }
}

/// <summary>How long one call may run: Wasmtime's fuel, MicroWasm's time.</summary>
internal sealed record CallLimits(ulong Fuel, TimeSpan Time);
