using MicroWasm.Instructions;

namespace MicroWasm.Interpreter;

// Products of loaded values (dot products, matrix multiplies): f32/f64.mul of two loads, and the addition of
// such a product to a running sum, each become one instruction.
internal sealed partial class Translator
{
    /// <summary>
    /// A product of two values just loaded, in that order and with nothing between (the inner loop of a dot
    /// product), becomes one instruction that loads both and multiplies: two dispatches fewer. The loads keep
    /// their order, so a trap is the same one.
    /// </summary>
    private bool TryFuseLoadsInto(Op fused, in StackEntry a, in StackEntry b)
    {
        var load = fused == Op.F32MulLoads ? Op.F32Load : Op.F64Load;
        int first = _previousStart, second = _lastStart;
        if (a.Kind != EntryKind.Slot || b.Kind != EntryKind.Slot || first < 0 || first + 5 != second || second + 5 != _length
            || _lastLabel > first || _code[first] != (int)load || _code[second] != (int)load
            || _code[first + 1] != a.Home || _code[second + 1] != b.Home)
            return false;
        Span<int> operands = [_code[first + 2], _code[first + 3], _code[first + 4], _code[second + 2], _code[second + 3], _code[second + 4]];
        Rewind(first);
        EmitResult(fused, a.Home, operands);
        return true;
    }

    /// <summary>
    /// An addition whose one operand is the product just computed by <see cref="Op.F32MulLoads"/> /
    /// <see cref="Op.F64MulLoads"/> (the last instruction, nothing after it) and whose other operand is
    /// already in a slot or local (so reading it emits nothing) becomes one multiply-add instruction: the
    /// product is still rounded before the sum (WebAssembly has no fused multiply-add), the operand order
    /// of the addition is kept (it picks the NaN when both are NaN), and the loads keep their order and checks.
    /// </summary>
    private bool TryFuseMulAdd(bool isF32, in StackEntry a, in StackEntry b)
    {
        var mulLoads = isF32 ? Op.F32MulLoads : Op.F64MulLoads;
        int start = _lastStart;
        if (start < 0 || start + 8 != _length || _lastLabel > start || _code[start] != (int)mulLoads) return false;
        bool productFirst;
        StackEntry acc;
        if (b.Kind == EntryKind.Slot && b.Home == _code[start + 1] && a.Kind is EntryKind.Slot or EntryKind.Local)
        {
            productFirst = false;
            acc = a;
        }
        else if (a.Kind == EntryKind.Slot && a.Home == _code[start + 1] && b.Kind == EntryKind.Local) // a slot would be computed after
        {
            productFirst = true;
            acc = b;
        }
        else return false;
        int accSlot = acc.Kind == EntryKind.Local ? acc.Source : acc.Home;
        Span<int> operands = [accSlot, _code[start + 2], _code[start + 3], _code[start + 4], _code[start + 5], _code[start + 6], _code[start + 7]];
        int dst = Math.Min(a.Home, b.Home);
        Rewind(start);
        Op fused = isF32 ? (productFirst ? Op.F32MulLoadsAddR : Op.F32MulLoadsAdd) : (productFirst ? Op.F64MulLoadsAddR : Op.F64MulLoadsAdd);
        EmitResult(fused, dst, operands);
        MergeMultiplyAdds(isF32, in acc);
        return true;
    }


    /// <summary>
    /// An addition whose one operand is a product of loads computed a few instructions earlier (clang unrolls a
    /// dot product as <c>p3 p2 p1 (p0 + sum) add add add</c>) becomes a multiply-add here: the product's
    /// instruction is taken out and its loads happen now. That only moves loads later, past other loads and float
    /// arithmetic: no store, call or branch lies between, and none of those instructions writes the addresses'
    /// slots or reads the product's, so the values are the same and an out-of-bounds access still traps
    /// "out of bounds memory access" before anything observable happens; only which of two faulty loads traps
    /// first can change, and both give the same trap.
    /// </summary>
    private bool TryFuseEarlierProduct(bool isF32, in StackEntry a, in StackEntry b)
    {
        var mulLoads = isF32 ? Op.F32MulLoads : Op.F64MulLoads;
        bool productFirst;
        int at;
        StackEntry acc;
        if (a.Kind == EntryKind.Slot && b.Kind is EntryKind.Slot or EntryKind.Local && (at = MovableProduct(mulLoads, a.Home)) >= 0)
        {
            productFirst = true;
            acc = b;
        }
        else if (b.Kind == EntryKind.Slot && a.Kind is EntryKind.Slot or EntryKind.Local && (at = MovableProduct(mulLoads, b.Home)) >= 0)
        {
            productFirst = false;
            acc = a;
        }
        else return false;

        int accSlot = acc.Kind == EntryKind.Local ? acc.Source : acc.Home;
        Span<int> operands = [accSlot, _code[at + 2], _code[at + 3], _code[at + 4], _code[at + 5], _code[at + 6], _code[at + 7]];
        RemoveInstruction(at, 8);
        Op fused = isF32 ? (productFirst ? Op.F32MulLoadsAddR : Op.F32MulLoadsAdd) : (productFirst ? Op.F64MulLoadsAddR : Op.F64MulLoadsAdd);
        EmitResult(fused, Math.Min(a.Home, b.Home), operands);
        MergeMultiplyAdds(isF32, in acc);
        return true;
    }

    /// <summary>
    /// Where the <paramref name="mulLoads"/> instruction that wrote <paramref name="productSlot"/> starts, when
    /// only loads and float arithmetic follow it (no label), none writing its address slots or reading its product;
    /// otherwise -1.
    /// </summary>
    private int MovableProduct(Op mulLoads, int productSlot)
    {
        const int lookBack = 12;
        for (int i = _straightStarts.Count - 1; i >= 0 && i >= _straightStarts.Count - lookBack; i--)
        {
            int at = _straightStarts[i];
            if (_code[at] == (int)mulLoads && _code[at + 1] == productSlot)
            {
                if (at < _lastLabel) return -1;
                for (int j = i + 1; j < _straightStarts.Count; j++)
                    if (!CanRunBefore(_straightStarts[j], productSlot, _code[at + 2], _code[at + 5])) return -1;
                return at;
            }
        }
        return -1;
    }

    /// <summary>
    /// Whether the instruction at <paramref name="at"/> has no effect but its result slot, and neither writes
    /// <paramref name="addressA"/> or <paramref name="addressB"/> nor reads or writes <paramref name="product"/>.
    /// </summary>
    private bool CanRunBefore(int at, int product, int addressA, int addressB)
    {
        int dst = _code[at + 1];
        if (dst == product || dst == addressA || dst == addressB) return false;
        switch ((Op)_code[at])
        {
            case Op.F32MulLoads or Op.F64MulLoads:
                return _code[at + 2] != product && _code[at + 5] != product;
            case Op.F32MulLoadsAdd or Op.F64MulLoadsAdd or Op.F32MulLoadsAddR or Op.F64MulLoadsAddR:
                return _code[at + 2] != product && _code[at + 3] != product && _code[at + 6] != product;
            case >= Op.F32MulLoadsAddAddLL and <= Op.F64MulLoadsAddAddRR:
                return _code[at + 2] != product && _code[at + 3] != product && _code[at + 6] != product
                    && _code[at + 9] != product && _code[at + 12] != product;
            case Op.F32Add or Op.F64Add or Op.F32Sub or Op.F64Sub or Op.F32Mul or Op.F64Mul:
                return _code[at + 2] != product && _code[at + 3] != product;
            case Op.F32Load or Op.F64Load:
                return _code[at + 2] != product;
            default:
                return false;
        }
    }

    /// <summary>Takes the instruction of <paramref name="length"/> words at <paramref name="at"/> out of the straight-line code after the last label.</summary>
    private void RemoveInstruction(int at, int length)
    {
        Array.Copy(_code, at + length, _code, at, _length - at - length);
        _length -= length;
        int index = _straightStarts.IndexOf(at);
        _straightStarts.RemoveAt(index);
        for (int i = index; i < _straightStarts.Count; i++) _straightStarts[i] -= length;
        _lastStart = _straightStarts.Count > 0 ? _straightStarts[^1] : -1;
        _previousStart = _straightStarts.Count > 1 ? _straightStarts[^2] : -1;
        _resultEnd = -1;
        _cmpEnd = -1;
    }

    /// <summary>
    /// Two multiply-adds in a row, the second adding to the first's sum (a temporary nobody else reads), become one
    /// instruction: one dispatch per two products of an unrolled dot product. Both additions keep their operand
    /// order, every product and sum is rounded as before, and all four loads are checked before any is used.
    /// </summary>
    private void MergeMultiplyAdds(bool isF32, in StackEntry acc)
    {
        int second = _lastStart, first = _previousStart;
        if (acc.Kind != EntryKind.Slot || first < 0 || first + 9 != second || second + 9 != _length || _lastLabel > first) return;
        Op add = isF32 ? Op.F32MulLoadsAdd : Op.F64MulLoadsAdd, addR = isF32 ? Op.F32MulLoadsAddR : Op.F64MulLoadsAddR;
        var firstOp = (Op)_code[first];
        var secondOp = (Op)_code[second];
        if (firstOp != add && firstOp != addR || secondOp != add && secondOp != addR) return;
        int sum = _code[first + 1];
        // The second reads the first's sum as its accumulator and nowhere else (not as an address).
        if (_code[second + 2] != sum || _code[second + 3] == sum || _code[second + 6] == sum) return;
        int order = (firstOp == addR ? 2 : 0) + (secondOp == addR ? 1 : 0);
        var merged = (isF32 ? Op.F32MulLoadsAddAddLL : Op.F64MulLoadsAddAddLL) + order;
        Span<int> operands = stackalloc int[13];
        operands[0] = _code[first + 2];
        for (int i = 0; i < 6; i++)
        {
            operands[1 + i] = _code[first + 3 + i];
            operands[7 + i] = _code[second + 3 + i];
        }
        int dst = _code[second + 1];
        Rewind(first);
        EmitResult(merged, dst, operands);
    }
}
