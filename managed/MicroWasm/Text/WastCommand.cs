namespace MicroWasm.Text;

/// <summary>One top-level command of a spec script, with the 1-based line where it starts.</summary>
public abstract record WastCommand(int Line);

/// <summary><c>(module ...)</c>: define and instantiate a module; it becomes the current one.</summary>
public sealed record ModuleCommand(int Line, WastModule Module) : WastCommand(Line);

/// <summary><c>(module definition $name? ...)</c>: decode and validate a module without instantiating it (WebAssembly 3.0 scripts).</summary>
public sealed record ModuleDefinitionCommand(int Line, WastModule Module) : WastCommand(Line);

/// <summary>
/// <c>(module instance $instance? $definition?)</c>: instantiate a defined module (the last one when unnamed); the instance
/// becomes the current module.
/// </summary>
public sealed record ModuleInstanceCommand(int Line, string? InstanceName, string? DefinitionName) : WastCommand(Line);

/// <summary><c>(register "as" $m?)</c>: make a module's exports importable under the name <see cref="As"/>.</summary>
public sealed record RegisterCommand(int Line, string As, string? ModuleName) : WastCommand(Line);

/// <summary>A bare action: perform it and ignore its results (it must not trap).</summary>
public sealed record ActionCommand(int Line, WastAction Action) : WastCommand(Line);

/// <summary><c>(assert_return action expected*)</c>.</summary>
public sealed record AssertReturnCommand(int Line, WastAction Action, IReadOnlyList<WastExpectedValue> Expected) : WastCommand(Line);

/// <summary>
/// <c>(assert_trap action "message")</c>, or <c>(assert_trap (module ...) "message")</c> where instantiation
/// (the start function) traps. Exactly one of <see cref="Action"/> and <see cref="Module"/> is set.
/// </summary>
public sealed record AssertTrapCommand(int Line, WastAction? Action, WastModule? Module, string Message) : WastCommand(Line);

/// <summary><c>(assert_exhaustion action "message")</c>: the action runs out of stack (or another resource).</summary>
public sealed record AssertExhaustionCommand(int Line, WastAction Action, string Message) : WastCommand(Line);

/// <summary><c>(assert_exception action)</c>: the action throws a WebAssembly exception that nothing catches (exception handling).</summary>
public sealed record AssertExceptionCommand(int Line, WastAction Action) : WastCommand(Line);

/// <summary><c>(assert_malformed module "message")</c>: decoding (or, for quoted text, parsing) fails.</summary>
public sealed record AssertMalformedCommand(int Line, WastModule Module, string Message) : WastCommand(Line);

/// <summary><c>(assert_invalid module "message")</c>: validation fails.</summary>
public sealed record AssertInvalidCommand(int Line, WastModule Module, string Message) : WastCommand(Line);

/// <summary><c>(assert_unlinkable module "message")</c>: import resolution fails.</summary>
public sealed record AssertUnlinkableCommand(int Line, WastModule Module, string Message) : WastCommand(Line);

/// <summary><c>(assert_uninstantiable module "message")</c>: instantiation fails (e.g. an out-of-bounds segment).</summary>
public sealed record AssertUninstantiableCommand(int Line, WastModule Module, string Message) : WastCommand(Line);
