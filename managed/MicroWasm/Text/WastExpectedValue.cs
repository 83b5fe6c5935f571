namespace MicroWasm.Text;

/// <summary>The two NaN result patterns of the spec scripts (spec 4.3.3: canonical and arithmetic NaNs).</summary>
public enum NanKind : byte
{
    /// <summary><c>nan:canonical</c>: only the most significant payload bit set, either sign.</summary>
    Canonical,
    /// <summary><c>nan:arithmetic</c>: the most significant payload bit set, any other payload, either sign.</summary>
    Arithmetic,
}

/// <summary>What an <c>assert_return</c> expects of one result.</summary>
public abstract record WastExpectedValue;

/// <summary>Exactly this value; floats (also float lanes) compare by bits.</summary>
public sealed record ExpectedExact(WastValue Value) : WastExpectedValue;

/// <summary>An f32 or f64 NaN of the given kind (<c>f32.const nan:canonical</c>).</summary>
public sealed record ExpectedNan(ValueType Type, NanKind Kind) : WastExpectedValue;

/// <summary>
/// A v128 of float lanes where some lane is a NaN pattern (<c>v128.const f32x4 nan:canonical 1 2 3</c>).
/// Vectors without patterns are <see cref="ExpectedExact"/>.
/// </summary>
public sealed record ExpectedVector(LaneShape Shape, IReadOnlyList<ExpectedLane> Lanes) : WastExpectedValue;

/// <summary>One lane of an <see cref="ExpectedVector"/>: exact bits (of the lane's width) unless <see cref="Nan"/> is set.</summary>
public readonly record struct ExpectedLane(ulong Bits, NanKind? Nan);

/// <summary>Any non-null reference of this type: <c>(ref.extern)</c> or <c>(ref.func)</c> without an operand.</summary>
public sealed record ExpectedNonNullRef(ValueType Type) : WastExpectedValue;

/// <summary>
/// Any non-null reference of this abstract heap type (GC scripts): <c>(ref.struct)</c>, <c>(ref.array)</c>,
/// <c>(ref.eq)</c>, <c>(ref.i31)</c>, <c>(ref.any)</c>.
/// </summary>
public sealed record ExpectedReferenceOf(HeapType Heap) : WastExpectedValue;

/// <summary><c>(either v1 v2 ...)</c>: any one of the alternatives.</summary>
public sealed record ExpectedEither(IReadOnlyList<WastExpectedValue> Alternatives) : WastExpectedValue;
