using MicroWasm.Instructions;

namespace MicroWasm.Validation;

/// <summary>Typed function references (WebAssembly 3.0, spec 3.3.2-3.3.8): subtyping, the reference instructions and non-nullable locals.</summary>
public sealed partial class FunctionValidator
{
    // Spec 3.4.1 (3.0): a non-nullable local is readable only after a local.set or local.tee of it on every path from
    // the start of the innermost block that encloses both; an initialization inside a block ends with the block. The
    // set holds the initialized ones, the log the order, so a block's end forgets its own.
    private readonly HashSet<uint> _initializedLocals = [];
    private readonly List<uint> _initializedLog = [];

    private bool Matches(ValueType actual, ValueType expected) =>
        actual == expected || actual == Unknown || expected == Unknown || ReferenceTypes.Matches(actual, expected, _context.CanonicalTypes);

    private bool AllMatch(ValueType[] actual, ValueType[] expected)
    {
        if (actual.Length != expected.Length) return false;
        for (int i = 0; i < actual.Length; i++)
            if (!Matches(actual[i], expected[i])) return false;
        return true;
    }

    private void ResetLocalInitialization()
    {
        _initializedLocals.Clear();
        _initializedLog.Clear();
    }

    private void MarkInitialized(uint local)
    {
        if (local < (uint)_parameters.Length) return;
        if (_initializedLocals.Add(local)) _initializedLog.Add(local);
    }

    private void RequireInitialized(uint local, int at)
    {
        if (local >= (uint)_parameters.Length && !_initializedLocals.Contains(local))
            throw Invalid($"uninitialized local {local}", at);
    }

    private void ForgetInitializations(int height)
    {
        for (int i = _initializedLog.Count - 1; i >= height; i--) _initializedLocals.Remove(_initializedLog[i]);
        _initializedLog.RemoveRange(height, _initializedLog.Count - height);
    }

    /// <summary>Pops an operand that must be a reference; <see cref="Unknown"/> in unreachable code.</summary>
    private ValueType PopReference(int at)
    {
        var t = PopOperand(at);
        if (t != Unknown && !t.IsReference())
            throw Invalid($"type mismatch: instruction requires reference type but stack has {t.ToText()}", at);
        return t;
    }

    private static ValueType NonNullable(ValueType reference) => reference == Unknown ? Unknown : ReferenceTypes.AsNonNullable(reference);

    // call_ref and return_call_ref $t: the callee is a (ref null $t), popped before the arguments.
    private FuncType ReferencedCallType(in Instruction instr, int at)
    {
        var type = Type(instr.Index, at);
        PopOperand(ReferenceTypes.Reference(ReferenceTypes.Concrete((int)instr.Index), nullable: true), at);
        return type;
    }

    // br_on_null l: [t* (ref null ht)] -> [t* (ref ht)], branching with t* when the reference is null.
    private void ValidateBranchOnNull(uint label, int at)
    {
        var reference = PopReference(at);
        var types = Label(label, at).LabelTypes;
        PopOperands(types, at);
        PushOperands(types);
        PushOperand(NonNullable(reference));
    }

    // br_on_non_null l: [t* (ref null ht)] -> [t*], branching with t* (ref ht) when it is not null; the label's last
    // type must be a reference type that (ref ht) matches.
    private void ValidateBranchOnNonNull(uint label, int at)
    {
        var reference = PopReference(at);
        var types = Label(label, at).LabelTypes;
        if (types.Length == 0 || !types[^1].IsReference())
            throw Invalid("type mismatch: br_on_non_null requires a label whose last type is a reference type", at);
        if (!Matches(NonNullable(reference), types[^1]))
            ThrowTypeMismatch(types[^1], NonNullable(reference), at);
        for (int i = types.Length - 2; i >= 0; i--) PopOperand(types[i], at);
        for (int i = 0; i < types.Length - 1; i++) PushOperand(types[i]);
    }
}
