using MicroWasm.Runtime;
using MicroWasm.Text;

namespace MicroWasm.Wast;

/// <summary>Compares a result with a script's expectation (spec interpreter README, "Scripts": result patterns).</summary>
public static class ExpectedValueMatcher
{
    public static bool Matches(WastExpectedValue expected, Value actual) => expected switch
    {
        ExpectedExact exact => MatchesExact(exact.Value, actual),
        ExpectedNan nan => actual.Type == nan.Type && IsNan(nan.Type == ValueType.F32 ? 32 : 64, actual.Bits, nan.Kind),
        ExpectedVector vector => actual.Type == ValueType.V128 && MatchesLanes(vector, actual),
        ExpectedNonNullRef nonNull => actual.Type == nonNull.Type && actual.Reference is not null,
        ExpectedReferenceOf gc => actual.Type == ValueType.AnyRef && actual.Reference is { } reference && GcCasts.IsInstanceOf(reference, gc.Heap, []),
        ExpectedEither either => either.Alternatives.Any(a => Matches(a, actual)),
        _ => false,
    };

    private static bool MatchesExact(WastValue expected, Value actual)
    {
        // (ref.null) without a heap type: any null reference.
        if (expected.IsNull && expected.Type == 0) return actual.IsNullReference;
        if (expected.Type != actual.Type) return false;
        return expected.Type switch
        {
            ValueType.FuncRef or ValueType.ExnRef => expected.IsNull && actual.Reference is null,
            ValueType.ExternRef or ValueType.AnyRef => expected.IsNull
                ? actual.Reference is null
                : actual.Reference is HostReference h && h.Number == expected.Bits,
            ValueType.V128 => expected.Bits == actual.Bits && expected.HighBits == actual.HighBits,
            ValueType.I32 or ValueType.F32 => (uint)expected.Bits == (uint)actual.Bits,
            _ => expected.Bits == actual.Bits,
        };
    }

    private static bool MatchesLanes(ExpectedVector vector, Value actual)
    {
        int laneBits = vector.Shape.LaneBits();
        for (int i = 0; i < vector.Lanes.Count; i++)
        {
            ulong lane = Lane(actual, i, laneBits);
            var expected = vector.Lanes[i];
            bool ok = expected.Nan is { } kind
                ? IsNan(laneBits, lane, kind)
                : lane == (expected.Bits & Mask(laneBits));
            if (!ok) return false;
        }
        return true;
    }

    private static ulong Lane(Value v, int index, int laneBits)
    {
        int bit = index * laneBits;
        ulong half = bit < 64 ? v.Bits : v.HighBits;
        return (half >> (bit % 64)) & Mask(laneBits);
    }

    private static ulong Mask(int bits) => bits == 64 ? ulong.MaxValue : (1UL << bits) - 1;

    // nan:canonical is a NaN with only the top mantissa bit set; nan:arithmetic any NaN with it set (spec 4.3.3).
    private static bool IsNan(int width, ulong bits, NanKind kind)
    {
        if (width == 32)
        {
            uint b = (uint)bits & 0x7FFF_FFFF;
            return kind == NanKind.Canonical ? b == 0x7FC0_0000 : (b & 0x7FC0_0000) == 0x7FC0_0000;
        }
        ulong d = bits & 0x7FFF_FFFF_FFFF_FFFF;
        return kind == NanKind.Canonical ? d == 0x7FF8_0000_0000_0000 : (d & 0x7FF8_0000_0000_0000) == 0x7FF8_0000_0000_0000;
    }

    public static string Describe(WastExpectedValue expected) => expected switch
    {
        ExpectedExact exact => exact.Value.ToString(),
        ExpectedNan nan => $"{nan.Type.ToText()}:nan:{nan.Kind.ToString().ToLowerInvariant()}",
        ExpectedVector vector => $"v128 {vector.Shape.ToString().ToLowerInvariant()} [{string.Join(" ", vector.Lanes.Select(l => l.Nan is { } k ? $"nan:{k.ToString().ToLowerInvariant()}" : $"0x{l.Bits:x}"))}]",
        ExpectedNonNullRef r => $"{r.Type.ToText()}:non-null",
        ExpectedEither either => $"either({string.Join(", ", either.Alternatives.Select(Describe))})",
        _ => expected.ToString() ?? "?",
    };
}
