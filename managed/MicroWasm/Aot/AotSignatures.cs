namespace MicroWasm.Aot;

/// <summary>
/// Type identities shared by the compiler and the loader for <c>call_indirect</c>'s direct path: each type index of a
/// module maps to the first index of a structurally equal type, so two indices name the same function type exactly
/// when their canonical indices are equal. They are compared only between functions of one instance, hence one module.
/// </summary>
internal static class AotSignatures
{
    public static int[] CanonicalTypeIndices(Module module)
    {
        var first = new Dictionary<FuncType, int>();
        var canonical = new int[module.Types.Length];
        for (int i = 0; i < canonical.Length; i++)
        {
            if (!first.TryGetValue(module.Types[i], out int c)) first[module.Types[i]] = c = i;
            canonical[i] = c;
        }
        return canonical;
    }
}
