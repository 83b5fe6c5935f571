using MicroWasm.Runtime;
using MicroWasm.Text;

namespace MicroWasm.Wast;

/// <summary>
/// Runs WebAssembly spec scripts (spec interpreter README, "Scripts") against the engine. Each script gets
/// its own store with the <c>spectest</c> module; every command counts once as passed, failed or skipped.
/// </summary>
public sealed class WastRunner
{
    private readonly RuntimeOptions _options;
    private readonly Func<byte[], CompiledModule> _load;
    private readonly WasmFeatures _features;

    /// <param name="options">The store's options.</param>
    /// <param name="load">
    /// Turns each module the script instantiates into a <see cref="CompiledModule"/>; <see cref="CompiledModule.FromBytes"/>
    /// by default (`microwasm wast --aot` compiles to an artifact and loads that). Modules that must fail to decode or
    /// validate always go through <see cref="CompiledModule.FromBytes"/>.
    /// </param>
    /// <param name="features">
    /// The proposals the decoder accepts (all by default). The official 2.0 scripts need <see cref="WasmFeatures.Wasm20"/>:
    /// they test as malformed some encodings that later proposals define.
    /// </param>
    public WastRunner(RuntimeOptions? options = null, Func<byte[], CompiledModule>? load = null, WasmFeatures? features = null)
    {
        _options = options ?? RuntimeOptions.Default;
        _features = features ?? WasmFeatures.All;
        _load = load ?? (bytes => CompiledModule.FromBytes(bytes, _features));
    }

    /// <summary>Parses and runs the script at <paramref name="path"/>. A script that does not parse is one failure.</summary>
    public WastResult RunFile(string path)
    {
        WastScript script;
        try
        {
            script = WastParser.Parse(File.ReadAllText(path), path, _features);
        }
        catch (WasmException e)
        {
            var result = new WastResult();
            Fail(result, path, 0, $"the script does not parse: {e.Message}");
            return result;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A directory or an unreadable path given as a script: one failure with the reason, not a crash.
            var result = new WastResult();
            Fail(result, path, 0, $"cannot read the script: {e.Message}");
            return result;
        }
        return Run(script);
    }

    public WastResult Run(WastScript script)
    {
        var session = new Session(script.FileName, _options, _load, _features);
        try
        {
            foreach (var command in script.Commands)
                session.Execute(command);
        }
        finally
        {
            session.Dispose();
        }
        return session.Result;
    }

    private static void Fail(WastResult result, string file, int line, string message)
    {
        result.Failed++;
        result.Failures.Add($"{file}:{line}: {message}");
    }

    /// <summary>The state of one script: its store, named instances and registered modules.</summary>
    private sealed class Session : IDisposable
    {
        private readonly string _file;
        private readonly Store _store;
        private readonly Imports _imports = new();
        private readonly Dictionary<string, ModuleInstance> _named = [];
        private readonly Dictionary<ulong, HostReference> _hostReferences = [];
        private ModuleInstance? _current;

        private readonly Func<byte[], CompiledModule> _load;
        private readonly WasmFeatures _features;

        public Session(string file, RuntimeOptions options, Func<byte[], CompiledModule> load, WasmFeatures features)
        {
            _file = file;
            _load = load;
            _features = features;
            _store = new Store(options);
            SpecTestModule.DefineIn(_imports, _store);
        }

        public WastResult Result { get; } = new();

        public void Dispose() => _store.Dispose();

        public void Execute(WastCommand command)
        {
            try
            {
                string? failure = command switch
                {
                    ModuleCommand m => DefineModule(m.Module),
                    ModuleDefinitionCommand d => DefineWithoutInstance(d.Module),
                    ModuleInstanceCommand i => InstantiateDefinition(i),
                    RegisterCommand r => Register(r),
                    ActionCommand a => RunAction(a.Action, out _),
                    AssertReturnCommand r => AssertReturn(r),
                    AssertTrapCommand t => AssertTrap(t),
                    AssertExhaustionCommand e => AssertExhaustion(e),
                    AssertExceptionCommand e => AssertException(e),
                    AssertMalformedCommand m => AssertMalformed(m),
                    AssertInvalidCommand i => AssertInvalid(i),
                    AssertUnlinkableCommand u => AssertInstantiationFails<LinkException>(u.Module, u.Message),
                    AssertUninstantiableCommand u => AssertInstantiationFails<TrapException>(u.Module, u.Message),
                    _ => throw new UnsupportedFeatureException($"script command {command.GetType().Name}"),
                };
                if (failure is null) Result.Passed++;
                else Fail(Result, _file, command.Line, failure);
            }
            catch (UnsupportedFeatureException e)
            {
                Result.Skipped++;
                Result.Skips.Add($"{_file}:{command.Line}: skipped: {e.Message}");
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // An exception the command did not expect is a failure of that command, not of the run.
                Fail(Result, _file, command.Line, $"unexpected {Describe(e)}");
            }
        }

        private string? DefineModule(WastModule module)
        {
            var instance = Instantiate(module);
            _current = instance;
            if (module.Name is { } name) _named[name] = instance;
            return null;
        }

        // Modules of `module definition`, by name; the last one under "" (for `module instance` without a name).
        private readonly Dictionary<string, CompiledModule> _definitions = [];

        private string? DefineWithoutInstance(WastModule module)
        {
            var compiled = _load(module.ToBinary());
            _definitions[""] = compiled;
            if (module.Name is { } name) _definitions[name] = compiled;
            return null;
        }

        private string? InstantiateDefinition(ModuleInstanceCommand command)
        {
            if (!_definitions.TryGetValue(command.DefinitionName ?? "", out var compiled))
                throw new InvalidOperationException($"unknown module definition {command.DefinitionName}");
            var instance = _store.Instantiate(compiled, _imports);
            _current = instance;
            if (command.InstanceName is { } name) _named[name] = instance;
            return null;
        }

        private ModuleInstance Instantiate(WastModule module) =>
            _store.Instantiate(_load(module.ToBinary()), _imports);

        private string? Register(RegisterCommand command)
        {
            var instance = FindInstance(command.ModuleName);
            _imports.DefineInstance(command.As, instance);
            return null;
        }

        private ModuleInstance FindInstance(string? name)
        {
            if (name is null)
                return _current ?? throw new InvalidOperationException("no module has been defined yet");
            return _named.TryGetValue(name, out var instance)
                ? instance
                : throw new InvalidOperationException($"unknown module ${name}");
        }

        private string? RunAction(WastAction action, out Value[] results)
        {
            var instance = FindInstance(action.ModuleName);
            switch (action)
            {
                case InvokeAction invoke:
                    var function = instance.GetFunction(invoke.ExportName);
                    var arguments = new Value[invoke.Arguments.Count];
                    for (int i = 0; i < arguments.Length; i++) arguments[i] = ToValue(invoke.Arguments[i]);
                    results = function.Invoke(arguments);
                    return null;
                case GetAction get:
                    results = [instance.GetGlobal(get.ExportName).Value];
                    return null;
                default:
                    throw new UnsupportedFeatureException($"script action {action.GetType().Name}");
            }
        }

        private string? AssertReturn(AssertReturnCommand command)
        {
            RunAction(command.Action, out var results);
            var expected = command.Expected;
            bool ok = results.Length == expected.Count;
            for (int i = 0; ok && i < results.Length; i++)
                ok = ExpectedValueMatcher.Matches(expected[i], results[i]);
            return ok
                ? null
                : $"expected ({string.Join(", ", expected.Select(ExpectedValueMatcher.Describe))}), got ({string.Join(", ", results.Select(r => r.ToString()))})";
        }

        private string? AssertTrap(AssertTrapCommand command)
        {
            try
            {
                if (command.Action is not null)
                {
                    RunAction(command.Action, out var results);
                    return $"expected trap \"{command.Message}\", got ({string.Join(", ", results.Select(r => r.ToString()))})";
                }
                Instantiate(command.Module!);
                return $"expected trap \"{command.Message}\", got an instance";
            }
            catch (TrapException trap)
            {
                return MessageMatches(trap.Message, command.Message) ? null : $"expected trap \"{command.Message}\", got trap \"{trap.Message}\"";
            }
        }

        private string? AssertExhaustion(AssertExhaustionCommand command) =>
            AssertTrapKind(command.Action, TrapKind.CallStackExhausted, $"exhaustion \"{command.Message}\"");

        private string? AssertException(AssertExceptionCommand command) =>
            AssertTrapKind(command.Action, TrapKind.UncaughtException, "an uncaught exception");

        /// <summary>The action must end in a trap of <paramref name="kind"/>, whatever its message.</summary>
        private string? AssertTrapKind(WastAction action, TrapKind kind, string expected)
        {
            try
            {
                RunAction(action, out var results);
                return $"expected {expected}, got ({string.Join(", ", results.Select(r => r.ToString()))})";
            }
            catch (TrapException trap) when (trap.Kind == kind)
            {
                return null;
            }
        }

        private string? AssertMalformed(AssertMalformedCommand command)
        {
            try
            {
                CompiledModule.FromBytes(command.Module.ToBinary(), _features);
                return $"expected malformed \"{command.Message}\", got a valid module";
            }
            catch (MalformedModuleException e)
            {
                // Text-level errors are our parser's own wording; binary ones must say what the spec says.
                if (command.Module.Kind == WastModuleKind.Binary && !MessageMatches(e.Reason, command.Message))
                    return $"expected malformed \"{command.Message}\", got malformed \"{e.Reason}\"";
                return null;
            }
            catch (InvalidModuleException e)
            {
                return $"expected malformed \"{command.Message}\", got invalid \"{e.Reason}\"";
            }
        }

        private string? AssertInvalid(AssertInvalidCommand command)
        {
            try
            {
                CompiledModule.FromBytes(command.Module.ToBinary(), _features);
                return $"expected invalid \"{command.Message}\", got a valid module";
            }
            catch (InvalidModuleException e)
            {
                return MessageMatches(e.Reason, command.Message) ? null : $"expected invalid \"{command.Message}\", got invalid \"{e.Reason}\"";
            }
            catch (MalformedModuleException e)
            {
                return $"expected invalid \"{command.Message}\", got malformed \"{e.Reason}\"";
            }
        }

        private string? AssertInstantiationFails<TException>(WastModule module, string message) where TException : WasmException
        {
            try
            {
                Instantiate(module);
                return $"expected failure \"{message}\", got an instance";
            }
            catch (TException e)
            {
                return MessageMatches(e.Message, message) ? null : $"expected \"{message}\", got \"{e.Message}\"";
            }
        }

        // The reference interpreter accepts an actual message that starts with the expected one; we also
        // accept the expected text anywhere in ours, since our messages may add a position or index.
        private static bool MessageMatches(string actual, string expected) =>
            actual.StartsWith(expected, StringComparison.Ordinal) || actual.Contains(expected, StringComparison.Ordinal);

        private Value ToValue(WastValue value) => value.Type switch
        {
            ValueType.FuncRef when value.IsNull => Value.FuncRef(null),
            ValueType.ExnRef when value.IsNull => Value.ExnRef(null),
            ValueType.ExternRef => value.IsNull ? Value.ExternRef(null) : Value.ExternRef(HostReferenceFor(value.Bits)),
            ValueType.AnyRef => value.IsNull ? Value.AnyRef(null) : Value.AnyRef(HostReferenceFor(value.Bits)),
            ValueType.FuncRef => throw new UnsupportedFeatureException("non-null funcref arguments in scripts"),
            _ => Value.FromBits(value.Type, value.Bits, value.HighBits),
        };

        // One object per number, so a reference passed in and handed back keeps its identity.
        private HostReference HostReferenceFor(ulong number)
        {
            if (!_hostReferences.TryGetValue(number, out var reference))
                _hostReferences[number] = reference = new HostReference(number);
            return reference;
        }

        private static string Describe(Exception e) => e is WasmException
            ? $"{e.GetType().Name.Replace("Exception", "")}: {e.Message}"
            : $"{e.GetType().Name}: {e.Message}";
    }
}
