using System.Runtime.CompilerServices;

namespace MicroWasm.Interpreter;

/// <summary>
/// A function body translated to the interpreter's internal code (see <see cref="Op"/>), shared by every
/// instance of its module. The code lives in a pinned array so the dispatch loop can run over a raw pointer.
/// </summary>
internal sealed unsafe class CompiledFunction
{
    // Pinned for the array's lifetime (pinned object heap), so Entry stays valid while this object lives;
    // frames that hold a return address into the code also keep the function alive through the module.
    private readonly int[] _code;

    public CompiledFunction(int[] code, int length, FuncType type, int functionIndex, int frameSlots, int paramSlots)
    {
        _code = GC.AllocateUninitializedArray<int>(Math.Max(length, 1), pinned: true);
        Array.Copy(code, _code, length);
        Length = length;
        Entry = (int*)Unsafe.AsPointer(ref _code[0]);
        Type = type;
        FunctionIndex = functionIndex;
        FrameSlots = frameSlots;
        ParamSlots = paramSlots;
    }

    /// <summary>
    /// A stand-in for a function not yet translated: its code is <see cref="Op.Lazy"/>, which translates the function and
    /// enters it. Every untranslated entry of a module's code table holds one, so a direct call never tests for null.
    /// </summary>
    public static CompiledFunction Stub(int definedIndex, FuncType type, int functionIndex) =>
        new([(int)Op.Lazy, definedIndex], 2, type, functionIndex, 0, 0) { IsStub = true };

    /// <summary>True for a <see cref="Stub"/>.</summary>
    public bool IsStub { get; private init; }

    /// <summary>Whether <paramref name="ip"/> points into this function's code.</summary>
    public bool Contains(int* ip) => ip >= Entry && ip < Entry + Length;

    /// <summary>The first word of the code.</summary>
    public readonly int* Entry;

    /// <summary>Slots a frame of this function needs: parameters, locals and the deepest operand stack.</summary>
    public readonly int FrameSlots;

    public readonly int ParamSlots;

    public int Length { get; }
    public FuncType Type { get; }

    /// <summary>The index in the module's function index space, for traces.</summary>
    public int FunctionIndex { get; }

    /// <summary>The handler table (exception handling), innermost first; null when the function has no handler.</summary>
    public ExceptionHandler[]? Handlers { get; init; }

    /// <summary>A copy of the code, for tests and disassembly.</summary>
    public ReadOnlySpan<int> Code => _code.AsSpan(0, Length);
}
